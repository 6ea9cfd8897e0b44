// Internal to the sbom module: the inventory as the writers see it — one node per component,
// node 0 the project (metadata.component / the SPDX document's subject), edges deduplicated.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "inventory/inventory.h"
#include "sbom/sbom.h"

namespace tocsin::sbom {

struct Node {
  const lockfile::Package* package = nullptr;  // null for a project that is not a package
  inventory::PackageRef ref;
  std::string lockfile;  // path of its lockfile ("" for a project that is not a package)
  std::string name;      // as the lockfile writes it
  std::string version;
  std::string purl;  // "" when it has none (the project, a package without a name)
  std::string bom_ref;
  std::string spdx_id;
  bool root = false;
  bool release = true;  // on the release path
  std::vector<Hash> hashes;
  std::vector<std::size_t> depends_on;  // node indices, sorted, unique
  bool has_incoming = false;
};

struct View {
  std::vector<Node> nodes;  // [0] is the project
};

View build_view(const inventory::Inventory& inventory, const Options& options);

}  // namespace tocsin::sbom
