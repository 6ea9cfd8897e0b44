// SPDX 2.2-2.3 JSON SBOMs as lockfile-like inputs (`--lockfile spdx:FILE`, discovered as
// *.spdx.json).
//   - identity: the purl of each package's externalRefs (referenceType "purl"); packages with no
//     purl of a type tocsin knows are left out (GitHub's export lists unresolved `pip:` ranges
//     without one), except the packages the document DESCRIBES, which are the roots (the
//     project: GitHub writes a pkg:github purl for it) and are kept whatever their purl;
//   - edges: A DEPENDS_ON B and B DEPENDENCY_OF / RUNTIME_ / PROVIDED_DEPENDENCY_OF A are normal
//     edges A -> B; OPTIONAL_DEPENDENCY_OF is optional; DEV_ and TEST_DEPENDENCY_OF are dev;
//     BUILD_DEPENDENCY_OF is build; relationships naming an unknown or left-out element (other
//     documents, files) are skipped;
//   - checksums become the integrity "sha256:<hex> …"; the line of a package is the line of its
//     object in the document.
#include <map>

#include "core/error.h"
#include "core/json.h"
#include "core/text.h"
#include "lockfile/readers.h"
#include "lockfile/sbom_input.h"

namespace tocsin::lockfile {
namespace {

namespace dom = json;

std::optional<Purl> purl_of(dom::element package, const std::string& path, int line) {
  dom::array refs;
  if (package["externalRefs"].get(refs) != json::SUCCESS) return std::nullopt;
  for (dom::element ref : refs) {
    if (json_string(ref, "referenceType") != "purl") continue;
    std::string_view locator = json_string(ref, "referenceLocator");
    auto purl = try_parse_purl(locator);
    if (!purl) throw Error(path, line, 0, "invalid purl '" + std::string(locator) + "'");
    return purl;
  }
  return std::nullopt;
}

class SpdxReader final : public Reader {
 public:
  std::string_view canonical_name() const override { return "spdx"; }
  // An SBOM lists packages of any ecosystem (each component's purl says which).
  std::optional<Ecosystem> ecosystem() const override { return std::nullopt; }
  bool matches_filename(std::string_view filename) const override { return ends_with(filename, ".spdx.json"); }

  Lockfile read(const std::string& path, std::string_view content) const override {
    if (int line = find_conflict_marker(content)) throw Error(path, line, 1, "merge conflict marker in SBOM");
    JsonDocument document(path, content);
    dom::element root = document.root();
    if (!root.is_object()) throw Error(path, 1, 1, "expected an SPDX JSON object");
    std::string_view version = json_string(root, "spdxVersion");
    if (version != "SPDX-2.2" && version != "SPDX-2.3")
      throw Error(path, 1, 1,
                  "unsupported spdxVersion '" + std::string(version) + "' (SPDX-2.2 and SPDX-2.3 are read)");
    Lockfile lock;
    lock.path = path;
    lock.format = "spdx";
    lock.version = std::string(version.substr(5));

    // The roots: DESCRIBES relationships and the older documentDescribes list.
    std::map<std::string, bool> described;
    dom::array relationships;
    bool has_relationships = root["relationships"].get(relationships) == json::SUCCESS;
    if (has_relationships)
      for (dom::element relationship : relationships) {
        std::string_view type = json_string(relationship, "relationshipType");
        if (type == "DESCRIBES" && json_string(relationship, "spdxElementId") == "SPDXRef-DOCUMENT")
          described[std::string(json_string(relationship, "relatedSpdxElement"))] = true;
        if (type == "DESCRIBED_BY" && json_string(relationship, "relatedSpdxElement") == "SPDXRef-DOCUMENT")
          described[std::string(json_string(relationship, "spdxElementId"))] = true;
      }
    dom::array describes;
    if (root["documentDescribes"].get(describes) == json::SUCCESS)
      for (dom::element id : describes) {
        std::string_view text;
        if (id.get(text) == json::SUCCESS) described[std::string(text)] = true;
      }

    std::map<std::string, std::uint32_t> by_id;
    std::vector<std::uint32_t> unknown_ecosystem;
    LineIndex lines(content);
    std::vector<std::size_t> offsets = sbom_input::element_offsets(content, "packages");
    dom::array packages;
    if (root["packages"].get(packages) == json::SUCCESS) {
      std::size_t position = 0;
      for (dom::element element : packages) {
        int line = position < offsets.size() ? lines.line_of(offsets[position]) : 0;
        ++position;
        if (!element.is_object()) throw Error(path, line, 0, "expected a package object");
        std::string id(json_string(element, "SPDXID"));
        bool is_root = described.count(id) > 0;
        std::optional<Purl> purl = purl_of(element, path, line);
        std::optional<Package> package = purl ? sbom_input::package_from_purl(*purl) : std::nullopt;
        if (!package) {
          if (!is_root) continue;
          package.emplace();
          package->name = std::string(json_string(element, "name"));
          package->version = std::string(json_string(element, "versionInfo"));
          package->is_local = true;
          unknown_ecosystem.push_back(static_cast<std::uint32_t>(lock.packages.size()));
        }
        package->line = line;
        package->is_root = is_root;
        dom::array checksums;
        if (element["checksums"].get(checksums) == json::SUCCESS)
          for (dom::element checksum : checksums) {
            std::string algorithm = to_lower(json_string(checksum, "algorithm"));
            std::string_view value = json_string(checksum, "checksumValue");
            if (algorithm.empty() || value.empty()) continue;
            if (!package->integrity.empty()) package->integrity += ' ';
            package->integrity += algorithm + ":" + std::string(value);
          }
        by_id.emplace(id, static_cast<std::uint32_t>(lock.packages.size()));
        lock.packages.push_back(std::move(*package));
      }
    }

    if (has_relationships)
      for (dom::element relationship : relationships) {
        std::string_view type = json_string(relationship, "relationshipType");
        auto element = by_id.find(std::string(json_string(relationship, "spdxElementId")));
        auto related = by_id.find(std::string(json_string(relationship, "relatedSpdxElement")));
        if (element == by_id.end() || related == by_id.end() || element->second == related->second) continue;
        std::uint32_t a = element->second;
        std::uint32_t b = related->second;
        if (type == "DEPENDS_ON")
          lock.edges.push_back({a, b, DepKind::Normal});
        else if (type == "DEPENDENCY_OF" || type == "RUNTIME_DEPENDENCY_OF" || type == "PROVIDED_DEPENDENCY_OF")
          lock.edges.push_back({b, a, DepKind::Normal});
        else if (type == "OPTIONAL_DEPENDENCY_OF")
          lock.edges.push_back({b, a, DepKind::Optional});
        else if (type == "DEV_DEPENDENCY_OF" || type == "TEST_DEPENDENCY_OF")
          lock.edges.push_back({b, a, DepKind::Dev});
        else if (type == "BUILD_DEPENDENCY_OF")
          lock.edges.push_back({b, a, DepKind::Build});
      }
    lock.ecosystem = sbom_input::majority_ecosystem(lock.packages);
    for (std::uint32_t i : unknown_ecosystem) lock.packages[i].ecosystem = lock.ecosystem;
    return lock;
  }
};

}  // namespace

std::unique_ptr<Reader> make_spdx_json_reader() { return std::make_unique<SpdxReader>(); }

}  // namespace tocsin::lockfile
