// Queries shared by the npm-family lockfile tests: find a package, list its edges.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "lockfile/lockfile.h"

namespace tocsin::lockfile::testing {

inline Lockfile read_fixture(std::string_view type, const std::string& relative) {
  std::string path = std::string(TOCSIN_FIXTURES) + "/lockfile/" + relative;
  return reader_for_type(type)->read(path, read_file(path));
}

inline Lockfile read_text(std::string_view type, std::string_view content) {
  return reader_for_type(type)->read("inline", content);
}

// Indices of the packages named `name` (and at `version` when not empty).
inline std::vector<std::uint32_t> find_all(const Lockfile& lock, std::string_view name, std::string_view version = {}) {
  std::vector<std::uint32_t> found;
  for (std::uint32_t i = 0; i < lock.packages.size(); ++i)
    if (lock.packages[i].name == name && (version.empty() || lock.packages[i].version == version)) found.push_back(i);
  return found;
}

// The one package named `name`@`version`; fails the test when there is not exactly one.
inline std::uint32_t find_one(const Lockfile& lock, std::string_view name, std::string_view version = {}) {
  auto found = find_all(lock, name, version);
  EXPECT_EQ(found.size(), 1u) << name << "@" << version;
  return found.empty() ? 0 : found.front();
}

// "name@version:kind" of each edge out of `from`, in lockfile order.
inline std::vector<std::string> edges_from(const Lockfile& lock, std::uint32_t from) {
  std::vector<std::string> out;
  for (const Edge& edge : lock.edges)
    if (edge.from == from) {
      const Package& to = lock.packages[edge.to];
      out.push_back(to.name + "@" + to.version + ":" + std::string(dep_kind_name(edge.kind)));
    }
  return out;
}

}  // namespace tocsin::lockfile::testing
