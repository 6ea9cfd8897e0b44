// package-lock.json (and npm-shrinkwrap.json), lockfileVersion 1, 2 and 3.
//
// v2/v3 describe the installed tree in `packages`, keyed by folder: "" is the project,
// "node_modules/a/node_modules/b" a nested install, "packages/x" a workspace folder, and
// `"link": true` entries point node_modules names at such folders. v1 nests the same tree
// under `dependencies`. v2 carries both; only `packages` is read, as npm 7+ does.
// One Package is recorded per installed folder (so a package installed twice at one version
// appears twice, each with its own edges), and edges follow Node's module lookup from the
// dependent's folder, exactly as @npmcli/arborist resolves them.
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "core/text.h"
#include "lockfile/json_input.h"
#include "lockfile/npm_names.h"
#include "lockfile/readers.h"

namespace tocsin::lockfile {
namespace {

namespace dom = json;

struct Node {
  std::uint32_t index = 0;
  dom::element entry;  // an object
  std::string location;
};

class PackageLockParser {
 public:
  PackageLockParser(const std::string& path, std::string_view content)
      : path_(path), content_(content), lines_(content) {}

  Lockfile parse() {
    if (int line = find_conflict_marker(content_))
      throw Error(path_, line, 1, "git merge conflict marker; resolve the conflict or regenerate package-lock.json");
    JsonDocument document(path_, content_);
    dom::element root = document.root();
    if (!root.is_object()) throw Error(path_, 1, 1, "expected a JSON object at the top of package-lock.json");
    std::int64_t version = 0;
    if (root["lockfileVersion"].get_int64().get(version) != json::SUCCESS)
      throw Error(path_, 1, 1, "expected an integer \"lockfileVersion\"");
    lock_.path = path_;
    lock_.format = "package-lock.json";
    lock_.version = std::to_string(version);
    lock_.ecosystem = Ecosystem::Npm;
    project_name_ = json_string(root, "name");
    project_version_ = json_string(root, "version");

    dom::element packages;
    if (root["packages"].get(packages) == json::SUCCESS) {
      read_packages(packages);
    } else if (root["dependencies"].error() == json::SUCCESS || version < 2) {
      // A v2 file written without `packages` (hand-trimmed, or by tools that only know v1)
      // still has the v1 tree, and npm 7+ reads that tree when `packages` is missing.
      if (version >= 2)
        lock_.warnings.push_back(warning_at(path_, 1, 1, "packages-object-missing",
                                            "lockfileVersion " + lock_.version +
                                                " without a \"packages\" object: read from the \"dependencies\" "
                                                "tree, as npm does",
                                            "npm 7 and later write a \"packages\" object; `npm install` adds it"));
      read_v1_tree(root);
    } else {
      throw Error(path_, 1, 1, "expected a \"packages\" object in lockfileVersion " + lock_.version);
    }
    return std::move(lock_);
  }

 private:
  int line_at(std::optional<std::size_t> offset) const { return offset ? lines_.line_of(*offset) : 0; }
  int column_at(std::optional<std::size_t> offset) const { return offset ? lines_.column_of(*offset) : 0; }

  std::uint32_t add(Package package, const std::string& location) {
    auto index = static_cast<std::uint32_t>(lock_.packages.size());
    lock_.packages.push_back(std::move(package));
    by_location_[location] = index;
    return index;
  }

  static std::uint8_t flags_of(dom::element entry) {
    std::uint8_t flags = 0;
    if (json_bool(entry, "dev")) flags |= kFlagDev;
    if (json_bool(entry, "optional")) flags |= kFlagOptional;
    if (json_bool(entry, "devOptional")) flags |= kFlagDevOptional;
    if (json_bool(entry, "peer")) flags |= kFlagPeer;
    return flags;
  }

  // The "version" of an entry. A value that is not a string (`"version": 1`) is no version npm
  // can install; it is kept as its JSON text, so that it is listed and visible, with a warning.
  std::string version_of(dom::element entry, std::string_view fallback, std::optional<std::size_t> at) {
    dom::element value;
    if (entry["version"].get(value) != json::SUCCESS) return std::string(fallback);
    std::string_view text;
    if (value.get_string().get(text) == json::SUCCESS) return std::string(text);
    std::string json = json::minify(value);
    lock_.warnings.push_back(
        warning_at(path_, line_at(at), column_at(at), "version-not-string",
                   "\"version\" is " + json + ", not a string: no version npm can install; listed as '" + json + "'",
                   "expected a version string such as \"1.2.3\""));
    return json;
  }

  Package project_package(dom::element entry, std::optional<std::size_t> version_at = std::nullopt) {
    Package package;
    package.name = json_string(entry, "name", project_name_);
    package.version = version_of(entry, project_version_, version_at);
    package.is_root = true;
    package.is_local = true;
    return package;
  }

  // ---- lockfileVersion 2 and 3 -------------------------------------------------------------

  void read_packages(dom::element packages_element) {
    npm::JsonKeyOffsets offsets(content_, [](std::span<const std::string_view> path) {
      return (path.size() == 2 && path[0] == "packages") ||
             (path.size() == 3 && path[0] == "packages" && path[2] == "version");
    });
    dom::object packages;
    if (packages_element.get_object().get(packages) != json::SUCCESS) {
      auto at = npm::JsonKeyOffsets(content_, [](std::span<const std::string_view> path) {
                  return path.size() == 1 && path[0] == "packages";
                }).find({"packages"});
      throw Error(path_, line_at(at), column_at(at), "expected \"packages\" to be an object");
    }
    std::vector<Node> nodes;
    std::vector<std::pair<std::string_view, dom::element>> links;
    for (auto field : packages) {
      std::string_view location = field.key;
      auto at = offsets.find({"packages", location});
      dom::element entry = field.value;
      if (!entry.is_object())
        throw Error(path_, line_at(at), column_at(at),
                    "expected an object for \"" + std::string(location) + "\" in \"packages\"");
      if (json_bool(entry, "link")) {
        links.emplace_back(location, entry);
        continue;
      }
      auto version_at = offsets.find({"packages", location, "version"});
      Package package =
          location.empty() ? project_package(entry, version_at) : installed_package(location, entry, version_at);
      package.line = line_at(at);
      nodes.push_back({add(std::move(package), std::string(location)), entry, std::string(location)});
    }
    // Links last: their targets ("packages/x") may be listed after them.
    for (auto& [location, entry] : links) {
      std::string target(json_string(entry, "resolved"));
      auto found = by_location_.find(target);
      if (found != by_location_.end()) {
        by_location_[std::string(location)] = found->second;
        continue;
      }
      Package package;
      package.name = npm::name_from_location(location);
      package.source = "file:" + target;
      package.is_local = true;
      package.flags = flags_of(entry);
      package.line = line_at(offsets.find({"packages", location}));
      add(std::move(package), std::string(location));
    }
    for (const Node& node : nodes) {
      add_edges(node, "dependencies", DepKind::Normal);
      add_edges(node, "optionalDependencies", DepKind::Optional);
      add_edges(node, "peerDependencies", DepKind::Peer);
      add_edges(node, "devDependencies", DepKind::Dev);
    }
    add_workspace_edges(nodes, links);
  }

  // The project depends on its workspaces without listing them (arborist adds "workspace"
  // edges from the root's `workspaces` globs); the lockfile shows them as top-level links.
  void add_workspace_edges(const std::vector<Node>& nodes,
                           const std::vector<std::pair<std::string_view, dom::element>>& links) {
    const Node* project = nullptr;
    for (const Node& node : nodes)
      if (node.location.empty()) project = &node;
    if (project == nullptr || project->entry["workspaces"].error() != json::SUCCESS) return;
    std::unordered_set<std::uint32_t> listed;
    for (const Edge& edge : lock_.edges)
      if (edge.from == project->index) listed.insert(edge.to);
    for (const auto& [location, entry] : links) {
      if (location != "node_modules/" + std::string(npm::name_from_location(location))) continue;
      std::uint32_t target = by_location_.at(std::string(location));
      if (lock_.packages[target].is_root && target != project->index && listed.insert(target).second)
        lock_.edges.push_back({project->index, target, DepKind::Normal});
    }
  }

  Package installed_package(std::string_view location, dom::element entry, std::optional<std::size_t> version_at) {
    Package package;
    std::string_view folder_name = npm::name_from_location(location);
    std::string_view recorded_name = json_string(entry, "name");
    package.version = version_of(entry, "", version_at);
    package.integrity = json_string(entry, "integrity");
    package.flags = flags_of(entry);
    if (!npm::is_node_modules_location(location)) {
      // A workspace folder or a `file:` directory dependency outside node_modules.
      package.name = recorded_name.empty() ? folder_name : recorded_name;
      package.source = "file:" + std::string(location);
      package.is_local = true;
      package.is_root = !starts_with(location, "../") && location != ".." && !starts_with(location, "/");
      return package;
    }
    package.name = recorded_name.empty() ? folder_name : recorded_name;
    if (!recorded_name.empty() && recorded_name != folder_name) package.alias = folder_name;
    package.source = json_string(entry, "resolved");
    package.is_local = starts_with(package.source, "file:");
    return package;
  }

  void add_edges(const Node& node, std::string_view section, DepKind kind) {
    dom::object dependencies;
    if (node.entry[section].get_object().get(dependencies) != json::SUCCESS) return;
    for (auto field : dependencies) add_edge(node, field.key, kind);
  }

  // Unresolvable dependencies are skipped, as npm does: optional and peer dependencies that
  // were not installed, and platform-specific packages pruned from the lock.
  void add_edge(const Node& node, std::string_view dependency, DepKind kind) {
    npm::for_each_lookup_location(node.location, dependency, [&](const std::string& candidate) {
      auto found = by_location_.find(candidate);
      if (found == by_location_.end()) return false;
      if (found->second != node.index) lock_.edges.push_back({node.index, found->second, kind});
      return true;
    });
  }

  // ---- lockfileVersion 1 -------------------------------------------------------------------

  void read_v1_tree(dom::element root) {
    // Package keys sit at dependencies/<a>/dependencies/<b>/…
    npm::JsonKeyOffsets offsets(content_, [](std::span<const std::string_view> path) {
      if (path.size() == 1) return path[0] == "name";
      if (path.size() < 2 || path.size() % 2 != 0) return false;
      for (std::size_t i = 0; i < path.size(); i += 2)
        if (path[i] != "dependencies") return false;
      return true;
    });
    Package project = project_package(root);
    project.line = offsets.find({"name"}) ? line_at(offsets.find({"name"})) : 1;
    add(std::move(project), "");
    std::vector<Node> nodes;
    std::vector<std::string_view> key_path;
    dom::object dependencies;
    if (root["dependencies"].get_object().get(dependencies) == json::SUCCESS)
      read_v1_level(dependencies, "", key_path, offsets, nodes);
    // v1 records no edges from the project itself: its direct dependencies are in package.json.
    for (const Node& node : nodes) {
      dom::object required;
      if (node.entry["requires"].get_object().get(required) != json::SUCCESS) continue;
      for (auto field : required) add_edge(node, field.key, DepKind::Normal);
    }
  }

  void read_v1_level(dom::object dependencies, const std::string& parent, std::vector<std::string_view>& key_path,
                     const npm::JsonKeyOffsets& offsets, std::vector<Node>& nodes) {
    key_path.push_back("dependencies");
    for (auto field : dependencies) {
      key_path.push_back(field.key);
      auto at = offsets.find(std::span<const std::string_view>(key_path));
      dom::element entry = field.value;
      if (!entry.is_object())
        throw Error(path_, line_at(at), column_at(at),
                    "expected an object for dependency \"" + std::string(field.key) + "\"");
      std::string location = (parent.empty() ? "" : parent + "/") + "node_modules/" + std::string(field.key);
      Package package = v1_package(field.key, entry, at);
      package.line = line_at(at);
      nodes.push_back({add(std::move(package), location), entry, location});
      dom::object nested;
      if (entry["dependencies"].get_object().get(nested) == json::SUCCESS)
        read_v1_level(nested, location, key_path, offsets, nodes);
      key_path.pop_back();
    }
    key_path.pop_back();
  }

  Package v1_package(std::string_view key, dom::element entry, std::optional<std::size_t> at) {
    Package package;
    package.name = key;
    std::string version_text = version_of(entry, "", at);
    std::string_view version = version_text;
    package.source = json_string(entry, "resolved");
    package.integrity = json_string(entry, "integrity");
    package.flags = flags_of(entry);
    if (auto alias = npm::parse_npm_alias(version)) {
      package.name = alias->name;
      package.alias = key;
      package.version = alias->range;
    } else if (version.find(':') != std::string_view::npos) {
      // v1 writes the spec in place of a version for git, tarball and directory dependencies.
      if (package.source.empty()) package.source = version;
      package.is_local = starts_with(version, "file:");
    } else {
      package.version = version;
    }
    return package;
  }

  const std::string& path_;
  std::string_view content_;
  LineIndex lines_;
  Lockfile lock_;
  std::string_view project_name_;
  std::string_view project_version_;
  std::unordered_map<std::string, std::uint32_t> by_location_;
};

class PackageLockReader final : public Reader {
 public:
  std::string_view canonical_name() const override { return "package-lock.json"; }
  std::optional<Ecosystem> ecosystem() const override { return Ecosystem::Npm; }
  bool matches_filename(std::string_view filename) const override {
    return filename == "package-lock.json" || filename == "npm-shrinkwrap.json";
  }
  Lockfile read(const std::string& path, std::string_view content) const override {
    PreparedJson prepared = prepare_json(path, content, "npm (JSON.parse)", true);
    Lockfile lock = PackageLockParser(path, prepared.text).parse();
    lock.warnings.insert(lock.warnings.begin(), prepared.warnings.begin(), prepared.warnings.end());
    return lock;
  }
};

}  // namespace

std::unique_ptr<Reader> make_package_lock_reader() { return std::make_unique<PackageLockReader>(); }

}  // namespace tocsin::lockfile
