#include "documents/facts_util.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/ecosystem.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "cvss/cvss.h"

namespace tocsin::documents::detail {

std::string Gaps::missing(const std::string& field, const std::string& reason, const std::string& value_hint) {
  const std::string id = facts_.id.empty() ? "<ID>" : facts_.id;
  Gap gap{field, reason, fmt::format("tocsin incident set {} {} {}", id, field, value_hint)};
  std::string text = fmt::format("(missing: {} — {})", markdown_text(gap.reason), markdown_code(gap.hint));
  const bool seen = std::any_of(gaps_.begin(), gaps_.end(), [&](const Gap& g) { return g.field == field; });
  if (!seen) gaps_.push_back(std::move(gap));
  return text;
}

std::string Gaps::text_for(const std::string& field) const {
  for (const Gap& gap : gaps_)
    if (gap.field == field)
      return fmt::format("(missing: {} — {})", markdown_text(gap.reason), markdown_code(gap.hint));
  return "";
}

std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : trim(text)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string to_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

namespace {

bool well_formed_cwe(std::string_view id) {
  if (!starts_with(id, "CWE-") || id.size() < 5 || id.size() > 9 || id[4] == '0') return false;
  return std::all_of(id.begin() + 4, id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<ScoredVector> score_vector(const std::string& vector, const std::string& field, cvss::Version version,
                                         Gaps& gaps) {
  try {
    const cvss::Result result = cvss::score(vector);
    if (result.version != version) {
      gaps.missing(field, fmt::format("'{}' is not a CVSS {} vector", vector, cvss::version_name(version)),
                   version == cvss::Version::V4_0 ? "CVSS:4.0/…" : "CVSS:3.1/…");
      return std::nullopt;
    }
    ScoredVector scored;
    scored.vector = vector;
    scored.score = result.score;
    scored.rating = std::string(cvss::rating_name(result.rating));
    scored.version = std::string(cvss::version_name(result.version));
    scored.nomenclature = result.nomenclature;
    return scored;
  } catch (const Error& e) {
    gaps.missing(field, fmt::format("invalid CVSS vector '{}': {}", vector, e.message()),
                 version == cvss::Version::V4_0 ? "CVSS:4.0/…" : "CVSS:3.1/…");
    return std::nullopt;
  }
}

}  // namespace

std::vector<std::string> valid_cwes(const IncidentFacts& facts, Gaps& gaps, bool required) {
  std::vector<std::string> valid;
  for (const std::string& id : facts.cwe_ids) {
    const std::string trimmed(trim(id));
    if (well_formed_cwe(trimmed)) {
      if (std::find(valid.begin(), valid.end(), trimmed) == valid.end()) valid.push_back(trimmed);
    } else {
      gaps.missing("cwe", fmt::format("'{}' is not a CWE id (expected CWE-<number>)", id), "CWE-…");
    }
  }
  if (valid.empty() && facts.cwe_ids.empty() && required) gaps.missing("cwe", "no CWE recorded", "CWE-…");
  return valid;
}

std::optional<ScoredVector> cvss_v4(const IncidentFacts& facts, Gaps& gaps, bool required) {
  const std::string vector(trim(facts.cvss_v4_vector));
  if (vector.empty()) {
    if (required) gaps.missing("cvss-v4", "no CVSS v4 vector recorded", "CVSS:4.0/…");
    return std::nullopt;
  }
  return score_vector(vector, "cvss-v4", cvss::Version::V4_0, gaps);
}

std::optional<ScoredVector> cvss_v31(const IncidentFacts& facts, Gaps& gaps) {
  const std::string vector(trim(facts.cvss_v31_vector));
  if (vector.empty()) return std::nullopt;
  return score_vector(vector, "cvss-v3.1", cvss::Version::V3_1, gaps);
}

std::optional<std::int64_t> timestamp(const std::string& value, const std::string& field, const std::string& what,
                                      Gaps& gaps, bool required) {
  const std::string_view text = trim(value);
  if (text.empty()) {
    if (required) gaps.missing(field, what, "<RFC 3339 time>");
    return std::nullopt;
  }
  std::optional<std::int64_t> seconds = parse_rfc3339(text);
  if (!seconds) gaps.missing(field, fmt::format("'{}' is not an RFC 3339 date-time", value), "<RFC 3339 time>");
  return seconds;
}

std::optional<std::int64_t> latest_timestamp(const IncidentFacts& facts) {
  std::optional<std::int64_t> latest;
  auto consider = [&](const std::string& value) {
    if (auto seconds = parse_rfc3339(trim(value)); seconds && (!latest || *seconds > *latest)) latest = seconds;
  };
  for (const std::string* value : {&facts.reported_at, &facts.acknowledged_at, &facts.triaged_at, &facts.fixed_at,
                                   &facts.published_at, &facts.closed_at})
    consider(*value);
  for (const TimelineEvent& event : facts.timeline) consider(event.time);
  return latest;
}

std::string osv_ecosystem(const IncidentFacts& facts) {
  const std::string_view given = trim(facts.ecosystem);
  if (given.empty()) return "";
  if (std::optional<Ecosystem> known = parse_ecosystem(given)) return std::string(ecosystem_name(*known));
  return std::string(given);
}

std::string package_purl(const IncidentFacts& facts) {
  const std::optional<Ecosystem> ecosystem = parse_ecosystem(trim(facts.ecosystem));
  const std::string name(trim(facts.package));
  if (!ecosystem || name.empty()) return "";
  std::string path;
  switch (*ecosystem) {
    case Ecosystem::CratesIo: path = name; break;
    // purl-spec: an npm scope is the namespace, its '@' percent-encoded.
    case Ecosystem::Npm: path = name[0] == '@' ? "%40" + name.substr(1) : name; break;
    // purl-spec: PyPI names are lower-cased with '_' replaced by '-'.
    case Ecosystem::PyPI:
      path = to_lower(name);
      std::replace(path.begin(), path.end(), '_', '-');
      break;
    case Ecosystem::GitHubActions: path = name; break;  // owner/repo is namespace/name
  }
  return fmt::format("pkg:{}/{}", purl_type(*ecosystem), path);
}

std::string collection_url(const IncidentFacts& facts) {
  const std::optional<Ecosystem> ecosystem = parse_ecosystem(trim(facts.ecosystem));
  if (!ecosystem) return "";
  switch (*ecosystem) {
    // The spellings of the CVE schema's collectionURL examples.
    case Ecosystem::CratesIo: return "https://crates.io";
    case Ecosystem::Npm: return "https://registry.npmjs.org";
    case Ecosystem::PyPI: return "https://pypi.python.org";
    case Ecosystem::GitHubActions: return "https://github.com";
  }
  return "";
}

std::string credit_or_missing(const IncidentFacts& facts, Gaps& gaps) {
  const std::string credit = reporter_credit(facts);
  if (!credit.empty()) return credit;
  switch (facts.credit) {
    case CreditPreference::RealName:
      return gaps.missing("reporter-name", "the reporter asked for real-name credit but no name is recorded", "\"…\"");
    case CreditPreference::Handle:
      return gaps.missing("reporter-handle", "the reporter asked for handle credit but no handle is recorded", "@…");
    default:
      return gaps.missing("credit",
                          "the reporter's credit preference is not recorded (ask: real name, handle or anonymous)",
                          "real-name|handle|anonymous");
  }
}

std::optional<std::vector<AffectedRange>> affected_ranges(const IncidentFacts& facts, Gaps& gaps) {
  std::vector<AffectedRange> ranges;
  if (!trim(facts.affected_versions).empty()) {
    try {
      ranges = parse_affected_ranges(facts.affected_versions);
    } catch (const Error& e) {
      gaps.missing("affected", e.message(), "\">= X, < Y\"");
    }
  } else {
    AffectedRange range;
    range.introduced = one_line(facts.introduced_version);
    if (range.introduced.empty())
      gaps.missing("introduced", "first affected version not recorded (range assumed to start at 0)", "X.Y.Z");
    ranges.push_back(std::move(range));
  }
  std::vector<std::string> patched;
  if (trim(facts.patched_version).empty()) {
    gaps.missing("patched", "no patched version recorded", "X.Y.Z");
  } else {
    try {
      patched = parse_patched_versions(facts.patched_version);
    } catch (const Error& e) {
      gaps.missing("patched", e.message(), "X.Y.Z");
    }
  }
  if (ranges.empty()) return std::nullopt;
  const auto open = std::count_if(ranges.begin(), ranges.end(), [](const AffectedRange& r) { return r.open_ended(); });
  if (open == 1 && patched.size() == 1)
    for (AffectedRange& range : ranges)
      if (range.open_ended()) range.fixed = patched.front();
  return ranges;
}

std::string usable_url(const std::string& url, Gaps& gaps) {
  const std::string text = one_line(url);
  if (text.empty()) return "";
  if (markdown_url(text) == text) return text;  // http(s), a host, nothing to encode
  gaps.missing("reference",
               fmt::format("'{}' is not an absolute http(s) URL (OSV and CVE records need one, scheme included)",
                           escape_terminal(truncate_text(text, 100))),
               "<URL>");
  return "";
}

std::string osv_id(const IncidentFacts& facts) {
  if (!trim(facts.advisory_id).empty()) return std::string(trim(facts.advisory_id));
  if (!trim(facts.cve_id).empty()) return std::string(trim(facts.cve_id));
  std::string local = "x_";
  for (char c : one_line(facts.project_name))
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') local += c;
  if (local.size() > 2) local += '-';
  for (char c : one_line(facts.id.empty() ? "INCIDENT" : facts.id))
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') local += c;
  return local;
}

}  // namespace tocsin::documents::detail
