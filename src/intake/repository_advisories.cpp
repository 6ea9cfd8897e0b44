// Repository security advisories (GitHub REST: GET /repos/{owner}/{repo}/security-advisories),
// privately reported ones included → user-safety-report or reported-vulnerability incidents.
#include <fmt/format.h>

#include "core/error.h"
#include "intake/fields.h"
#include "intake/intake.h"
#include "intake/triage.h"

namespace tocsin::intake {
namespace {

// The reporter: a credit of type reporter or finder (credits_detailed, then credits), else the
// author of a private submission. Returns {login, whether it came from a credit}.
std::pair<std::string, bool> reporter_of(const nlohmann::json& advisory) {
  for (const char* type : {"reporter", "finder"}) {
    for (const nlohmann::json& credit : member(advisory, {"credits_detailed"}))
      if (text(credit, {"type"}) == type)
        if (std::string login = text(credit, {"user", "login"}); !login.empty()) return {"@" + login, true};
    for (const nlohmann::json& credit : member(advisory, {"credits"}))
      if (text(credit, {"type"}) == type)
        if (std::string login = text(credit, {"login"}); !login.empty()) return {"@" + login, true};
  }
  if (member(advisory, {"submission"}).is_object())
    if (std::string login = text(advisory, {"author", "login"}); !login.empty()) return {"@" + login, false};
  return {"", false};
}

}  // namespace

std::vector<incident::ExternalReport> advisory_reports(const std::string& path, const std::vector<ListItem>& advisories,
                                                       const Context& context) {
  std::vector<incident::ExternalReport> reports;
  for (const ListItem& item : advisories) {
    const nlohmann::json& advisory = item.value;
    const std::string ghsa = text(advisory, {"ghsa_id"});
    if (ghsa.empty())
      throw Error(path, 0, 0, fmt::format("entry {}: a repository advisory needs a \"ghsa_id\"", item.index));
    const std::string where = fmt::format("entry {} ({})", item.index, ghsa);
    const std::string state = text(advisory, {"state"});
    if (state.empty()) throw Error(path, 0, 0, where + ": no \"state\"");
    const std::string summary = text(advisory, {"summary"});
    const std::string cve = text(advisory, {"cve_id"});

    AdvisoryFacts facts;
    facts.ids = {ghsa};
    if (!cve.empty()) facts.ids.push_back(cve);
    facts.cvss = preferred_cvss(advisory);
    facts.github_severity = text(advisory, {"severity"});
    facts.text = summary + "\n" + text(advisory, {"description"});
    for (const nlohmann::json& cwe : member(advisory, {"cwes"}))
      if (std::string id = text(cwe, {"cwe_id"}); !id.empty()) facts.cwes.push_back(id);
    if (facts.cwes.empty())
      for (const nlohmann::json& id : member(advisory, {"cwe_ids"}))
        if (id.is_string()) facts.cwes.push_back(id.get<std::string>());
    const Triage triage = triage_advisory(facts, context);

    incident::ExternalReport report;
    report.key = "github-advisory:" + ghsa;
    report.state = state;
    report.opens = state == "triage" || state == "published";
    report.state_at = text(advisory, {state == "published"   ? "published_at"
                                      : state == "closed"    ? "closed_at"
                                      : state == "withdrawn" ? "withdrawn_at"
                                                             : "updated_at"});

    incident::OpenRequest& request = report.request;
    const bool user_safety = !triage.decision.user_safety_classes.empty();
    request.playbook = user_safety ? "user-safety-report" : "reported-vulnerability";
    request.title = summary.empty() ? ghsa : summary;
    if (user_safety) {
      request.user_safety_class = triage.decision.user_safety_classes.front();
    } else {
      request.severity = triage.decision.level;
      request.severity_source = "policy";
      request.severity_why = triage.why;
    }
    request.kev = triage.kev;
    request.cve = cve;
    request.cwe = facts.cwes.empty() ? "" : facts.cwes.front();
    request.cvss = facts.cvss;
    const nlohmann::json& vulnerability = member(advisory, {"vulnerabilities"});
    std::string package;
    if (vulnerability.is_array() && !vulnerability.empty()) {
      const std::string ecosystem = text(vulnerability.front(), {"package", "ecosystem"});
      const std::string name = text(vulnerability.front(), {"package", "name"});
      if (!ecosystem.empty() && !name.empty()) package = osv_ecosystem(ecosystem) + "/" + name;
      request.affected = text(vulnerability.front(), {"vulnerable_version_range"});
      request.patched = text(vulnerability.front(), {"patched_versions"});
    }
    request.summary = text(advisory, {"description"});
    const auto [reporter, credited] = reporter_of(advisory);
    request.reporter = reporter;
    if (credited) request.credit = "handle";
    request.reported_at = instant(advisory, {"created_at"}, path + " " + where + " created_at");
    if (!request.reported_at) throw Error(path, 0, 0, where + ": no \"created_at\"");
    request.external = {{"source", "github-advisory"}, {"id", ghsa}, {"url", text(advisory, {"html_url"})}};
    if (!package.empty()) request.external["package"] = package;
    reports.push_back(std::move(report));
  }
  return reports;
}

}  // namespace tocsin::intake
