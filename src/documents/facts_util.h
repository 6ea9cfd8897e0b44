// Shared by the renderers (internal to src/documents/): gaps, one-line text, validated CWE ids,
// scored CVSS vectors and parsed timestamps. Each accessor records a Gap when the value is
// missing or unusable, so every document names the same problems the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "documents/affected_ranges.h"
#include "documents/documents.h"

namespace tocsin::documents::detail {

// Collects the gaps of one document, once per field.
class Gaps {
 public:
  explicit Gaps(const IncidentFacts& facts) : facts_(facts) {}
  // Records the gap and returns the inline Markdown text "(missing: reason — `hint`)".
  std::string missing(const std::string& field, const std::string& reason, const std::string& value_hint = "…");
  // The inline text of the gap recorded for `field`, empty when there is none.
  std::string text_for(const std::string& field) const;
  std::vector<Gap> take() { return std::move(gaps_); }

 private:
  const IncidentFacts& facts_;
  std::vector<Gap> gaps_;
};

// Newlines and runs of whitespace collapsed to single spaces, trimmed: template lines stay lines.
std::string one_line(std::string_view text);
std::string to_upper(std::string_view text);

// The CWE ids that are well-formed ("CWE-<n>", n without leading zero, as CVE JSON requires);
// malformed ones become gaps. Empty list → gap "no CWE recorded" when `required`.
std::vector<std::string> valid_cwes(const IncidentFacts& facts, Gaps& gaps, bool required);

struct ScoredVector {
  std::string vector;
  double score = 0;          // one decimal
  std::string rating;        // "Critical"
  std::string version;       // "4.0" / "3.1"
  std::string nomenclature;  // v4: "CVSS-B", "CVSS-BT", …
};
// Scores `facts.cvss_v4_vector` (must be CVSS:4.0) — gap when missing (if `required`) or invalid.
std::optional<ScoredVector> cvss_v4(const IncidentFacts& facts, Gaps& gaps, bool required);
// Scores `facts.cvss_v31_vector` (must be CVSS:3.1) — gap only when present but invalid.
std::optional<ScoredVector> cvss_v31(const IncidentFacts& facts, Gaps& gaps);

// Parses one of the record's timestamps; gap "field" when empty (if `required`) or not RFC 3339.
std::optional<std::int64_t> timestamp(const std::string& value, const std::string& field, const std::string& what,
                                      Gaps& gaps, bool required);

// The latest of every valid timestamp in the record (timeline included), for OSV `modified`.
std::optional<std::int64_t> latest_timestamp(const IncidentFacts& facts);

// OSV ecosystem of facts.ecosystem in its canonical spelling ("crates.io", "npm", "PyPI"), or the
// value as given when tocsin does not know it; empty when unset.
std::string osv_ecosystem(const IncidentFacts& facts);
// "pkg:cargo/name" etc., empty for an ecosystem without a purl mapping.
std::string package_purl(const IncidentFacts& facts);
// Registry URL for CVE `collectionURL`, empty when unknown.
std::string collection_url(const IncidentFacts& facts);

// The reporter credit honouring the preference, or the inline missing text (gap "credit",
// "reporter-name" or "reporter-handle"). Anonymous → "anonymous reporter".
std::string credit_or_missing(const IncidentFacts& facts, Gaps& gaps);

// The affected ranges the OSV and CVE records state: facts.affected_versions parsed exactly
// (affected_ranges.h); when it is empty, the single range [introduced_version or "0",
// patched_version) as before (gap "introduced" when the start is unknown). A range with no upper
// bound is closed by the patched version when exactly one range is open and one patched version
// is recorded. An affected text that does not parse, or a patched value that is not a version,
// is a gap and states nothing: nullopt (unparseable affected) or no closing version.
// Gap "patched" when no usable patched version is recorded.
std::optional<std::vector<AffectedRange>> affected_ranges(const IncidentFacts& facts, Gaps& gaps);

// `url` (one line) when it is an absolute http(s) URL with a host, as the OSV and CVE schemas
// require (format "uri"); otherwise "" and gap "reference" naming it. Empty stays empty, no gap.
std::string usable_url(const std::string& url, Gaps& gaps);

// The id the OSV record is filed under (see render_advisory_osv).
std::string osv_id(const IncidentFacts& facts);

}  // namespace tocsin::documents::detail
