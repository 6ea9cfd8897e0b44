// Triage of findings on their own: policy levels (informational advisories are info unless a
// rule raises them), VEX suppression through any alias, urgency order, and every CI gate.
#include "scan/triage.h"

#include <gtest/gtest.h>

#include "scan/scan_test_util.h"
#include "vex/match.h"

namespace tocsin::scan {
namespace {

namespace fx = tocsin::scan::testing;

Finding make_finding(std::string name, std::string version, std::string id, std::vector<std::string> aliases = {}) {
  Finding finding;
  finding.ecosystem = Ecosystem::Npm;
  finding.name = std::move(name);
  finding.version = std::move(version);
  finding.id = std::move(id);
  finding.aliases = std::move(aliases);
  finding.lockfile = "package-lock.json";
  finding.line = 1;
  return finding;
}

Finding triaged(Finding finding) {
  std::vector<Finding> findings{std::move(finding)};
  apply_policy(findings, policy::default_policy());
  return findings.front();
}

TEST(ApplyPolicy, InformationalWithoutScoreIsInfo) {
  Finding finding = make_finding("oldcrate", "0.1.0", "RUSTSEC-2099-0104");
  finding.informational = "unmaintained";
  Finding result = triaged(finding);
  EXPECT_EQ(result.level, "info");
  EXPECT_EQ(result.urgency, static_cast<int>(policy::Level::Info));
  EXPECT_EQ(result.sla_hours, 0);
  EXPECT_NE(result.why.find("unmaintained"), std::string::npos);
}

TEST(ApplyPolicy, RulesRaiseInformationalAdvisories) {
  Finding kev = make_finding("oldcrate", "0.1.0", "RUSTSEC-2099-0104", {"CVE-2099-1"});
  kev.informational = "unsound";
  kev.kev = KevMatch{"CVE-2099-1", "x", "2099-01-01", "2099-01-22", "Unknown"};
  EXPECT_EQ(triaged(kev).level, "high");  // kev_minimum

  Finding malicious = make_finding("oldcrate", "0.1.0", "RUSTSEC-2099-0104");
  malicious.informational = "notice";
  malicious.malicious = true;
  EXPECT_EQ(triaged(malicious).level, "critical");

  Finding scored = make_finding("oldcrate", "0.1.0", "RUSTSEC-2099-0104");
  scored.informational = "unsound";
  scored.cvss = {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"};  // 7.5
  EXPECT_EQ(triaged(scored).level, "high");
}

TEST(ApplyPolicy, ScoresKevAndUnscored) {
  Finding critical = make_finding("a", "1.0.0", "GHSA-aaaa-aaaa-aaaa");
  critical.cvss = {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"};
  Finding result = triaged(critical);
  EXPECT_EQ(result.level, "critical");
  ASSERT_TRUE(result.score.has_value());
  EXPECT_DOUBLE_EQ(*result.score, 9.8);
  EXPECT_EQ(result.sla_hours, 4);  // the runbook's 4h for critical

  Finding unscored = make_finding("a", "1.0.0", "GHSA-aaaa-aaaa-aaaa");
  EXPECT_EQ(triaged(unscored).level, "medium");
  EXPECT_EQ(triaged(unscored).sla_hours, 72);

  Finding low_kev = make_finding("a", "1.0.0", "GHSA-aaaa-aaaa-aaaa");
  low_kev.cvss = {"CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N"};  // 2.0, low
  EXPECT_EQ(triaged(low_kev).level, "low");
  low_kev.kev = KevMatch{"CVE-2099-1", "x", "2099-01-01", "2099-01-22", "Unknown"};
  EXPECT_EQ(triaged(low_kev).level, "high");
}

std::vector<vex::LoadedDocument> load_vex(const std::string& name) {
  return {vex::load_openvex_file(fx::kScanFixtures + "/vex/" + name)};
}

TEST(ApplyVex, NotAffectedSuppressesThroughAnAlias) {
  // The statement names CVE-2099-1001; the finding is filed under its GHSA id.
  std::vector<Finding> findings{make_finding("kevpkg", "1.0.0", "GHSA-g4g4-g4g4-g4g4", {"CVE-2099-1001"})};
  auto documents = load_vex("not-affected.json");
  apply_vex(findings, documents);
  ASSERT_TRUE(findings[0].suppressed.has_value());
  EXPECT_EQ(findings[0].suppressed->status, "not_affected");
  EXPECT_EQ(findings[0].suppressed->justification, "vulnerable_code_not_in_execute_path");
  EXPECT_EQ(findings[0].suppressed->impact_statement, "The template compiler is never fed untrusted input.");
  EXPECT_EQ(findings[0].suppressed->file, fx::kScanFixtures + "/vex/not-affected.json");
}

TEST(ApplyVex, OnlyTheStatedVulnerabilityAndVersion) {
  std::vector<Finding> findings{
      make_finding("kevpkg", "1.0.0", "GHSA-g4g4-g4g4-g4g4"),                     // CVE alias unknown here
      make_finding("kevpkg", "1.0.1", "GHSA-g4g4-g4g4-g4g4", {"CVE-2099-1001"}),  // another version
      make_finding("other", "1.0.0", "GHSA-g4g4-g4g4-g4g4", {"CVE-2099-1001"}),   // another package
  };
  auto documents = load_vex("not-affected.json");
  apply_vex(findings, documents);
  for (const Finding& finding : findings) EXPECT_FALSE(finding.suppressed.has_value()) << finding.name;
}

TEST(ApplyVex, AffectedNeverSuppresses) {
  std::vector<Finding> findings{make_finding("kevpkg", "1.0.0", "GHSA-g4g4-g4g4-g4g4", {"CVE-2099-1001"})};
  auto documents = load_vex("affected.json");
  apply_vex(findings, documents);
  EXPECT_FALSE(findings[0].suppressed.has_value());
}

TEST(SortByUrgency, LevelThenKevThenReleasePathThenName) {
  auto with = [](std::string name, policy::Level level, bool kev, bool release) {
    Finding finding = make_finding(std::move(name), "1.0.0", "GHSA-aaaa-aaaa-aaaa");
    finding.urgency = static_cast<int>(level);
    finding.level = std::string(policy::level_name(level));
    if (kev) finding.kev = KevMatch{};
    finding.release_path = release;
    return finding;
  };
  std::vector<Finding> findings{
      with("z-low", policy::Level::Low, false, true), with("b-high-dev", policy::Level::High, false, false),
      with("a-high", policy::Level::High, false, true), with("c-high-kev", policy::Level::High, true, false),
      with("d-critical", policy::Level::Critical, false, false)};
  sort_by_urgency(findings);
  std::vector<std::string> order;
  for (const Finding& finding : findings) order.push_back(finding.name);
  EXPECT_EQ(order, (std::vector<std::string>{"d-critical", "c-high-kev", "a-high", "b-high-dev", "z-low"}));
}

TEST(ParseGate, EveryDocumentedValue) {
  EXPECT_EQ(parse_gate("kev")->kind, Gate::Kind::Kev);
  EXPECT_EQ(parse_gate("known-bad")->kind, Gate::Kind::KnownBad);
  EXPECT_EQ(parse_gate("any")->kind, Gate::Kind::Any);
  EXPECT_EQ(parse_gate("none")->kind, Gate::Kind::None);
  for (policy::Level level : policy::kAllLevels) {
    auto gate = parse_gate(policy::level_name(level));
    ASSERT_TRUE(gate.has_value()) << policy::level_name(level);
    EXPECT_EQ(gate->kind, Gate::Kind::Level);
    EXPECT_EQ(gate->level, level);
  }
  EXPECT_FALSE(parse_gate("").has_value());
  EXPECT_FALSE(parse_gate("kev,high").has_value());
  EXPECT_FALSE(parse_gate("severe").has_value());
}

TEST(TripsGate, LevelsKevKnownBadAndSuppression) {
  Finding medium = make_finding("m", "1.0.0", "GHSA-aaaa-aaaa-aaaa");
  medium.level = "medium";
  medium.urgency = static_cast<int>(policy::Level::Medium);
  Finding info = medium;
  info.level = "info";
  info.urgency = static_cast<int>(policy::Level::Info);
  Finding kev = medium;
  kev.kev = KevMatch{};
  Finding bad = medium;
  bad.known_bad = KnownBadMatch{};
  Finding malicious = medium;
  malicious.malicious = true;

  auto trips = [](const Finding& finding, std::string_view text) { return trips_gate(finding, *parse_gate(text)); };
  EXPECT_TRUE(trips(medium, "medium"));
  EXPECT_TRUE(trips(medium, "low"));
  EXPECT_FALSE(trips(medium, "high"));
  EXPECT_FALSE(trips(info, "low"));
  EXPECT_TRUE(trips(info, "info"));
  EXPECT_TRUE(trips(info, "any"));
  EXPECT_FALSE(trips(kev, "none"));
  EXPECT_FALSE(trips(medium, "kev"));
  EXPECT_TRUE(trips(kev, "kev"));
  EXPECT_FALSE(trips(medium, "known-bad"));
  EXPECT_TRUE(trips(bad, "known-bad"));
  EXPECT_TRUE(trips(malicious, "known-bad"));

  Finding suppressed = kev;
  suppressed.suppressed = Suppression{"not_affected", "component_not_present", "", "vex/x.json"};
  for (const char* gate : {"kev", "any", "info", "medium"}) EXPECT_FALSE(trips(suppressed, gate)) << gate;

  Finding dev = kev;
  dev.release_path = false;
  Gate gate = *parse_gate("kev");
  EXPECT_TRUE(trips_gate(dev, gate));
  gate.release_path_only = true;
  EXPECT_FALSE(trips_gate(dev, gate));
  EXPECT_TRUE(trips_gate(kev, gate));
}

}  // namespace
}  // namespace tocsin::scan
