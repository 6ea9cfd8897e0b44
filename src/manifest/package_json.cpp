// package.json: name, version, the four dependency sections and `workspaces`.
// An `npm:` alias ("foo": "npm:bar@^1") declares the registry package bar installed as foo;
// peerDependenciesMeta {"x": {"optional": true}} makes a peer optional. Lines come from one
// raw-text pass over the keys (the JSON DOM keeps no positions).
#include <array>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/json.h"
#include "core/text.h"
#include "lockfile/npm_names.h"
#include "manifest/manifest.h"

namespace tocsin::manifest {
namespace {

namespace dom = json;
namespace npm = lockfile::npm;

struct Section {
  std::string_view key;
  lockfile::DepKind kind;
};

constexpr std::array<Section, 4> kSections = {{
    {"dependencies", lockfile::DepKind::Normal},
    {"devDependencies", lockfile::DepKind::Dev},
    {"peerDependencies", lockfile::DepKind::Peer},
    {"optionalDependencies", lockfile::DepKind::Optional},
}};

bool is_section(std::string_view key) {
  for (const Section& section : kSections)
    if (section.key == key) return true;
  return false;
}

class PackageJsonParser {
 public:
  PackageJsonParser(const std::string& path, std::string_view content)
      : path_(path), content_(content), lines_(content), offsets_(content, [](std::span<const std::string_view> path) {
          return path.size() == 1 || (path.size() == 2 && is_section(path[0]));
        }) {}

  Manifest parse() {
    if (int line = find_conflict_marker(content_))
      throw Error(path_, line, 1, "git merge conflict marker; resolve the conflict in package.json");
    JsonDocument document(path_, content_);
    dom::element root = document.root();
    if (!root.is_object()) throw Error(path_, 1, 1, "expected a JSON object at the top of package.json");
    Manifest manifest;
    manifest.path = path_;
    manifest.ecosystem = Ecosystem::Npm;
    manifest.name = expect_string_or_absent(root, "name");
    manifest.version = expect_string_or_absent(root, "version");
    read_workspaces(root, manifest);
    for (const Section& section : kSections) read_section(root, section, manifest);
    return manifest;
  }

 private:
  [[noreturn]] void fail_at(std::initializer_list<std::string_view> key_path, const std::string& message) const {
    auto at = offsets_.find(key_path);
    throw Error(path_, at ? lines_.line_of(*at) : 0, at ? lines_.column_of(*at) : 0, message);
  }

  int line_of(std::initializer_list<std::string_view> key_path) const {
    auto at = offsets_.find(key_path);
    return at ? lines_.line_of(*at) : 0;
  }

  std::string expect_string_or_absent(dom::element root, std::string_view key) const {
    dom::element value;
    if (root[key].get(value) != json::SUCCESS) return {};
    if (!value.is_string()) fail_at({key}, "expected \"" + std::string(key) + "\" to be a string");
    return std::string(value.get_string().value_unsafe());
  }

  // "workspaces": ["packages/*"] (npm, yarn) or {"packages": [...], "nohoist": [...]} (yarn v1).
  void read_workspaces(dom::element root, Manifest& manifest) const {
    dom::element workspaces;
    if (root["workspaces"].get(workspaces) != json::SUCCESS) return;
    dom::element list = workspaces;
    if (workspaces.is_object() && workspaces["packages"].get(list) != json::SUCCESS) return;
    dom::array members;
    if (list.get_array().get(members) != json::SUCCESS)
      fail_at({"workspaces"}, "expected \"workspaces\" to be an array of globs or an object with \"packages\"");
    for (dom::element member : members) {
      std::string_view glob;
      if (member.get_string().get(glob) != json::SUCCESS)
        fail_at({"workspaces"}, "expected every workspace entry to be a string");
      if (starts_with(glob, "!"))
        manifest.workspace_exclude.emplace_back(glob.substr(1));
      else
        manifest.workspace_members.emplace_back(glob);
    }
  }

  bool optional_peer(dom::element root, std::string_view name) const {
    dom::element meta;
    if (root["peerDependenciesMeta"].get(meta) != json::SUCCESS || !meta.is_object()) return false;
    dom::element entry;
    if (meta[name].get(entry) != json::SUCCESS || !entry.is_object()) return false;
    return json_bool(entry, "optional");
  }

  void read_section(dom::element root, const Section& section, Manifest& manifest) const {
    dom::element value;
    if (root[section.key].get(value) != json::SUCCESS) return;
    dom::object dependencies;
    if (value.get_object().get(dependencies) != json::SUCCESS)
      fail_at({section.key}, "expected \"" + std::string(section.key) + "\" to be an object of name: range");
    for (auto field : dependencies) {
      std::string_view spec;
      if (field.value.get_string().get(spec) != json::SUCCESS)
        fail_at({section.key, field.key}, "expected the range of \"" + std::string(field.key) + "\" to be a string");
      Dependency dependency;
      dependency.key = field.key;
      dependency.name = field.key;
      dependency.requirement = spec;
      dependency.kind = section.kind;
      dependency.line = line_of({section.key, field.key});
      if (auto alias = npm::parse_npm_alias(spec)) dependency.name = alias->name;
      if (starts_with(spec, "file:") || starts_with(spec, "link:")) dependency.path = spec.substr(5);
      dependency.optional = section.kind == lockfile::DepKind::Optional ||
                            (section.kind == lockfile::DepKind::Peer && optional_peer(root, field.key));
      manifest.dependencies.push_back(std::move(dependency));
    }
  }

  const std::string& path_;
  std::string_view content_;
  LineIndex lines_;
  npm::JsonKeyOffsets offsets_;
};

}  // namespace

Manifest read_package_json(const std::string& path, std::string_view content) {
  return PackageJsonParser(path, content).parse();
}

}  // namespace tocsin::manifest
