// Graph queries over the inventory: which packages ship, and how a package is reached.
#include <algorithm>
#include <deque>

#include "inventory/release_path.h"

namespace tocsin::inventory {
namespace {

using lockfile::DepKind;
using lockfile::Lockfile;

bool ships(DepKind kind) { return kind != DepKind::Dev && kind != DepKind::Build; }

// Breadth-first reachability from every root, following only edges `follow` accepts.
template <typename Follow>
std::vector<bool> reach_from_roots(const Lockfile& lock, Follow follow) {
  std::vector<std::vector<std::uint32_t>> out(lock.packages.size());
  for (const lockfile::Edge& edge : lock.edges)
    if (follow(edge.kind)) out[edge.from].push_back(edge.to);
  std::vector<bool> seen(lock.packages.size(), false);
  std::deque<std::uint32_t> queue;
  for (std::uint32_t i = 0; i < lock.packages.size(); ++i)
    if (lock.packages[i].is_root) {
      seen[i] = true;
      queue.push_back(i);
    }
  while (!queue.empty()) {
    std::uint32_t at = queue.front();
    queue.pop_front();
    for (std::uint32_t next : out[at])
      if (!seen[next]) {
        seen[next] = true;
        queue.push_back(next);
      }
  }
  return seen;
}

}  // namespace

void compute_release_path(Inventory& inventory) {
  inventory.release_path.clear();
  inventory.unreached.clear();
  for (const Lockfile& lock : inventory.lockfiles) {
    std::vector<bool> shipped = reach_from_roots(lock, ships);
    std::vector<bool> reached = reach_from_roots(lock, [](DepKind) { return true; });
    std::vector<bool> unreached(lock.packages.size());
    for (std::size_t i = 0; i < lock.packages.size(); ++i) {
      unreached[i] = !reached[i];
      // Nothing links it to a root: trust the lockfile's own dev flag, else assume it ships —
      // wrongly calling a shipped package dev-only is the dangerous mistake.
      if (unreached[i]) shipped[i] = (lock.packages[i].flags & lockfile::kFlagDev) == 0;
    }
    inventory.release_path.push_back(std::move(shipped));
    inventory.unreached.push_back(std::move(unreached));
  }
}

std::vector<std::vector<PackageRef>> paths_to(const Inventory& inventory, PackageRef target, std::size_t max_paths) {
  const Lockfile& lock = inventory.lockfiles[target.lockfile];
  std::vector<std::vector<std::uint32_t>> in(lock.packages.size());
  for (const lockfile::Edge& edge : lock.edges) in[edge.to].push_back(edge.from);
  for (auto& sources : in) {
    std::sort(sources.begin(), sources.end());
    sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
  }

  // Breadth-first over partial paths walking backwards, so paths come out shortest first. The
  // expansion budget bounds the work on dense graphs, where simple paths grow exponentially.
  std::vector<std::vector<PackageRef>> paths;
  std::deque<std::vector<std::uint32_t>> queue;
  queue.push_back({static_cast<std::uint32_t>(target.package)});
  std::size_t budget = 200000;
  while (!queue.empty() && paths.size() < max_paths && budget > 0) {
    std::vector<std::uint32_t> partial = std::move(queue.front());
    queue.pop_front();
    std::uint32_t head = partial.back();
    if (lock.packages[head].is_root) {
      // A path ends at every root it meets, and goes on: a workspace member used by another
      // member is reached both directly and through that member (as `cargo tree -i` shows).
      std::vector<PackageRef> path;
      for (auto it = partial.rbegin(); it != partial.rend(); ++it) path.push_back({target.lockfile, *it});
      paths.push_back(std::move(path));
      if (paths.size() >= max_paths) break;
    }
    for (std::uint32_t source : in[head]) {
      if (budget == 0) break;
      --budget;
      if (std::find(partial.begin(), partial.end(), source) != partial.end()) continue;  // cycle
      std::vector<std::uint32_t> longer = partial;
      longer.push_back(source);
      queue.push_back(std::move(longer));
    }
  }
  return paths;
}

std::vector<PackageRef> find_packages(const Inventory& inventory, const std::string& name, const std::string& version) {
  std::vector<PackageRef> found;
  for (std::size_t l = 0; l < inventory.lockfiles.size(); ++l) {
    const auto& packages = inventory.lockfiles[l].packages;
    for (std::size_t p = 0; p < packages.size(); ++p) {
      const lockfile::Package& package = packages[p];
      bool named = package.name == name || (!package.alias.empty() && package.alias == name);
      if (named && (version.empty() || package.version == version)) found.push_back({l, p});
    }
  }
  return found;
}

}  // namespace tocsin::inventory
