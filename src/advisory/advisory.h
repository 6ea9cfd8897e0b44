// The advisory model: what tocsin knows about vulnerable, malicious and unmaintained packages.
//
// Every feed is converted into one record shape, the OSV schema's
// (https://ossf.github.io/osv-schema/), so that matching and reporting never care where a record
// came from:
//   - OSV JSON (single files, directories, OSV's per-ecosystem all.zip) — src/advisory/osv_*.cpp
//   - a RustSec advisory-db checkout (Markdown with TOML front matter) — rustsec_*.cpp
//   - the CISA Known Exploited Vulnerabilities catalog — kev_import.cpp (KevEntry, not Advisory)
//   - known-bad lists (`name@version  # reference`) — known_bad_import.cpp (KnownBad)
//
// Callers may rely on:
//   - Affected::name is normalized for lookup (normalize_name): PyPI names per PEP 503, crates.io
//     names lower-cased, npm names exactly as published (scope included).
//   - A RustSec record keeps its Cargo requirement lists (patched / unaffected) instead of OSV
//     ranges: a version is affected iff it satisfies none of them (`uses_requirements`).
//   - `withdrawn` non-empty means the advisory must not be reported (Database::matches drops it).
//   - `informational` is set for RustSec notices (unmaintained / unsound / notice), whether they
//     came from the checkout or from OSV's export of it: they are findings of a different kind.
//   - `malicious` is set for MAL-* records and records carrying OSV's malicious-packages origin.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/ecosystem.h"
#include "version/version.h"

namespace tocsin::advisory {

enum class Source : std::uint8_t { Osv, RustSec };
std::string_view source_name(Source source);  // "osv", "rustsec"

// RustSec `informational` kinds; Other keeps any future kind visible instead of dropping it.
enum class Informational : std::uint8_t { None, Unmaintained, Unsound, Notice, Other };
std::string_view informational_name(Informational kind);  // "", "unmaintained", "unsound", "notice", "other"
Informational parse_informational(std::string_view text);

struct Affected {
  Ecosystem ecosystem = Ecosystem::Npm;
  std::string name;  // normalized (normalize_name)
  std::vector<version::OsvRange> ranges;
  std::vector<std::string> versions;
  // RustSec-native records: Cargo VersionReq strings. Affected iff matching none of both lists.
  bool uses_requirements = false;
  std::vector<std::string> patched;
  std::vector<std::string> unaffected;
  // Narrowing facts (RustSec [affected] / OSV ecosystem_specific.affects): the advisory only
  // applies when these functions are reachable, on these OSes / architectures. Empty = all.
  std::vector<std::string> functions;
  std::vector<std::string> os;
  std::vector<std::string> arch;
};

struct Severity {
  std::string type;   // "CVSS_V3", "CVSS_V4", "CVSS_V2", …
  std::string score;  // the vector string
};

struct Reference {
  std::string type;  // OSV reference type ("ADVISORY", "WEB", …)
  std::string url;
};

struct Advisory {
  std::string id;
  std::vector<std::string> aliases;
  std::vector<std::string> related;
  std::string summary;
  std::string details;
  std::string published;  // RFC 3339 as written by the feed (RustSec: the advisory date)
  std::string modified;
  std::string withdrawn;  // empty unless withdrawn
  std::vector<Affected> affected;
  std::vector<Severity> severity;
  std::vector<std::string> cwes;  // database_specific.cwe_ids
  std::vector<Reference> references;
  std::vector<std::string> categories;  // RustSec categories
  std::vector<std::string> keywords;    // RustSec keywords
  Source source = Source::Osv;
  Informational informational = Informational::None;
  bool malicious = false;
};

// One entry of the CISA KEV catalog.
struct KevEntry {
  std::string cve_id;
  std::string vendor_project;
  std::string product;
  std::string vulnerability_name;
  std::string date_added;                     // YYYY-MM-DD
  std::string due_date;                       // YYYY-MM-DD
  std::string known_ransomware_campaign_use;  // "Known" / "Unknown"
  std::string short_description;
  std::string catalog_version;  // of the catalog it came from
  std::string date_released;    // of the catalog it came from (RFC 3339)
};

// One line of a known-bad list: this exact package version must never be installed.
struct KnownBad {
  Ecosystem ecosystem = Ecosystem::Npm;
  std::string name;  // as written, scope included ("@scope/pkg"), normalized for PyPI
  std::string version;
  std::string reference;  // the trailing comment, without '#'
  std::string file;
  int line = 0;
};

// A hit of Database::matches: the whole record and which affected entry matched.
struct Match {
  Advisory advisory;
  std::size_t affected_index = 0;
  std::string note;  // AffectedVerdict::note: why the match is reported without proof
};

// The lookup spelling of a package name: PEP 503 for PyPI (lower case, runs of "-_." become "-"),
// lower case for crates.io (crates.io names are case-insensitively unique), npm unchanged.
std::string normalize_name(Ecosystem ecosystem, std::string_view name);

// Whether `version` is affected per this entry (OSV ranges via version::osv_affected, or the
// RustSec requirement lists via version::satisfies). A version the ecosystem rules cannot parse
// is affected only when listed verbatim in `versions`; an unparsable requirement never counts as
// "patched" (a bad feed line must not hide a vulnerability).
bool is_affected(const Affected& affected, std::string_view version);

// is_affected with the reason when the answer is not proven: a range bound of the advisory that
// is not a version of the ecosystem (version::unreadable_range_bounds) makes a readable installed
// version "affected" with a note saying so, never "not affected" — a bad feed entry must not
// hide a vulnerability. `note` is empty when the answer is proven.
struct AffectedVerdict {
  bool affected = false;
  std::string note;
};
AffectedVerdict affected_verdict(const Affected& affected, std::string_view version);

}  // namespace tocsin::advisory
