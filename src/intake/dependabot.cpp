// Dependabot alerts (GitHub REST: GET /repos/{owner}/{repo}/dependabot/alerts) → incidents of the
// vulnerable-dependency playbook, one per alert.
#include <fmt/format.h>

#include <set>

#include "core/error.h"
#include "core/text.h"
#include "intake/fields.h"
#include "intake/intake.h"
#include "intake/triage.h"

namespace tocsin::intake {
namespace {

// "OWNER/REPO" from an alert's html_url or API url, or "" when neither names it.
std::string repository_of(const nlohmann::json& alert) {
  for (const char* key : {"html_url", "url"}) {
    const std::string url = text(alert, {key});
    for (std::string_view prefix : {"https://github.com/", "https://api.github.com/repos/"}) {
      if (!starts_with(url, prefix)) continue;
      const auto parts = split(std::string_view(url).substr(prefix.size()), '/');
      if (parts.size() >= 2 && !parts[0].empty() && !parts[1].empty())
        return std::string(parts[0]) + "/" + std::string(parts[1]);
    }
  }
  return {};
}

}  // namespace

std::vector<incident::ExternalReport> dependabot_reports(const std::string& path, const std::vector<ListItem>& alerts,
                                                         const Context& context) {
  std::vector<incident::ExternalReport> reports;
  for (const ListItem& item : alerts) {
    const nlohmann::json& alert = item.value;
    const nlohmann::json& number = member(alert, {"number"});
    if (!number.is_number_integer())
      throw Error(path, 0, 0, fmt::format("entry {}: a Dependabot alert needs an integer \"number\"", item.index));
    const std::string where = fmt::format("entry {} (alert #{})", item.index, number.get<long long>());
    const std::string state = text(alert, {"state"});
    if (state.empty()) throw Error(path, 0, 0, where + ": no \"state\"");

    std::string ecosystem = text(alert, {"dependency", "package", "ecosystem"});
    std::string name = text(alert, {"dependency", "package", "name"});
    if (name.empty()) {
      ecosystem = text(alert, {"security_vulnerability", "package", "ecosystem"});
      name = text(alert, {"security_vulnerability", "package", "name"});
    }
    if (name.empty() || ecosystem.empty())
      throw Error(path, 0, 0, where + ": no package (dependency.package.ecosystem and .name)");
    ecosystem = osv_ecosystem(ecosystem);

    const nlohmann::json& advisory = member(alert, {"security_advisory"});
    const std::string ghsa = text(advisory, {"ghsa_id"});
    const std::string cve = text(advisory, {"cve_id"});
    const std::string summary = text(advisory, {"summary"});
    std::vector<std::string> ids;
    for (const std::string& id : {ghsa, cve})
      if (!id.empty()) ids.push_back(id);
    for (const nlohmann::json& identifier : member(advisory, {"identifiers"}))
      if (std::string value = text(identifier, {"value"}); !value.empty()) ids.push_back(value);

    AdvisoryFacts facts;
    facts.ids = ids;
    facts.cvss = preferred_cvss(advisory);
    facts.github_severity = text(advisory, {"severity"});
    facts.text = summary + "\n" + text(advisory, {"description"});
    for (const nlohmann::json& cwe : member(advisory, {"cwes"}))
      if (std::string id = text(cwe, {"cwe_id"}); !id.empty()) facts.cwes.push_back(id);
    const Triage triage = triage_advisory(facts, context);

    const std::string repository = repository_of(alert);
    incident::ExternalReport report;
    report.key = fmt::format("github-dependabot:{}#{}", repository, number.get<long long>());
    report.state = state;
    report.opens = state == "open";
    report.fixed = state == "fixed";
    report.state_at = text(alert, {state == "fixed" ? "fixed_at" : state == "open" ? "updated_at" : "dismissed_at"});
    if (state == "auto_dismissed") report.state_at = text(alert, {"auto_dismissed_at"});
    if (state == "dismissed") {
      report.state_note = text(alert, {"dismissed_reason"});
      if (std::string comment = text(alert, {"dismissed_comment"}); !comment.empty())
        report.state_note += (report.state_note.empty() ? "" : ": ") + comment;
    }
    report.join_package = ecosystem + "/" + name;
    report.join_ids = triage.group;

    incident::OpenRequest& request = report.request;
    request.playbook = "vulnerable-dependency";
    request.title =
        fmt::format("{} {}: {}", name, ghsa.empty() ? cve : ghsa, summary.empty() ? "Dependabot alert" : summary);
    request.severity = triage.decision.level;
    request.severity_source = "policy";
    request.severity_why = triage.why;
    request.kev = triage.kev;
    request.cve = cve;
    request.cwe = facts.cwes.empty() ? "" : facts.cwes.front();
    request.cvss = facts.cvss;
    request.affected = text(alert, {"security_vulnerability", "vulnerable_version_range"});
    request.patched = text(alert, {"security_vulnerability", "first_patched_version", "identifier"});
    request.summary = summary;
    request.reported_at = instant(alert, {"created_at"}, path + " " + where + " created_at");
    if (!request.reported_at) throw Error(path, 0, 0, where + ": no \"created_at\"");
    request.external = {{"source", "github-dependabot"},
                        {"id", std::to_string(number.get<long long>())},
                        {"url", text(alert, {"html_url"})},
                        {"package", report.join_package},
                        {"manifest", text(alert, {"dependency", "manifest_path"})},
                        {"scope", text(alert, {"dependency", "scope"})},
                        {"release_path", release_path_verdict(context, ecosystem, name)}};
    if (!ghsa.empty()) request.external["ghsa"] = ghsa;
    if (!repository.empty()) request.external["repository"] = repository;
    reports.push_back(std::move(report));
  }
  return reports;
}

std::string osv_ecosystem(std::string_view github_ecosystem) {
  const std::string lower = to_lower(github_ecosystem);
  if (lower == "rust" || lower == "cargo") return "crates.io";
  if (lower == "pip" || lower == "pypi") return "PyPI";
  if (lower == "npm") return "npm";
  if (lower == "actions") return "GitHub Actions";
  if (lower == "go") return "Go";
  if (lower == "maven") return "Maven";
  if (lower == "nuget") return "NuGet";
  if (lower == "rubygems") return "RubyGems";
  if (lower == "composer") return "Packagist";
  if (lower == "pub") return "Pub";
  if (lower == "erlang") return "Hex";
  if (lower == "swift") return "SwiftURL";
  return std::string(github_ecosystem);
}

}  // namespace tocsin::intake
