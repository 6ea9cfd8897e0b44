// Helpers shared by the lockfile reader tests: find a package, check an edge.
#pragma once

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "lockfile/lockfile.h"

namespace tocsin::lockfile::testing {

// Index of the package `name` (at `version`, when given); throws when absent so a test fails loudly.
inline std::uint32_t index_of(const Lockfile& lockfile, std::string_view name, std::string_view version = {}) {
  for (std::uint32_t i = 0; i < lockfile.packages.size(); ++i)
    if (lockfile.packages[i].name == name && (version.empty() || lockfile.packages[i].version == version)) return i;
  throw std::runtime_error("no package " + std::string(name));
}

inline bool has_edge(const Lockfile& lockfile, std::uint32_t from, std::uint32_t to, DepKind kind) {
  return std::any_of(lockfile.edges.begin(), lockfile.edges.end(),
                     [&](const Edge& edge) { return edge.from == from && edge.to == to && edge.kind == kind; });
}

}  // namespace tocsin::lockfile::testing
