// Graph queries over the inventory: which packages ship, and how a package is reached.
#include <algorithm>
#include <deque>
#include <set>

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

// For each package, the packages with an edge to it (sorted, unique).
std::vector<std::vector<std::uint32_t>> derive_dependents(const Lockfile& lock) {
  std::vector<std::vector<std::uint32_t>> in(lock.packages.size());
  for (const lockfile::Edge& edge : lock.edges) in[edge.to].push_back(edge.from);
  for (auto& sources : in) {
    std::sort(sources.begin(), sources.end());
    sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
  }
  return in;
}

// The stored index, or — for an inventory assembled by hand (tests, `ci audit`), which has none —
// one derived into `scratch`.
const std::vector<std::vector<std::uint32_t>>& dependents_of(const Inventory& inventory, std::size_t lockfile,
                                                             std::vector<std::vector<std::uint32_t>>& scratch) {
  if (lockfile < inventory.dependents.size()) return inventory.dependents[lockfile];
  scratch = derive_dependents(inventory.lockfiles[lockfile]);
  return scratch;
}

}  // namespace

void compute_release_path(Inventory& inventory) {
  inventory.release_path.clear();
  inventory.unreached.clear();
  inventory.dependents.clear();
  for (const Lockfile& lock : inventory.lockfiles) {
    inventory.dependents.push_back(derive_dependents(lock));
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

namespace {

// The number of paths from a root to `target` (f(v) = [v is a root] + sum of f over v's
// dependents, as search_paths walks them), or nullopt when `target`'s ancestors hold a cycle.
std::optional<std::uint64_t> count_paths(const Lockfile& lock, const std::vector<std::vector<std::uint32_t>>& in,
                                         std::uint32_t target) {
  enum : std::uint8_t { kUnseen, kOpen, kDone };
  std::vector<std::uint8_t> state(lock.packages.size(), kUnseen);
  std::vector<std::uint64_t> count(lock.packages.size(), 0);
  // Iterative post-order DFS over dependents: (node, next dependent to visit).
  std::vector<std::pair<std::uint32_t, std::size_t>> stack = {{target, 0}};
  state[target] = kOpen;
  while (!stack.empty()) {
    auto& [node, next] = stack.back();
    if (next < in[node].size()) {
      std::uint32_t source = in[node][next++];
      if (state[source] == kOpen) return std::nullopt;  // a cycle: simple paths are not a sum
      if (state[source] == kUnseen) {
        state[source] = kOpen;
        stack.push_back({source, 0});
      }
      continue;
    }
    std::uint64_t total = lock.packages[node].is_root ? 1 : 0;
    for (std::uint32_t source : in[node])
      total = count[source] > UINT64_MAX - total ? UINT64_MAX : total + count[source];
    count[node] = total;
    state[node] = kDone;
    stack.pop_back();
  }
  return count[target];
}

// When breadth-first runs out of budget (many paths of equal length: it must expand all their
// prefixes before finishing any), depth-first still finds paths in a few steps each: they are
// added after the shortest ones, up to max_paths, with a budget of their own.
void add_depth_first_paths(const Lockfile& lock, const std::vector<std::vector<std::uint32_t>>& in, PackageRef target,
                           std::size_t max_paths, PathSearch& result) {
  std::set<std::vector<PackageRef>> known;
  for (const auto& path : result.paths) known.insert(path);
  std::vector<bool> on_path(lock.packages.size(), false);
  std::vector<std::pair<std::uint32_t, std::size_t>> stack = {{static_cast<std::uint32_t>(target.package), 0}};
  on_path[target.package] = true;
  std::size_t budget = 200000;
  bool fresh = true;  // the top of the stack was just entered
  while (!stack.empty() && result.paths.size() < max_paths && budget-- > 0) {
    auto& [node, next] = stack.back();
    if (fresh && lock.packages[node].is_root) {
      std::vector<PackageRef> path;
      for (auto it = stack.rbegin(); it != stack.rend(); ++it) path.push_back({target.lockfile, it->first});
      if (known.insert(path).second) result.paths.push_back(std::move(path));
    }
    fresh = false;
    if (next < in[node].size()) {
      std::uint32_t source = in[node][next++];
      if (on_path[source]) continue;
      on_path[source] = true;
      stack.push_back({source, 0});
      fresh = true;
      continue;
    }
    on_path[node] = false;
    stack.pop_back();
  }
}

// The breadth-first walk of search_paths, without the count (scan calls it once per finding).
PathSearch walk_paths(const Inventory& inventory, PackageRef target, std::size_t max_paths) {
  const Lockfile& lock = inventory.lockfiles[target.lockfile];
  std::vector<std::vector<std::uint32_t>> scratch;
  const std::vector<std::vector<std::uint32_t>>& in = dependents_of(inventory, target.lockfile, scratch);
  PathSearch result;
  // Breadth-first over partial paths walking backwards, so paths come out shortest first. The
  // expansion budget bounds the work on dense graphs, where simple paths grow exponentially.
  std::deque<std::vector<std::uint32_t>> queue;
  queue.push_back({static_cast<std::uint32_t>(target.package)});
  std::size_t budget = 200000;
  while (!queue.empty() && result.paths.size() < max_paths && budget > 0) {
    std::vector<std::uint32_t> partial = std::move(queue.front());
    queue.pop_front();
    std::uint32_t head = partial.back();
    if (lock.packages[head].is_root) {
      // A path ends at every root it meets, and goes on: a workspace member used by another
      // member is reached both directly and through that member (as `cargo tree -i` shows).
      std::vector<PackageRef> path;
      for (auto it = partial.rbegin(); it != partial.rend(); ++it) path.push_back({target.lockfile, *it});
      result.paths.push_back(std::move(path));
      if (result.paths.size() >= max_paths) break;
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
  if (budget == 0 && result.paths.size() < max_paths) {
    add_depth_first_paths(lock, in, target, max_paths, result);
    result.budget_exhausted = result.paths.size() < max_paths;
  }
  return result;
}

}  // namespace

PathSearch search_paths(const Inventory& inventory, PackageRef target, std::size_t max_paths) {
  PathSearch result = walk_paths(inventory, target, max_paths);
  std::vector<std::vector<std::uint32_t>> scratch;
  result.total = count_paths(inventory.lockfiles[target.lockfile], dependents_of(inventory, target.lockfile, scratch),
                             static_cast<std::uint32_t>(target.package));
  return result;
}

std::vector<std::vector<PackageRef>> paths_to(const Inventory& inventory, PackageRef target, std::size_t max_paths) {
  return walk_paths(inventory, target, max_paths).paths;
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
