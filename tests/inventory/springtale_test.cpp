// Integration: the reference user's real repository (skipped when ../shared is absent).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "inventory/inventory.h"
#include "support/shared.h"

namespace tocsin::inventory {
namespace {

const std::string kSpringtale = std::string(TOCSIN_SHARED) + "/fixtures/springtale";

// Counts lines equal to `line`: an independent count of declarations.
std::size_t count_lines(const std::string& path, const std::string& line) {
  std::ifstream in(path);
  std::size_t count = 0;
  for (std::string row; std::getline(in, row);) count += row == line ? 1 : 0;
  return count;
}

class Springtale : public ::testing::Test {
 protected:
  void SetUp() override { TOCSIN_NEED_SHARED(kSpringtale + "/Cargo.lock"); }
};

TEST_F(Springtale, InventoryCoversBothLockfiles) {
  Inventory inventory = build_inventory(kSpringtale);
  const lockfile::Lockfile* cargo = nullptr;
  const lockfile::Lockfile* pnpm = nullptr;
  for (const auto& lock : inventory.lockfiles) {
    if (lock.path == "Cargo.lock") cargo = &lock;
    if (lock.path == "tauri/pnpm-lock.yaml") pnpm = &lock;
  }
  ASSERT_NE(cargo, nullptr);
  ASSERT_NE(pnpm, nullptr);
  EXPECT_EQ(cargo->packages.size(), count_lines(kSpringtale + "/Cargo.lock", "[[package]]"));
}

TEST_F(Springtale, WorkspaceCrateReachesItsDependencies) {
  Inventory inventory = build_inventory(kSpringtale);
  auto core = find_packages(inventory, "springtale-core");
  ASSERT_EQ(core.size(), 1u);
  EXPECT_TRUE(inventory.package(core.front()).is_root);
  // Every registry crate of Cargo.lock is reached from some workspace member.
  for (std::size_t l = 0; l < inventory.lockfiles.size(); ++l) {
    if (inventory.lockfiles[l].path != "Cargo.lock") continue;
    for (std::size_t p = 0; p < inventory.lockfiles[l].packages.size(); ++p)
      EXPECT_FALSE(inventory.unreached[l][p]) << inventory.lockfiles[l].packages[p].name;
  }
}

TEST_F(Springtale, DesktopDevToolsAreNotOnTheReleasePath) {
  Inventory inventory = build_inventory(kSpringtale);
  auto vite = find_packages(inventory, "vite");
  ASSERT_FALSE(vite.empty());
  for (const PackageRef& ref : vite) EXPECT_FALSE(inventory.on_release_path(ref));
  auto solid = find_packages(inventory, "solid-js");
  ASSERT_FALSE(solid.empty());
  EXPECT_TRUE(inventory.on_release_path(solid.front()));
  auto paths = paths_to(inventory, solid.front());
  ASSERT_FALSE(paths.empty());
  EXPECT_TRUE(inventory.package(paths.front().front()).is_root);
}

}  // namespace
}  // namespace tocsin::inventory
