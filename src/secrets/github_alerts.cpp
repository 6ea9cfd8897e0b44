// GitHub's own secret-scanning alerts (`gh api /repos/OWNER/REPO/secret-scanning/alerts`) as
// findings. The alert's `secret` field, when present, is only hashed (so a fingerprint matches
// the one `tocsin secrets scan` computes for the same token) and redacted, never kept.
#include "core/error.h"
#include "secrets/detector.h"
#include "secrets/secrets.h"

namespace tocsin::secrets {
namespace {

struct Mapping {
  const char* needle;  // substring of secret_type
  const char* detector;
  const char* registry;
  const char* prefix;  // public prefix for the redacted form
};

constexpr Mapping kMappings[] = {
    {"github", "github", "github", ""},
    {"npm", "npm", "npm", "npm_"},
    {"pypi", "pypi", "pypi", "pypi-"},
    {"crates", "crates-io", "crates.io", "cio"},
    {"aws", "aws", "aws", ""},
    {"slack", "slack", "slack", ""},
    {"stripe", "stripe", "stripe", ""},
    {"gitlab", "gitlab", "gitlab", "glpat-"},
    {"google", "google-api-key", "google", "AIza"},
};

std::string text_of(const nlohmann::json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::size_t number_of(const nlohmann::json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_number_unsigned() ? found->get<std::size_t>() : 0;
}

}  // namespace

std::vector<Finding> import_github_alerts(const std::string& path, std::string_view json) {
  const nlohmann::json alerts = parse_json_quietly(path, json);
  if (!alerts.is_array())
    throw Error(path, 0, 0, "expected the array returned by /repos/OWNER/REPO/secret-scanning/alerts");
  std::vector<Finding> findings;
  std::size_t index = 0;
  for (const auto& alert : alerts) {
    ++index;
    if (!alert.is_object()) throw Error(path, 0, 0, "alert " + std::to_string(index) + " is not an object");
    const std::string type = text_of(alert, "secret_type");
    Finding finding;
    finding.detector = "github-alert";
    finding.registry = "generic";
    std::string prefix;
    for (const Mapping& mapping : kMappings)
      if (type.find(mapping.needle) != std::string::npos) {
        finding.detector = mapping.detector;
        finding.registry = mapping.registry;
        prefix = mapping.prefix;
        break;
      }
    finding.kind = text_of(alert, "secret_type_display_name");
    if (finding.kind.empty()) finding.kind = type.empty() ? "Secret (GitHub alert)" : type;
    const std::string secret = text_of(alert, "secret");
    const std::string url = text_of(alert, "html_url");
    if (!secret.empty()) {
      // The prefix shown is the token's own when it starts with the expected one (ghp_ …).
      if (prefix.empty() && secret.size() > 4 && secret[3] == '_') prefix = secret.substr(0, 4);
      if (secret.rfind(prefix, 0) != 0) prefix.clear();
      finding.fingerprint = fingerprint(secret);
      finding.redacted = redact(secret, prefix);
    } else {
      finding.fingerprint = fingerprint("github-alert:" + url + "#" + std::to_string(number_of(alert, "number")));
      finding.redacted = "…";
    }
    finding.file = url;
    auto location = alert.find("first_location_detected");
    if (location != alert.end() && location->is_object()) {
      if (!text_of(*location, "path").empty()) finding.file = text_of(*location, "path");
      finding.line = number_of(*location, "start_line");
      finding.column = number_of(*location, "start_column");
      if (!text_of(*location, "commit_sha").empty()) finding.commit = Commit{text_of(*location, "commit_sha"), "", ""};
    }
    finding.validated = Validation::Pattern;
    const std::string validity = text_of(alert, "validity");
    finding.confidence = validity == "inactive" ? Confidence::Low : Confidence::High;
    finding.origin = "github-alert";
    finding.note = "alert #" + std::to_string(number_of(alert, "number")) + " " + text_of(alert, "state") +
                   (validity.empty() ? "" : ", validity " + validity);
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace tocsin::secrets
