// CVE JSON 5.1 record (CVEProject/cve-schema, schema/v5.0/CVE_JSON_5.1_schema.json).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/ecosystem.h"
#include "core/text.h"
#include "core/time.h"
#include "cvss/cvss.h"
#include "documents/documents.h"
#include "documents/facts_util.h"

namespace tocsin::documents {

using detail::Gaps;
using detail::one_line;
using nlohmann::ordered_json;

namespace {

bool is_uuid_v4(std::string_view text) {
  // The schema's uuidType: 8-4-4-4-12 hex digits, version nibble 4, variant 8/9/a/b.
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (text[i] == '-')) return false;
    if (!dash && !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return text[14] == '4' && std::string_view("89abAB").find(text[19]) != std::string_view::npos;
}

bool is_cve_id(std::string_view text) {
  // ^CVE-[0-9]{4}-[0-9]{4,19}$
  if (text.size() < 13 || text.size() > 28 || !starts_with(text, "CVE-") || text[8] != '-') return false;
  for (std::size_t i = 4; i < text.size(); ++i)
    if (i != 8 && (text[i] < '0' || text[i] > '9')) return false;
  return true;
}

// A string of at most `limit` characters (the schema counts characters; UTF-8 continuation bytes
// are not counted, and the cut never splits a character).
std::string clip(const std::string& text, std::size_t limit) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++characters > limit) return text.substr(0, i);
  }
  return text;
}

std::string version_type(const IncidentFacts& facts) {
  const std::optional<Ecosystem> known = parse_ecosystem(trim(facts.ecosystem));
  if (!known) return "custom";
  return *known == Ecosystem::PyPI ? "python" : "semver";
}

ordered_json affected_product(const IncidentFacts& facts, Gaps& gaps) {
  ordered_json product;
  const std::string package = one_line(facts.package);
  const std::string collection = detail::collection_url(facts);
  if (package.empty()) {
    gaps.missing("package", "no package / product name recorded", "\"…\"");
    return nullptr;
  }
  if (!one_line(facts.project_name).empty()) {
    product["vendor"] = one_line(facts.project_name);
    product["product"] = package;
  }
  if (!collection.empty()) {
    product["collectionURL"] = collection;
    product["packageName"] = package;
  }
  if (!product.contains("product") && !product.contains("packageName")) {
    gaps.missing("project", "neither a vendor (project name) nor a known package ecosystem is recorded", "\"…\"");
    return nullptr;
  }
  if (const std::string url = detail::usable_url(facts.repository_url, gaps); !url.empty()) product["repo"] = url;

  // The same ranges as the OSV record, one entry each (never their hull); an open range with no
  // recorded fix is "lessThan *", the schema's "no fix yet".
  ordered_json versions = ordered_json::array();
  const std::optional<std::vector<AffectedRange>> ranges = detail::affected_ranges(facts, gaps);
  for (const AffectedRange& range : ranges.value_or(std::vector<AffectedRange>{})) {
    ordered_json entry = {{"version", range.introduced.empty() ? "0" : range.introduced}, {"status", "affected"}};
    if (!range.exact) {
      if (!range.last_affected.empty())
        entry["lessThanOrEqual"] = range.last_affected;
      else
        entry["lessThan"] = range.fixed.empty() ? "*" : range.fixed;
    }
    entry["versionType"] = version_type(facts);
    versions.push_back(std::move(entry));
  }
  if (versions.empty()) return nullptr;  // the affected text is a gap: state nothing
  product["versions"] = versions;
  product["defaultStatus"] = "unaffected";
  return product;
}

std::string severity_name(double score) { return detail::to_upper(cvss::rating_name(cvss::rating_of(score))); }

ordered_json metrics(const IncidentFacts& facts, Gaps& gaps) {
  ordered_json list = ordered_json::array();
  const ordered_json scenario = ordered_json::array({{{"lang", "en"}, {"value", "GENERAL"}}});
  if (auto v4 = detail::cvss_v4(facts, gaps, true)) {
    // baseScore is the CVSS-B score: threat/environmental metrics are dropped before scoring.
    const std::vector<std::string_view> parts = split(v4->vector, '/');
    std::string base_vector = "CVSS:4.0";
    for (std::size_t i = 1; i < parts.size() && i <= 11; ++i) base_vector += "/" + std::string(parts[i]);
    const double base = cvss::score_v4(base_vector).score;
    list.push_back({{"format", "CVSS"},
                    {"scenarios", scenario},
                    {"cvssV4_0",
                     {{"version", "4.0"},
                      {"vectorString", v4->vector},
                      {"baseScore", base},
                      {"baseSeverity", severity_name(base)}}}});
  }
  if (auto v31 = detail::cvss_v31(facts, gaps)) {
    const double base = cvss::score_v3(v31->vector).base_score;
    list.push_back({{"format", "CVSS"},
                    {"scenarios", scenario},
                    {"cvssV3_1",
                     {{"version", "3.1"},
                      {"vectorString", v31->vector},
                      {"baseScore", base},
                      {"baseSeverity", severity_name(base)}}}});
  }
  return list;
}

// OSV reference types mapped to the CVE reference-tags vocabulary where one fits.
std::string reference_tag(std::string_view osv_type) {
  if (osv_type == "ADVISORY") return "vendor-advisory";
  if (osv_type == "FIX") return "patch";
  if (osv_type == "REPORT") return "issue-tracking";
  if (osv_type == "ARTICLE") return "technical-description";
  if (osv_type == "EVIDENCE") return "exploit";
  if (osv_type == "PACKAGE") return "product";
  return "";
}

}  // namespace

Document render_advisory_cve(const IncidentFacts& facts) {
  Gaps gaps(facts);
  ordered_json record;
  record["dataType"] = "CVE_RECORD";
  record["dataVersion"] = "5.1";

  ordered_json metadata;
  const std::string cve = one_line(facts.cve_id);
  if (cve.empty())
    gaps.missing("cve", "no CVE assigned", "CVE-…");
  else if (!is_cve_id(cve))
    gaps.missing("cve", fmt::format("'{}' is not a CVE id (CVE-YYYY-NNNN…)", cve), "CVE-…");
  else
    metadata["cveId"] = cve;
  const std::string org = one_line(facts.cna_org_id);
  const bool org_ok = is_uuid_v4(org);
  if (org.empty())
    gaps.missing("cna-org-id", "the assigning CNA's organisation UUID is not recorded", "<UUID>");
  else if (!org_ok)
    gaps.missing("cna-org-id", fmt::format("'{}' is not a version-4 UUID", org), "<UUID>");
  else
    metadata["assignerOrgId"] = org;
  const std::string short_name = one_line(facts.cna_short_name);
  const bool short_name_ok = short_name.size() >= 2 && short_name.size() <= 32;
  if (short_name_ok) metadata["assignerShortName"] = short_name;
  metadata["state"] = "PUBLISHED";
  const std::optional<std::int64_t> published =
      detail::timestamp(facts.published_at, "published", "not published yet", gaps, true);
  if (published) metadata["datePublished"] = format_rfc3339(*published);
  record["cveMetadata"] = metadata;

  ordered_json cna;
  ordered_json provider;
  if (org_ok) provider["orgId"] = org;
  if (short_name_ok) provider["shortName"] = short_name;
  cna["providerMetadata"] = provider;
  if (published) cna["datePublic"] = format_rfc3339(*published);
  if (!one_line(facts.title).empty())
    cna["title"] = clip(one_line(facts.title), 256);
  else
    gaps.missing("title", "no one-line summary recorded", "\"…\"");
  std::string description(trim(facts.details));
  if (description.empty()) description = one_line(facts.title);
  if (!description.empty())
    cna["descriptions"] = ordered_json::array({{{"lang", "en"}, {"value", clip(description, 4096)}}});
  else
    gaps.missing("details", "no description recorded", "\"…\"");
  if (ordered_json product = affected_product(facts, gaps); !product.is_null())
    cna["affected"] = ordered_json::array({product});

  const std::vector<std::string> cwes = detail::valid_cwes(facts, gaps, true);
  if (!cwes.empty()) {
    ordered_json descriptions = ordered_json::array();
    for (const std::string& cwe : cwes)
      descriptions.push_back({{"lang", "en"}, {"cweId", cwe}, {"description", cwe}, {"type", "CWE"}});
    cna["problemTypes"] = ordered_json::array({{{"descriptions", descriptions}}});
  }
  if (ordered_json list = metrics(facts, gaps); !list.empty()) cna["metrics"] = list;

  ordered_json references = ordered_json::array();
  auto add_reference = [&](const std::string& url, const std::string& tag) {
    for (const auto& existing : references)
      if (existing["url"] == url) return;  // the schema wants unique items
    ordered_json reference{{"url", url}};
    if (!tag.empty()) reference["tags"] = ordered_json::array({tag});
    references.push_back(reference);
  };
  for (const Reference& reference : facts.references)
    if (const std::string url = detail::usable_url(reference.url, gaps); !url.empty())
      add_reference(url, reference_tag(one_line(reference.type)));
  if (const std::string url = detail::usable_url(facts.repository_url, gaps); !url.empty())
    add_reference(url, "product");
  if (references.empty())
    gaps.missing("reference", "no reference URL recorded (the CVE record needs at least one)", "<URL>");
  else
    cna["references"] = references;

  if (facts.credit != CreditPreference::Anonymous) {
    const std::string credit = reporter_credit(facts);
    if (credit.empty())
      detail::credit_or_missing(facts, gaps);
    else
      cna["credits"] = ordered_json::array({{{"lang", "en"}, {"value", clip(credit, 4096)}, {"type", "finder"}}});
  }
  record["containers"] = {{"cna", cna}};
  return {record.dump(2) + "\n", gaps.take()};
}

}  // namespace tocsin::documents
