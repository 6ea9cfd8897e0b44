// Cargo.toml reader (cargo reference: "The Manifest Format", "Specifying Dependencies",
// "Workspaces"). Dependencies come out in file order, whatever table they are declared in.
//
// `workspace = true` is resolved here only against [workspace.dependencies] of the same file (a
// root that is also a package); a member's inheritance is left to the inventory module, which
// knows the workspace root: requirement stays empty and `workspace` is set. [workspace.dependencies]
// itself is an inheritance table, not the root's own dependencies, so it is never listed.
#include <toml++/toml.h>

#include <algorithm>
#include <array>

#include "core/error.h"
#include "core/text.h"
#include "core/toml.h"
#include "manifest/manifest.h"

namespace tocsin::manifest {
namespace {

using lockfile::DepKind;

[[noreturn]] void throw_at(const std::string& path, const toml::source_region& where, const std::string& message) {
  throw Error(path, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column), message);
}

const toml::table* table_at(const std::string& path, const toml::table& parent, std::string_view key,
                            std::string_view what) {
  const toml::node* node = parent.get(key);
  if (node == nullptr) return nullptr;
  if (!node->is_table()) throw_at(path, node->source(), "expected " + std::string(what) + " to be a table");
  return node->as_table();
}

std::string string_at(const std::string& path, const toml::table& table, std::string_view key, std::string_view what) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return {};
  if (!node->is_string())
    throw_at(path, node->source(), "expected `" + std::string(key) + "` of " + std::string(what) + " to be a string");
  return node->ref<std::string>();
}

bool bool_at(const std::string& path, const toml::table& table, std::string_view key, std::string_view what) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return false;
  if (!node->is_boolean())
    throw_at(path, node->source(),
             "expected `" + std::string(key) + "` of " + std::string(what) + " to be true or false");
  return node->ref<bool>();
}

std::vector<std::string> strings_at(const std::string& path, const toml::table& table, std::string_view key,
                                    std::string_view what) {
  std::vector<std::string> out;
  const toml::node* node = table.get(key);
  if (node == nullptr) return out;
  const toml::array* array = node->as_array();
  if (array == nullptr) throw_at(path, node->source(), "expected " + std::string(what) + " to be an array of strings");
  for (const toml::node& item : *array) {
    if (!item.is_string()) throw_at(path, item.source(), "expected " + std::string(what) + " entries to be strings");
    out.push_back(item.ref<std::string>());
  }
  return out;
}

// Cargo accepts the underscore spellings as deprecated aliases of the dashed tables.
constexpr std::array<std::pair<std::string_view, DepKind>, 5> kDependencyTables{{
    {"dependencies", DepKind::Normal},
    {"dev-dependencies", DepKind::Dev},
    {"dev_dependencies", DepKind::Dev},
    {"build-dependencies", DepKind::Build},
    {"build_dependencies", DepKind::Build},
}};

class CargoTomlReader {
 public:
  CargoTomlReader(const std::string& path, const toml::table& document) : path_(path), document_(document) {
    if (const toml::table* workspace = table_at(path, document, "workspace", "[workspace]"))
      inherited_ = table_at(path, *workspace, "dependencies", "[workspace.dependencies]");
    if (inherited_ == nullptr) return;
    for (const auto& [key, value] : *inherited_)
      if (!value.is_string() && !value.is_table())
        throw_at(path, value.source(),
                 "expected workspace dependency `" + std::string(key.str()) + "` to be a version string or a table");
  }

  Manifest read() {
    Manifest manifest;
    manifest.path = path_;
    manifest.ecosystem = Ecosystem::CratesIo;
    read_package(manifest);
    if (const toml::table* workspace = table_at(path_, document_, "workspace", "[workspace]")) {
      manifest.workspace_members = strings_at(path_, *workspace, "members", "workspace `members`");
      manifest.workspace_exclude = strings_at(path_, *workspace, "exclude", "workspace `exclude`");
    }
    read_dependency_tables(document_, "", manifest.dependencies);
    if (const toml::table* targets = table_at(path_, document_, "target", "[target]")) {
      for (const auto& [target, node] : *targets) {
        const toml::table* table = node.as_table();
        if (table == nullptr)
          throw_at(path_, node.source(), "expected [target." + std::string(target.str()) + "] to be a table");
        read_dependency_tables(*table, std::string(target.str()), manifest.dependencies);
      }
    }
    std::stable_sort(manifest.dependencies.begin(), manifest.dependencies.end(),
                     [](const Dependency& a, const Dependency& b) { return a.line < b.line; });
    return manifest;
  }

 private:
  void read_package(Manifest& manifest) const {
    // [project] is the pre-1.0 spelling cargo still reads.
    const toml::table* package = table_at(path_, document_, "package", "[package]");
    if (package == nullptr) package = table_at(path_, document_, "project", "[project]");
    if (package == nullptr) return;
    manifest.name = string_at(path_, *package, "name", "[package]");
    const toml::node* version = package->get("version");
    if (version == nullptr) return;
    if (version->is_string()) {
      manifest.version = version->ref<std::string>();
    } else if (version->is_table() && bool_at(path_, *version->as_table(), "workspace", "`version`")) {
      manifest.version = workspace_package_version();
    } else {
      throw_at(path_, version->source(), "expected [package] `version` to be a string or `version.workspace = true`");
    }
  }

  std::string workspace_package_version() const {
    const toml::table* workspace = table_at(path_, document_, "workspace", "[workspace]");
    const toml::table* package = workspace ? table_at(path_, *workspace, "package", "[workspace.package]") : nullptr;
    return package ? string_at(path_, *package, "version", "[workspace.package]") : std::string();
  }

  void read_dependency_tables(const toml::table& parent, const std::string& target,
                              std::vector<Dependency>& out) const {
    for (const auto& [table_name, kind] : kDependencyTables) {
      const toml::table* table = table_at(path_, parent, table_name, "[" + std::string(table_name) + "]");
      if (table == nullptr) continue;
      for (const auto& [key, value] : *table) out.push_back(read_dependency(key, value, kind, target));
    }
  }

  Dependency read_dependency(const toml::key& key, const toml::node& value, DepKind kind,
                             const std::string& target) const {
    Dependency dependency;
    dependency.key = key.str();
    dependency.name = dependency.key;
    dependency.kind = kind;
    dependency.target = target;
    dependency.line = static_cast<int>(key.source().begin.line);
    if (dependency.line == 0) dependency.line = static_cast<int>(value.source().begin.line);
    std::string what = "dependency `" + dependency.key + "`";
    if (value.is_string()) {
      dependency.requirement = value.ref<std::string>();
      return dependency;
    }
    const toml::table* table = value.as_table();
    if (table == nullptr)
      throw_at(path_, value.source(),
               "expected " + what + " to be a version string or a table like { version = \"…\" }");
    dependency.requirement = string_at(path_, *table, "version", what);
    dependency.path = string_at(path_, *table, "path", what);
    dependency.optional = bool_at(path_, *table, "optional", what);
    dependency.workspace = bool_at(path_, *table, "workspace", what);
    std::string renamed = string_at(path_, *table, "package", what);
    if (!renamed.empty()) dependency.name = renamed;
    if (dependency.workspace) inherit(dependency);
    return dependency;
  }

  // Fills what [workspace.dependencies] of this same file says about `dependency.key`.
  void inherit(Dependency& dependency) const {
    if (inherited_ == nullptr) return;
    const toml::node* entry = inherited_->get(dependency.key);
    if (entry == nullptr) return;
    if (entry->is_string()) {
      dependency.requirement = entry->ref<std::string>();
      return;
    }
    const toml::table* table = entry->as_table();
    std::string what = "workspace dependency `" + dependency.key + "`";
    dependency.requirement = string_at(path_, *table, "version", what);
    if (dependency.path.empty()) dependency.path = string_at(path_, *table, "path", what);
    std::string renamed = string_at(path_, *table, "package", what);
    if (!renamed.empty()) dependency.name = renamed;
  }

  const std::string& path_;
  const toml::table& document_;
  const toml::table* inherited_ = nullptr;  // [workspace.dependencies], when this file has one
};

}  // namespace

Manifest read_cargo_toml(const std::string& path, std::string_view content) {
  if (int line = find_conflict_marker(content))
    throw Error(path, line, 1, "unresolved merge conflict marker; resolve the conflict before scanning");
  toml::table document = parse_toml(path, content);
  return CargoTomlReader(path, document).read();
}

}  // namespace tocsin::manifest
