// tocsin's JSON report, schema_version 1 (documented in the README).
#include <nlohmann/json.hpp>

#include "report/writers.h"

namespace tocsin::report {
namespace {

using Json = nlohmann::ordered_json;

Json or_null(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

Json finding_json(const scan::Finding& finding) {
  Json out;
  out["package"] = {{"ecosystem", ecosystem_name(finding.ecosystem)},
                    {"name", finding.name},
                    {"version", finding.version},
                    {"lockfile", finding.lockfile},
                    {"line", finding.line}};
  out["release_path"] = finding.release_path;
  out["paths"] = finding.paths;
  out["vulnerability"] = {{"id", finding.id},
                          {"aliases", finding.aliases},
                          {"summary", finding.summary},
                          {"url", or_null(finding.url)},
                          {"cvss", finding.cvss},
                          {"cwes", finding.cwes},
                          {"informational", or_null(finding.informational)},
                          {"malicious", finding.malicious}};
  out["fixed_version"] = or_null(finding.fixed_version);
  out["kev"] = finding.kev ? Json{{"cve", finding.kev->cve},
                                  {"vulnerability_name", finding.kev->vulnerability_name},
                                  {"date_added", finding.kev->date_added},
                                  {"due_date", finding.kev->due_date},
                                  {"known_ransomware_campaign_use", finding.kev->ransomware_use}}
                           : Json(nullptr);
  out["known_bad"] = finding.known_bad ? Json{{"reference", finding.known_bad->reference},
                                              {"file", finding.known_bad->file},
                                              {"line", finding.known_bad->line}}
                                       : Json(nullptr);
  out["severity"] = {{"level", finding.level},
                     {"why", finding.why},
                     {"sla_hours", finding.sla_hours},
                     {"score", finding.score ? Json(*finding.score) : Json(nullptr)}};
  out["suppressed"] = finding.suppressed ? Json{{"status", finding.suppressed->status},
                                                {"justification", or_null(finding.suppressed->justification)},
                                                {"impact_statement", or_null(finding.suppressed->impact_statement)},
                                                {"file", finding.suppressed->file}}
                                         : Json(nullptr);
  out["sources"] = finding.sources;
  // Only when there is something to say (scan/finding.h): most findings have none.
  if (!finding.notes.empty()) out["notes"] = finding.notes;
  return out;
}

class JsonWriter final : public Writer {
 public:
  std::string_view format() const override { return "json"; }
  void write(std::ostream& out, const Report& report) const override {
    Json document;
    document["schema_version"] = 1;
    document["tool"] = {{"name", "tocsin"}, {"version", report.tool_version}};
    std::size_t suppressed = 0;
    Json by_level = Json::object();
    for (const scan::Finding& finding : *report.findings) {
      if (finding.suppressed) {
        ++suppressed;
        continue;
      }
      by_level[finding.level] = by_level.value(finding.level, 0) + 1;
    }
    document["summary"] = {{"lockfiles", report.summary.lockfiles},
                           {"packages", report.summary.packages},
                           {"findings", report.findings->size() - suppressed},
                           {"suppressed", suppressed},
                           {"by_level", by_level}};
    Json findings = Json::array();
    for (const scan::Finding& finding : *report.findings) findings.push_back(finding_json(finding));
    document["findings"] = std::move(findings);
    out << document.dump(2) << '\n';
  }
};

}  // namespace

std::unique_ptr<Writer> make_json_writer() { return std::make_unique<JsonWriter>(); }

}  // namespace tocsin::report
