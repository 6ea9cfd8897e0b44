#include "config/project_config.h"

#include <algorithm>
#include <filesystem>

#include "core/text.h"
#include "core/toml.h"
#include "policy/policy.h"

namespace tocsin::config {

ProjectConfig ProjectConfig::from_document(const toml::table& document, const std::string& path) {
  std::vector<std::string> known;
  for (const SectionSpec& spec : registered_sections()) known.insert(known.end(), spec.keys.begin(), spec.keys.end());
  std::sort(known.begin(), known.end());
  for (const auto& [key, value] : document) {
    const std::string name(key.str());
    if (std::binary_search(known.begin(), known.end(), name)) continue;
    std::string expected;
    for (const std::string& k : known) expected += (expected.empty() ? "" : ", ") + k;
    // A table header's region is the header itself; a key's, the key's value.
    const toml::source_region& where = key.source().begin.line != 0 ? key.source() : value.source();
    throw Error(
        path, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column),
        std::string(value.is_table() ? "unknown table [" + name + "]" : "unknown top-level key '" + name + "'") +
            " in " + kConfigFileName + " (expected one of " + expected + ")");
  }
  ProjectConfig config;
  config.path_ = path;
  for (const SectionSpec& spec : registered_sections()) config.sections_[spec.type] = spec.read(document, path);
  return config;
}

ProjectConfig ProjectConfig::parse(std::string_view toml_text, const std::string& path) {
  return from_document(parse_toml(path, toml_text), path);
}

ProjectConfig ProjectConfig::defaults() {
  ProjectConfig config = from_document(toml::table{}, "");
  return config;
}

ProjectConfig ProjectConfig::load(const std::string& project_dir, const std::string& explicit_path) {
  std::error_code error;
  if (!explicit_path.empty()) {
    if (!std::filesystem::exists(explicit_path, error))  // /dev/null: an empty configuration
      throw Error(explicit_path, 0, 0, "no such configuration file");
    return parse(read_file(explicit_path), explicit_path);
  }
  const std::filesystem::path candidate =
      std::filesystem::path(project_dir.empty() ? "." : project_dir) / kConfigFileName;
  if (!std::filesystem::exists(candidate, error)) return defaults();
  return parse(read_file(candidate.string()), candidate.string());
}

incident::Config ProjectConfig::incident_config() const {
  incident::Config config = get<incident::Config>();
  config.policy = get<policy::Policy>();
  config.source = describe();
  return config;
}

}  // namespace tocsin::config
