// `ci audit` output: JSON for scripts, SARIF 2.1.0 for code scanning, a table for people.
#include <map>
#include <nlohmann/json.hpp>

#include "ci/ci.h"
#include "core/diagnostic.h"
#include "core/sarif.h"

namespace tocsin::ci {
namespace {

using Json = nlohmann::ordered_json;

std::string sarif_level(std::string_view level) {
  if (level == "critical" || level == "high") return "error";
  if (level == "medium") return "warning";
  return "note";
}

const char* security_severity(std::string_view level) {
  if (level == "critical") return "9.5";
  if (level == "high") return "7.5";
  if (level == "medium") return "5.0";
  if (level == "low") return "3.0";
  return "0.0";
}

Json trust_json(const AuditReport& report) {
  Json trust;
  if (report.trust == nullptr) {
    trust["path"] = report.trust_path;
    trust["read"] = false;
    trust["note"] = "trust document not found: only the generic rules ran";
    return trust;
  }
  trust["path"] = report.trust->path;
  trust["read"] = true;
  trust["allowlist"] = report.trust->allowlist.size();
  trust["oidc_subjects"] = report.trust->oidc.size();
  trust["egress_workflows"] = report.trust->egress.size();
  Json notes = Json::array();
  for (const Diagnostic& note : report.trust->notes) notes.push_back(to_json(note));
  trust["unread"] = notes;
  return trust;
}

}  // namespace

std::string render_audit_json(const AuditReport& report) {
  Json document;
  document["schema_version"] = 1;
  document["trust"] = trust_json(report);
  Json errors = Json::array();
  if (report.workflows != nullptr)
    for (const Diagnostic& e : report.workflows->errors) {
      Json error = to_json(e);
      error["file"] = e.location.path;  // the key of schema_version 1 before `path`; kept for scripts
      errors.push_back(std::move(error));
    }
  document["errors"] = errors;
  document["workflows"] = report.workflows != nullptr ? report.workflows->workflows.size() : 0;
  Json findings = Json::array();
  for (const AuditFinding& f : *report.findings) {
    Json item = {{"rule", f.rule}, {"level", f.level}, {"file", f.file}, {"line", f.line},       {"column", f.column},
                 {"job", f.job},   {"step", f.step},   {"uses", f.uses}, {"message", f.message}, {"policy", f.policy}};
    if (!f.advisory.empty()) item["advisory"] = f.advisory;
    findings.push_back(std::move(item));
  }
  document["findings"] = findings;
  return document.dump(2) + "\n";
}

std::string render_audit_sarif(const AuditReport& report) {
  Json rule_list = Json::array();
  std::map<std::string, std::size_t> index;
  for (const RuleInfo& rule : rules()) {
    index[std::string(rule.id)] = rule_list.size();
    rule_list.push_back({{"id", rule.id},
                         {"name", rule.id},
                         {"shortDescription", {{"text", rule.policy}}},
                         {"fullDescription", {{"text", rule.policy}}},
                         {"help", {{"text", rule.policy}, {"markdown", rule.policy}}},
                         {"defaultConfiguration", {{"level", sarif_level(rule.level)}}},
                         {"properties",
                          {{"tags", Json::array({"security", "ci"})},
                           {"precision", "high"},
                           {"security-severity", security_severity(rule.level)}}}});
  }
  Json results = Json::array();
  for (const AuditFinding& f : *report.findings) {
    Json result;
    result["ruleId"] = f.rule;
    result["ruleIndex"] = index[f.rule];
    result["level"] = sarif_level(f.level);
    result["message"] = {{"text", f.message}};
    Json region = {{"startLine", f.line > 0 ? f.line : 1}};
    if (f.column > 0) region["startColumn"] = f.column;
    result["locations"] =
        Json::array({{{"physicalLocation",
                       {{"artifactLocation", {{"uri", f.file}, {"uriBaseId", "%SRCROOT%"}}}, {"region", region}}}}});
    result["partialFingerprints"] = {
        {"tocsinCi/v1", f.rule + "/" + f.file + "/" + f.job + "/" + f.step + "/" + f.uses + "/" + f.advisory}};
    results.push_back(std::move(result));
  }
  return sarif_log("tocsin", report.tool_version, std::move(rule_list), std::move(results)).dump(2) + "\n";
}

std::string render_audit_table(const AuditReport& report) {
  std::string out;
  if (report.trust == nullptr)
    out += "trust document " + report.trust_path + " not found: only the generic rules ran\n";
  else
    for (const Diagnostic& note : report.trust->notes) out += format_diagnostic(note) + "\n";
  if (report.workflows != nullptr)
    for (const Diagnostic& e : report.workflows->errors) out += format_diagnostic(e) + "\n";
  for (const AuditFinding& f : *report.findings) {
    out += f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + "  " + f.level + "  " + f.rule;
    if (!f.job.empty()) out += "  job " + f.job;
    out += "\n    " + f.message + "\n";
  }
  std::size_t workflows = report.workflows != nullptr ? report.workflows->workflows.size() : 0;
  out += std::to_string(report.findings->size()) + " finding(s) in " + std::to_string(workflows) + " file(s)\n";
  return out;
}

}  // namespace tocsin::ci
