// npm publish history on the saved package document of tests/fixtures/release/history (built by
// make_history.py from real attestation documents): 2.2.1 lacks provenance between versions that
// have it, 2.2.2 carries real provenance from microsoft/playwright-cli's publish.yml.
#include <gtest/gtest.h>

#include <fstream>

#include "config/project_config.h"
#include "core/error.h"
#include "core/text.h"
#include "release/release.h"
#include "support/scratch_dir.h"

namespace tocsin::release {
namespace {

const std::string kDir = std::string(TOCSIN_FIXTURES) + "/release/history/";

const VersionRecord& find(const std::vector<VersionRecord>& records, const std::string& version) {
  for (const VersionRecord& r : records)
    if (r.version == version) return r;
  throw std::runtime_error("no version " + version);
}

HistoryOptions options(const std::string& document) {
  HistoryOptions o;
  o.package_document = kDir + document;
  o.attestations_dir = kDir + "attestations";
  o.expected = expectation_from_config(
      config::ProjectConfig::load("", kDir + "tocsin.toml").get<config::ReleaseSection>(), kDir + "tocsin.toml");
  return o;
}

TEST(NpmHistory, FlagsTheVersionWithoutProvenanceAndTheOneFromAnotherWorkflow) {
  const auto records = npm_history(options("sigstore.packument.json"), embedded_trusted_root());
  std::vector<std::string> order;
  for (const auto& r : records) order.push_back(r.version);
  EXPECT_EQ(order, (std::vector<std::string>{"0.4.0", "2.1.0", "2.2.0", "2.2.1", "2.2.2", "2.3.1", "3.0.0"}));

  const VersionRecord& first = find(records, "0.4.0");  // before npm had provenance: nothing to flag
  EXPECT_FALSE(first.provenance);
  EXPECT_TRUE(first.flags.empty());

  for (const std::string v : {"2.1.0", "2.2.0", "2.3.1", "3.0.0"}) {
    const VersionRecord& r = find(records, v);
    SCOPED_TRACE(v);
    EXPECT_TRUE(r.provenance);
    EXPECT_TRUE(r.verified);
    EXPECT_EQ(r.repository, "sigstore/sigstore-js");
    EXPECT_EQ(r.workflow, ".github/workflows/release.yml");
    EXPECT_EQ(r.ref, "refs/heads/main");
    EXPECT_EQ(r.digest_matches, true);
    EXPECT_TRUE(r.flags.empty());
  }
  EXPECT_EQ(find(records, "2.3.1").publish_attestation_verified, true);
  EXPECT_EQ(find(records, "3.0.0").publish_attestation_verified, true);
  EXPECT_EQ(find(records, "2.1.0").published, "2023-08-29T15:40:23.000Z");

  const VersionRecord& missing = find(records, "2.2.1");
  EXPECT_FALSE(missing.provenance);
  EXPECT_EQ(missing.flags, std::vector<std::string>{"missing-provenance"});

  const VersionRecord& other = find(records, "2.2.2");
  EXPECT_TRUE(other.provenance);
  EXPECT_TRUE(other.verified);  // real, valid provenance: of another package
  EXPECT_EQ(other.repository, "microsoft/playwright-cli");
  EXPECT_EQ(other.workflow, ".github/workflows/publish.yml");
  EXPECT_EQ(other.flags, (std::vector<std::string>{"unexpected-repository", "unexpected-workflow"}));
}

TEST(NpmHistory, CleanDocumentHasNoFlags) {
  const auto records = npm_history(options("sigstore.clean.packument.json"), embedded_trusted_root());
  EXPECT_EQ(records.size(), 5u);
  for (const auto& r : records) EXPECT_TRUE(r.flags.empty()) << r.version;
}

TEST(NpmHistory, ExpectationFromCiTrustAndTags) {
  auto expected = expectation_from_ci_trust(kDir + "CI-TRUST.md");
  ASSERT_TRUE(expected.has_value());
  EXPECT_EQ(expected->repository, "sigstore/sigstore-js");
  EXPECT_EQ(expected->workflow, ".github/workflows/release.yml");
  HistoryOptions o = options("sigstore.clean.packument.json");
  o.expected = expected;
  o.tags = std::vector<std::string>{"v2.1.0", "v2.2.0", "sigstore@2.3.1", "v3.0.0"};
  const auto records = npm_history(o, embedded_trusted_root());
  EXPECT_EQ(find(records, "0.4.0").flags, std::vector<std::string>{"not-tagged"});
  EXPECT_TRUE(find(records, "2.3.1").flags.empty());
}

// tocsin.toml [release] as config::ProjectConfig reads it (issue 12: no reader of its own).
TEST(NpmHistory, ExpectationFromTheReleaseSection) {
  const auto expected = expectation_from_config(
      config::ProjectConfig::load("", kDir + "tocsin.toml").get<config::ReleaseSection>(), kDir + "tocsin.toml");
  ASSERT_TRUE(expected.has_value());
  EXPECT_EQ(expected->repository, "sigstore/sigstore-js");  // the URL normalized
  EXPECT_EQ(expected->workflow, ".github/workflows/release.yml");
  EXPECT_EQ(expected->origin, kDir + "tocsin.toml [release]");
  config::ReleaseSection tags_only;
  tags_only.require_signed_tags = true;
  EXPECT_FALSE(expectation_from_config(tags_only, "tocsin.toml").has_value());
  config::ReleaseSection workflow_only;
  workflow_only.workflow = ".github/workflows/release.yml";
  EXPECT_THROW(expectation_from_config(workflow_only, "tocsin.toml"), Error);
}

TEST(NpmHistory, TamperedIntegrityIsADigestMismatch) {
  const tocsin::testing::ScratchDir scratch;
  std::string document = read_file(kDir + "sigstore.clean.packument.json");
  const std::string integrity =
      "sha512-fcU9clHwEss2/M/11FFM8Jwc4PjBgbhXoNskoK5guoK0qGQBSeUbQZRJ+B2fDFIvhyf0gqCaPrel9mszbhAxug==";
  const auto at = document.find(integrity);
  ASSERT_NE(at, std::string::npos);
  document.replace(at + 10, 4, "AAAA");
  const std::string path = scratch / "tampered.packument.json";
  std::ofstream(path) << document;
  HistoryOptions o = options("sigstore.clean.packument.json");
  o.package_document = path;
  const auto records = npm_history(o, embedded_trusted_root());
  EXPECT_EQ(find(records, "2.2.0").digest_matches, false);
  EXPECT_EQ(find(records, "2.2.0").flags, (std::vector<std::string>{"unverified-provenance", "digest-mismatch"}));
}

TEST(NpmHistory, UnreadableDocumentIsAnError) {
  HistoryOptions o = options("sigstore.clean.packument.json");
  o.package_document = kDir + "tocsin.toml";
  EXPECT_THROW(npm_history(o, embedded_trusted_root()), Error);
}

}  // namespace
}  // namespace tocsin::release
