#include "sbom/view.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "core/purl.h"

namespace tocsin::sbom {
namespace {

namespace fs = std::filesystem;
constexpr std::size_t kNone = static_cast<std::size_t>(-1);

std::string spdx_safe(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    out += ok ? c : '-';
  }
  return out;
}

std::string directory_name(const inventory::Inventory& inventory) {
  std::error_code ignored;
  fs::path dir = inventory.root_dir.empty() ? fs::path(".") : fs::path(inventory.root_dir);
  fs::path absolute = fs::weakly_canonical(fs::absolute(dir, ignored), ignored);
  std::string name = absolute.filename().string();
  return name.empty() ? "project" : name;
}

}  // namespace

View build_view(const inventory::Inventory& inventory, const Options& options) {
  View view;
  view.nodes.emplace_back();  // the project, filled below

  std::vector<inventory::PackageRef> roots;
  for (std::size_t l = 0; l < inventory.lockfiles.size(); ++l)
    for (std::size_t p = 0; p < inventory.lockfiles[l].packages.size(); ++p)
      if (inventory.lockfiles[l].packages[p].is_root) roots.push_back({l, p});

  // The single root (real or added by the inventory) is the project; else a project node.
  std::optional<inventory::PackageRef> project_ref;
  if (roots.size() == 1) project_ref = roots.front();

  // index[l][p]: node of each package, kNone when it is not a component.
  std::vector<std::vector<std::size_t>> index(inventory.lockfiles.size());
  for (std::size_t l = 0; l < inventory.lockfiles.size(); ++l) {
    const lockfile::Lockfile& lock = inventory.lockfiles[l];
    index[l].assign(lock.packages.size(), kNone);
    for (std::size_t p = 0; p < lock.packages.size(); ++p) {
      const lockfile::Package& package = lock.packages[p];
      inventory::PackageRef ref{l, p};
      bool release = inventory.on_release_path(ref);
      if (project_ref && *project_ref == ref) {
        index[l][p] = 0;
        continue;
      }
      if (package.synthetic) {
        index[l][p] = 0;  // the project stands for the roots the inventory added
        continue;
      }
      if (options.release_path_only && !release && !package.is_root) continue;
      Node node;
      node.package = &package;
      node.ref = ref;
      node.lockfile = lock.path;
      node.name = package.name;
      node.version = package.version;
      node.root = package.is_root;
      node.release = release;
      node.hashes = decode_integrity(package.integrity);
      index[l][p] = view.nodes.size();
      view.nodes.push_back(std::move(node));
    }
  }

  Node& project = view.nodes[0];
  project.root = true;
  if (project_ref) {
    const lockfile::Package& package = inventory.package(*project_ref);
    project.name = package.name;
    project.version = package.version;
    project.lockfile = inventory.lockfiles[project_ref->lockfile].path;
    project.ref = *project_ref;
    if (!package.synthetic) {
      project.package = &package;
      project.hashes = decode_integrity(package.integrity);
    }
  }
  if (project.name.empty() || project.name == ".")
    project.name = options.project_name.empty() ? directory_name(inventory) : options.project_name;
  if (!options.project_name.empty() && !project.package) project.name = options.project_name;

  // purls, and how often each occurs (a repeated purl gets a lockfile:line bom-ref).
  std::map<std::string, int> purl_count;
  for (Node& node : view.nodes) {
    if (node.package == nullptr || node.name.empty()) continue;
    node.purl = format_purl(purl_for_package(node.package->ecosystem, node.name, node.version));
    ++purl_count[node.purl];
  }
  std::map<std::string, int> spdx_count;
  for (std::size_t i = 0; i < view.nodes.size(); ++i) {
    Node& node = view.nodes[i];
    std::string where = node.lockfile + ":" + std::to_string(node.package ? node.package->line : 0);
    if (node.purl.empty())
      node.bom_ref = i == 0 ? "tocsin:project" : "tocsin:" + where;
    else
      node.bom_ref = purl_count[node.purl] > 1 ? node.purl + "#" + where : node.purl;
    std::string base = i == 0 ? "SPDXRef-Project" : "SPDXRef-Package-" + spdx_safe(node.name + "-" + node.version);
    int seen = ++spdx_count[base];
    node.spdx_id = seen == 1 ? base : base + "-" + std::to_string(seen);
  }

  // Edges, mapped onto nodes and deduplicated; the project depends on every other root.
  for (std::size_t l = 0; l < inventory.lockfiles.size(); ++l) {
    for (const lockfile::Edge& edge : inventory.lockfiles[l].edges) {
      std::size_t from = index[l][edge.from];
      std::size_t to = index[l][edge.to];
      if (from == kNone || to == kNone || from == to || to == 0) continue;
      view.nodes[from].depends_on.push_back(to);
    }
  }
  for (std::size_t i = 1; i < view.nodes.size(); ++i)
    if (view.nodes[i].root) view.nodes[0].depends_on.push_back(i);
  for (Node& node : view.nodes) {
    std::sort(node.depends_on.begin(), node.depends_on.end());
    node.depends_on.erase(std::unique(node.depends_on.begin(), node.depends_on.end()), node.depends_on.end());
  }
  for (const Node& node : view.nodes)
    for (std::size_t to : node.depends_on) view.nodes[to].has_incoming = true;
  return view;
}

}  // namespace tocsin::sbom
