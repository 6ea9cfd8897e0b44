// `tocsin release tags|history` end to end, session 3 additions: --open-incidents and the
// publish-history step, tag targets kept in the incident store (moved tags), SSH signatures
// against an allowed-signers file, crates.io and PyPI history.
#include <git2.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/files.h"
#include "support/run_tocsin.h"
#include "support/scratch_dir.h"

namespace {

namespace fs = std::filesystem;
using tocsin::testing::run_tocsin;

const std::string kDir = std::string(TOCSIN_FIXTURES) + "/release/";

std::string hex(const git_oid& oid) {
  char buffer[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(buffer, sizeof buffer, &oid);
  return buffer;
}

// A repository with two commits on main; returns them.
std::pair<git_oid, git_oid> make_repo(const fs::path& dir, git_repository** repo) {
  fs::remove_all(dir);
  git_repository_init(repo, dir.c_str(), 0);
  git_oid ids[2];
  git_commit* parent = nullptr;
  for (int i = 0; i < 2; ++i) {
    git_treebuilder* builder = nullptr;
    git_treebuilder_new(&builder, *repo, nullptr);
    git_oid tree_id, blob;
    const std::string content = "content " + std::to_string(i);
    git_blob_create_from_buffer(&blob, *repo, content.data(), content.size());
    git_treebuilder_insert(nullptr, builder, "f", &blob, GIT_FILEMODE_BLOB);
    git_treebuilder_write(&tree_id, builder);
    git_treebuilder_free(builder);
    git_tree* tree = nullptr;
    git_tree_lookup(&tree, *repo, &tree_id);
    git_signature* sig = nullptr;
    git_signature_new(&sig, "Dev", "dev@example.com", 1767225600 + i, 0);
    const git_commit* parents[] = {parent};
    git_commit_create(&ids[i], *repo, "refs/heads/main", sig, sig, nullptr, "c", tree, parent ? 1 : 0, parents);
    git_commit_free(parent);
    git_commit_lookup(&parent, *repo, &ids[i]);
    git_signature_free(sig);
    git_tree_free(tree);
  }
  git_commit_free(parent);
  git_repository_set_head(*repo, "refs/heads/main");
  return {ids[0], ids[1]};
}

void lightweight(git_repository* repo, const char* name, const git_oid& target) {
  git_object* object = nullptr;
  git_object_lookup(&object, repo, &target, GIT_OBJECT_COMMIT);
  git_oid out;
  git_tag_create_lightweight(&out, repo, name, object, 1);
  git_object_free(object);
}

TEST(ReleaseIncidentsCli, MovedTagFromTheStoreOpensCompromisedCi) {
  const tocsin::testing::ScratchDir scratch;
  const fs::path dir = fs::path(scratch.path()) / "release-cli-moved";
  const fs::path store = fs::path(scratch.path()) / "release-cli-moved.db";
  fs::remove(store);
  git_libgit2_init();
  git_repository* repo = nullptr;
  const auto [c1, c2] = make_repo(dir, &repo);
  lightweight(repo, "v1.0.0", c1);
  const std::string record = " --store " + store.string() + " --actor ci --now 2026-03-01T10:00:00Z";

  auto run = run_tocsin("release tags " + dir.string() + record + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  lightweight(repo, "v1.0.0", c2);  // moved behind our back
  run = run_tocsin("release tags " + dir.string() + record + " --open-incidents --format json", "", false);
  ASSERT_EQ(run.exit_code, 1) << run.out;
  const auto out = nlohmann::json::parse(run.out);
  EXPECT_EQ(out["tags"][0]["flags"], nlohmann::json::array({"moved"}));
  EXPECT_EQ(out["tags"][0]["previous_target"], hex(c1));
  EXPECT_EQ(out["tags"][0]["target"], hex(c2));

  auto shown = run_tocsin("incident show INC-0001 --format json --repo " + dir.string() + " --store " + store.string());
  ASSERT_EQ(shown.exit_code, 0) << shown.out;
  const auto incident = nlohmann::json::parse(shown.out);
  EXPECT_EQ(incident["playbook"], "compromised-ci");
  EXPECT_EQ(incident["finding_key"], "release-tag:v1.0.0@" + hex(c2));
  EXPECT_EQ(incident["severity"], "critical");

  // Re-running: the record now has the new target, nothing new opens, the chain verifies.
  run = run_tocsin("release tags " + dir.string() + record + " --open-incidents", "", true);
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(run.out.find("incidents opened"), std::string::npos) << run.out;
  EXPECT_EQ(run_tocsin("incident verify --repo " + dir.string() + " --store " + store.string()).exit_code, 0);
  EXPECT_NE(run_tocsin("incident list --repo " + dir.string() + " --store " + store.string()).out.find("INC-0001"),
            std::string::npos);
  git_repository_free(repo);
  git_libgit2_shutdown();
}

TEST(ReleaseIncidentsCli, UnauthorizedPublishThenACleanRunChecksOffTheStep) {
  const tocsin::testing::ScratchDir scratch;
  const fs::path store = fs::path(scratch.path()) / "release-cli-history.db";
  fs::remove(store);
  const std::string base = "release history --attestations " + kDir + "history/attestations --config " + kDir +
                           "history/tocsin.toml --store " + store.string() + " --actor ci --npm " + kDir + "history/";
  auto run = run_tocsin(base + "sigstore.packument.json --open-incidents --now 2026-03-01T10:00:00Z", "", true);
  ASSERT_EQ(run.exit_code, 1) << run.out;
  EXPECT_NE(run.out.find("incidents opened: INC-0001, INC-0002"), std::string::npos) << run.out;
  run = run_tocsin(base + "sigstore.packument.json --open-incidents --now 2026-03-01T11:00:00Z", "", true);
  EXPECT_EQ(run.out.find("incidents opened"), std::string::npos) << run.out;  // idempotent

  const std::string show = "incident show INC-0001 --format json --repo " + kDir + "history --store " + store.string();
  auto incident = nlohmann::json::parse(run_tocsin(show).out);
  EXPECT_EQ(incident["playbook"], "leaked-credentials");
  EXPECT_EQ(incident["finding_key"], "release-publish:npm/sigstore@2.2.1");
  auto step = [&](const nlohmann::json& i) {
    for (const auto& s : i["steps"])
      if (s["id"] == "audit-publish-history") return s;
    return nlohmann::json();
  };
  EXPECT_EQ(step(incident)["status"], "pending");

  // The bad versions were unpublished; the history is clean now.
  run = run_tocsin(base + "sigstore.clean.packument.json --open-incidents --now 2026-03-02T09:00:00Z", "", true);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_NE(run.out.find("publish-history step checked off: INC-0001, INC-0002"), std::string::npos) << run.out;
  incident = nlohmann::json::parse(run_tocsin(show).out);
  EXPECT_EQ(step(incident)["status"], "done");
  bool noted = false;
  for (const auto& e : incident["events"])
    if (e["type"] == "step")
      noted = e.dump().find("clean `tocsin release history` run: npm sigstore") != std::string::npos;
  EXPECT_TRUE(noted) << incident["events"].dump();
  run = run_tocsin(base + "sigstore.clean.packument.json --open-incidents --now 2026-03-02T10:00:00Z", "", true);
  EXPECT_NE(run.out.find("publish-history step already recorded: INC-0001, INC-0002"), std::string::npos) << run.out;
}

TEST(ReleaseIncidentsCli, CratesAndPypiHistory) {
  const tocsin::testing::ScratchDir scratch;
  const std::string dir = kDir + "registry/";
  auto run = run_tocsin("release history --crates " + dir + "tocsin-demo.index --artifacts " + dir +
                        "artifacts --format json");
  ASSERT_EQ(run.exit_code, 1) << run.out;
  auto out = nlohmann::json::parse(run.out);
  EXPECT_EQ(out["ecosystem"], "crates.io");
  ASSERT_EQ(out["versions"].size(), 3u);
  EXPECT_EQ(out["versions"][0]["digest_matches_local"], true);
  EXPECT_EQ(out["versions"][1]["flags"], nlohmann::json::array({"cksum-mismatch"}));
  EXPECT_EQ(out["versions"][2]["flags"], nlohmann::json::array({"not-built-locally", "yanked"}));

  // Only the cksum mismatch opens an incident (a yank or a missing local build is hygiene).
  const fs::path store = fs::path(scratch.path()) / "release-cli-crates.db";
  fs::remove(store);
  run = run_tocsin("release history --crates " + dir + "tocsin-demo.index --artifacts " + dir +
                       "artifacts --open-incidents --actor ci --store " + store.string(),
                   "", true);
  EXPECT_NE(run.out.find("incidents opened: INC-0001\n"), std::string::npos) << run.out;
  const auto shown =
      nlohmann::json::parse(run_tocsin("incident show INC-0001 --format json --store " + store.string()).out);
  EXPECT_EQ(shown["finding_key"], "release-publish:crates.io/tocsin-demo@0.1.1");

  run = run_tocsin("release history --pypi " + dir + "demo-pkg.pypi.json --artifacts " + dir + "artifacts");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("sha256-mismatch"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("PEP 740 attestations are not in the JSON API document"), std::string::npos);

  EXPECT_EQ(run_tocsin("release history --pypi " + dir + "demo-pkg.pypi.json --crates " + dir + "tocsin-demo.index")
                .exit_code,
            2);
  EXPECT_EQ(run_tocsin("release history --crates " + dir + "tocsin-demo.index --artifacts /nonexistent").exit_code, 2);
  EXPECT_EQ(run_tocsin("release history --npm " + kDir + "history/sigstore.packument.json").exit_code, 2);
}

TEST(ReleaseIncidentsCli, SshSignedTagAgainstAllowedSigners) {
  const tocsin::testing::ScratchDir scratch;
  if (std::system("command -v ssh-keygen >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "ssh-keygen not installed (openssh-client, scripts/install-deps.sh)";
  const fs::path dir = fs::path(scratch.path()) / "release-cli-ssh";
  git_libgit2_init();
  git_repository* repo = nullptr;
  const auto commits = make_repo(dir, &repo);
  const fs::path key = dir.string() + "-key";
  fs::remove(key);
  fs::remove(key.string() + ".pub");
  ASSERT_EQ(std::system(("ssh-keygen -q -t ed25519 -N '' -C releng -f " + key.string()).c_str()), 0);
  const std::string payload = "object " + hex(commits.second) +
                              "\ntype commit\ntag v1.0.0\ntagger Rel Eng <releng@example.com> 1767312000 +0000\n\n"
                              "release 1.0.0\n";
  std::ofstream(dir.string() + "-payload", std::ios::binary) << payload;
  fs::remove(dir.string() + "-payload.sig");
  ASSERT_EQ(
      std::system(
          ("ssh-keygen -q -Y sign -n git -f " + key.string() + " " + dir.string() + "-payload 2>/dev/null").c_str()),
      0);
  const std::string signature = tocsin::testing::slurp(dir.string() + "-payload.sig");
  git_oid tag;
  ASSERT_EQ(git_tag_create_from_buffer(&tag, repo, (payload + signature).c_str(), 0), 0);
  std::ifstream pub_file(key.string() + ".pub");
  std::string pub;
  std::getline(pub_file, pub);
  const std::string allowed = dir.string() + "-allowed";

  std::ofstream(allowed) << "releng@example.com " << pub << "\n";
  auto run = run_tocsin("release tags " + dir.string() + " --allowed-signers " + allowed + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  auto out = nlohmann::json::parse(run.out);
  EXPECT_EQ(out["tags"][0]["signature_verified"], true);
  std::ofstream(allowed) << "someone@example.com " << pub << "\n";
  run = run_tocsin("release tags " + dir.string() + " --allowed-signers " + allowed);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("signer-not-allowed"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("is allowed for someone@example.com, not releng@example.com"), std::string::npos) << run.out;
  std::ofstream(allowed) << "releng@example.com bogus-option " << pub << "\n";
  EXPECT_EQ(run_tocsin("release tags " + dir.string() + " --allowed-signers " + allowed).exit_code, 2);
  git_repository_free(repo);
  git_libgit2_shutdown();
}

}  // namespace
