// `release history --crates / --pypi` on the constructed registry documents of
// tests/fixtures/release/registry (see SOURCES.md: the digests are the SHA-256 test values of
// "abc" and "", and the local artifacts hold exactly those bytes).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "release/release.h"
#include "support/scratch_dir.h"

namespace tocsin::release {
namespace {

const std::string kDir = std::string(TOCSIN_FIXTURES) + "/release/registry/";
using Flags = std::vector<std::string>;

TEST(RegistryHistory, CratesIndexAgainstLocalCrates) {
  const auto records = crates_history(kDir + "tocsin-demo.index", kDir + "artifacts",
                                      std::vector<std::string>{"v0.1.0", "tocsin-demo@0.1.1"});
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].package, "tocsin-demo");
  EXPECT_EQ(records[0].version, "0.1.0");
  EXPECT_EQ(records[0].digest_matches, std::optional<bool>(true));
  EXPECT_TRUE(records[0].flags.empty());
  EXPECT_EQ(records[1].flags, Flags{"cksum-mismatch"});  // the registry serves "abc", we built ""
  EXPECT_TRUE(records[2].yanked);
  EXPECT_EQ(records[2].flags, (Flags{"not-built-locally", "yanked", "not-tagged"}));
  EXPECT_FALSE(records[0].provenance);

  // Without artifacts or tags only the yank is reported.
  const auto bare = crates_history(kDir + "tocsin-demo.index", "", std::nullopt);
  EXPECT_TRUE(bare[0].flags.empty());
  EXPECT_TRUE(bare[1].flags.empty());
  EXPECT_EQ(bare[2].flags, Flags{"yanked"});
}

TEST(RegistryHistory, CratesIndexErrorsAreLocated) {
  const tocsin::testing::ScratchDir scratch;
  const std::string path = scratch / "bad.index";
  std::ofstream(path) << "{\"name\":\"a\",\"vers\":\"1.0.0\",\"cksum\":\"" << std::string(64, '0') << "\"}\n"
                      << "{\"name\":\"a\",\"vers\":\"1.0.1\",\"cksum\":\"xyz\"}\n";
  try {
    crates_history(path, "", std::nullopt);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.index:2:1"), std::string::npos) << e.what();
  }
  std::ofstream(path) << "{\"name\":\"a\",\"vers\":\"1.0.0\",\"cksum\":\"" << std::string(64, '0') << "\"}\n{oops\n";
  EXPECT_THROW(crates_history(path, "", std::nullopt), Error);
  // A file name from the index never leaves the artifacts directory.
  std::ofstream(path) << "{\"name\":\"..\",\"vers\":\"/x\",\"cksum\":\"" << std::string(64, '0') << "\"}\n";
  EXPECT_EQ(crates_history(path, kDir + "artifacts", std::nullopt)[0].flags, Flags{"not-built-locally"});
}

TEST(RegistryHistory, PypiDocumentAgainstLocalDistributions) {
  const tocsin::testing::ScratchDir scratch;
  const auto records =
      pypi_history(kDir + "demo-pkg.pypi.json", kDir + "artifacts", std::vector<std::string>{"v1.0.0"});
  ASSERT_EQ(records.size(), 3u);  // 0.9.0 has no files
  EXPECT_EQ(records[0].version, "1.0.0");
  EXPECT_EQ(records[0].published, "2026-01-01T10:00:00.654321Z");  // the first file's upload
  EXPECT_EQ(records[0].files, (Flags{"demo_pkg-1.0.0-py3-none-any.whl", "demo_pkg-1.0.0.tar.gz"}));
  EXPECT_EQ(records[0].digest_matches, std::optional<bool>(true));  // the sdist is not built here: not a flag
  EXPECT_TRUE(records[0].flags.empty());
  EXPECT_EQ(records[1].version, "1.0.1");
  EXPECT_EQ(records[1].flags, (Flags{"sha256-mismatch", "not-tagged"}));
  EXPECT_EQ(records[2].version, "1.1.0");
  EXPECT_EQ(records[2].flags, (Flags{"not-built-locally", "yanked", "not-tagged"}));
  for (const auto& r : records) EXPECT_FALSE(r.provenance);  // PEP 740 is not in this document

  const std::string path = scratch / "bad.pypi.json";
  std::ofstream(path) << "{\"info\": {}, \"releases\": {}}";
  EXPECT_THROW(pypi_history(path, "", std::nullopt), Error);
}

}  // namespace
}  // namespace tocsin::release
