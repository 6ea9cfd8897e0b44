// tocsin's SBOM read back by tocsin (the CycloneDX and SPDX lockfile readers) gives the same
// package set and the same release-path verdicts, for every golden input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/purl.h"
#include "sbom/sbom_test_util.h"
#include "support/scratch_dir.h"

namespace tocsin::sbom {
namespace {

namespace fx = testing;

// purl -> the verdicts of every package with that purl (a package may sit at several places).
using Verdicts = std::map<std::string, std::multiset<bool>>;

Verdicts verdicts_of(const inventory::Inventory& inventory) {
  Verdicts out;
  for (std::size_t l = 0; l < inventory.lockfiles.size(); ++l)
    for (std::size_t p = 0; p < inventory.lockfiles[l].packages.size(); ++p) {
      const lockfile::Package& package = inventory.lockfiles[l].packages[p];
      // Roots the inventory added (formats that record none) are not packages of the lockfile;
      // roots without a version (the project written without a purl, pnpm importer paths such as
      // "apps/web") are roots on both sides but SPDX cannot say they are local: left out here.
      if (package.synthetic || package.name.empty()) continue;
      if (package.is_root && package.version.empty()) continue;
      std::string purl = format_purl(purl_for_package(package.ecosystem, package.name, package.version));
      out[purl].insert(inventory.on_release_path({l, p}));
    }
  return out;
}

class RoundTrip : public ::testing::TestWithParam<std::tuple<fx::GoldenInput, Format>> {};

TEST_P(RoundTrip, SamePackagesAndVerdicts) {
  const tocsin::testing::ScratchDir scratch;
  const auto& [input, format] = GetParam();
  inventory::Inventory original = inventory::build_inventory(input.dir, input.files);
  std::string path = scratch / "roundtrip-" + input.name + (format == Format::CycloneDx ? ".cdx.json" : ".spdx.json");
  std::ofstream(path, std::ios::binary) << write_sbom(original, fx::golden_options(format));
  inventory::Inventory read_back =
      inventory::build_inventory("", {{format == Format::CycloneDx ? "cyclonedx" : "spdx", path}});
  Verdicts expected = verdicts_of(original);
  Verdicts actual = verdicts_of(read_back);
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(actual, expected);
  std::filesystem::remove(path);
}

INSTANTIATE_TEST_SUITE_P(AllInputs, RoundTrip,
                         ::testing::Combine(::testing::ValuesIn(fx::golden_inputs()),
                                            ::testing::Values(Format::CycloneDx, Format::Spdx)),
                         [](const auto& info) {
                           std::string name = std::get<0>(info.param).name +
                                              (std::get<1>(info.param) == Format::CycloneDx ? "_cdx" : "_spdx");
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

TEST(RoundTripRelease, ReleasePathOnlyKeepsOnlyShippedPackages) {
  const tocsin::testing::ScratchDir scratch;
  fx::GoldenInput demo = fx::golden_inputs().front();
  inventory::Inventory original = inventory::build_inventory(demo.dir, demo.files);
  Options options = fx::golden_options(Format::CycloneDx);
  options.release_path_only = true;
  std::string path = scratch / "release-only.cdx.json";
  std::ofstream(path, std::ios::binary) << write_sbom(original, options);
  Verdicts read_back = verdicts_of(inventory::build_inventory("", {{"cyclonedx", path}}));
  Verdicts all = verdicts_of(original);
  std::size_t dev_only = 0;
  for (const auto& [purl, verdicts] : all) {
    bool ships = verdicts.count(true) > 0;
    if (!ships) ++dev_only;
    EXPECT_EQ(read_back.count(purl) > 0, ships) << purl;
  }
  EXPECT_GT(dev_only, 0u) << "the demo repository has dev-only packages to leave out";
  for (const auto& [purl, verdicts] : read_back) EXPECT_EQ(verdicts.count(false), 0u) << purl;
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace tocsin::sbom
