// Issue 11, "what must show": every advisory range written to the OSV and CVE records, read back
// with tocsin's own OSV range evaluation (src/version/osv_range.cpp), gives exactly the versions
// the incident recorded as affected. Property-style: many generated range sets (overlapping,
// adjacent, open, exact, inclusive), probed at every version of a pool plus versions between
// them, for a SEMVER ecosystem (crates.io) and an ECOSYSTEM one (PyPI).
//
// "Recorded as affected" is evaluated here independently of the renderers: each bound of the
// affected text compared with version::compare, a version affected when all bounds of one range
// hold.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "documents/affected_ranges.h"
#include "documents/documents.h"
#include "version/version.h"

namespace tocsin {
namespace {

using Json = nlohmann::json;

struct Bound {
  std::string op;  // ">=", "<", "<=", "="
  std::string version;
};

bool holds(Ecosystem ecosystem, const std::string& version, const Bound& bound) {
  const int order = version::compare(ecosystem, version, bound.version);
  if (bound.op == ">=") return order >= 0;
  if (bound.op == "<") return order < 0;
  if (bound.op == "<=") return order <= 0;
  return order == 0;
}

bool recorded_affected(Ecosystem ecosystem, const std::string& version, const std::vector<std::vector<Bound>>& set) {
  for (const auto& range : set) {
    bool all = true;
    for (const Bound& bound : range) all = all && holds(ecosystem, version, bound);
    if (all) return true;
  }
  return false;
}

std::vector<version::OsvRange> osv_ranges(const Json& affected) {
  std::vector<version::OsvRange> out;
  for (const Json& range : affected.value("ranges", Json::array())) {
    version::OsvRange r;
    r.type = range["type"] == "SEMVER" ? version::OsvRange::Type::Semver : version::OsvRange::Type::Ecosystem;
    for (const Json& event : range["events"]) {
      const std::string key = event.begin().key();
      const std::string value = event.begin().value().get<std::string>();
      using Kind = version::OsvEvent::Kind;
      Kind kind = key == "introduced" ? Kind::Introduced
                  : key == "fixed"    ? Kind::Fixed
                  : key == "limit"    ? Kind::Limit
                                      : Kind::LastAffected;
      r.events.push_back({kind, value});
    }
    out.push_back(std::move(r));
  }
  return out;
}

// A CVE `versions` entry as the OSV events it means: version opens (0 = from the beginning),
// lessThan closes ("*" = never), lessThanOrEqual is the last affected; no bound = that version.
void cve_as_osv(const Json& versions, bool semver, std::vector<version::OsvRange>& ranges,
                std::vector<std::string>& listed) {
  using Kind = version::OsvEvent::Kind;
  for (const Json& entry : versions) {
    ASSERT_EQ(entry["status"], "affected");
    const std::string start = entry["version"].get<std::string>();
    if (!entry.contains("lessThan") && !entry.contains("lessThanOrEqual")) {
      listed.push_back(start);
      continue;
    }
    version::OsvRange r;
    r.type = semver ? version::OsvRange::Type::Semver : version::OsvRange::Type::Ecosystem;
    r.events.push_back({Kind::Introduced, start});
    if (entry.contains("lessThan") && entry["lessThan"] != "*")
      r.events.push_back({Kind::Fixed, entry["lessThan"].get<std::string>()});
    if (entry.contains("lessThanOrEqual"))
      r.events.push_back({Kind::LastAffected, entry["lessThanOrEqual"].get<std::string>()});
    ranges.push_back(std::move(r));
  }
}

void check_ecosystem(const char* ecosystem_name, Ecosystem ecosystem, const std::vector<std::string>& pool,
                     const std::vector<std::string>& between, std::uint32_t seed) {
  std::mt19937 random(seed);
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
  const bool semver = ecosystem != Ecosystem::PyPI;
  std::vector<std::string> probes = pool;
  probes.insert(probes.end(), between.begin(), between.end());
  int checked = 0;
  for (int round = 0; round < 400; ++round) {
    std::vector<std::vector<Bound>> set;
    std::string text;
    const std::size_t count = 1 + pick(4);
    for (std::size_t r = 0; r < count; ++r) {
      std::vector<Bound> range;
      const std::size_t shape = pick(6);
      std::size_t a = pick(pool.size()), b = pick(pool.size());
      if (a > b) std::swap(a, b);
      if (shape == 0) {
        range.push_back({"=", pool[a]});
      } else {
        if (shape != 1) range.push_back({">=", pool[a]});  // shape 1: no lower bound
        if (shape == 2 || shape == 4) range.push_back({"<", pool[b]});
        if (shape == 3) range.push_back({"<=", pool[b]});
        if (shape == 1) range.push_back({pick(2) ? "<" : "<=", pool[b]});
        // shape 5: open-ended (">= a" only)
      }
      std::string part;
      for (const Bound& bound : range) part += (part.empty() ? "" : ", ") + bound.op + " " + bound.version;
      text += (text.empty() ? "" : " || ") + part;
      set.push_back(std::move(range));
    }
    ASSERT_NO_THROW(documents::parse_affected_ranges(text)) << text;

    documents::IncidentFacts facts;
    facts.id = "INC-1";
    facts.package = "demo";
    facts.ecosystem = ecosystem_name;
    facts.project_name = "demo";
    facts.affected_versions = text;  // no patched version: open ranges stay open
    const Json osv = Json::parse(documents::render_advisory_osv(facts).text);
    const Json cve = Json::parse(documents::render_advisory_cve(facts).text);
    const Json& osv_affected = osv["affected"][0];
    const std::vector<version::OsvRange> from_osv = osv_ranges(osv_affected);
    const std::vector<std::string> osv_versions = osv_affected.value("versions", std::vector<std::string>{});
    std::vector<version::OsvRange> from_cve;
    std::vector<std::string> cve_versions;
    cve_as_osv(cve["containers"]["cna"]["affected"][0]["versions"], semver, from_cve, cve_versions);

    for (const std::string& probe : probes) {
      const bool expected = recorded_affected(ecosystem, probe, set);
      ASSERT_EQ(version::osv_affected(ecosystem, probe, from_osv, osv_versions), expected)
          << "OSV, " << ecosystem_name << " " << probe << " against \"" << text << "\"\n"
          << osv_affected.dump();
      ASSERT_EQ(version::osv_affected(ecosystem, probe, from_cve, cve_versions), expected)
          << "CVE, " << ecosystem_name << " " << probe << " against \"" << text << "\"\n"
          << cve["containers"]["cna"]["affected"][0]["versions"].dump();
      ++checked;
    }
  }
  EXPECT_GE(checked, 7000);  // 400 range sets × every probe
}

TEST(AdvisoryRangesProperty, OsvAndCveReadBackExactlyCratesIo) {
  check_ecosystem("crates.io", Ecosystem::CratesIo,
                  {"0.1.0", "0.2.0", "0.2.1", "0.3.0", "0.3.5", "0.4.0", "0.4.2", "0.4.3", "1.0.0", "1.2.0"},
                  {"0.0.1", "0.1.5", "0.2.0-rc.1", "0.3.4", "0.3.9", "0.4.1", "0.4.3-beta.1", "0.9.9", "2.0.0"},
                  20261205);
}

TEST(AdvisoryRangesProperty, OsvAndCveReadBackExactlyPyPI) {
  check_ecosystem("PyPI", Ecosystem::PyPI, {"0.9", "1.0", "1.0.post1", "1.1", "1.2rc1", "1.2", "2.0", "2.1.3", "3!1.0"},
                  {"0.1", "1.0.dev1", "1.0a1", "1.0.1", "1.1.1", "1.2b2", "1.5", "2.0.0", "10.0"}, 411);
}

}  // namespace
}  // namespace tocsin
