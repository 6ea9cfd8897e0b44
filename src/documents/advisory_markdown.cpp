// The runbook's Security Advisory body and CHANGELOG security line.
#include <fmt/format.h>

#include "core/text.h"
#include "core/time.h"
#include "documents/documents.h"
#include "documents/facts_util.h"

namespace tocsin::documents {
namespace {

using detail::Gaps;
using detail::one_line;

std::string date_or_missing(const std::string& value, const std::string& field, const std::string& what, Gaps& gaps) {
  if (trim(value).empty()) return gaps.missing(field, what, "<RFC 3339 time>");
  if (std::optional<std::int64_t> seconds = parse_rfc3339(trim(value))) return format_date(*seconds);
  return gaps.missing(field, fmt::format("'{}' is not an RFC 3339 date-time", one_line(value)), "<RFC 3339 time>");
}

std::string affected_text(const IncidentFacts& facts, Gaps& gaps) {
  if (!trim(facts.affected_versions).empty()) return markdown_text(one_line(facts.affected_versions));
  // Derived only from recorded bounds; nothing is assumed when either is missing.
  if (!trim(facts.introduced_version).empty() && !trim(facts.patched_version).empty())
    return markdown_text(fmt::format(">= {}, < {}", trim(facts.introduced_version), trim(facts.patched_version)));
  return gaps.missing("affected", "no affected version range recorded", "\">= X, < Y\"");
}

// One-line fields longer than this are cut with a marker: a 200 KB title is not a summary.
constexpr std::size_t kMaxSummary = 1000;

// The credit as Markdown: an "@handle" credit is shown, not pinged (the advisory's credit
// field is where GitHub links a reporter).
std::string reporter_markdown(const IncidentFacts& facts, Gaps& gaps) {
  const std::string credit = reporter_credit(facts);
  return credit.empty() ? detail::credit_or_missing(facts, gaps) : markdown_text(credit);
}

std::string user_safety_text(const IncidentFacts& facts, Gaps& gaps) {
  const std::string impact = one_line(facts.user_safety_impact);
  if (impact.empty())
    return gaps.missing("user-safety-impact", "how this affects vulnerable users is not recorded", "\"…\"");
  const std::string user_class = one_line(facts.user_safety_class);
  return markdown_text(user_class.empty() ? impact : fmt::format("{} — {}", user_class, impact));
}

std::string cwe_text(const IncidentFacts& facts, Gaps& gaps) {
  const std::vector<std::string> cwes = detail::valid_cwes(facts, gaps, true);
  std::string text = fmt::format("{}", fmt::join(cwes, ", "));
  const std::string problem = gaps.text_for("cwe");
  if (!problem.empty()) text += (text.empty() ? "" : " ") + problem;
  return text;
}

}  // namespace

Document render_advisory_markdown(const IncidentFacts& facts) {
  Gaps gaps(facts);
  const std::string summary = one_line(facts.title).empty()
                                  ? gaps.missing("title", "no one-line summary recorded", "\"…\"")
                                  : markdown_text(truncate_text(one_line(facts.title), kMaxSummary));
  const std::string affected = affected_text(facts, gaps);
  const std::string patched = one_line(facts.patched_version).empty()
                                  ? gaps.missing("patched", "no patched version recorded", "X.Y.Z")
                                  : markdown_text(one_line(facts.patched_version));
  const std::string cve = one_line(facts.cve_id).empty() ? gaps.missing("cve", "no CVE assigned", "CVE-…")
                                                         : markdown_text(one_line(facts.cve_id));
  const std::string cwe = cwe_text(facts, gaps);

  std::string cvss;
  if (std::optional<detail::ScoredVector> v4 = detail::cvss_v4(facts, gaps, true)) {
    cvss = fmt::format("`{}` — {:.1f} ({}, {})", v4->vector, v4->score, v4->rating, v4->nomenclature);
  } else {
    cvss = gaps.text_for("cvss-v4");
    // A v3.1 score is no substitute for the template's v4 score, but it is worth showing.
    if (std::optional<detail::ScoredVector> v31 = detail::cvss_v31(facts, gaps))
      cvss += fmt::format("; CVSS v3.1 on record: `{}` — {:.1f} ({})", v31->vector, v31->score, v31->rating);
  }

  std::string text;
  text += fmt::format("**Summary**: {}\n", summary);
  text += fmt::format("**Affected**: {}\n", affected);
  text += fmt::format("**Patched**: {}\n", patched);
  text += fmt::format("**CVE**: {}\n", cve);
  text += fmt::format("**CWE**: {}\n", cwe);
  text += fmt::format("**CVSS v4**: {}\n", cvss);
  text += fmt::format("**User-safety impact**: {}\n", user_safety_text(facts, gaps));
  text += fmt::format("**Reporter**: {}\n", reporter_markdown(facts, gaps));
  text += fmt::format("**Acknowledgement**: {}\n", date_or_missing(facts.acknowledged_at, "acknowledged",
                                                                   "acknowledgement date not recorded", gaps));
  text +=
      fmt::format("**Triage**: {}\n", date_or_missing(facts.triaged_at, "triaged", "triage date not recorded", gaps));
  text += fmt::format("**Fix**: {}\n", date_or_missing(facts.fixed_at, "fixed", "fix date not recorded", gaps));
  text += fmt::format("**Disclosure**: {}\n", date_or_missing(facts.published_at, "published",
                                                              "not disclosed yet (no publication date)", gaps));
  return {std::move(text), gaps.take()};
}

Document render_changelog_line(const IncidentFacts& facts) {
  Gaps gaps(facts);
  const std::string scope = one_line(facts.package).empty()
                                ? gaps.missing("package", "no scope (crate / package / component) recorded", "\"…\"")
                                : markdown_text(one_line(facts.package));
  std::vector<std::string> identifiers = detail::valid_cwes(facts, gaps, false);
  if (!one_line(facts.cve_id).empty()) identifiers.push_back(markdown_text(one_line(facts.cve_id)));
  std::string fixes = fmt::format("{}", fmt::join(identifiers, "/"));
  if (identifiers.empty())
    fixes = gaps.text_for("cwe").empty() ? gaps.missing("cwe", "neither a CWE nor a CVE is recorded", "CWE-…")
                                         : gaps.text_for("cwe");

  std::string impact = one_line(facts.user_safety_impact);
  // The template supplies the full stop.
  while (!impact.empty() && impact.back() == '.') impact.pop_back();
  if (impact.empty())
    impact = gaps.missing("user-safety-impact", "how this affects vulnerable users is not recorded", "\"…\"");

  else
    impact = markdown_text(impact);
  std::string text = fmt::format("- security: {} — fix {}; user-safety impact: {}. Credit: {}.\n", scope, fixes, impact,
                                 reporter_markdown(facts, gaps));
  return {std::move(text), gaps.take()};
}

std::string reporter_credit(const IncidentFacts& facts) {
  switch (facts.credit) {
    case CreditPreference::RealName: return one_line(facts.reporter_name);
    case CreditPreference::Handle: return one_line(facts.reporter_handle);
    case CreditPreference::Anonymous: return "anonymous reporter";
    case CreditPreference::Unset: break;
  }
  return "";
}

std::string stride_letter(Stride category) {
  switch (category) {
    case Stride::Spoofing: return "S";
    case Stride::Tampering: return "T";
    case Stride::Repudiation: return "R";
    case Stride::InformationDisclosure: return "I";
    case Stride::DenialOfService: return "D";
    case Stride::ElevationOfPrivilege: return "E";
  }
  return "?";
}

std::string stride_name(Stride category) {
  switch (category) {
    case Stride::Spoofing: return "Spoofing";
    case Stride::Tampering: return "Tampering";
    case Stride::Repudiation: return "Repudiation";
    case Stride::InformationDisclosure: return "Information disclosure";
    case Stride::DenialOfService: return "Denial of service";
    case Stride::ElevationOfPrivilege: return "Elevation of privilege";
  }
  return "?";
}

}  // namespace tocsin::documents
