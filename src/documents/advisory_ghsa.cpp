// The request body of GitHub's "Create a repository security advisory" REST endpoint
// (POST /repos/{owner}/{repo}/security-advisories, schema `repository-advisory-create` of GitHub's
// OpenAPI description), so `gh api --input` can file the advisory the runbook asks for.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "documents/documents.h"
#include "documents/facts_util.h"

namespace tocsin::documents {

using detail::Gaps;
using detail::one_line;
using nlohmann::ordered_json;

namespace {

// GitHub's `security-advisory-ecosystems` for an OSV ecosystem name; "" when it has none.
std::string github_ecosystem(const std::string& osv) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"crates.io", "rust"}, {"npm", "npm"},     {"PyPI", "pip"},          {"Go", "go"},
      {"Maven", "maven"},    {"NuGet", "nuget"}, {"RubyGems", "rubygems"}, {"Packagist", "composer"},
      {"Pub", "pub"},        {"Hex", "erlang"},  {"SwiftURL", "swift"},    {"GitHub Actions", "actions"}};
  for (const auto& [from, to] : kNames)
    if (osv == from) return to;
  return {};
}

// GitHub takes one range per vulnerability entry (">= 1.0.0, < 1.0.8"): a union written with
// "||" becomes one entry per range, so no version between the ranges is declared affected.
std::vector<std::string> ranges_of(const std::string& affected) {
  std::vector<std::string> ranges;
  for (std::string_view range : split(affected, std::string_view("||")))
    if (!trim(range).empty()) ranges.emplace_back(trim(range));
  return ranges;
}

}  // namespace

Document render_advisory_ghsa(const IncidentFacts& facts) {
  Gaps gaps(facts);
  ordered_json body;
  const std::string summary = one_line(facts.title);
  if (summary.empty()) gaps.missing("title", "no summary recorded", "\"…\"");
  body["summary"] = summary.substr(0, 1024);
  // The description is the runbook's advisory template; its own gaps are this document's too.
  Document markdown = render_advisory_markdown(facts);
  body["description"] = markdown.text.substr(0, 65535);
  if (!one_line(facts.cve_id).empty()) body["cve_id"] = one_line(facts.cve_id);

  ordered_json package{{"ecosystem", "other"}};
  const std::string ecosystem = github_ecosystem(detail::osv_ecosystem(facts));
  if (ecosystem.empty())
    gaps.missing("ecosystem", "no package ecosystem GitHub knows recorded (filed as \"other\")", "crates.io|npm|PyPI");
  else
    package["ecosystem"] = ecosystem;
  if (!one_line(facts.package).empty())
    package["name"] = one_line(facts.package);
  else
    gaps.missing("package", "no package name recorded", "\"…\"");

  ordered_json vulnerabilities = ordered_json::array();
  std::vector<std::string> ranges = ranges_of(one_line(facts.affected_versions));
  if (ranges.empty()) {
    gaps.missing("affected", "no affected version range recorded", "\">= X.Y.Z, < X.Y.W\"");
    ranges.push_back("");
  }
  for (const std::string& range : ranges) {
    ordered_json vulnerability{{"package", package}};
    if (!range.empty()) vulnerability["vulnerable_version_range"] = range;
    if (!one_line(facts.patched_version).empty()) vulnerability["patched_versions"] = one_line(facts.patched_version);
    vulnerabilities.push_back(vulnerability);
  }
  if (one_line(facts.patched_version).empty()) gaps.missing("patched", "no patched version recorded", "X.Y.Z");
  body["vulnerabilities"] = vulnerabilities;

  const std::vector<std::string> cwes = detail::valid_cwes(facts, gaps, false);
  if (!cwes.empty()) body["cwe_ids"] = cwes;

  // GitHub credits GitHub accounts only: a handle preference names the login; real-name and
  // anonymous credit are not expressible there (the description's Reporter line carries them).
  if (facts.credit == CreditPreference::Handle && !one_line(facts.reporter_handle).empty()) {
    std::string login = one_line(facts.reporter_handle);
    if (!login.empty() && login.front() == '@') login.erase(0, 1);
    body["credits"] = ordered_json::array({{{"login", login}, {"type", "reporter"}}});
  }

  // Either a vector or a severity, never both (GitHub refuses the request otherwise).
  if (auto v4 = detail::cvss_v4(facts, gaps, false)) {
    body["cvss_vector_string"] = v4->vector;
  } else if (auto v31 = detail::cvss_v31(facts, gaps)) {
    body["cvss_vector_string"] = v31->vector;
  } else {
    const std::string level = to_lower(one_line(facts.severity));
    if (level == "critical" || level == "high" || level == "medium" || level == "low")
      body["severity"] = level;
    else
      gaps.missing("cvss", "neither a CVSS vector nor a severity GitHub accepts is recorded", "CVSS:4.0/…");
  }

  Document document{body.dump(2) + "\n", gaps.take()};
  // The template's own gaps (reporter, dates …) matter for the description as well.
  for (Gap& gap : markdown.gaps) {
    bool known = false;
    for (const Gap& existing : document.gaps) known = known || existing.field == gap.field;
    if (!known) document.gaps.push_back(std::move(gap));
  }
  return document;
}

}  // namespace tocsin::documents
