// SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/), see sbom.h for what goes where.
#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "core/time.h"
#include "sbom/sbom.h"
#include "sbom/view.h"

namespace tocsin::sbom {
namespace {

using nlohmann::ordered_json;

std::string spdx_algorithm(const std::string& cyclonedx) {
  std::string out;
  for (char c : cyclonedx)
    if (c != '-') out += c;
  return out;  // "SHA-512" -> "SHA512"
}

ordered_json package(const Node& node) {
  ordered_json out = ordered_json::object();
  out["name"] = node.name;
  out["SPDXID"] = node.spdx_id;
  if (!node.version.empty()) out["versionInfo"] = node.version;
  out["downloadLocation"] = "NOASSERTION";
  out["filesAnalyzed"] = false;
  if (!node.hashes.empty()) {
    ordered_json checksums = ordered_json::array();
    for (const Hash& hash : node.hashes)
      checksums.push_back(ordered_json{{"algorithm", spdx_algorithm(hash.algorithm)}, {"checksumValue", hash.hex}});
    out["checksums"] = std::move(checksums);
  }
  if (node.package) out["sourceInfo"] = "declared in " + node.lockfile + ":" + std::to_string(node.package->line);
  if (!node.purl.empty())
    out["externalRefs"] = ordered_json::array({ordered_json{
        {"referenceCategory", "PACKAGE-MANAGER"}, {"referenceType", "purl"}, {"referenceLocator", node.purl}}});
  out["primaryPackagePurpose"] = node.root ? "APPLICATION" : "LIBRARY";
  return out;
}

ordered_json relationship(const std::string& element, const char* type, const std::string& related) {
  return ordered_json{{"spdxElementId", element}, {"relationshipType", type}, {"relatedSpdxElement", related}};
}

std::string namespace_safe(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    out += ok ? c : '-';
  }
  return out;
}

}  // namespace

std::string write_spdx(const inventory::Inventory& inventory, const Options& options) {
  View view = build_view(inventory, options);
  ordered_json document = ordered_json::object();
  document["spdxVersion"] = "SPDX-2.3";
  document["dataLicense"] = "CC0-1.0";
  document["SPDXID"] = "SPDXRef-DOCUMENT";
  document["name"] = view.nodes[0].name;
  document["documentNamespace"] = "";  // filled last: it may be derived from everything else
  document["creationInfo"] = {{"created", format_rfc3339(options.timestamp)},
                              {"creators", ordered_json::array({"Tool: tocsin-" + options.tool_version})}};
  ordered_json packages = ordered_json::array();
  for (const Node& node : view.nodes) packages.push_back(package(node));
  document["packages"] = std::move(packages);

  ordered_json relationships = ordered_json::array();
  // The document describes the project and every other root (workspace members, importers).
  for (const Node& node : view.nodes)
    if (node.root) relationships.push_back(relationship("SPDXRef-DOCUMENT", "DESCRIBES", node.spdx_id));
  for (const Node& node : view.nodes) {
    for (std::size_t to : node.depends_on) {
      const Node& target = view.nodes[to];
      if (target.release)
        relationships.push_back(relationship(node.spdx_id, "DEPENDS_ON", target.spdx_id));
      else
        relationships.push_back(relationship(target.spdx_id, "DEV_DEPENDENCY_OF", node.spdx_id));
    }
  }
  // A dev-only package nothing depends on (the lockfile flags it dev): say so against the project.
  for (const Node& node : view.nodes)
    if (!node.release && !node.has_incoming && !node.root)
      relationships.push_back(relationship(node.spdx_id, "DEV_DEPENDENCY_OF", view.nodes[0].spdx_id));
  document["relationships"] = std::move(relationships);

  std::string name_space = options.serial;
  if (name_space.empty()) {
    document.erase("documentNamespace");
    name_space = "https://spdx.org/spdxdocs/tocsin-" + namespace_safe(view.nodes[0].name) + "-" +
                 uuid_v5("tocsin-sbom:spdx:" + sha256_hex(document.dump()));
    ordered_json ordered = ordered_json::object();
    for (auto it = document.begin(); it != document.end(); ++it) {
      ordered[it.key()] = it.value();
      if (it.key() == "name") ordered["documentNamespace"] = name_space;
    }
    document = std::move(ordered);
  } else {
    document["documentNamespace"] = name_space;
  }
  return document.dump(2) + "\n";
}

}  // namespace tocsin::sbom
