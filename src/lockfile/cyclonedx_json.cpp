// CycloneDX 1.4-1.6 JSON SBOMs as lockfile-like inputs (`--lockfile cyclonedx:FILE`, discovered
// as *.cdx.json).
//   - identity: each component's purl; components whose purl type tocsin does not know (golang,
//     gem, …) or that have no purl are left out, and so are dependency edges through them;
//   - metadata.component is a root (kept even without a known purl: it is the project), and so
//     is a component with the property tocsin:root = true (tocsin's own SBOMs);
//   - scope "optional" or "excluded" marks the package dev (kFlagDev; tocsin writes "optional" for
//     packages only dev/build edges reach, cdxgen writes it for devDependencies), and an edge into
//     such a component is a Dev edge, so the release path of tocsin's own SBOM reads back the same;
//   - edges from `dependencies` (ref -> dependsOn), by bom-ref; nested `components` are read too;
//   - hashes become the integrity "sha512:<hex> sha256:<hex>"; tocsin:lockfile / tocsin:line /
//     tocsin:local / tocsin:alias / tocsin:source properties are honoured; the line of a package
//     is the line of its component object in the SBOM.
#include <map>

#include "core/error.h"
#include "core/json.h"
#include "core/text.h"
#include "lockfile/readers.h"
#include "lockfile/sbom_input.h"

namespace tocsin::lockfile {
namespace {

namespace dom = json;

class CycloneDxReader final : public Reader {
 public:
  std::string_view canonical_name() const override { return "cyclonedx"; }
  // An SBOM lists packages of any ecosystem (each component's purl says which).
  std::optional<Ecosystem> ecosystem() const override { return std::nullopt; }
  bool matches_filename(std::string_view filename) const override { return ends_with(filename, ".cdx.json"); }

  Lockfile read(const std::string& path, std::string_view content) const override {
    if (int line = find_conflict_marker(content)) throw Error(path, line, 1, "merge conflict marker in SBOM");
    JsonDocument document(path, content);
    dom::element root = document.root();
    if (!root.is_object()) throw Error(path, 1, 1, "expected a CycloneDX JSON object");
    if (json_string(root, "bomFormat") != "CycloneDX") throw Error(path, 1, 1, "expected \"bomFormat\": \"CycloneDX\"");
    std::string_view spec = json_string(root, "specVersion");
    if (spec != "1.4" && spec != "1.5" && spec != "1.6")
      throw Error(path, 1, 1, "unsupported CycloneDX specVersion '" + std::string(spec) + "' (1.4, 1.5, 1.6 are read)");

    State state{path, LineIndex(content), sbom_input::element_offsets(content, "components"), 0, {}, {}};
    Lockfile lock;
    lock.path = path;
    lock.format = "cyclonedx";
    lock.version = std::string(spec);

    dom::element metadata;
    dom::element project;
    if (root["metadata"].get(metadata) == json::SUCCESS && metadata.is_object() &&
        metadata["component"].get(project) == json::SUCCESS && project.is_object())
      add_component(lock, state, project, /*is_metadata=*/true, 1);

    dom::array components;
    if (root["components"].get(components) == json::SUCCESS) read_components(lock, state, components);

    dom::array dependencies;
    if (root["dependencies"].get(dependencies) == json::SUCCESS) {
      for (dom::element dependency : dependencies) {
        auto from = state.by_ref.find(std::string(json_string(dependency, "ref")));
        dom::array targets;
        if (from == state.by_ref.end() || dependency["dependsOn"].get(targets) != json::SUCCESS) continue;
        for (dom::element target : targets) {
          std::string_view ref;
          if (target.get(ref) != json::SUCCESS) continue;
          auto to = state.by_ref.find(std::string(ref));
          if (to == state.by_ref.end() || to->second == from->second) continue;
          bool dev = (lock.packages[to->second].flags & kFlagDev) != 0;
          lock.edges.push_back({from->second, to->second, dev ? DepKind::Dev : DepKind::Normal});
        }
      }
    }
    // A project without a known purl takes the ecosystem most of its packages have.
    lock.ecosystem = sbom_input::majority_ecosystem(lock.packages);
    for (std::size_t i = 0; i < lock.packages.size(); ++i)
      if (state.unknown_ecosystem.count(i)) lock.packages[i].ecosystem = lock.ecosystem;
    return lock;
  }

 private:
  struct State {
    std::string path;
    LineIndex lines;
    std::vector<std::size_t> offsets;  // of every (nested) element of `components`, in order
    std::size_t next = 0;              // the next offset to hand out
    std::map<std::string, std::uint32_t> by_ref;
    std::map<std::size_t, bool> unknown_ecosystem;
  };

  void read_components(Lockfile& lock, State& state, dom::array components) const {
    for (dom::element component : components) {
      int line = state.next < state.offsets.size() ? state.lines.line_of(state.offsets[state.next]) : 0;
      ++state.next;
      if (!component.is_object()) throw Error(state.path, line, 0, "expected a component object");
      add_component(lock, state, component, false, line);
      dom::array nested;
      if (component["components"].get(nested) == json::SUCCESS) read_components(lock, state, nested);
    }
  }

  void add_component(Lockfile& lock, State& state, dom::element component, bool is_metadata, int line) const {
    std::string_view purl_text = json_string(component, "purl");
    std::optional<Package> package;
    if (!purl_text.empty()) {
      auto purl = try_parse_purl(purl_text);
      if (!purl) throw Error(state.path, line, 0, "invalid purl '" + std::string(purl_text) + "'");
      package = sbom_input::package_from_purl(*purl);
    }
    bool unknown = false;
    if (!package) {
      if (!is_metadata) return;  // tocsin cannot scan it; the project itself is kept
      package.emplace();
      std::string group(json_string(component, "group"));
      package->name = (group.empty() ? "" : group + "/") + std::string(json_string(component, "name"));
      package->version = std::string(json_string(component, "version"));
      package->is_local = true;
      unknown = true;
    }
    package->line = line;
    package->is_root = is_metadata;
    std::string_view scope = json_string(component, "scope");
    if (scope == "optional" || scope == "excluded") package->flags |= kFlagDev;
    dom::array hashes;
    if (component["hashes"].get(hashes) == json::SUCCESS) {
      for (dom::element hash : hashes) {
        std::string algorithm = to_lower(json_string(hash, "alg"));
        std::string_view value = json_string(hash, "content");
        if (algorithm.empty() || value.empty()) continue;
        if (!package->integrity.empty()) package->integrity += ' ';
        package->integrity += algorithm + ":" + std::string(value);
      }
    }
    dom::array properties;
    if (component["properties"].get(properties) == json::SUCCESS) {
      for (dom::element property : properties) {
        std::string_view name = json_string(property, "name");
        std::string_view value = json_string(property, "value");
        if (name == "tocsin:root" && value == "true") package->is_root = true;
        if (name == "tocsin:local" && value == "true") package->is_local = true;
        if (name == "tocsin:alias") package->alias = std::string(value);
        if (name == "tocsin:source") package->source = std::string(value);
      }
    }
    auto index = static_cast<std::uint32_t>(lock.packages.size());
    std::string ref(json_string(component, "bom-ref"));
    if (!ref.empty()) state.by_ref.emplace(ref, index);  // the first of a repeated bom-ref wins
    if (unknown) state.unknown_ecosystem[index] = true;
    lock.packages.push_back(std::move(*package));
  }
};

}  // namespace

std::unique_ptr<Reader> make_cyclonedx_json_reader() { return std::make_unique<CycloneDxReader>(); }

}  // namespace tocsin::lockfile
