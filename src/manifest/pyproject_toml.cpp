// pyproject.toml: PEP 621 [project], PEP 518 [build-system], PEP 735 [dependency-groups],
// Poetry's [tool.poetry] and uv's [tool.uv].
//
//   [project] dependencies                    PEP 508 strings, kind Normal
//   [project.optional-dependencies] extra     kind Optional, optional = true, group = extra
//   [build-system] requires                   kind Build
//   [dependency-groups] group                 kind Dev, group = name ({include-group} skipped:
//                                             the included group's entries are listed there)
//   [tool.poetry.dependencies]                kind Normal ("python" is the interpreter, not a
//                                             package); optional = true -> kind Optional
//   [tool.poetry.dev-dependencies]            kind Dev, group = "dev" (what poetry 1.2+ calls it)
//   [tool.poetry.group.<name>.dependencies]   kind Dev, group = name (groups are never part
//                                             of the built distribution)
//   [tool.uv] dev-dependencies                kind Dev
//   [tool.uv.workspace] members / exclude     workspace_members / workspace_exclude
//
// Dependency::name is PEP 503 normalized, Dependency::key is the name as written. requirement
// is the PEP 508 specifier without spaces (">=1,<2"), Poetry's constraint as written ("^1.2"),
// or "@ URL" for a direct URL / git reference; file: URLs and Poetry path dependencies fill
// Dependency::path instead. target holds the PEP 508 marker (Poetry: `markers`, else
// "python <constraint>" from `python`). [project] name/version win over [tool.poetry]'s.
#include "core/error.h"
#include "core/text.h"
#include "lockfile/python_names.h"
#include "manifest/manifest.h"

namespace tocsin::manifest {
namespace {

using lockfile::DepKind;

class PyprojectReader {
 public:
  PyprojectReader(const std::string& path, Manifest& manifest) : path_(path), manifest_(manifest) {}

  void read_pep508_list(const toml::node* list_node, DepKind kind, const std::string& group, bool optional) {
    if (list_node == nullptr) return;
    const toml::array* list = list_node->as_array();
    if (list == nullptr) fail(*list_node, "expected an array of PEP 508 requirement strings");
    for (const toml::node& item : *list) {
      if (item.is_table() && item.as_table()->contains("include-group")) continue;
      auto text = item.value<std::string>();
      if (!text) fail(item, "expected a PEP 508 requirement string");
      lockfile::Pep508 parsed = lockfile::parse_pep508(*text);
      if (!parsed.error.empty())
        throw Error(path_, line_of(item), column_of(item) + 1 + static_cast<int>(parsed.error_offset),
                    parsed.error + " in requirement \"" + *text + "\"");
      Dependency dependency = make(parsed.name, kind, group, optional, item);
      dependency.target = parsed.marker;
      if (parsed.url.empty()) {
        dependency.requirement = parsed.specifier;
      } else if (starts_with(parsed.url, "file:")) {
        dependency.path = parsed.url;
      } else {
        dependency.requirement = "@ " + parsed.url;
      }
      manifest_.dependencies.push_back(std::move(dependency));
    }
  }

  void read_poetry_table(const toml::node* table_node, DepKind kind, const std::string& group) {
    if (table_node == nullptr) return;
    const toml::table* table = table_node->as_table();
    if (table == nullptr) fail(*table_node, "expected a table of dependencies");
    for (const auto& [key, spec] : *table) {
      if (key.str() == "python") continue;
      if (!lockfile::is_valid_python_name(key.str()))
        throw Error(path_, static_cast<int>(key.source().begin.line), static_cast<int>(key.source().begin.column),
                    "invalid package name '" + std::string(key.str()) + "'");
      if (const toml::array* alternatives = spec.as_array()) {
        for (const toml::node& alternative : *alternatives) read_poetry_spec(key.str(), alternative, kind, group);
      } else {
        read_poetry_spec(key.str(), spec, kind, group);
      }
    }
  }

  [[noreturn]] void fail(const toml::node& node, const std::string& message) const {
    throw Error(path_, line_of(node), column_of(node), message);
  }

 private:
  static int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }
  static int column_of(const toml::node& node) { return static_cast<int>(node.source().begin.column); }

  Dependency make(std::string_view written, DepKind kind, const std::string& group, bool optional,
                  const toml::node& node) const {
    Dependency dependency;
    dependency.name = lockfile::normalize_python_name(written);
    dependency.key = std::string(written);
    dependency.kind = optional ? DepKind::Optional : kind;
    dependency.group = group;
    dependency.optional = optional;
    dependency.line = line_of(node);
    return dependency;
  }

  void read_poetry_spec(std::string_view name, const toml::node& spec, DepKind kind, const std::string& group) {
    if (auto constraint = spec.value<std::string>()) {
      Dependency dependency = make(name, kind, group, false, spec);
      dependency.requirement = *constraint;
      manifest_.dependencies.push_back(std::move(dependency));
      return;
    }
    const toml::table* table = spec.as_table();
    if (table == nullptr) fail(spec, "expected a version constraint string or a table for '" + std::string(name) + "'");
    bool optional = (*table)["optional"].value_or(false);
    Dependency dependency = make(name, kind, group, optional, spec);
    auto text = [&](std::string_view key) { return (*table)[key].value_or(std::string()); };
    dependency.requirement = text("version");
    if (std::string git = text("git"); !git.empty()) {
      std::string reference = text("rev");
      if (reference.empty()) reference = text("tag");
      if (reference.empty()) reference = text("branch");
      dependency.requirement = "@ git+" + git + (reference.empty() ? "" : "@" + reference);
    } else if (std::string url = text("url"); !url.empty()) {
      dependency.requirement = "@ " + url;
    }
    dependency.path = text("path");
    dependency.target = text("markers");
    if (dependency.target.empty() && !text("python").empty()) dependency.target = "python " + text("python");
    manifest_.dependencies.push_back(std::move(dependency));
  }

  const std::string& path_;
  Manifest& manifest_;
};

std::vector<std::string> strings_of(const toml::node* node, const PyprojectReader& reader) {
  std::vector<std::string> out;
  if (node == nullptr) return out;
  const toml::array* list = node->as_array();
  if (list == nullptr) reader.fail(*node, "expected an array of strings");
  for (const toml::node& item : *list) {
    auto text = item.value<std::string>();
    if (!text) reader.fail(item, "expected a string");
    out.push_back(*text);
  }
  return out;
}

}  // namespace

Manifest read_pyproject_toml(const std::string& path, std::string_view content) {
  toml::table document = lockfile::parse_python_toml(path, content);
  Manifest manifest;
  manifest.path = path;
  manifest.ecosystem = Ecosystem::PyPI;
  PyprojectReader reader(path, manifest);

  const toml::node_view<toml::node> project = document["project"];
  const toml::node_view<toml::node> poetry = document["tool"]["poetry"];
  manifest.name = project["name"].value_or(poetry["name"].value_or(std::string()));
  manifest.version = project["version"].value_or(poetry["version"].value_or(std::string()));

  reader.read_pep508_list(project["dependencies"].node(), DepKind::Normal, "", false);
  if (const toml::node* extras_node = project["optional-dependencies"].node()) {
    const toml::table* extras = extras_node->as_table();
    if (extras == nullptr) reader.fail(*extras_node, "expected a table of extras");
    for (const auto& [extra, list] : *extras)
      reader.read_pep508_list(&list, DepKind::Optional, std::string(extra.str()), true);
  }
  reader.read_pep508_list(document["build-system"]["requires"].node(), DepKind::Build, "", false);
  if (const toml::node* groups_node = document["dependency-groups"].node()) {
    const toml::table* groups = groups_node->as_table();
    if (groups == nullptr) reader.fail(*groups_node, "expected a table of dependency groups");
    for (const auto& [group, list] : *groups)
      reader.read_pep508_list(&list, DepKind::Dev, std::string(group.str()), false);
  }

  reader.read_poetry_table(poetry["dependencies"].node(), DepKind::Normal, "");
  reader.read_poetry_table(poetry["dev-dependencies"].node(), DepKind::Dev, "dev");
  if (const toml::table* groups = poetry["group"].as_table())
    for (const auto& [group, body] : *groups)
      reader.read_poetry_table(body.as_table() != nullptr ? body.as_table()->get("dependencies") : nullptr,
                               DepKind::Dev, std::string(group.str()));

  const toml::node_view<toml::node> uv = document["tool"]["uv"];
  reader.read_pep508_list(uv["dev-dependencies"].node(), DepKind::Dev, "", false);
  manifest.workspace_members = strings_of(uv["workspace"]["members"].node(), reader);
  manifest.workspace_exclude = strings_of(uv["workspace"]["exclude"].node(), reader);
  return manifest;
}

}  // namespace tocsin::manifest
