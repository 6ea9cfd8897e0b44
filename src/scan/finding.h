// A finding: one vulnerable (or malicious, or known-bad) package version, with everything a
// maintainer needs to triage it. One finding per (package version, vulnerability); a RustSec
// advisory and its GHSA/CVE aliases from other sources are one finding.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ecosystem.h"

namespace tocsin::scan {

struct KevMatch {
  std::string cve;
  std::string vulnerability_name;
  std::string date_added;
  std::string due_date;
  std::string ransomware_use;  // "Known" / "Unknown", as CISA writes it
};

struct KnownBadMatch {
  std::string reference;  // the trailing comment of the list entry
  std::string file;
  int line = 0;
};

// A VEX statement that suppresses the finding (not_affected or fixed).
struct Suppression {
  std::string status;
  std::string justification;
  std::string impact_statement;
  std::string file;
};

struct Finding {
  // The package.
  Ecosystem ecosystem = Ecosystem::Npm;
  std::string name;
  std::string version;
  std::string lockfile;
  int line = 0;
  bool release_path = true;
  std::vector<std::vector<std::string>> paths;  // a few root-first paths of "name@version"

  // The vulnerability.
  std::string id;                    // preferred id (RUSTSEC/GHSA/PYSEC/MAL/…)
  std::vector<std::string> aliases;  // every other id of the same vulnerability, sorted
  std::string summary;
  std::string url;
  std::vector<std::string> cvss;  // vectors as recorded ("CVSS:3.1/…", "CVSS:4.0/…")
  std::vector<std::string> cwes;
  std::string fixed_version;  // nearest fixed version above the installed one; empty if none
  std::string informational;  // "unmaintained" / "unsound" / "notice"; empty for vulnerabilities
  bool malicious = false;
  std::optional<KevMatch> kev;
  std::optional<KnownBadMatch> known_bad;
  std::vector<std::string> sources;  // "rustsec", "osv", "known-bad"
  // What the finding could not prove, "ID: reason": a range bound of the advisory that is not a
  // version (the package is reported, not silently passed over), a fixed version that cannot
  // be compared. Empty for almost every finding.
  std::vector<std::string> notes;

  // Triage (policy).
  std::string level;  // "critical", "high", "medium", "low"
  int urgency = 0;    // sort key: higher is more urgent
  std::string why;    // the rule that set the level
  long long sla_hours = 0;
  std::optional<double> score;

  // VEX.
  std::optional<Suppression> suppressed;
};

struct ScanSummary {
  std::size_t lockfiles = 0;
  std::size_t packages = 0;
  std::string database;  // where the advisory database is
};

}  // namespace tocsin::scan
