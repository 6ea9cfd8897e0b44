// JSON and SARIF forms of the findings. Both are built from Finding, which holds no secret.
#include <map>

#include "core/sarif.h"
#include "secrets/secrets.h"

namespace tocsin::secrets {
namespace {

using Json = nlohmann::ordered_json;

Json revoke_json(const std::string& registry) {
  const Revocation revocation = revocation_for(registry);
  Json out{{"registry", revocation.registry}, {"page", revocation.page}, {"steps", revocation.steps}};
  if (revocation.page.empty()) out["page"] = nullptr;
  return out;
}

Json finding_json(const Finding& finding) {
  Json out;
  out["detector"] = finding.detector;
  out["kind"] = finding.kind;
  out["file"] = finding.file;
  out["line"] = finding.line;
  out["column"] = finding.column;
  if (finding.commit)
    out["commit"] = {{"id", finding.commit->id}, {"author", finding.commit->author}, {"date", finding.commit->date}};
  else
    out["commit"] = nullptr;
  out["fingerprint"] = finding.fingerprint;
  out["redacted"] = finding.redacted;
  out["validated"] = validation_name(finding.validated);
  out["confidence"] = confidence_name(finding.confidence);
  out["expired"] = finding.expired ? Json(*finding.expired) : Json(nullptr);
  if (!finding.issuer.empty() || !finding.subject.empty() || finding.expires_at) {
    out["claims"] = {{"iss", finding.issuer}, {"sub", finding.subject}};
    out["claims"]["exp"] = finding.expires_at ? Json(*finding.expires_at) : Json(nullptr);
  }
  if (!finding.origin.empty()) out["origin"] = finding.origin;
  if (!finding.note.empty()) out["note"] = finding.note;
  out["revoke"] = revoke_json(finding.registry);
  out["playbook"] = "leaked-credentials";
  return out;
}

std::string sarif_level(Confidence confidence) {
  switch (confidence) {
    case Confidence::High: return "error";
    case Confidence::Medium: return "warning";
    case Confidence::Low: return "note";
  }
  return "note";
}

}  // namespace

Json findings_json(const std::vector<Finding>& findings) {
  Json document;
  document["schema_version"] = 1;
  document["findings"] = Json::array();
  for (const Finding& finding : findings) document["findings"].push_back(finding_json(finding));
  return document;
}

Json findings_sarif(const std::vector<Finding>& findings) {
  std::map<std::string, std::size_t> rule_index;
  Json rules = Json::array();
  Json results = Json::array();
  for (const Finding& finding : findings) {
    auto [it, added] = rule_index.emplace(finding.detector, rules.size());
    if (added) {
      const Revocation revocation = revocation_for(finding.registry);
      rules.push_back(
          {{"id", finding.detector},
           {"name", finding.detector},
           {"shortDescription", {{"text", "Leaked credential: " + finding.kind}}},
           {"help", {{"text", revocation.steps + (revocation.page.empty() ? "" : " (" + revocation.page + ")")}}}});
    }
    Json location = {{"physicalLocation",
                      {{"artifactLocation", {{"uri", finding.file}}},
                       {"region",
                        {{"startLine", std::max<std::size_t>(1, finding.line)},
                         {"startColumn", std::max<std::size_t>(1, finding.column)}}}}}};
    std::string text = finding.kind + " " + finding.redacted + " (fingerprint " + finding.fingerprint + ", " +
                       std::string(validation_name(finding.validated)) + ", " +
                       std::string(confidence_name(finding.confidence)) + " confidence)";
    if (finding.commit) text += " introduced in commit " + finding.commit->id;
    results.push_back({{"ruleId", finding.detector},
                       {"ruleIndex", it->second},
                       {"level", sarif_level(finding.confidence)},
                       {"message", {{"text", text}}},
                       {"locations", Json::array({location})},
                       {"partialFingerprints", {{"secretFingerprint/v1", finding.fingerprint}}}});
  }
  return sarif_log("tocsin", TOCSIN_VERSION, std::move(rules), std::move(results));
}

}  // namespace tocsin::secrets
