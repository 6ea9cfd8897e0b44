// The four report formats of `redteam run`. None prints an answer or a canary: a leaked
// canary is named by its index and the form it was found in.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "core/sarif.h"
#include "redteam/redteam.h"

namespace tocsin::redteam {
namespace {

using Json = nlohmann::ordered_json;

std::string class_name(const std::string& id) {
  for (const auto& [known, name] : owasp_classes())
    if (known == id) return name;
  return id;
}

Json summary_json(const std::vector<CaseResult>& results) {
  Json out = Json::object();
  for (const auto& [cls, s] : summarize(results)) {
    Json entry{{"pass", s.pass}, {"bypass", s.bypass}, {"error", s.error}};
    if (cls.empty()) {
      out["total"] = entry;
    } else {
      out["by_class"][cls] = entry;
    }
  }
  return out;
}

std::string render_json(const std::vector<CaseResult>& results, const std::string& target) {
  Json document;
  document["schema_version"] = kReportSchemaVersion;
  document["target"] = target;
  document["summary"] = summary_json(results);
  document["cases"] = Json::array();
  for (const CaseResult& r : results) {
    Json entry;
    entry["id"] = r.c->id;
    entry["class"] = r.c->owasp_class;
    entry["verdict"] = verdict_name(r.judgement.verdict);
    entry["rule"] = r.judgement.rule;
    entry["detail"] = r.judgement.detail;
    entry["file"] = r.c->file;
    entry["seconds"] = static_cast<double>(static_cast<long long>(r.answer.seconds * 1000)) / 1000.0;
    if (!r.judge_verdict.empty()) entry["judge"] = Json{{"verdict", r.judge_verdict}, {"reason", r.judge_reason}};
    if (!r.incident.empty()) entry["incident"] = Json{{"id", r.incident}, {"action", r.incident_action}};
    document["cases"].push_back(entry);
  }
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        // XML 1.0 forbids most control characters even as references.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string render_junit(const std::vector<CaseResult>& results, const std::string& target) {
  const auto summary = summarize(results);
  const Summary& total = summary.front().second;  // "" sorts first
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"tocsin redteam\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
                     results.size(), total.bypass, total.error);
  for (const auto& [cls, s] : summary) {
    if (cls.empty()) continue;
    out << fmt::format("  <testsuite name=\"{} {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n", cls,
                       xml_escape(class_name(cls)), s.pass + s.bypass + s.error, s.bypass, s.error);
    out << "    <properties><property name=\"target\" value=\"" << xml_escape(target) << "\"/></properties>\n";
    for (const CaseResult& r : results) {
      if (r.c->owasp_class != cls) continue;
      out << fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" time=\"{:.3f}\"", cls,
                         xml_escape(r.c->id), xml_escape(r.c->file), r.answer.seconds);
      if (r.judgement.verdict == Verdict::Pass) {
        out << "/>\n";
        continue;
      }
      const char* tag = r.judgement.verdict == Verdict::Bypass ? "failure" : "error";
      out << fmt::format(">\n      <{} type=\"{}\" message=\"{}\"/>\n    </testcase>\n", tag,
                         xml_escape(r.judgement.rule), xml_escape(r.judgement.detail));
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
  return out.str();
}

std::string render_sarif(const std::vector<CaseResult>& results, const std::string& target) {
  Json rules = Json::array();
  for (const auto& [id, name] : owasp_classes())
    rules.push_back({{"id", id},
                     {"name", name},
                     {"shortDescription", {{"text", "OWASP LLM Top 10 2025 " + id + ": " + name}}},
                     {"helpUri", "https://genai.owasp.org/llm-top-10/"}});
  Json sarif_results = Json::array();
  for (const CaseResult& r : results) {
    if (r.judgement.verdict == Verdict::Pass) continue;
    const bool bypass = r.judgement.verdict == Verdict::Bypass;
    sarif_results.push_back(
        {{"ruleId", r.c->owasp_class},
         {"level", bypass ? "error" : "warning"},
         {"message",
          {{"text", fmt::format("case {}: {} ({}): {} [{}]", r.c->id, verdict_name(r.judgement.verdict),
                                r.judgement.rule, r.judgement.detail, target)}}},
         {"locations",
          {{{"physicalLocation", {{"artifactLocation", {{"uri", r.c->file}}}, {"region", {{"startLine", 1}}}}}}}},
         {"partialFingerprints", {{"redteamCase/v1", r.c->id + "/" + r.judgement.rule}}}});
  }
  const Json document = sarif_log("tocsin redteam", TOCSIN_VERSION, std::move(rules), std::move(sarif_results));
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_table(const std::vector<CaseResult>& results, const std::string& target) {
  std::ostringstream out;
  out << "target: " << target << "\n";
  std::size_t id_width = 4, rule_width = 4;
  for (const CaseResult& r : results) {
    id_width = std::max(id_width, r.c->id.size());
    rule_width = std::max(rule_width, r.judgement.rule.size());
  }
  out << fmt::format("{:<7}  {:<5}  {:<{}}  {:<{}}  {}\n", "VERDICT", "CLASS", "CASE", id_width, "RULE", rule_width,
                     "DETAIL");
  for (const CaseResult& r : results) {
    std::string detail = r.judgement.detail;
    if (!r.judge_verdict.empty()) detail += " [judge: " + r.judge_verdict + "]";
    if (!r.incident.empty()) detail += " [" + r.incident + " " + r.incident_action + "]";
    out << fmt::format("{:<7}  {:<5}  {:<{}}  {:<{}}  {}\n", verdict_name(r.judgement.verdict), r.c->owasp_class,
                       r.c->id, id_width, r.judgement.rule, rule_width, detail);
  }
  out << "\n";
  for (const auto& [cls, s] : summarize(results))
    out << fmt::format("{:<7}  pass {:>4}  bypass {:>4}  error {:>4}{}\n", cls.empty() ? "total" : cls, s.pass,
                       s.bypass, s.error, cls.empty() ? "" : "  " + class_name(cls));
  return out.str();
}

}  // namespace

std::string render_report(const std::vector<CaseResult>& results, std::string_view format,
                          const std::string& target_description) {
  if (format == "json") return render_json(results, target_description);
  if (format == "junit") return render_junit(results, target_description);
  if (format == "sarif") return render_sarif(results, target_description);
  if (format == "table") return render_table(results, target_description);
  throw Error("unknown report format '" + std::string(format) + "' (table, json, junit, sarif)");
}

}  // namespace tocsin::redteam
