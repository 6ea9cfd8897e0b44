#include "inventory/inventory.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/error.h"
#include "support/scratch_dir.h"

namespace tocsin::inventory {
namespace {

const std::string kDir = std::string(TOCSIN_FIXTURES) + "/inventory";

// Release-path verdict of the only package `name` in the inventory.
bool ships(const Inventory& inventory, const std::string& name) {
  auto found = find_packages(inventory, name);
  EXPECT_EQ(found.size(), 1u) << name;
  return !found.empty() && inventory.on_release_path(found.front());
}

std::vector<std::string> path_names(const Inventory& inventory, const std::vector<PackageRef>& path) {
  std::vector<std::string> names;
  for (const PackageRef& ref : path) names.push_back(inventory.package(ref).name);
  return names;
}

TEST(Discovery, SkipsInstalledTreesAndBuildOutput) {
  Discovery found = discover(kDir + "/nested");
  EXPECT_EQ(found.lockfiles, std::vector<std::string>{"yarn.lock"});
  EXPECT_EQ(found.manifests, std::vector<std::string>{"package.json"});
}

TEST(Discovery, FindsLockfilesInSubdirectories) {
  Discovery found = discover(kDir);
  EXPECT_NE(std::find(found.lockfiles.begin(), found.lockfiles.end(), "pnpm-workspace/pnpm-lock.yaml"),
            found.lockfiles.end());
  EXPECT_NE(std::find(found.lockfiles.begin(), found.lockfiles.end(), "cargo-workspace/Cargo.lock"),
            found.lockfiles.end());
  for (const std::string& path : found.lockfiles) EXPECT_EQ(path.find("node_modules"), std::string::npos) << path;
}

TEST(Discovery, RejectsMissingDirectory) { EXPECT_THROW(discover(kDir + "/does-not-exist"), Error); }

TEST(CargoWorkspace, ManifestsDecideDevAndBuildEdges) {
  Inventory inventory = build_inventory(kDir + "/cargo-workspace");
  ASSERT_EQ(inventory.lockfiles.size(), 1u);
  EXPECT_EQ(inventory.lockfiles[0].path, "Cargo.lock");
  EXPECT_TRUE(ships(inventory, "serde"));
  EXPECT_TRUE(ships(inventory, "log"));
  EXPECT_TRUE(ships(inventory, "rand")) << "rand ships through lib even though proptest (dev) uses it too";
  EXPECT_TRUE(ships(inventory, "getrandom"));
  EXPECT_FALSE(ships(inventory, "proptest"));
  EXPECT_FALSE(ships(inventory, "regex-syntax"));
  EXPECT_FALSE(ships(inventory, "cc")) << "build-dependencies do not ship";
}

TEST(CargoWorkspace, PathsStartAtWorkspaceMembers) {
  Inventory inventory = build_inventory(kDir + "/cargo-workspace");
  auto rand = find_packages(inventory, "rand", "0.8.5");
  ASSERT_EQ(rand.size(), 1u);
  auto paths = paths_to(inventory, rand.front());
  std::set<std::vector<std::string>> named;
  for (const auto& path : paths) named.insert(path_names(inventory, path));
  std::set<std::vector<std::string>> expected = {{"lib", "rand"}, {"app", "lib", "rand"}, {"app", "proptest", "rand"}};
  EXPECT_EQ(named, expected);
  ASSERT_FALSE(paths.empty());
  EXPECT_EQ(paths.front().size(), 2u) << "shortest path first";
}

TEST(PnpmWorkspace, ImportersAreRootsNamedByTheirManifest) {
  Inventory inventory = build_inventory(kDir + "/pnpm-workspace");
  EXPECT_TRUE(ships(inventory, "solid-js"));
  EXPECT_TRUE(ships(inventory, "seroval"));
  EXPECT_FALSE(ships(inventory, "vite"));
  EXPECT_FALSE(ships(inventory, "esbuild"));
  EXPECT_FALSE(ships(inventory, "typescript"));
  auto seroval = find_packages(inventory, "seroval");
  ASSERT_EQ(seroval.size(), 1u);
  auto paths = paths_to(inventory, seroval.front());
  ASSERT_EQ(paths.size(), 1u);
  EXPECT_EQ(path_names(inventory, paths[0]), (std::vector<std::string>{"web-app", "solid-js", "seroval"}));
  EXPECT_EQ(inventory.package(paths[0][0]).version, "1.0.0");
}

TEST(YarnV1, SyntheticRootFollowsPackageJson) {
  Inventory inventory = build_inventory(kDir + "/yarn-v1");
  EXPECT_TRUE(ships(inventory, "lodash"));
  EXPECT_FALSE(ships(inventory, "chalk"));
  EXPECT_FALSE(ships(inventory, "ansi-styles"));
  auto ansi = find_packages(inventory, "ansi-styles");
  ASSERT_EQ(ansi.size(), 1u);
  auto paths = paths_to(inventory, ansi.front());
  ASSERT_EQ(paths.size(), 1u);
  EXPECT_EQ(path_names(inventory, paths[0]), (std::vector<std::string>{"yarn-app", "chalk", "ansi-styles"}));
  EXPECT_TRUE(inventory.package(paths[0][0]).synthetic);
}

TEST(Requirements, EveryPinShipsFromTheProject) {
  Inventory inventory = build_inventory(kDir + "/python-req");
  EXPECT_TRUE(ships(inventory, "requests"));
  EXPECT_TRUE(ships(inventory, "urllib3")) << "without a manifest link, unreached pins are assumed to ship";
}

TEST(ExplicitLockfiles, TypePrefixSelectsTheReader) {
  const tocsin::testing::ScratchDir scratch;
  std::filesystem::path copy = scratch / "deps.lock";
  std::filesystem::copy_file(kDir + "/yarn-v1/yarn.lock", copy);
  Inventory inventory = build_inventory("", {{"yarn.lock", copy.string()}});
  ASSERT_EQ(inventory.lockfiles.size(), 1u);
  EXPECT_EQ(inventory.lockfiles[0].format, "yarn.lock");
  EXPECT_EQ(find_packages(inventory, "lodash", "4.17.21").size(), 1u);
  EXPECT_THROW(build_inventory("", {{"", copy.string()}}), Error) << "unknown file name needs a TYPE";
  EXPECT_THROW(build_inventory("", {{"no-such-type", copy.string()}}), Error);
}

}  // namespace
}  // namespace tocsin::inventory

namespace tocsin::inventory {
namespace {

TEST(PackageLockV1, RootIsLinkedThroughPackageJson) {
  Inventory inventory = build_inventory(kDir + "/npm-v1");
  EXPECT_TRUE(ships(inventory, "debug")) << "a dev package (mocha) also uses it, but the project itself does";
  EXPECT_TRUE(ships(inventory, "ms"));
  EXPECT_FALSE(ships(inventory, "mocha"));
}

TEST(YarnBerry, PackageJsonSeparatesDevFromMergedDependencies) {
  Inventory inventory = build_inventory(kDir + "/yarn-berry");
  EXPECT_TRUE(ships(inventory, "left-pad"));
  EXPECT_FALSE(ships(inventory, "typescript")) << "Berry lists devDependencies as dependencies";
}

}  // namespace
}  // namespace tocsin::inventory
