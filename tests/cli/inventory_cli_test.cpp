// `tocsin deps` and `tocsin why` end to end, on project fixtures and on Springtale's real
// repository (skipped when ../shared is absent).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_tocsin.h"
#include "support/scratch_dir.h"
#include "support/shared.h"

namespace {

using tocsin::testing::run_tocsin;

const std::string kFixtures = std::string(TOCSIN_FIXTURES) + "/inventory";
const std::string kSpringtale = std::string(TOCSIN_SHARED) + "/fixtures/springtale";

TEST(DepsCli, JsonCarriesTheDocumentedFields) {
  auto run = run_tocsin("deps " + kFixtures + "/cargo-workspace --format json");
  ASSERT_EQ(run.exit_code, 0);
  auto document = nlohmann::json::parse(run.out);
  EXPECT_EQ(document["schema_version"], 1);
  bool saw_proptest = false;
  for (const auto& package : document["packages"]) {
    for (const char* key : {"ecosystem", "name", "version", "lockfile", "line", "dev"})
      EXPECT_TRUE(package.contains(key)) << key;
    if (package["name"] == "proptest") {
      saw_proptest = true;
      EXPECT_EQ(package["dev"], true);
      EXPECT_EQ(package["lockfile"], "Cargo.lock");
      EXPECT_GT(package["line"].get<int>(), 0);
    }
  }
  EXPECT_TRUE(saw_proptest);
}

TEST(DepsCli, MalformedLockfileExitsTwoWithLocation) {
  const tocsin::testing::ScratchDir scratch;
  std::string path = scratch / "tocsin-bad/Cargo.lock";
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << "version = 3\n\n[[package]]\nname = \"a\"\nversion = \n";
  auto run = run_tocsin("deps --lockfile " + path, "", true);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find(path + ":5"), std::string::npos) << run.out;
}

TEST(WhyCli, ReportsVerdictAndPaths) {
  auto run = run_tocsin("why regex-syntax " + kFixtures + "/cargo-workspace --format json");
  ASSERT_EQ(run.exit_code, 0);
  auto document = nlohmann::json::parse(run.out);
  EXPECT_EQ(document["release_path"], false);
  ASSERT_EQ(document["paths"].size(), 1u);
  EXPECT_EQ(document["paths"][0], nlohmann::json({"app@0.1.0", "proptest@1.2.0", "regex-syntax@0.7.5"}));
  EXPECT_EQ(run_tocsin("why no-such-crate " + kFixtures + "/cargo-workspace").exit_code, 2);
}

class SpringtaleCli : public ::testing::Test {
 protected:
  void SetUp() override { TOCSIN_NEED_SHARED(kSpringtale + "/Cargo.lock"); }
};

std::size_t count_lines_starting(const std::string& path, const std::string& prefix) {
  std::ifstream in(path);
  std::size_t count = 0;
  for (std::string line; std::getline(in, line);) count += line.rfind(prefix, 0) == 0 ? 1 : 0;
  return count;
}

TEST_F(SpringtaleCli, DepsCountsBothLockfiles) {
  auto run = run_tocsin("deps " + kSpringtale + " --format json");
  ASSERT_EQ(run.exit_code, 0);
  auto document = nlohmann::json::parse(run.out);
  std::size_t cargo = 0, pnpm_registry = 0, pnpm_roots = 0;
  for (const auto& lockfile : document["lockfiles"])
    if (lockfile["path"] == "Cargo.lock") cargo = lockfile["packages"];
  for (const auto& package : document["packages"]) {
    if (package["lockfile"] != "tauri/pnpm-lock.yaml") continue;
    pnpm_registry += package["local"] ? 0 : 1;
    pnpm_roots += package["root"] ? 1 : 0;
  }
  EXPECT_EQ(cargo, count_lines_starting(kSpringtale + "/Cargo.lock", "[[package]]"));
  // pnpm 9: one registry package per key under `packages:` (indented two spaces), one root per importer.
  std::ifstream in(kSpringtale + "/tauri/pnpm-lock.yaml");
  std::size_t keys = 0, importers = 0;
  std::string section;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != ' ') section = line;
    bool empty_mapping = line.size() > 4 && line.compare(line.size() - 4, 4, ": {}") == 0;  // `  packages/types: {}`
    bool key = line.size() > 2 && line.rfind("  ", 0) == 0 && line[2] != ' ' && (line.back() == ':' || empty_mapping);
    if (key && section == "packages:") ++keys;
    if (key && section == "importers:") ++importers;
  }
  EXPECT_EQ(pnpm_registry, keys);
  EXPECT_EQ(pnpm_roots, importers);
}

TEST_F(SpringtaleCli, WhySolidJsShipsThroughTheDesktopApp) {
  auto run = run_tocsin("why solid-js " + kSpringtale + " --format json");
  ASSERT_EQ(run.exit_code, 0);
  auto document = nlohmann::json::parse(run.out);
  EXPECT_EQ(document["release_path"], true);
  bool from_desktop = false;
  for (const auto& path : document["paths"])
    from_desktop = from_desktop || path[0].get<std::string>().rfind("springtale-desktop@", 0) == 0;
  EXPECT_TRUE(from_desktop) << document["paths"].dump();
}

TEST_F(SpringtaleCli, WhyViteIsDevOnly) {
  auto run = run_tocsin("why vite " + kSpringtale + " --format json");
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(run.out)["release_path"], false);
}

}  // namespace
