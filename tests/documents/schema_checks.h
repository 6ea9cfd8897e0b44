// Hand-written checks of the OSV 1.6 and CVE JSON 5.1 schema rules that the renderers can
// break (required fields, closed key sets, enums, patterns, bounds). The patterns are copied
// from the published schemas: ossf/osv-schema validation/schema.json and CVEProject/cve-schema
// schema/v5.0/CVE_JSON_5.1_schema.json (+ imports/cvss/cvss-v4.0.json, tags/reference-tags.json).
// Each check returns the list of violations, so a test can also prove that a broken record fails.
#pragma once

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace tocsin::documents::testing {

using Json = nlohmann::json;
using Violations = std::vector<std::string>;

inline bool matches(const Json& value, const std::string& pattern, bool anchored_search = false) {
  if (!value.is_string()) return false;
  const std::string text = value.get<std::string>();
  return anchored_search ? std::regex_search(text, std::regex(pattern)) : std::regex_match(text, std::regex(pattern));
}

inline void only_keys(const Json& object, const std::set<std::string>& allowed, const std::string& where,
                      Violations& out) {
  if (!object.is_object()) {
    out.push_back(where + " is not an object");
    return;
  }
  for (const auto& [key, value] : object.items())
    if (!allowed.count(key)) out.push_back(where + " has unexpected key '" + key + "'");
}

inline void required(const Json& object, const std::vector<std::string>& keys, const std::string& where,
                     Violations& out) {
  for (const std::string& key : keys)
    if (!object.is_object() || !object.contains(key)) out.push_back(where + " lacks required '" + key + "'");
}

// ---- OSV ----------------------------------------------------------------------------------------

inline const char* kOsvPrefix =
    "^(x_|(ASB-A|PUB-A|ALPINE|ALSA|ALBA|ALEA|AZL|BELL|BIT|CGA|CLEANSTART|CLSA|CURL|CVE|DEBIAN|DHI|DRUPAL|DSA|DLA|ELA|"
    "DTSA|ECHO|EEF|FreeBSD|GHSA|GO|GSD|HSEC|JLSEC|KUBE|LBSEC|LSN|MAL|MINI|MGASA|OESA|OSEC|OSV|openSUSE-SU|PHSA|PSF|"
    "PYSEC|RHBA|RHEA|RHSA|RLSA|RXSA|RSEC|ROOT|RUSTSEC|SUSE-[SRFO]U|UBUNTU|USN|V8)-)";
inline const char* kOsvTimestamp = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z";
inline const char* kCvssV4Pattern =
    "^CVSS:4[.]0/AV:[NALP]/AC:[LH]/AT:[NP]/PR:[NLH]/UI:[NPA]/VC:[HLN]/VI:[HLN]/VA:[HLN]/SC:[HLN]/SI:[HLN]/SA:[HLN]"
    "(/E:[XAPU])?(/CR:[XHML])?(/IR:[XHML])?(/AR:[XHML])?(/MAV:[XNALP])?(/MAC:[XLH])?(/MAT:[XNP])?(/MPR:[XNLH])?"
    "(/MUI:[XNPA])?(/MVC:[XNLH])?(/MVI:[XNLH])?(/MVA:[XNLH])?(/MSC:[XNLH])?(/MSI:[XNLHS])?(/MSA:[XNLHS])?(/S:[XNP])?"
    "(/AU:[XNY])?(/R:[XAUI])?(/V:[XDC])?(/RE:[XLMH])?(/U:(X|Clear|Green|Amber|Red))?$";
inline const char* kOsvCvssV3Metric =
    "(AV:[NALP]|AC:[LH]|PR:[NLH]|UI:[NR]|S:[UC]|[CIA]:[NLH]|E:[XUPFH]|RL:[XOTWU]|RC:[XURC]|[CIA]R:[XLMH]|MAV:[XNALP]|"
    "MAC:[XLH]|MPR:[XNLH]|MUI:[XNR]|MS:[XUC]|M[CIA]:[XNLH])";

inline Violations check_osv(const Json& r) {
  Violations out;
  only_keys(r,
            {"schema_version", "id", "modified", "published", "withdrawn", "aliases", "related", "upstream", "summary",
             "details", "severity", "affected", "references", "credits", "database_specific"},
            "record", out);
  required(r, {"id", "modified", "schema_version"}, "record", out);  // schema_version: required above 1.0.0
  if (r.contains("id") && !matches(r["id"], kOsvPrefix, true)) out.push_back("id has no known prefix");
  for (const char* key : {"modified", "published", "withdrawn"})
    if (r.contains(key) && !matches(r[key], kOsvTimestamp, true))
      out.push_back(std::string(key) + " is not a UTC timestamp");
  for (const char* key : {"aliases", "related", "upstream"})
    if (r.contains(key))
      for (const Json& alias : r[key])
        if (!alias.is_string()) out.push_back(std::string(key) + " holds a non-string");
  for (const char* key : {"summary", "details", "schema_version"})
    if (r.contains(key) && !r[key].is_string()) out.push_back(std::string(key) + " is not a string");
  if (r.contains("severity")) {
    for (const Json& s : r["severity"]) {
      required(s, {"type", "score"}, "severity", out);
      const std::string type = s.value("type", "");
      if (type == "CVSS_V4" && !matches(s["score"], kCvssV4Pattern)) out.push_back("CVSS_V4 score does not match");
      if (type == "CVSS_V3" &&
          !matches(s["score"], std::string("^CVSS:3[.][01]/(") + kOsvCvssV3Metric + "/)*" + kOsvCvssV3Metric + "$"))
        out.push_back("CVSS_V3 score does not match");
      if (type != "CVSS_V4" && type != "CVSS_V3" && type != "CVSS_V2" && type != "Ubuntu")
        out.push_back("severity type '" + type + "'");
    }
  }
  if (r.contains("affected")) {
    for (const Json& a : r["affected"]) {
      only_keys(a, {"package", "severity", "ranges", "versions", "ecosystem_specific", "database_specific"}, "affected",
                out);
      if (r.contains("severity") && a.contains("severity") && !a["severity"].is_null())
        out.push_back("affected[].severity must be null when the record has severity");
      if (a.contains("package")) {
        required(a["package"], {"ecosystem", "name"}, "package", out);
        if (!matches(a["package"]["ecosystem"],
                     "^(AlmaLinux|Alpaquita|Alpine|Android|Azure Linux|BellSoft Hardened Containers|Bioconductor|"
                     "Bitnami|Chainguard|CleanStart|ConanCenter|CRAN|crates\\.io|Debian|Docker Hardened Images|Echo|"
                     "FreeBSD|GHC|GitHub Actions|Go|Hackage|Hex|Julia|Kubernetes|Linux|Mageia|Maven|MinimOS|npm|"
                     "NuGet|opam|openEuler|openSUSE|OSS-Fuzz|Packagist|Photon OS|Pub|PyPI|Red Hat|Rocky Linux|Root|"
                     "RubyGems|SUSE|SwiftURL|TuxCare|Ubuntu|VSCode|Wolfi|GIT)(:.+)?$"))
          out.push_back("package ecosystem unknown");
      }
      if (a.contains("ranges")) {
        for (const Json& range : a["ranges"]) {
          required(range, {"type", "events"}, "range", out);
          const std::string type = range.value("type", "");
          if (type != "GIT" && type != "SEMVER" && type != "ECOSYSTEM") out.push_back("range type '" + type + "'");
          if (type == "GIT" && !range.contains("repo")) out.push_back("GIT range without repo");
          bool introduced = false, fixed = false, last_affected = false;
          if (!range.contains("events") || range["events"].empty()) out.push_back("range without events");
          for (const Json& event : range.value("events", Json::array())) {
            if (!event.is_object() || event.size() != 1) {
              out.push_back("event must hold exactly one of introduced/fixed/last_affected/limit");
              continue;
            }
            const std::string key = event.begin().key();
            if (key == "introduced")
              introduced = true;
            else if (key == "fixed")
              fixed = true;
            else if (key == "last_affected")
              last_affected = true;
            else if (key != "limit")
              out.push_back("unknown event '" + key + "'");
            if (!event.begin().value().is_string()) out.push_back("event value is not a string");
          }
          if (!introduced) out.push_back("events lack 'introduced'");
          if (fixed && last_affected) out.push_back("fixed and last_affected together");
        }
      }
    }
  }
  static const std::set<std::string> reference_types = {"ADVISORY", "ARTICLE",  "DETECTION",  "DISCUSSION",
                                                        "REPORT",   "FIX",      "INTRODUCED", "GIT",
                                                        "PACKAGE",  "EVIDENCE", "WEB"};
  if (r.contains("references"))
    for (const Json& ref : r["references"]) {
      required(ref, {"type", "url"}, "reference", out);
      if (!reference_types.count(ref.value("type", ""))) out.push_back("reference type");
    }
  static const std::set<std::string> credit_types = {"FINDER",
                                                     "REPORTER",
                                                     "ANALYST",
                                                     "COORDINATOR",
                                                     "REMEDIATION_DEVELOPER",
                                                     "REMEDIATION_REVIEWER",
                                                     "REMEDIATION_VERIFIER",
                                                     "TOOL",
                                                     "SPONSOR",
                                                     "OTHER"};
  if (r.contains("credits"))
    for (const Json& credit : r["credits"]) {
      required(credit, {"name"}, "credit", out);
      if (credit.contains("type") && !credit_types.count(credit.value("type", ""))) out.push_back("credit type");
    }
  if (r.contains("database_specific") && !r["database_specific"].is_object()) out.push_back("database_specific");
  return out;
}

// ---- CVE JSON 5.1 -------------------------------------------------------------------------------

inline const char* kUuid = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-4[0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$";
inline const char* kCveTimestamp =
    "^(((2000|2400|2800|(19|2[0-9](0[48]|[2468][048]|[13579][26])))-02-29)|(((19|2[0-9])[0-9]{2})-02-(0[1-9]|1[0-9]|"
    "2[0-8]))|(((19|2[0-9])[0-9]{2})-(0[13578]|10|12)-(0[1-9]|[12][0-9]|3[01]))|(((19|2[0-9])[0-9]{2})-(0[469]|11)-"
    "(0[1-9]|[12][0-9]|30)))T(2[0-3]|[01][0-9]):([0-5][0-9]):([0-5][0-9])(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$";
inline const char* kLanguage = "^[A-Za-z]{2,4}([_-][A-Za-z]{4})?([_-]([A-Za-z]{2}|[0-9]{3}))?$";

inline void check_length(const Json& value, std::size_t min, std::size_t max, const std::string& where,
                         Violations& out) {
  if (!value.is_string() || value.get<std::string>().size() < min || value.get<std::string>().size() > max)
    out.push_back(where + " length out of [" + std::to_string(min) + ", " + std::to_string(max) + "]");
}

inline void check_cvss_metric(const Json& m, const std::string& version, Violations& out) {
  required(m, {"version", "vectorString", "baseScore", "baseSeverity"}, "cvss" + version, out);
  if (m.value("version", "") != version) out.push_back("cvss version");
  if (version == "4.0" && !matches(m["vectorString"], kCvssV4Pattern)) out.push_back("cvssV4_0 vectorString");
  if (!m["baseScore"].is_number()) {
    out.push_back("baseScore is not a number");
    return;
  }
  const double score = m["baseScore"].get<double>();
  const double tenths = score * 10;
  if (std::abs(tenths - std::round(tenths)) > 1e-9) out.push_back("baseScore is not a multiple of 0.1");
  const std::string expected = score == 0  ? "NONE"
                               : score < 4 ? "LOW"
                               : score < 7 ? "MEDIUM"
                               : score < 9 ? "HIGH"
                                           : "CRITICAL";
  if (m.value("baseSeverity", "") != expected) out.push_back("baseSeverity does not match the score band");
}

inline Violations check_cve(const Json& r) {
  Violations out;
  only_keys(r, {"dataType", "dataVersion", "cveMetadata", "containers"}, "record", out);
  required(r, {"dataType", "dataVersion", "cveMetadata", "containers"}, "record", out);
  if (r.value("dataType", "") != "CVE_RECORD") out.push_back("dataType");
  if (r.value("dataVersion", "") != "5.1") out.push_back("dataVersion");
  const Json& meta = r.contains("cveMetadata") ? r["cveMetadata"] : Json::object();
  only_keys(meta,
            {"cveId", "assignerOrgId", "assignerShortName", "requesterUserId", "dateUpdated", "serial", "dateReserved",
             "datePublished", "state"},
            "cveMetadata", out);
  required(meta, {"cveId", "assignerOrgId", "state"}, "cveMetadata", out);
  if (meta.contains("cveId") && !matches(meta["cveId"], "^CVE-[0-9]{4}-[0-9]{4,19}$")) out.push_back("cveId");
  if (meta.contains("assignerOrgId") && !matches(meta["assignerOrgId"], kUuid)) out.push_back("assignerOrgId");
  if (meta.contains("assignerShortName")) check_length(meta["assignerShortName"], 2, 32, "assignerShortName", out);
  if (meta.value("state", "") != "PUBLISHED") out.push_back("state");
  for (const char* key : {"datePublished", "dateReserved", "dateUpdated"})
    if (meta.contains(key) && !matches(meta[key], kCveTimestamp)) out.push_back(key);

  const Json containers = r.value("containers", Json::object());
  only_keys(containers, {"cna", "adp"}, "containers", out);
  required(containers, {"cna"}, "containers", out);
  const Json cna = containers.value("cna", Json::object());
  static const std::set<std::string> cna_keys = {"providerMetadata", "dateAssigned", "datePublic",      "title",
                                                 "descriptions",     "affected",     "problemTypes",    "references",
                                                 "impacts",          "metrics",      "configurations",  "workarounds",
                                                 "solutions",        "exploits",     "timeline",        "credits",
                                                 "source",           "tags",         "taxonomyMappings"};
  for (const auto& [key, value] : cna.items())
    if (!cna_keys.count(key) && !std::regex_match(key, std::regex("^x_[^.]*$"))) out.push_back("cna key " + key);
  required(cna, {"providerMetadata", "descriptions", "affected", "references"}, "cna", out);
  const Json provider = cna.value("providerMetadata", Json::object());
  only_keys(provider, {"orgId", "shortName", "dateUpdated"}, "providerMetadata", out);
  required(provider, {"orgId"}, "providerMetadata", out);
  if (provider.contains("orgId") && !matches(provider["orgId"], kUuid)) out.push_back("providerMetadata.orgId");
  for (const char* key : {"dateAssigned", "datePublic"})
    if (cna.contains(key) && !matches(cna[key], kCveTimestamp)) out.push_back(key);
  if (cna.contains("title")) check_length(cna["title"], 1, 256, "title", out);

  bool english = false;
  for (const Json& d : cna.value("descriptions", Json::array())) {
    only_keys(d, {"lang", "value", "supportingMedia"}, "description", out);
    required(d, {"lang", "value"}, "description", out);
    if (!matches(d["lang"], kLanguage)) out.push_back("description lang");
    if (matches(d["lang"], "^en([_-][A-Za-z]{4})?([_-]([A-Za-z]{2}|[0-9]{3}))?$")) english = true;
    check_length(d["value"], 1, 4096, "description value", out);
  }
  if (!english) out.push_back("descriptions contain no English description");

  const Json affected = cna.value("affected", Json::array());
  if (affected.empty()) out.push_back("affected is empty");
  for (const Json& p : affected) {
    const bool vendor_product = p.contains("vendor") && p.contains("product");
    const bool collection = p.contains("collectionURL") && p.contains("packageName");
    if (!vendor_product && !collection) out.push_back("product needs vendor+product or collectionURL+packageName");
    if (!p.contains("versions") && !p.contains("defaultStatus"))
      out.push_back("product needs versions or defaultStatus");
    if (p.contains("defaultStatus") && !matches(p["defaultStatus"], "^(affected|unaffected|unknown)$"))
      out.push_back("defaultStatus");
    for (const Json& v : p.value("versions", Json::array())) {
      only_keys(v, {"version", "status", "versionType", "lessThan", "lessThanOrEqual", "changes"}, "version", out);
      required(v, {"version", "status"}, "version", out);
      if (!matches(v["status"], "^(affected|unaffected|unknown)$")) out.push_back("version status");
      if ((v.contains("lessThan") || v.contains("lessThanOrEqual")) && !v.contains("versionType"))
        out.push_back("a version range needs versionType");
      check_length(v["version"], 1, 1024, "version", out);
    }
  }

  for (const Json& pt : cna.value("problemTypes", Json::array())) {
    only_keys(pt, {"descriptions"}, "problemType", out);
    for (const Json& d : pt.value("descriptions", Json::array())) {
      only_keys(d, {"lang", "description", "cweId", "type", "references"}, "problemType description", out);
      required(d, {"lang", "description"}, "problemType description", out);
      if (d.contains("cweId") &&
          (!matches(d["cweId"], "^CWE-[1-9][0-9]*$") || d["cweId"].get<std::string>().size() > 9))
        out.push_back("cweId");
    }
  }

  for (const Json& m : cna.value("metrics", Json::array())) {
    only_keys(m, {"format", "scenarios", "cvssV4_0", "cvssV3_1", "cvssV3_0", "cvssV2_0", "other"}, "metric", out);
    if (!m.contains("cvssV4_0") && !m.contains("cvssV3_1") && !m.contains("cvssV3_0") && !m.contains("cvssV2_0") &&
        !m.contains("other"))
      out.push_back("metric without a score");
    if (m.contains("cvssV4_0")) check_cvss_metric(m["cvssV4_0"], "4.0", out);
    if (m.contains("cvssV3_1")) check_cvss_metric(m["cvssV3_1"], "3.1", out);
  }

  static const std::set<std::string> tags = {"broken-link",
                                             "customer-entitlement",
                                             "exploit",
                                             "government-resource",
                                             "issue-tracking",
                                             "mailing-list",
                                             "mitigation",
                                             "not-applicable",
                                             "patch",
                                             "permissions-required",
                                             "media-coverage",
                                             "product",
                                             "related",
                                             "release-notes",
                                             "signature",
                                             "technical-description",
                                             "third-party-advisory",
                                             "vendor-advisory",
                                             "vdb-entry"};
  const Json references = cna.value("references", Json::array());
  if (references.empty()) out.push_back("references is empty");
  std::set<std::string> urls;
  for (const Json& ref : references) {
    only_keys(ref, {"url", "name", "tags"}, "reference", out);
    required(ref, {"url"}, "reference", out);
    if (!urls.insert(ref.value("url", "")).second) out.push_back("duplicate reference");
    for (const Json& tag : ref.value("tags", Json::array()))
      if (!tags.count(tag.get<std::string>())) out.push_back("reference tag " + tag.get<std::string>());
  }
  static const std::set<std::string> credit_types = {"finder",
                                                     "reporter",
                                                     "analyst",
                                                     "coordinator",
                                                     "remediation developer",
                                                     "remediation reviewer",
                                                     "remediation verifier",
                                                     "tool",
                                                     "sponsor",
                                                     "other"};
  for (const Json& credit : cna.value("credits", Json::array())) {
    only_keys(credit, {"lang", "value", "user", "type"}, "credit", out);
    required(credit, {"lang", "value"}, "credit", out);
    if (credit.contains("type") && !credit_types.count(credit.value("type", ""))) out.push_back("credit type");
  }
  return out;
}

}  // namespace tocsin::documents::testing
