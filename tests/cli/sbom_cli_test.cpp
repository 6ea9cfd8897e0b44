// `tocsin sbom` end to end: the demo repository's golden files byte for byte (--now),
// SOURCE_DATE_EPOCH, --output, --serial, --with-vex on the scan fixtures (a not_affected statement
// becomes analysis.state not_affected on the finding's component), usage errors (exit 2), and
// `deps` reading an SBOM (--lockfile cyclonedx:FILE and discovery of *.spdx.json).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "core/text.h"
#include "scan/scan_test_util.h"
#include "support/run_tocsin.h"

namespace tocsin::cli {
namespace {

namespace fx = tocsin::scan::testing;
using tocsin::testing::run_tocsin;
using Json = nlohmann::json;

const std::string kDemo = std::string(TOCSIN_FIXTURES) + "/../../examples/demo-repo";
const std::string kGolden = std::string(TOCSIN_FIXTURES) + "/sbom/golden/";

TEST(SbomCli, DemoRepoMatchesTheGoldenFiles) {
  // The golden files were written with tool version 0.1.0 (sbom_test_util.h); compare without it.
  for (const char* format : {"cyclonedx", "spdx"}) {
    auto run = run_tocsin("sbom '" + kDemo + "' --format " + format + " --now 2026-11-05T10:00:00Z");
    ASSERT_EQ(run.exit_code, 0) << run.out;
    std::string golden =
        read_file(kGolden + (std::string(format) == "cyclonedx" ? "demo-repo.cdx.json" : "demo-repo.spdx.json"));
    Json written = Json::parse(run.out);
    Json expected = Json::parse(golden);
    if (std::string(format) == "cyclonedx") {
      written["metadata"]["tools"]["components"][0].erase("version");
      expected["metadata"]["tools"]["components"][0].erase("version");
      written.erase("serialNumber");  // derived from content, which holds the tool version
      expected.erase("serialNumber");
    } else {
      written["creationInfo"].erase("creators");
      expected["creationInfo"].erase("creators");
      written.erase("documentNamespace");
      expected.erase("documentNamespace");
    }
    EXPECT_EQ(written, expected) << format;
  }
}

TEST(SbomCli, SourceDateEpochOutputAndSerial) {
  fx::ScratchDir scratch;
  std::string out = scratch / "bom.json";
  auto run =
      run_tocsin("sbom '" + kDemo + "' --output '" + out + "' --serial urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_TRUE(run.out.empty());
  Json bom = Json::parse(read_file(out));
  EXPECT_EQ(bom["serialNumber"], "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
  std::string with_epoch = "SOURCE_DATE_EPOCH=1700000000 ";
  std::string text = tocsin::testing::run_shell(with_epoch + TOCSIN_BINARY + " sbom '" + kDemo + "' --format spdx").out;
  EXPECT_EQ(Json::parse(text)["creationInfo"]["created"], "2023-11-14T22:13:20Z");
}

TEST(SbomCli, UsageErrorsExit2) {
  EXPECT_EQ(run_tocsin("sbom '" + kDemo + "' --format xml").exit_code, 2);
  EXPECT_EQ(run_tocsin("sbom '" + kDemo + "' --format spdx --with-vex --no-db --known-bad x").exit_code, 2);
  EXPECT_EQ(run_tocsin("sbom '" + kDemo + "' --now tomorrow").exit_code, 2);
  EXPECT_EQ(run_tocsin("sbom '" + kDemo + "' --serial 42").exit_code, 2);
}

TEST(SbomCli, WithVexCarriesFindingsAndTheirAnalysis) {
  fx::ScratchDir scratch;
  fx::copy_tree(fx::kScanFixtures + "/repo/web", scratch / "web");
  std::string dir = scratch / "web";
  fx::spit(dir + "/vex/not-affected.json", fx::slurp(fx::kScanFixtures + "/vex/not-affected.json"));
  auto run =
      run_tocsin("sbom '" + dir + "' --with-vex --db '" + fx::fixture_database_dir() + "' --now 2026-11-05T10:00:00Z");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  Json bom = Json::parse(run.out);
  ASSERT_TRUE(bom.contains("vulnerabilities"));
  ASSERT_FALSE(bom["vulnerabilities"].empty());
  std::set<std::string> refs;
  for (const Json& component : bom["components"]) refs.insert(component["bom-ref"].get<std::string>());
  refs.insert(bom["metadata"]["component"]["bom-ref"].get<std::string>());
  bool not_affected = false;
  for (const Json& vulnerability : bom["vulnerabilities"]) {
    ASSERT_EQ(vulnerability["affects"].size(), 1u);
    EXPECT_TRUE(refs.count(vulnerability["affects"][0]["ref"].get<std::string>()));
    if (vulnerability.contains("analysis") && vulnerability["analysis"]["state"] == "not_affected") {
      not_affected = true;
      EXPECT_EQ(vulnerability["affects"][0]["versions"][0]["status"], "unaffected");
    }
  }
  EXPECT_TRUE(not_affected) << "the fixture's not_affected statement covers a finding";
}

TEST(SbomCli, DepsReadsAnSbom) {
  fx::ScratchDir scratch;
  std::string bom = scratch / "demo.spdx.json";
  ASSERT_EQ(run_tocsin("sbom '" + kDemo + "' --format spdx --output '" + bom + "'").exit_code, 0);
  auto explicit_run = run_tocsin("deps --lockfile 'spdx:" + bom + "' --format json");
  ASSERT_EQ(explicit_run.exit_code, 0) << explicit_run.out;
  auto discovered = run_tocsin("deps '" + std::string(scratch.path()) + "' --format json");
  ASSERT_EQ(discovered.exit_code, 0) << discovered.out;
  Json a = Json::parse(explicit_run.out);
  Json b = Json::parse(discovered.out);
  EXPECT_EQ(a["packages"].size(), b["packages"].size());
  EXPECT_EQ(b["lockfiles"][0]["format"], "spdx");
  EXPECT_GT(a["packages"].size(), 10u);
}

}  // namespace
}  // namespace tocsin::cli
