// `release verify --provenance`: statements read from a .intoto.jsonl (real DSSE envelopes, see
// SOURCES.md), an npm attestation document and a Sigstore bundle; artifacts matched by digest.
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/text.h"
#include "release/release.h"

namespace tocsin::release {
namespace {

const std::string kDir = std::string(TOCSIN_FIXTURES) + "/release/";

TEST(Provenance, JsonLinesOfDsseEnvelopes) {
  const std::string path = kDir + "provenance/two-statements.intoto.jsonl";
  const auto documents = read_provenance(path, read_file(path));
  ASSERT_EQ(documents.size(), 2u);
  EXPECT_EQ(documents[0].source, "dsse");
  EXPECT_EQ(documents[0].line, 1);
  EXPECT_EQ(documents[1].line, 2);
  // GitHub's attest-build-provenance (SLSA v1, buildDefinition.externalParameters.workflow)
  const Provenance& github = documents[0].statement.provenance;
  EXPECT_EQ(github.repository, "loosebazooka/aa-test");
  EXPECT_EQ(github.workflow, ".github/workflows/provenance.yaml");
  EXPECT_EQ(github.ref, "refs/heads/main");
  EXPECT_EQ(github.builder_id.rfind("https://github.com/", 0), 0u) << github.builder_id;
  // The SLSA generator's Node.js builder (SLSA v0.2, invocation.configSource)
  const Provenance& slsa = documents[1].statement.provenance;
  EXPECT_EQ(slsa.builder_id,
            "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_nodejs_slsa3.yml@refs/"
            "tags/v1.6.0");
  EXPECT_EQ(slsa.repository, "laurentsimon/provenance-npm-test");
  EXPECT_EQ(slsa.ref, "refs/heads/main");
  EXPECT_EQ(slsa.workflow, ".github/workflows/release-slsa3.yml");

  const auto matches = match_subjects(documents, {kDir + "tarballs/a.txt", kDir + "tampered/a.txt.modified",
                                                  kDir + "tarballs/laurentsimon-provenance-npm-test-1.0.5.tgz"});
  ASSERT_EQ(matches.size(), 3u);
  EXPECT_EQ(matches[0].subject, "a.txt");
  EXPECT_EQ(matches[0].algorithm, "sha256");
  EXPECT_EQ(matches[0].sha256, "a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf");
  EXPECT_EQ(matches[1].subject, "");
  EXPECT_EQ(matches[2].subject, "pkg:npm/%40laurentsimon/provenance-npm-test@1.0.5");
  EXPECT_EQ(matches[2].algorithm, "sha512");
}

TEST(Provenance, AttestationDocumentAndBundle) {
  const std::string doc = kDir + "attestations/sigstore@3.0.0.json";
  const auto documents = read_provenance(doc, read_file(doc));
  ASSERT_EQ(documents.size(), 2u);  // npm's publish attestation and the SLSA provenance
  EXPECT_EQ(documents[1].statement.predicate_type, "https://slsa.dev/provenance/v1");
  EXPECT_EQ(documents[1].statement.provenance.repository, "sigstore/sigstore-js");
  const std::string bundle = kDir + "bundles/sigstore-2.1.0.provenance.v0.1.sigstore.json";
  const auto one = read_provenance(bundle, read_file(bundle));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].source, "sigstore-bundle");
  EXPECT_EQ(match_subjects(one, {kDir + "tarballs/sigstore-2.1.0.tgz"}).at(0).subject, "pkg:npm/sigstore@2.1.0");
}

TEST(Provenance, BadInputIsAnErrorWithItsLine) {
  try {
    read_provenance("p.jsonl", "{\"payload\":\"e30=\",\"payloadType\":\"x\"}\n{oops\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 1);  // e30= is "{}": not a statement
  }
  try {
    read_provenance("p.jsonl", "\n{\"a\":1}\n{oops\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 2);
  }
  EXPECT_THROW(read_provenance("p.jsonl", ""), Error);
  EXPECT_THROW(read_statement("s", R"({"_type":"https://in-toto.io/Statement/v1"})"), Error);
}

TEST(Provenance, NormalizeRepository) {
  EXPECT_EQ(normalize_repository("https://github.com/Sigstore/Sigstore-JS.git"), "sigstore/sigstore-js");
  EXPECT_EQ(normalize_repository("git+https://github.com/o/r@refs/heads/main"), "o/r");
  EXPECT_EQ(normalize_repository("o/r"), "o/r");
  EXPECT_EQ(normalize_repository("https://gitlab.com/o/r"), "https://gitlab.com/o/r");
}

}  // namespace
}  // namespace tocsin::release
