// Golden SBOMs: the demo repository and one fixture per lockfile format, in both formats, compared
// byte for byte with tests/fixtures/sbom/golden/ (checked by hand once when written). To rewrite
// them after an intended change: TOCSIN_UPDATE_GOLDEN=1 — the tests then only write, and skip.
#include "support/golden.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "core/text.h"
#include "sbom/sbom_test_util.h"

namespace tocsin::sbom {
namespace {

namespace fx = testing;

std::string golden_path(const std::string& name, Format format) {
  return fx::kSbomFixtures + "/golden/" + name + (format == Format::CycloneDx ? ".cdx.json" : ".spdx.json");
}

class Golden : public ::testing::TestWithParam<std::tuple<fx::GoldenInput, Format>> {};

TEST_P(Golden, MatchesTheCheckedFile) {
  const auto& [input, format] = GetParam();
  inventory::Inventory inventory = inventory::build_inventory(input.dir, input.files);
  std::string written = write_sbom(inventory, fx::golden_options(format));
  std::string path = golden_path(input.name, format);
  tocsin::testing::expect_golden(path, written);
  if (IsSkipped()) return;  // rewritten (TOCSIN_UPDATE_GOLDEN)
  // Deterministic: a second run over a fresh inventory gives the same bytes.
  EXPECT_EQ(written, write_sbom(inventory::build_inventory(input.dir, input.files), fx::golden_options(format)));
}

INSTANTIATE_TEST_SUITE_P(AllInputs, Golden,
                         ::testing::Combine(::testing::ValuesIn(fx::golden_inputs()),
                                            ::testing::Values(Format::CycloneDx, Format::Spdx)),
                         [](const auto& info) {
                           std::string name = std::get<0>(info.param).name +
                                              (std::get<1>(info.param) == Format::CycloneDx ? "_cdx" : "_spdx");
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

}  // namespace
}  // namespace tocsin::sbom
