// The affected and patched versions an incident records, in the one grammar the OSV and CVE
// records can state exactly (issue 11: an advisory must never declare a version affected that
// the incident did not).
//
//   affected := range ( "||" range )*
//   range    := bound ( "," bound )*      at most one lower bound and one upper bound, or one
//                                         exact version
//   bound    := ">=" V | "<" V | "<=" V | "=" V | "==" V | V     (a bare V means "= V")
//   patched  := V ( "," V )*              the first fixed version of each line
//   V        := ["v"] [0-9] [0-9A-Za-z.+!_-]*   (the ecosystem's own grammar and order apply)
//
// Each range becomes one OSV range (introduced, then fixed for "<" or last_affected for "<=";
// no lower bound is introduced "0") and one CVE `versions` entry (version, lessThan /
// lessThanOrEqual); an exact version is an OSV `versions` entry and a CVE entry without bounds.
// The ranges are kept as written, never merged into a hull: several ranges may overlap, and OSV
// and CVE readers take their union.
//
// "> V" is refused: neither OSV nor CVE can start a range after a version (they name its first
// affected version). So are wildcards, carets, tildes and anything else a reader would have to
// guess about; the error says what to write instead.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tocsin::documents {

struct AffectedRange {
  std::string introduced;     // first affected version; "" = every earlier version (OSV "0")
  std::string fixed;          // "< V": first unaffected version; "" = none
  std::string last_affected;  // "<= V": last affected version; "" = none
  bool exact = false;         // "= V": introduced == last_affected == V
  bool open_ended() const { return fixed.empty() && last_affected.empty(); }
};

// Throws tocsin::Error naming the offending part and what to write instead.
std::vector<AffectedRange> parse_affected_ranges(std::string_view text);

// "0.4.3" or "0.3.5, 0.4.3"; throws Error for ">= 0.4.3" and the like (a patched version is a
// version, not a range).
std::vector<std::string> parse_patched_versions(std::string_view text);

// Whether `text` is a version token of the grammar above.
bool is_version_token(std::string_view text);

}  // namespace tocsin::documents
