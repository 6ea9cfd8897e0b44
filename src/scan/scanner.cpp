#include "scan/scanner.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/error.h"
#include "core/text.h"
#include "version/version.h"

namespace tocsin::scan {
namespace {

int id_rank(Ecosystem ecosystem, std::string_view id) {
  std::string_view own = ecosystem == Ecosystem::CratesIo ? "RUSTSEC-"
                         : ecosystem == Ecosystem::PyPI   ? "PYSEC-"
                                                          : "GHSA-";
  if (starts_with(id, "MAL-")) return 0;  // a malicious-package record says the most
  if (starts_with(id, own)) return 1;
  if (starts_with(id, "GHSA-")) return 2;
  if (starts_with(id, "CVE-")) return 4;
  return 3;
}

// Lower bound of a Cargo requirement such as ">=1.2.3", "^0.9.5", "~1.4" or "< 0.9.0, >= 0.8.6":
// the first version it admits, which is what "patched" lists mean by the fix. Upper-bound
// comparators say nothing about the fix; a requirement with no lower bound yields "".
std::string requirement_floor(std::string_view requirement) {
  for (std::string_view comparator : split(requirement, ',')) {
    comparator = trim(comparator);
    if (comparator.empty() || comparator.front() == '<' || comparator.front() == '*') continue;
    while (!comparator.empty() && (comparator.front() == '>' || comparator.front() == '=' ||
                                   comparator.front() == '^' || comparator.front() == '~' || comparator.front() == ' '))
      comparator.remove_prefix(1);
    std::string floor(trim(comparator));
    // "1.4" means 1.4.0 to Cargo.
    auto dots = static_cast<std::size_t>(std::count(floor.begin(), floor.end(), '.'));
    if (floor.find('-') == std::string::npos)
      for (; dots < 2; ++dots) floor += ".0";
    return floor;
  }
  return "";
}

// version::compare, or nullopt when either side is not a version of the ecosystem.
std::optional<int> compare_versions(Ecosystem ecosystem, std::string_view a, std::string_view b) {
  if (!version::is_valid(ecosystem, a) || !version::is_valid(ecosystem, b)) return std::nullopt;
  return version::compare(ecosystem, a, b);
}

struct Group {
  std::set<std::string> ids;
  std::vector<const advisory::Match*> matches;
};

// A lockfile may install one package version several times (package-lock nests a copy under each
// dependent; yarn v1 keeps one entry per resolved range set): that is still one finding per
// vulnerability, at the first declaration, shipped when any copy ships, with the paths of all.
void add_finding(std::vector<Finding>& findings, std::map<std::string, std::size_t>& seen, Finding finding,
                 std::size_t max_paths) {
  std::string key = finding.name + "@" + finding.version + " " + finding.id;
  auto [it, added] = seen.emplace(key, findings.size());
  if (added) {
    findings.push_back(std::move(finding));
    return;
  }
  Finding& first = findings[it->second];
  first.release_path = first.release_path || finding.release_path;
  for (auto& path : finding.paths)
    if (std::find(first.paths.begin(), first.paths.end(), path) == first.paths.end())
      first.paths.push_back(std::move(path));
  std::stable_sort(first.paths.begin(), first.paths.end(),
                   [](const auto& a, const auto& b) { return a.size() < b.size(); });
  if (first.paths.size() > max_paths) first.paths.resize(max_paths);
}

}  // namespace

std::string preferred_id(Ecosystem ecosystem, const std::vector<std::string>& ids) {
  std::string best;
  for (const std::string& id : ids)
    if (best.empty() || id_rank(ecosystem, id) < id_rank(ecosystem, best) ||
        (id_rank(ecosystem, id) == id_rank(ecosystem, best) && id < best))
      best = id;
  return best;
}

std::string nearest_fixed_version(const advisory::Affected& affected, Ecosystem ecosystem, std::string_view installed,
                                  std::vector<std::string>* notes) {
  std::vector<std::string> candidates;
  for (const version::OsvRange& range : affected.ranges) {
    if (range.type == version::OsvRange::Type::Git) continue;
    for (const version::OsvEvent& event : range.events)
      if (event.kind == version::OsvEvent::Kind::Fixed) candidates.push_back(event.value);
  }
  for (const std::string& requirement : affected.patched) candidates.push_back(requirement_floor(requirement));
  std::string best;
  std::vector<std::string> incomparable;
  for (const std::string& candidate : candidates) {
    if (candidate.empty()) continue;
    const std::optional<int> order = compare_versions(ecosystem, candidate, installed);
    if (!order) {
      incomparable.push_back(candidate);
      continue;
    }
    // Both compared with `installed`, so both are versions: best and candidate compare too.
    if (*order > 0 && (best.empty() || version::compare(ecosystem, best, candidate) > 0)) best = candidate;
  }
  if (incomparable.empty()) return best;
  // A fix that cannot be compared is shown rather than dropped: "no fix known" would be wrong.
  if (notes != nullptr)
    notes->push_back("fixed version '" + truncate_text(incomparable.front(), 64, "…") + "' cannot be compared with " +
                     truncate_text(installed, 64, "…") +
                     (best.empty() ? ": it is shown as the fix" : ": the nearest comparable fix is shown"));
  return best.empty() ? incomparable.front() : best;
}

std::vector<Finding> find_vulnerabilities(const inventory::Inventory& inventory, const advisory::Database* database,
                                          const ScanOptions& options) {
  std::vector<Finding> findings;
  std::map<std::string, std::vector<std::string>> alias_cache;
  auto aliases_of = [&](const std::string& id) -> const std::vector<std::string>& {
    auto it = alias_cache.find(id);
    if (it == alias_cache.end()) it = alias_cache.emplace(id, database->aliases_of(id)).first;
    return it->second;
  };

  for (std::size_t l = 0; l < inventory.lockfiles.size(); ++l) {
    const lockfile::Lockfile& lock = inventory.lockfiles[l];
    std::map<std::string, std::size_t> seen;  // "name@version id" -> index in findings, per lockfile
    for (std::size_t p = 0; p < lock.packages.size(); ++p) {
      const lockfile::Package& package = lock.packages[p];
      if (package.is_local || package.synthetic || package.version.empty()) continue;
      inventory::PackageRef ref{l, p};

      auto base_finding = [&]() {
        Finding finding;
        finding.ecosystem = package.ecosystem;
        finding.name = package.name;
        finding.version = package.version;
        finding.lockfile = lock.path;
        finding.line = package.line;
        finding.release_path = inventory.on_release_path(ref);
        for (const auto& path : inventory::paths_to(inventory, ref, options.max_paths)) {
          std::vector<std::string> names;
          for (const inventory::PackageRef& step : path) {
            const lockfile::Package& at = inventory.package(step);
            names.push_back(at.version.empty() ? at.name : at.name + "@" + at.version);
          }
          finding.paths.push_back(std::move(names));
        }
        return finding;
      };

      // Advisories, grouped so that ids naming one vulnerability make one finding.
      std::vector<advisory::Match> matches;
      if (database != nullptr) matches = database->matches(package.ecosystem, package.name, package.version);
      std::vector<Group> groups;
      for (const advisory::Match& match : matches) {
        std::set<std::string> ids(aliases_of(match.advisory.id).begin(), aliases_of(match.advisory.id).end());
        ids.insert(match.advisory.id);
        ids.insert(match.advisory.aliases.begin(), match.advisory.aliases.end());
        Group* home = nullptr;
        for (Group& group : groups)
          if (std::any_of(ids.begin(), ids.end(), [&](const std::string& id) { return group.ids.count(id) > 0; }))
            home = &group;
        if (home == nullptr) home = &groups.emplace_back();
        home->ids.insert(ids.begin(), ids.end());
        home->matches.push_back(&match);
      }
      for (const Group& group : groups) {
        Finding finding = base_finding();
        std::vector<std::string> ids(group.ids.begin(), group.ids.end());
        finding.id = preferred_id(package.ecosystem, ids);
        for (const std::string& id : ids)
          if (id != finding.id) finding.aliases.push_back(id);
        // The record filed under the preferred id (else the first) supplies the text.
        const advisory::Match* lead = group.matches.front();
        for (const advisory::Match* match : group.matches)
          if (match->advisory.id == finding.id) lead = match;
        finding.summary = lead->advisory.summary;
        for (const advisory::Reference& reference : lead->advisory.references)
          if (reference.type == "ADVISORY" || finding.url.empty()) finding.url = reference.url;
        std::set<std::string> sources, cvss, cwes;
        for (const advisory::Match* match : group.matches) {
          const advisory::Advisory& record = match->advisory;
          sources.insert(std::string(advisory::source_name(record.source)));
          for (const advisory::Severity& severity : record.severity)
            if (starts_with(severity.score, "CVSS:")) cvss.insert(severity.score);
          cwes.insert(record.cwes.begin(), record.cwes.end());
          if (record.malicious) finding.malicious = true;
          if (record.informational != advisory::Informational::None && finding.informational.empty())
            finding.informational = std::string(advisory::informational_name(record.informational));
          if (!match->note.empty()) finding.notes.push_back(record.id + ": " + match->note);
          std::vector<std::string> fix_notes;
          std::string fixed = nearest_fixed_version(record.affected[match->affected_index], package.ecosystem,
                                                    package.version, &fix_notes);
          for (const std::string& note : fix_notes) finding.notes.push_back(record.id + ": " + note);
          if (fixed.empty() || fixed == finding.fixed_version) continue;
          const std::optional<int> order = finding.fixed_version.empty()
                                               ? std::optional<int>(1)
                                               : compare_versions(package.ecosystem, finding.fixed_version, fixed);
          if (!order)
            finding.notes.push_back(record.id + ": fixed version '" + truncate_text(fixed, 64, "…") +
                                    "' cannot be compared with '" + truncate_text(finding.fixed_version, 64, "…") +
                                    "' (another record's): the first is shown");
          else if (*order > 0)
            finding.fixed_version = fixed;
        }
        finding.sources.assign(sources.begin(), sources.end());
        finding.cvss.assign(cvss.begin(), cvss.end());
        finding.cwes.assign(cwes.begin(), cwes.end());
        for (const std::string& id : ids) {
          if (!starts_with(id, "CVE-")) continue;
          if (auto kev = database->kev_for(id)) {
            finding.kev = KevMatch{kev->cve_id, kev->vulnerability_name, kev->date_added, kev->due_date,
                                   kev->known_ransomware_campaign_use};
            break;
          }
        }
        add_finding(findings, seen, std::move(finding), options.max_paths);
      }

      // Known-bad lists: exact name and version only.
      std::optional<advisory::KnownBad> bad;
      if (database != nullptr) bad = database->known_bad(package.ecosystem, package.name, package.version);
      if (!bad) {
        std::string wanted = advisory::normalize_name(package.ecosystem, package.name);
        for (const advisory::KnownBad& entry : options.known_bad)
          if (entry.ecosystem == package.ecosystem && entry.version == package.version &&
              advisory::normalize_name(entry.ecosystem, entry.name) == wanted) {
            bad = entry;
            break;
          }
      }
      if (bad) {
        Finding finding = base_finding();
        finding.id =
            "KNOWN-BAD:" + std::string(ecosystem_name(package.ecosystem)) + "/" + package.name + "@" + package.version;
        finding.summary = "known-bad package version: " + bad->reference;
        finding.malicious = true;
        finding.known_bad = KnownBadMatch{bad->reference, bad->file, bad->line};
        finding.sources = {"known-bad"};
        add_finding(findings, seen, std::move(finding), options.max_paths);
      }
    }
  }
  return findings;
}

}  // namespace tocsin::scan
