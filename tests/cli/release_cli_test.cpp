// `tocsin release verify|history|tags` end to end on the fixtures of tests/fixtures/release.
#include <git2.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_tocsin.h"
#include "support/scratch_dir.h"

namespace {

using tocsin::testing::run_tocsin;

const std::string kDir = std::string(TOCSIN_FIXTURES) + "/release/";
const std::string kSigstoreJs =
    "--certificate-identity https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main "
    "--certificate-oidc-issuer https://token.actions.githubusercontent.com";

TEST(ReleaseCli, VerifyGoodBundleWithTheShippedTrustedRoot) {
  auto run = run_tocsin("release verify " + kDir + "tarballs/sigstore-3.0.0.tgz --bundle " + kDir +
                        "bundles/sigstore-3.0.0.provenance.v0.2.sigstore.json " + kSigstoreJs + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const auto out = nlohmann::json::parse(run.out);
  EXPECT_EQ(out["verified"], true);
  EXPECT_EQ(out["tlog_kind"], "intoto/0.0.2");
  EXPECT_EQ(out["integrated_time"], "2024-10-14T16:13:45Z");
  EXPECT_EQ(out["checks"].size(), 11u);
  EXPECT_TRUE(out["failed"].empty());
}

TEST(ReleaseCli, VerifyNamesTheFailedCheck) {
  auto run = run_tocsin("release verify " + kDir + "tarballs/sigstore-3.0.0.tgz --bundle " + kDir +
                        "tampered/sigstore-3.0.0.checkpoint-altered.sigstore.json " + kSigstoreJs);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("checkpoint"), std::string::npos);
  EXPECT_NE(run.out.find("FAILED"), std::string::npos);
  EXPECT_NE(run.out.find("NOT verified"), std::string::npos);

  run = run_tocsin("release verify " + kDir + "tarballs/sigstore-3.0.0.tgz --bundle " + kDir +
                   "bundles/sigstore-3.0.0.provenance.v0.2.sigstore.json " + kSigstoreJs + " --trusted-root " + kDir +
                   "tampered/trusted_root.ca-expired-2023.json --format json");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(run.out)["failed"], nlohmann::json::array({"certificate-time"}));
}

TEST(ReleaseCli, VerifyBadInputIsExit2) {
  auto run = run_tocsin("release verify " + kDir + "tarballs/sigstore-3.0.0.tgz --bundle " + kDir +
                            "tampered/sigstore-3.0.0.truncated.sigstore.json " + kSigstoreJs,
                        "", true);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("sigstore-3.0.0.truncated.sigstore.json:"), std::string::npos) << run.out;
  // A certificate-signed bundle without the identity to check is a usage error.
  run = run_tocsin("release verify " + kDir + "tarballs/a.txt --bundle " + kDir +
                   "bundles/conformance-a.txt.message-v0.3.sigstore.json");
  EXPECT_EQ(run.exit_code, 2);
  run = run_tocsin("release verify " + kDir + "tarballs/a.txt --bundle " + kDir +
                   "bundles/conformance-a.txt.message-v0.3.sigstore.json --certificate-identity-regexp '(' "
                   "--certificate-oidc-issuer https://token.actions.githubusercontent.com");
  EXPECT_EQ(run.exit_code, 2);
  run = run_tocsin("release verify " + kDir + "no-such-file --bundle " + kDir +
                   "bundles/sigstore-3.0.0.provenance.v0.2.sigstore.json " + kSigstoreJs);
  EXPECT_EQ(run.exit_code, 2);
}

TEST(ReleaseCli, VerifyProvenance) {
  auto run = run_tocsin("release verify --provenance " + kDir + "provenance/two-statements.intoto.jsonl " + kDir +
                        "tarballs/a.txt --format json");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const auto out = nlohmann::json::parse(run.out);
  EXPECT_EQ(out["statements"][1]["repository"], "laurentsimon/provenance-npm-test");
  EXPECT_EQ(out["artifacts"][0]["subject"], "a.txt");
  run = run_tocsin("release verify --provenance " + kDir + "provenance/two-statements.intoto.jsonl " + kDir +
                   "tarballs/a.txt " + kDir + "tampered/a.txt.modified");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("NO SUBJECT"), std::string::npos);
  EXPECT_NE(run.out.find("loosebazooka/aa-test"), std::string::npos);
}

TEST(ReleaseCli, History) {
  const std::string base = "release history --attestations " + kDir + "history/attestations --config " + kDir +
                           "history/tocsin.toml --format json --npm " + kDir + "history/";
  auto run = run_tocsin(base + "sigstore.packument.json");
  ASSERT_EQ(run.exit_code, 1) << run.out;
  const auto out = nlohmann::json::parse(run.out);
  EXPECT_EQ(out["schema_version"], 1);
  ASSERT_EQ(out["versions"].size(), 7u);
  std::map<std::string, nlohmann::json> flags;
  for (const auto& v : out["versions"]) flags[v["version"]] = v["flags"];
  EXPECT_EQ(flags["2.2.1"], nlohmann::json::array({"missing-provenance"}));
  EXPECT_EQ(flags["2.2.2"], nlohmann::json::array({"unexpected-repository", "unexpected-workflow"}));
  EXPECT_EQ(flags["3.0.0"], nlohmann::json::array());
  EXPECT_EQ(out["versions"][5]["verified"], true);
  EXPECT_EQ(out["versions"][5]["repository"], "sigstore/sigstore-js");

  run = run_tocsin(base + "sigstore.clean.packument.json");
  EXPECT_EQ(run.exit_code, 0) << run.out;
  // The same expectation from CI-TRUST.md when tocsin.toml has no [release] (/dev/null: an empty one).
  const std::string from_ci_trust = "release history --attestations " + kDir + "history/attestations --ci-trust " +
                                    kDir + "history/CI-TRUST.md --npm " + kDir + "history/sigstore.packument.json";
  run = run_tocsin(from_ci_trust + " --config /dev/null");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("unexpected-workflow"), std::string::npos);
  EXPECT_NE(run.out.find("(OIDC subject)"), std::string::npos);
  // Issue 12: tocsin.toml is found by ProjectConfig's one rule: an explicit --config must exist.
  run = run_tocsin(from_ci_trust + " --config /nonexistent.toml", "", true);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("/nonexistent.toml: no such configuration file"), std::string::npos) << run.out;
}

TEST(ReleaseCli, Tags) {
  const tocsin::testing::ScratchDir scratch;
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(scratch.path()) / "release-cli-tags";
  fs::remove_all(dir);
  git_libgit2_init();
  git_repository* repo = nullptr;
  ASSERT_EQ(git_repository_init(&repo, dir.c_str(), 0), 0);
  git_treebuilder* builder = nullptr;
  git_treebuilder_new(&builder, repo, nullptr);
  git_oid tree_id, commit_id, tag_id;
  git_treebuilder_write(&tree_id, builder);
  git_treebuilder_free(builder);
  git_tree* tree = nullptr;
  git_tree_lookup(&tree, repo, &tree_id);
  git_signature* sig = nullptr;
  git_signature_new(&sig, "Dev", "dev@example.com", 1767225600, 0);
  ASSERT_EQ(git_commit_create(&commit_id, repo, "refs/heads/main", sig, sig, nullptr, "first", tree, 0, nullptr), 0);
  git_repository_set_head(repo, "refs/heads/main");
  git_object* commit = nullptr;
  git_object_lookup(&commit, repo, &commit_id, GIT_OBJECT_COMMIT);
  git_tag_create(&tag_id, repo, "v1.0.0", commit, sig, "1.0.0\n", 0);
  git_object_free(commit);
  git_signature_free(sig);
  git_tree_free(tree);
  git_repository_free(repo);
  git_libgit2_shutdown();

  auto run = run_tocsin("release tags " + dir.string() + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const auto out = nlohmann::json::parse(run.out);
  ASSERT_EQ(out["tags"].size(), 1u);
  EXPECT_EQ(out["tags"][0]["name"], "v1.0.0");
  EXPECT_EQ(out["tags"][0]["annotated"], true);
  std::ofstream(dir / "tocsin.toml")
      << "[roles]\nrelease_engineer = [\"@releng\"]\n[release]\nrequire_signed_tags = true\n";
  run = run_tocsin("release tags " + dir.string());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("unsigned, tagger-not-release-engineer"), std::string::npos) << run.out;
  run = run_tocsin("release tags " + (dir / "nope").string());
  EXPECT_EQ(run.exit_code, 2);
  // Issue 12: [release] is read by ProjectConfig, so a misspelt key is an error with its place.
  std::ofstream(dir / "tocsin.toml") << "[release]\nrequire_signed = true\n";
  run = run_tocsin("release tags " + dir.string(), "", true);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find((dir / "tocsin.toml").string() + ":2:18: unknown key 'require_signed' in [release]"),
            std::string::npos)
      << run.out;
}

}  // namespace
