// tocsin.toml, the project configuration: found by one rule, parsed once, every top-level key
// owned by exactly one section, each module handed its typed section.
//
// Finding the file (the one rule, documented in the README "Configuration"):
//   1. `--config FILE` when given (it must exist);
//   2. else DIR/tocsin.toml when it exists, where DIR is the command's project directory: the
//      DIR argument of `scan`, `--repo` of `incident`, the documents and `policy show` (default .);
//   3. else the built-in defaults (path() is empty).
// Parent directories are not searched: `policy show`, `scan DIR` and `incident --repo DIR` read
// the same file for the same directory.
//
// Strictness: a top-level key or table no section owns (`[polcy]`, `foo = 1`) is an error with
// file:line:col naming the known ones; each section reader rejects its own unknown keys likewise.
//
// Sections today (src/config/sections.cpp):
//   policy::Policy      [policy]                    (policy/policy_toml.h)
//   incident::Config    cna, [incident], [roles]    (incident/config_toml.h; its `policy` member
//                                                    is filled from [policy] by incident_config())
//   config::ProjectInfo [project]                   (config/project_section.h)
//   config::ReleaseSection [release]                (config/release_section.h; `release history|tags`,
//                                                    `ci audit`)
//   config::StoreSection [store]                   (config/store_section.h; the incident record's URL)
//
// ADDING A SECTION (e.g. [release], [secrets], [ci], [redteam] for new commands) — one file and
// one registration line:
//   1. src/config/<name>_section.{h,cpp}: a struct with the defaults as member initializers and
//      `Struct read_<name>_section(const toml::table& document, const std::string& path)` that
//      reads document.get("<name>") (absent: defaults) and throws Error(path, line, column, …)
//      for wrong types and unknown keys (core/toml.h: toml_fail_at and TomlReader's getters);
//   2. one line in sections.cpp: `section<Struct>({"<name>"}, &read_<name>_section),`.
// Commands then read `ProjectConfig::load(dir, config_option).get<Struct>()`. The reader is also
// called with an empty document when there is no file, so get<T>() always has a value.
#pragma once

#include <toml++/toml.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <typeindex>
#include <vector>

#include "core/error.h"
#include "incident/config.h"

namespace tocsin::config {

inline constexpr const char* kConfigFileName = "tocsin.toml";

class ProjectConfig {
 public:
  // The rule above. Throws Error(path, line, column, …) for a missing explicit file, invalid TOML,
  // unknown top-level keys and whatever a section reader rejects.
  static ProjectConfig load(const std::string& project_dir, const std::string& explicit_path = {});
  // The file's text as if read from `path`.
  static ProjectConfig parse(std::string_view toml_text, const std::string& path);
  // Every section at its defaults (no file).
  static ProjectConfig defaults();

  // The file read, or "" for the built-in defaults.
  const std::string& path() const { return path_; }
  bool from_file() const { return !path_.empty(); }
  // "path" or "built-in defaults", for messages and `policy show`.
  std::string describe() const { return path_.empty() ? "built-in defaults" : path_; }

  // The typed section; every registered type is present.
  template <class Section>
  const Section& get() const {
    auto found = sections_.find(std::type_index(typeid(Section)));
    if (found == sections_.end()) throw Error("internal: configuration section not registered");
    return *static_cast<const Section*>(found->second.get());
  }

  // incident::Config with its policy taken from [policy] and its source set.
  incident::Config incident_config() const;

 private:
  static ProjectConfig from_document(const toml::table& document, const std::string& path);
  std::string path_;
  std::map<std::type_index, std::shared_ptr<const void>> sections_;
};

// The registry (sections.cpp).
struct SectionSpec {
  std::vector<std::string> keys;  // top-level keys / tables the section owns
  std::type_index type;
  std::function<std::shared_ptr<const void>(const toml::table& document, const std::string& path)> read;
};

template <class Section>
SectionSpec section(std::vector<std::string> keys, Section (*read)(const toml::table&, const std::string&)) {
  return SectionSpec{std::move(keys), std::type_index(typeid(Section)),
                     [read](const toml::table& document, const std::string& path) -> std::shared_ptr<const void> {
                       return std::make_shared<const Section>(read(document, path));
                     }};
}

const std::vector<SectionSpec>& registered_sections();

}  // namespace tocsin::config
