// `tocsin secrets`: every command and output format on a tree with planted tokens, asserting no
// planted secret appears in stdout, stderr, a written file or the incident store; exit codes;
// idempotent incidents.
#include <git2.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "secrets/tokens.h"
#include "support/files.h"
#include "support/run_tocsin.h"
#include "support/scratch_dir.h"

namespace {

namespace fs = std::filesystem;
using tocsin::testing::run_tocsin;
using namespace tocsin::secrets::testing;

using tocsin::testing::slurp;
using tocsin::testing::spit;

// Commits every file of `dir` as one commit (libgit2), so --git has a history to read.
void commit_all(const fs::path& dir) {
  git_libgit2_init();
  git_repository* repo = nullptr;
  ASSERT_EQ(git_repository_init(&repo, dir.c_str(), 0), 0);
  git_index* index = nullptr;
  git_repository_index(&index, repo);
  const char* all = "*";
  git_strarray paths{const_cast<char**>(&all), 1};
  ASSERT_EQ(git_index_add_all(index, &paths, 0, nullptr, nullptr), 0);
  git_index_write(index);
  git_oid tree_id, commit_id;
  git_index_write_tree(&tree_id, index);
  git_tree* tree = nullptr;
  git_tree_lookup(&tree, repo, &tree_id);
  git_signature* sig = nullptr;
  git_signature_new(&sig, "T", "t@example.org", 1'700'000'000, 0);
  ASSERT_EQ(git_commit_create(&commit_id, repo, "HEAD", sig, sig, nullptr, "planted", tree, 0, nullptr), 0);
  git_signature_free(sig);
  git_tree_free(tree);
  git_index_free(index);
  git_repository_free(repo);
  git_libgit2_shutdown();
}

struct Planted {
  tocsin::testing::ScratchDir scratch{"secrets-cli"};
  fs::path dir{scratch.path()};
  std::vector<std::string> secrets;
  Planted() {
    const std::string digits = "0123456789";
    secrets = {checksummed("ghp_", 1),
               checksummed("npm_", 2),
               pypi_token("pypi.org", 3),
               "cio" + random_from(kAlnum, 32, 4),
               "github_pat_" + random_from(kAlnum, 22, 5) + "_" + random_from(kAlnum, 59, 6),
               "glpat-" + random_from(kAlnum, 20, 7),
               "sk_live_" + random_from(kAlnum, 24, 8),
               "AIza" + random_from(kAlnum, 35, 9),
               "xoxb-" + random_from(digits, 12, 10) + "-" + random_from(kAlnum, 24, 11),
               jwt(R"({"iss":"https://token.actions.githubusercontent.com","sub":"repo:o/r","exp":4102444800})", 12),
               "Zq9" + random_from(kAlnum, 13, 13),
               "AKIA" + random_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 14),
               random_from(kAlnum, 40, 15),  // the AWS secret access key (generic assignment)
               random_from(kAlnum + "+/", 64, 16) + random_from(kAlnum, 64, 17),  // a private key's base64 body
               checksummed("ghp_", 18)};  // split across two string literals: reassembled
    const fs::path tree = dir / "tree";
    spit(tree / "ci" / "deploy.sh", "export GH_TOKEN=" + secrets[0] + "\nNPM=" + secrets[1] + "\r\n");
    spit(tree / ".pypirc", "[pypi]\npassword = " + secrets[2] + "\n");
    spit(tree / "cargo" / "credentials.toml", "[registry]\ntoken = \"" + secrets[3] + "\"\n");
    spit(tree / "app" / "config.json", R"({"gh":")" + secrets[4] + R"(","gl":")" + secrets[5] + R"(","stripe":")" +
                                           secrets[6] + R"(","google":")" + secrets[7] + R"(","slack":")" + secrets[8] +
                                           R"("})");
    spit(tree / "notes.txt", "oidc " + secrets[9] + "\ndb_password = '" + secrets[10] + "'");
    spit(tree / "config" / "aws_credentials",
         "[default]\naws_access_key_id = " + secrets[11] + "\naws_secret_access_key = " + secrets[12] + "\n");
    spit(tree / "deploy_key",
         "-----BEGIN OPENSSH PRIVATE KEY-----\n" + secrets[13] + "\n-----END OPENSSH PRIVATE KEY-----\n");
    spit(tree / "src" / "client.js",
         "const t = \"" + secrets[14].substr(0, 20) + "\" +\n    \"" + secrets[14].substr(20) + "\";\n");
    commit_all(tree);
    // CI logs: the GitHub token double-base64-encoded (the tj-actions signature).
    spit(dir / "logs" / "1_build.txt", "2025-03-14T10:00:00Z " + standard_base64(standard_base64(secrets[0])) + "\n");
    spit(dir / "alerts.json", R"([{"number":1,"state":"open","secret_type":"npm_access_token","secret":")" +
                                  secrets[1] + R"(","html_url":"https://github.com/o/r/security/secret-scanning/1"}])");
  }
  std::string path(const std::string& relative) const { return (dir / relative).string(); }

  void expect_clean(const std::string& text, const std::string& what) const {
    for (const std::string& secret : secrets)
      EXPECT_EQ(text.find(secret), std::string::npos) << what << " leaks a planted secret";
  }
};

TEST(SecretsCli, NoPlantedSecretInAnyOutputFileOrStore) {
  Planted planted;
  const std::string tree = planted.path("tree");
  const std::string store = planted.path("store.db");
  const std::string now = " --now 2026-06-01T00:00:00Z";
  std::vector<std::string> runs = {
      "secrets scan " + tree + now,
      "secrets scan " + tree + " --format json" + now,
      "secrets scan " + tree + " --format sarif" + now,
      "secrets scan " + tree + " --format json -o " + planted.path("report.json") + now,
      "secrets scan " + tree + " --format sarif -o " + planted.path("report.sarif") + now,
      "secrets scan " + tree + " --git --format json" + now,
      "secrets scan " + tree + " --git" + now,
      "secrets scan --logs " + planted.path("logs") + " --format json" + now,
      "secrets scan --logs " + planted.path("logs") + now,
      "secrets scan --logs " + planted.path("logs") + " --format sarif -o " + planted.path("logs.sarif") + now,
      "secrets scan " + tree + " --git --format sarif -o " + planted.path("git.sarif") + now,
      "secrets baseline --logs " + planted.path("logs") + " -o " + planted.path("logs-baseline.json") + " --reason ci" +
          now,
      "secrets baseline " + tree + " -o " + planted.path("baseline.json") + " --reason fixture" + now,
      "secrets scan " + tree + " --baseline " + planted.path("baseline.json") + now,
      "secrets scan " + tree + " --open-incidents --store " + store + " --actor t" + now,
      "secrets import-github " + planted.path("alerts.json") + " --format json",
      "secrets import-github " + planted.path("alerts.json") + " --format sarif",
      "secrets import-github " + planted.path("alerts.json") + " --open-incidents --store " + store + " --actor t" +
          now,
      "incident list --format json --store " + store,
      "incident show INC-0001 --format json --store " + store,
      "incident show INC-0001 --store " + store,
      "incident list --store " + store,
  };
  std::string json_report;
  for (const std::string& args : runs) {
    auto r = run_tocsin(args, "", true);
    EXPECT_NE(r.exit_code, 2) << args << "\n" << r.out;
    planted.expect_clean(r.out, args);
    if (args == runs[1]) json_report = r.out;
  }
  for (const char* file :
       {"report.json", "report.sarif", "baseline.json", "store.db", "logs.sarif", "git.sarif", "logs-baseline.json"})
    planted.expect_clean(slurp(planted.path(file)), file);
  // The scan saw every planted secret (so the no-leak check above is not vacuous).
  const auto document = nlohmann::json::parse(json_report);
  std::set<std::string> fingerprints;
  for (const auto& finding : document["findings"]) fingerprints.insert(finding["fingerprint"].get<std::string>());
  for (const std::string& secret : planted.secrets)
    EXPECT_EQ(fingerprints.count(sha256_16(secret)), 1u) << secret.substr(0, 4);
}

TEST(SecretsCli, ExitCodesGatesAndIdempotentIncidents) {
  Planted planted;
  const std::string tree = planted.path("tree");
  const std::string now = " --now 2026-06-01T00:00:00Z";
  EXPECT_EQ(run_tocsin("secrets scan " + tree + now).exit_code, 1);
  EXPECT_EQ(run_tocsin("secrets scan " + tree + " --fail-on none" + now).exit_code, 0);
  EXPECT_EQ(run_tocsin("secrets scan " + tree + "/notes.txt --fail-on high-confidence" + now).exit_code, 1);
  EXPECT_EQ(run_tocsin("secrets scan " + planted.path("logs") + "/none --fail-on high-confidence").exit_code, 2);
  auto r = run_tocsin("secrets scan /dev/zero", "", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("not a regular file"), std::string::npos) << r.out;
  EXPECT_EQ(run_tocsin("secrets scan " + tree + " --fail-on maybe").exit_code, 2);
  EXPECT_EQ(run_tocsin("secrets scan " + tree + " --since HEAD").exit_code, 2);  // --since needs --git

  // Baseline every finding: the gate then passes.
  EXPECT_EQ(
      run_tocsin("secrets baseline " + tree + " -o " + planted.path("b.json") + " --reason fixtures" + now).exit_code,
      0);
  EXPECT_EQ(run_tocsin("secrets scan " + tree + " --baseline " + planted.path("b.json") + now).exit_code, 0);

  const std::string store = planted.path("inc.db");
  const std::string open = "secrets scan " + tree + " --fail-on none --open-incidents --actor t --store " + store + now;
  r = run_tocsin(open, "", true);
  EXPECT_NE(r.out.find("incidents opened: INC-0001"), std::string::npos) << r.out;
  r = run_tocsin(open, "", true);
  EXPECT_EQ(r.out.find("incidents opened"), std::string::npos) << r.out;
  auto list = nlohmann::json::parse(run_tocsin("incident list --format json --store " + store).out);
  EXPECT_EQ(list.size(), planted.secrets.size());  // one per distinct fingerprint
  auto shown = nlohmann::json::parse(run_tocsin("incident show INC-0001 --format json --store " + store).out);
  EXPECT_EQ(shown["playbook"], "leaked-credentials");
  // Findings are in path order: .pypirc first, so INC-0001 carries PyPI's revocation step.
  EXPECT_NE(shown.dump().find("https://pypi.org/manage/account/token/"), std::string::npos) << shown.dump();
}

}  // namespace
