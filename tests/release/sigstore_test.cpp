// Sigstore bundle verification against the real bundles of tests/fixtures/release (see
// SOURCES.md): every case of verify-cases.json, each tampered copy failing on its own check, and
// the failed checks cross-checked with @sigstore/verify's verdicts (oracle-results.json).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/encoding.h"
#include "core/error.h"
#include "core/text.h"
#include "release/crypto.h"
#include "release/json_util.h"
#include "release/release.h"

namespace tocsin::release {
namespace {

const std::string kDir = std::string(TOCSIN_FIXTURES) + "/release/";
const std::string kSigstoreJs = "https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main";
const std::string kGitHub = "https://token.actions.githubusercontent.com";

TrustedRoot fixture_root(const std::string& name = "trusted_root.json") {
  TrustedRoot root = read_trusted_root(kDir + name, read_file(kDir + name));
  read_npm_keys(kDir + "npm-keys.json", read_file(kDir + "npm-keys.json"), root);
  return root;
}

Verification verify(const std::string& bundle, const std::string& artifact, const IdentityPolicy& policy,
                    const TrustedRoot& root) {
  const Bundle b = read_bundle(kDir + bundle, read_file(kDir + bundle));
  const ArtifactDigests digests = digest_file(kDir + artifact);
  return verify_bundle(b, &digests, policy, root);
}

std::string describe(const Verification& v) {
  std::string out;
  for (const Check& c : v.checks) out += c.name + (c.passed ? " ok: " : " FAILED: ") + c.detail + "\n";
  return out;
}

// Our check names as the oracle names them (it has one "certificate" check for chain and time).
std::string oracle_name(const std::string& ours) {
  if (ours == "inclusion-proof" || ours == "checkpoint" || ours == "set") return "tlog-" + ours;
  if (ours == "certificate-chain" || ours == "certificate-time") return "certificate";
  return ours;
}

TEST(SigstoreVerify, EveryCaseAgreesWithItsExpectationAndTheOracle) {
  const nlohmann::json cases = parse_json("verify-cases.json", read_file(kDir + "verify-cases.json"));
  const nlohmann::json oracle = parse_json("oracle-results.json", read_file(kDir + "oracle-results.json"));
  ASSERT_EQ(cases["cases"].size(), 30u);
  ASSERT_EQ(oracle["results"].size(), cases["cases"].size());
  int passes = 0, fails = 0, errors = 0;
  for (std::size_t i = 0; i < cases["cases"].size(); ++i) {
    const nlohmann::json& c = cases["cases"][i];
    const nlohmann::json& o = oracle["results"][i];
    const std::string name = c["name"];
    ASSERT_EQ(o["name"], name);
    SCOPED_TRACE(name);
    IdentityPolicy policy;
    policy.identity = string_member(c, "identity");
    policy.identity_regexp = string_member(c, "identity_regexp");
    policy.issuer = string_member(c, "issuer");
    const std::string root_name = c.contains("trusted_root") ? std::string(c["trusted_root"]) : "trusted_root.json";
    const TrustedRoot root = fixture_root(root_name);
    if (c["expect"] == "error") {
      EXPECT_THROW(verify(c["bundle"], c["artifact"], policy, root), Error);
      ++errors;
      continue;
    }
    const Verification v = verify(c["bundle"], c["artifact"], policy, root);
    if (c["expect"] == "pass") {
      EXPECT_TRUE(v.verified()) << describe(v);
      EXPECT_EQ(v.san, o["san"]);
      EXPECT_EQ(v.issuer, o["issuer"]);
      EXPECT_EQ(v.media_type, o["media_type"]);
      EXPECT_EQ(v.tlog_kind, o["tlog"]["kind"]);
      ++passes;
    } else {
      const std::vector<std::string> failed = v.failed_checks();
      EXPECT_NE(std::find(failed.begin(), failed.end(), c["check"]), failed.end()) << describe(v);
      std::set<std::string> ours, theirs;
      for (const std::string& f : failed) ours.insert(oracle_name(f));
      for (const nlohmann::json& f : o["oracle_failures"]) theirs.insert(f["check"].get<std::string>());
      EXPECT_EQ(ours, theirs) << describe(v);
      ++fails;
    }
  }
  EXPECT_EQ(passes, 12);
  EXPECT_EQ(fails, 17);
  EXPECT_EQ(errors, 1);
}

TEST(SigstoreVerify, GoodBundleRunsEveryCheck) {
  const Verification v = verify("bundles/sigstore-3.0.0.provenance.v0.2.sigstore.json", "tarballs/sigstore-3.0.0.tgz",
                                {kSigstoreJs, "", kGitHub}, fixture_root());
  std::vector<std::string> names;
  for (const Check& c : v.checks) names.push_back(c.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"artifact-digest", "signature", "certificate-chain", "certificate-time", "sct",
                                      "tlog-body", "inclusion-proof", "checkpoint", "set", "identity", "issuer"}));
  EXPECT_TRUE(v.verified()) << describe(v);
  ASSERT_TRUE(v.statement.has_value());
  EXPECT_EQ(v.statement->subjects.at(0).name, "pkg:npm/sigstore@3.0.0");
  EXPECT_EQ(v.statement->provenance.repository, "sigstore/sigstore-js");
  EXPECT_EQ(v.statement->provenance.workflow, ".github/workflows/release.yml");
  EXPECT_EQ(v.statement->provenance.ref, "refs/heads/main");
  EXPECT_EQ(v.integrated_time, 1728922425);
}

TEST(SigstoreVerify, EmbeddedTrustedRootIsTheFixture) {
  EXPECT_EQ(embedded_trusted_root_json(), read_file(kDir + "trusted_root.json"));
  EXPECT_EQ(embedded_npm_keys_json(), read_file(kDir + "npm-keys.json"));
  const TrustedRoot& root = embedded_trusted_root();
  EXPECT_EQ(root.certificate_authorities.size(), 2u);
  EXPECT_EQ(root.tlogs.size(), 2u);
  EXPECT_EQ(root.ctlogs.size(), 2u);
  EXPECT_EQ(root.npm_keys.size(), 4u);
  const Verification v = verify("bundles/conformance-a.txt.message-v0.2.sigstore.json", "tarballs/a.txt",
                                {"", "^https://github.com/sigstore-conformance/", kGitHub}, root);
  EXPECT_TRUE(v.verified()) << describe(v);
}

TEST(SigstoreVerify, SetOnlyV01BundleVerifiesButNotWithoutBoth) {
  const std::string path = kDir + "bundles/laurentsimon-provenance-npm-test-1.0.3.provenance.v0.1.sigstore.json";
  Bundle bundle = read_bundle(path, read_file(path));
  ASSERT_FALSE(bundle.tlog_entries.at(0).inclusion_proof.has_value());
  const ArtifactDigests digests = digest_file(kDir + "tarballs/laurentsimon-provenance-npm-test-1.0.3.tgz");
  const TrustedRoot root = fixture_root();
  EXPECT_TRUE(verify_bundle(bundle, &digests, {}, root).verified());
  bundle.tlog_entries[0].signed_entry_timestamp.reset();
  const Verification v = verify_bundle(bundle, &digests, {}, root);
  EXPECT_EQ(v.failed_checks(), std::vector<std::string>{"tlog"});
}

TEST(SigstoreVerify, SctsNeedTheCtLogKeys) {
  TrustedRoot root = fixture_root();
  root.ctlogs.clear();
  const Verification v = verify("bundles/playwright-cli-0.1.1.provenance.v0.3.sigstore.json",
                                "tarballs/playwright-cli-0.1.1.tgz", {}, root);
  EXPECT_EQ(v.failed_checks(), std::vector<std::string>{"sct"});
}

TEST(SigstoreVerify, NpmPublishAttestationVerifiesWithTheRegistryKey) {
  const std::string path = kDir + "attestations/sigstore@3.0.0.json";
  const nlohmann::json document = parse_json(path, read_file(path));
  const nlohmann::json& publish = document["attestations"][0];
  ASSERT_EQ(publish["predicateType"], "https://github.com/npm/attestation/tree/main/specs/publish/v0.1");
  const Bundle bundle = read_bundle(path, publish["bundle"].dump());
  EXPECT_TRUE(bundle.certificates_der.empty());
  const ArtifactDigests digests = digest_file(kDir + "tarballs/sigstore-3.0.0.tgz");
  TrustedRoot root = fixture_root();
  const Verification v = verify_bundle(bundle, &digests, {}, root);
  EXPECT_TRUE(v.verified()) << describe(v);
  EXPECT_EQ(v.key_material, "publicKey");
  root.npm_keys.clear();
  EXPECT_EQ(verify_bundle(bundle, &digests, {}, root).failed_checks(), std::vector<std::string>{"signature"});
}

TEST(SigstoreVerify, UnreadableBundlesAreErrorsWithPlaces) {
  EXPECT_THROW(read_bundle("x.json", "{\"mediaType\": 1"), Error);
  EXPECT_THROW(read_bundle("x.json", "[]"), Error);
  EXPECT_THROW(read_bundle("x.json", R"({"mediaType":"application/vnd.dev.sigstore.bundle+json;version=9"})"), Error);
  try {
    read_bundle("x.json", "{\n  \"mediaType\": \n}");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 3);
  }
  const std::string good = read_file(kDir + "bundles/conformance-a.txt.message-v0.3.sigstore.json");
  nlohmann::json document = nlohmann::json::parse(good);
  document["messageSignature"]["signature"] = "not base64!";
  EXPECT_THROW(read_bundle("x.json", document.dump()), Error);
  document.erase("messageSignature");
  EXPECT_THROW(read_bundle("x.json", document.dump()), Error);
}

TEST(Crypto, Sha256) {
  // FIPS 180-2 test vector (hex and base64 themselves: tests/core/encoding_test.cpp)
  EXPECT_EQ(to_hex(crypto::sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// RFC 6962 §2.1.1 by its recursive definition, to check the iterative verifier on every leaf
// of trees of 1..9 leaves, and that a changed path or index fails.
std::string mth(const std::vector<std::string>& leaves, std::size_t begin, std::size_t end) {
  if (end - begin == 1) return crypto::leaf_hash(leaves[begin]);
  std::size_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  return crypto::sha256("\x01" + mth(leaves, begin, begin + k) + mth(leaves, begin + k, end));
}
void path(const std::vector<std::string>& leaves, std::size_t m, std::size_t begin, std::size_t end,
          std::vector<std::string>& out) {
  if (end - begin == 1) return;
  std::size_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  if (m < begin + k) {
    path(leaves, m, begin, begin + k, out);
    out.push_back(mth(leaves, begin + k, end));
  } else {
    path(leaves, m, begin + k, end, out);
    out.push_back(mth(leaves, begin, begin + k));
  }
}

TEST(Crypto, MerkleInclusionProofs) {
  for (std::size_t n = 1; n <= 9; ++n) {
    std::vector<std::string> leaves;
    for (std::size_t i = 0; i < n; ++i) leaves.push_back("leaf" + std::to_string(i));
    const std::string root = mth(leaves, 0, n);
    for (std::size_t m = 0; m < n; ++m) {
      std::vector<std::string> audit;
      path(leaves, m, 0, n, audit);
      EXPECT_TRUE(crypto::verify_inclusion(crypto::leaf_hash(leaves[m]), m, n, audit, root)) << n << " " << m;
      if (n > 1) {
        EXPECT_FALSE(crypto::verify_inclusion(crypto::leaf_hash(leaves[m]), (m + 1) % n, n, audit, root));
      }
      if (!audit.empty()) {
        audit[0][0] ^= 1;
        EXPECT_FALSE(crypto::verify_inclusion(crypto::leaf_hash(leaves[m]), m, n, audit, root));
      }
    }
  }
}

}  // namespace
}  // namespace tocsin::release
