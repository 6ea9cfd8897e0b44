// The baseline: accepted findings (test fixtures, revoked examples) keyed by fingerprint, each
// with the reason it was accepted, as gitleaks' .gitleaksignore. It holds no secret.
#include <set>

#include "core/error.h"
#include "core/text.h"
#include "secrets/detector.h"
#include "secrets/secrets.h"

namespace tocsin::secrets {

std::vector<BaselineEntry> read_baseline(const std::string& path) {
  const std::string text = read_file(path);
  nlohmann::json document = parse_json_quietly(path, text);
  if (!document.is_object() || !document.contains("entries") || !document["entries"].is_array())
    throw Error(path, 0, 0, "expected {\"schema_version\": 1, \"entries\": [...]}");
  std::vector<BaselineEntry> entries;
  std::size_t index = 0;
  for (const auto& item : document["entries"]) {
    ++index;
    auto text_of = [&](const char* key) {
      auto found = item.find(key);
      return found != item.end() && found->is_string() ? found->get<std::string>() : std::string();
    };
    if (!item.is_object()) throw Error(path, 0, 0, "entry " + std::to_string(index) + " is not an object");
    BaselineEntry entry{text_of("fingerprint"), text_of("detector"), text_of("redacted"), text_of("file"),
                        text_of("reason")};
    if (entry.fingerprint.empty())
      throw Error(path, 0, 0, "entry " + std::to_string(index) + " has no \"fingerprint\"");
    if (trim(entry.reason).empty())
      throw Error(path, 0, 0,
                  "entry " + std::to_string(index) + " (" + entry.fingerprint +
                      ") has no \"reason\": say why this finding is accepted");
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::string write_baseline(const std::vector<BaselineEntry>& entries) {
  nlohmann::ordered_json document;
  document["schema_version"] = 1;
  document["entries"] = nlohmann::ordered_json::array();
  for (const BaselineEntry& entry : entries)
    document["entries"].push_back({{"fingerprint", entry.fingerprint},
                                   {"detector", entry.detector},
                                   {"redacted", entry.redacted},
                                   {"file", entry.file},
                                   {"reason", entry.reason}});
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::size_t apply_baseline(std::vector<Finding>& findings, const std::vector<BaselineEntry>& baseline) {
  std::set<std::string> accepted;
  for (const BaselineEntry& entry : baseline) accepted.insert(entry.fingerprint);
  const std::size_t before = findings.size();
  std::erase_if(findings, [&](const Finding& finding) { return accepted.count(finding.fingerprint) != 0; });
  return before - findings.size();
}

}  // namespace tocsin::secrets
