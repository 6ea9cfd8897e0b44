// OSV schema 1.6 record (https://ossf.github.io/osv-schema/).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/ecosystem.h"
#include "core/text.h"
#include "core/time.h"
#include "documents/documents.h"
#include "documents/facts_util.h"

namespace tocsin::documents {

using detail::Gaps;
using detail::one_line;
using nlohmann::ordered_json;

namespace {

ordered_json affected_package(const IncidentFacts& facts, Gaps& gaps) {
  ordered_json package;
  const std::string ecosystem = detail::osv_ecosystem(facts);
  if (ecosystem.empty()) gaps.missing("ecosystem", "no package ecosystem recorded", "crates.io|npm|PyPI");
  if (one_line(facts.package).empty()) gaps.missing("package", "no package name recorded", "\"…\"");
  if (ecosystem.empty() || one_line(facts.package).empty()) return nullptr;
  package["ecosystem"] = ecosystem;
  package["name"] = one_line(facts.package);
  if (const std::string purl = detail::package_purl(facts); !purl.empty()) package["purl"] = purl;

  ordered_json affected;
  affected["package"] = package;
  const std::optional<std::vector<AffectedRange>> ranges = detail::affected_ranges(facts, gaps);
  const std::optional<Ecosystem> known = parse_ecosystem(ecosystem);
  const bool semver = known && (*known == Ecosystem::CratesIo || *known == Ecosystem::Npm);
  // One OSV range per recorded range, never their hull: readers take the union, so ranges that
  // leave a gap between them (">= 0.3.0, < 0.3.5 || >= 0.4.0, < 0.4.3") stay exact.
  ordered_json osv_ranges = ordered_json::array();
  std::vector<std::string> exact;
  for (const AffectedRange& range : ranges.value_or(std::vector<AffectedRange>{})) {
    if (range.exact) {
      exact.push_back(range.introduced);
      continue;
    }
    // OSV requires an "introduced" event; no lower bound means every earlier version ("0").
    ordered_json events = ordered_json::array({{{"introduced", range.introduced.empty() ? "0" : range.introduced}}});
    if (!range.fixed.empty()) events.push_back({{"fixed", range.fixed}});
    if (!range.last_affected.empty()) events.push_back({{"last_affected", range.last_affected}});
    osv_ranges.push_back({{"type", semver ? "SEMVER" : "ECOSYSTEM"}, {"events", events}});
  }
  if (!osv_ranges.empty()) affected["ranges"] = osv_ranges;
  for (const std::string& version : facts.affected_version_list)
    if (!one_line(version).empty()) exact.push_back(one_line(version));
  if (!exact.empty()) affected["versions"] = exact;
  return affected;
}

}  // namespace

Document render_advisory_osv(const IncidentFacts& facts) {
  Gaps gaps(facts);
  ordered_json record;
  record["schema_version"] = kOsvSchemaVersion;
  const std::string id = detail::osv_id(facts);
  record["id"] = id;
  if (one_line(facts.cve_id).empty()) gaps.missing("cve", "no CVE assigned", "CVE-…");

  const std::optional<std::int64_t> modified = detail::latest_timestamp(facts);
  if (modified)
    record["modified"] = format_rfc3339(*modified);
  else
    gaps.missing("reported", "the record holds no valid timestamp (OSV requires `modified`)", "<RFC 3339 time>");
  if (auto published = detail::timestamp(facts.published_at, "published", "not published yet", gaps, true))
    record["published"] = format_rfc3339(*published);

  ordered_json aliases = ordered_json::array();
  for (const std::string* alias : {&facts.advisory_id, &facts.cve_id})
    if (!one_line(*alias).empty() && one_line(*alias) != id) aliases.push_back(one_line(*alias));
  if (!aliases.empty()) record["aliases"] = aliases;

  if (!one_line(facts.title).empty())
    record["summary"] = one_line(facts.title);
  else
    gaps.missing("title", "no one-line summary recorded", "\"…\"");
  std::string details(trim(facts.details));
  if (details.empty()) details = one_line(facts.title);
  if (!one_line(facts.user_safety_impact).empty())
    details +=
        (details.empty() ? "" : "\n\n") + std::string("User-safety impact: ") + one_line(facts.user_safety_impact);
  if (!details.empty()) record["details"] = details;

  ordered_json severity = ordered_json::array();
  if (auto v4 = detail::cvss_v4(facts, gaps, true)) severity.push_back({{"type", "CVSS_V4"}, {"score", v4->vector}});
  if (auto v31 = detail::cvss_v31(facts, gaps)) severity.push_back({{"type", "CVSS_V3"}, {"score", v31->vector}});
  if (!severity.empty()) record["severity"] = severity;

  if (ordered_json affected = affected_package(facts, gaps); !affected.is_null())
    record["affected"] = ordered_json::array({affected});

  ordered_json references = ordered_json::array();
  for (const Reference& reference : facts.references)
    if (const std::string url = detail::usable_url(reference.url, gaps); !url.empty())
      references.push_back(
          {{"type", one_line(reference.type).empty() ? "WEB" : one_line(reference.type)}, {"url", url}});
  if (const std::string url = detail::usable_url(facts.repository_url, gaps); !url.empty())
    references.push_back({{"type", "PACKAGE"}, {"url", url}});
  if (!references.empty()) record["references"] = references;

  // Anonymous and unknown preferences give no credits entry: nothing about the reporter leaks.
  if (facts.credit != CreditPreference::Anonymous) {
    const std::string credit = reporter_credit(facts);
    if (credit.empty())
      detail::credit_or_missing(facts, gaps);
    else
      record["credits"] = ordered_json::array({{{"name", credit}, {"type", "REPORTER"}}});
  }

  ordered_json database_specific;
  const std::vector<std::string> cwes = detail::valid_cwes(facts, gaps, true);
  if (!cwes.empty()) database_specific["cwe_ids"] = cwes;
  if (!one_line(facts.severity).empty()) database_specific["severity"] = detail::to_upper(one_line(facts.severity));
  if (!one_line(facts.user_safety_class).empty())
    database_specific["user_safety_class"] = one_line(facts.user_safety_class);
  if (facts.actively_exploited) database_specific["actively_exploited"] = true;
  if (facts.in_kev) database_specific["cisa_kev"] = true;
  if (!database_specific.empty()) record["database_specific"] = database_specific;

  return {record.dump(2) + "\n", gaps.take()};
}

}  // namespace tocsin::documents
