// SARIF 2.1.0 as GitHub code scanning accepts it: one rule per vulnerability, one result per
// finding located at the package's declaration line in its lockfile. VEX-suppressed findings
// are kept with a SARIF `suppressions` entry, which GitHub shows as dismissed.
//
// Alert identity: GitHub matches alerts across uploads by `partialFingerprints`
// .primaryLocationLineHash (computed by the upload action only when absent, never through the
// API). tocsin writes it as "<16 hex digits>:1", FNV-1a 64 of ecosystem, package, version,
// advisory id and the lockfile's URI relative to %SRCROOT% — the same from any working
// directory, and stable when the lockfile's lines move. URIs are relative to %SRCROOT% (see
// Report::source_root) and percent-encoded (RFC 3986). Informational advisories (unmaintained,
// unsound, notices) are not tagged `security` and carry no security-severity: GitHub then lists
// them as code-quality alerts, not vulnerabilities.
#include "core/sarif.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "report/writers.h"

namespace tocsin::report {
namespace {

using Json = nlohmann::ordered_json;

std::string sarif_level(const scan::Finding& finding) {
  if (finding.level == "critical" || finding.level == "high") return "error";
  if (finding.level == "medium") return "warning";
  return "note";
}

std::string format_score(double score) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.1f", score);
  return buffer;
}

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string line_hash(std::string_view identity) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%016llx:1", static_cast<unsigned long long>(fnv1a64(identity)));
  return buffer;
}

Json rule_for(const scan::Finding& finding) {
  std::string title = finding.summary.empty() ? finding.id : finding.summary;
  std::string help = title;
  if (!finding.aliases.empty()) {
    help += "\n\nAliases:";
    for (const std::string& alias : finding.aliases) help += " " + alias;
  }
  if (!finding.url.empty()) help += "\n\n" + finding.url;
  Json rule;
  rule["id"] = finding.id;
  rule["name"] = finding.informational.empty() ? "VulnerableDependency" : "InformationalAdvisory";
  rule["shortDescription"] = {{"text", finding.id + ": " + title}};
  rule["fullDescription"] = {{"text", title}};
  if (!finding.url.empty()) rule["helpUri"] = finding.url;
  rule["help"] = {{"text", help}, {"markdown", help}};
  rule["defaultConfiguration"] = {{"level", sarif_level(finding)}};
  if (!finding.informational.empty()) {
    rule["properties"] = {{"tags", Json::array({"informational", finding.informational})}, {"precision", "very-high"}};
    return rule;
  }
  Json tags = Json::array({"security", "vulnerability"});
  if (finding.malicious) tags.push_back("malicious");
  if (finding.kev) tags.push_back("kev");
  rule["properties"] = {
      {"tags", tags}, {"precision", "very-high"}, {"security-severity", format_score(security_severity(finding))}};
  return rule;
}

class SarifWriter final : public Writer {
 public:
  std::string_view format() const override { return "sarif"; }
  void write(std::ostream& out, const Report& report) const override {
    Json rules = Json::array();
    std::map<std::string, std::size_t> rule_index;
    Json results = Json::array();
    for (const scan::Finding& finding : *report.findings) {
      auto [it, added] = rule_index.emplace(finding.id, rules.size());
      if (added) rules.push_back(rule_for(finding));
      std::string message = finding.name + "@" + finding.version + " is affected by " + finding.id;
      if (!finding.summary.empty()) message += ": " + finding.summary;
      if (!finding.fixed_version.empty()) message += " (fixed in " + finding.fixed_version + ")";
      if (finding.kev) message += " [CISA KEV since " + finding.kev->date_added + "]";
      if (!finding.release_path) message += " [dev-only: not on the release path]";
      auto mapped = report.lockfile_uris.find(finding.lockfile);
      const std::string& path = mapped == report.lockfile_uris.end() ? finding.lockfile : mapped->second;
      const std::string uri = percent_encode_path(path);
      Json artifact = {{"uri", uri}};
      if (!starts_with(path, "/")) artifact["uriBaseId"] = "%SRCROOT%";
      const std::string identity = std::string(ecosystem_name(finding.ecosystem)) + "/" + finding.name + "@" +
                                   finding.version + "/" + finding.id + " in " + path;
      Json result;
      result["ruleId"] = finding.id;
      result["ruleIndex"] = it->second;
      result["level"] = sarif_level(finding);
      result["message"] = {{"text", message}};
      result["locations"] = Json::array(
          {{{"physicalLocation",
             {{"artifactLocation", artifact}, {"region", {{"startLine", finding.line > 0 ? finding.line : 1}}}}}}});
      result["partialFingerprints"] = {{"primaryLocationLineHash", line_hash(identity)},
                                       {"tocsinFinding/v1", identity}};
      if (finding.suppressed) {
        std::string justification = finding.suppressed->status;
        if (!finding.suppressed->justification.empty()) justification += ": " + finding.suppressed->justification;
        justification += " (" + finding.suppressed->file + ")";
        result["suppressions"] =
            Json::array({{{"kind", "external"}, {"status", "accepted"}, {"justification", justification}}});
      }
      results.push_back(std::move(result));
    }
    Json document = sarif_log("tocsin", report.tool_version, std::move(rules), std::move(results));
    if (!report.source_root.empty()) {
      std::string root = "file://" + percent_encode_path(report.source_root);
      if (!ends_with(root, "/")) root += '/';
      document["runs"][0]["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", root}}}};
    }
    out << document.dump(2) << '\n';
  }
};

}  // namespace

std::unique_ptr<Writer> make_sarif_writer() { return std::make_unique<SarifWriter>(); }

}  // namespace tocsin::report
