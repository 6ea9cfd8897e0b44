// Tree, log and history scans on real files: hostile entries (binary, FIFO, symlink, unreadable,
// sparse, huge line, devices) give a correct result or a clear error, never a hang.
#include <fcntl.h>
#include <git2.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "secrets/secrets.h"
#include "secrets/tokens.h"
#include "support/files.h"
#include "support/scratch_dir.h"

namespace tocsin::secrets {
namespace {

namespace fs = std::filesystem;
using namespace tocsin::secrets::testing;

constexpr std::int64_t kNow = 1'800'000'000;

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::path(::tocsin::testing::process_temp_dir()) / ("tocsin_secrets_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

using tocsin::testing::spit;

ScanOptions options() {
  ScanOptions o;
  o.now = kNow;
  o.jobs = 2;
  return o;
}

TEST(SecretsTree, HostileEntriesAreSkippedAndTokensFound) {
  const fs::path dir = fresh_dir("hostile");
  const std::string gh = checksummed("ghp_", 101), npm = checksummed("npm_", 102);
  spit(dir / "src" / "config.js", "const t = '" + gh + "';\n");
  spit(dir / "node_modules" / "x" / "leak.js", npm);         // skipped like `tocsin deps` does
  spit(dir / "image.bin", std::string("\0\0\x01", 3) + gh);  // binary by content
  ASSERT_EQ(::mkfifo((dir / "pipe").c_str(), 0600), 0);      // never opened: no hang
  fs::create_symlink("/etc/passwd", dir / "link");           // never followed
  fs::create_directory_symlink("/", dir / "root-link");
  spit(dir / "big.txt", std::string(2000, 'a') + npm);  // above the size limit below
  ScanOptions small = options();
  small.max_file_size = 1000;
  TreeStats stats;
  auto findings = scan_tree(dir.string(), small, &stats);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].file, "src/config.js");
  EXPECT_EQ(stats.files, 1u);
  EXPECT_EQ(stats.skipped_binary, 1u);
  EXPECT_EQ(stats.skipped_large, 1u);
  EXPECT_EQ(stats.skipped_special, 3u);  // the FIFO and both symlinks
}

TEST(SecretsTree, UnreadableFileIsAWarningNotAFailure) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads mode-000 files";
  const fs::path dir = fresh_dir("unreadable");
  spit(dir / "secret.txt", checksummed("ghp_", 103));
  spit(dir / "ok.txt", checksummed("npm_", 104));
  fs::permissions(dir / "secret.txt", fs::perms::none);
  TreeStats stats;
  auto findings = scan_tree(dir.string(), options(), &stats);
  fs::permissions(dir / "secret.txt", fs::perms::owner_all);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].detector, "npm");
  ASSERT_EQ(stats.warnings.size(), 1u);
  EXPECT_NE(stats.warnings[0].find("secret.txt: cannot read"), std::string::npos);
}

TEST(SecretsTree, DevicesAndFifosGivenExplicitlyAreClearErrors) {
  EXPECT_THROW(scan_tree("/dev/zero", options()), Error);
  const fs::path dir = fresh_dir("fifo");
  ASSERT_EQ(::mkfifo((dir / "pipe").c_str(), 0600), 0);
  try {
    scan_tree((dir / "pipe").string(), options());
    FAIL() << "a FIFO must be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos);
  }
  EXPECT_THROW(scan_tree((dir / "missing").string(), options()), Error);
}

TEST(SecretsTree, SparseFileIsSkippedBySizeOrAsBinaryWithoutReadingIt) {
  const fs::path dir = fresh_dir("sparse");
  const fs::path file = dir / "sparse.img";
  { std::ofstream(file) << ""; }
  fs::resize_file(file, 2ull << 30);  // 2 GiB of holes
  TreeStats stats;
  EXPECT_TRUE(scan_tree(dir.string(), options(), &stats).empty());
  EXPECT_EQ(stats.skipped_large, 1u);
  ScanOptions unlimited = options();
  unlimited.max_file_size = 4ull << 30;
  TreeStats again;
  EXPECT_TRUE(scan_tree(dir.string(), unlimited, &again).empty());
  EXPECT_EQ(again.skipped_binary, 1u);  // zeros: binary after one 8 KiB read
}

TEST(SecretsTree, TwentyMegabyteSingleLineWithATokenAtTheEnd) {
  const fs::path dir = fresh_dir("bigline");
  const std::string gh = checksummed("ghp_", 105);
  std::string line(20u << 20, 'x');
  for (std::size_t i = 0; i < line.size(); i += 97) line[i] = ' ';
  spit(dir / "min.js", line + " " + gh);  // no newline at the end either
  ScanOptions big = options();
  big.max_file_size = 64u << 20;
  auto findings = scan_tree(dir.string(), big);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].line, 1u);
  EXPECT_EQ(findings[0].column, line.size() + 2);
}

TEST(SecretsLogs, DoubleBase64PayloadsAreDecodedAndScanned) {
  const std::string gh = checksummed("ghp_", 106);
  const std::string once = standard_base64("GITHUB_TOKEN=" + gh + "\n");
  const std::string twice = standard_base64(once);
  const std::string noise = standard_base64(standard_base64("{\"runner\":\"ubuntu\",\"ok\":true}"));
  const fs::path dir = fresh_dir("logs");
  spit(dir / "build" / "3_Run tests.txt",
       "2025-03-14T10:00:00Z step\n2025-03-14T10:00:01Z " + twice + "\n2025-03-14T10:00:02Z " + noise + "\n");
  auto payloads = decode_base64_payloads("x " + twice + " y");
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0].layers, 2);
  EXPECT_NE(payloads[0].decoded.find(gh), std::string::npos);
  auto findings = scan_logs(dir.string(), options());
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].detector, "github");
  EXPECT_EQ(findings[0].origin, "double-base64");
  EXPECT_EQ(findings[0].line, 2u);
  EXPECT_EQ(findings[0].column, 22u);
  EXPECT_EQ(findings[0].fingerprint, sha256_16(gh));
  EXPECT_EQ(findings[1].detector, "double-base64");  // the indicator alone, no known token inside
  EXPECT_EQ(findings[1].line, 3u);
}

TEST(SecretsBaseline, RoundTripAndEveryEntryNeedsAReason) {
  const fs::path dir = fresh_dir("baseline");
  const std::string gh = checksummed("ghp_", 107), npm = checksummed("npm_", 108);
  spit(dir / "t.txt", gh + "\n" + npm + "\n");
  auto findings = scan_tree(dir.string(), options());
  ASSERT_EQ(findings.size(), 2u);
  const std::string text =
      write_baseline({{findings[0].fingerprint, findings[0].detector, findings[0].redacted, "t.txt", "test fixture"}});
  EXPECT_EQ(text.find(gh), std::string::npos);
  spit(dir / "baseline.json", text);
  auto baseline = read_baseline((dir / "baseline.json").string());
  ASSERT_EQ(baseline.size(), 1u);
  EXPECT_EQ(apply_baseline(findings, baseline), 1u);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].detector, "npm");
  spit(dir / "bad.json", R"({"schema_version":1,"entries":[{"fingerprint":"0011223344556677","reason":" "}]})");
  EXPECT_THROW(read_baseline((dir / "bad.json").string()), Error);
}

TEST(SecretsGithubAlerts, SecretIsHashedNeverKept) {
  const std::string gh = checksummed("ghp_", 109);
  const std::string json = R"([{"number":3,"state":"open","secret_type":"github_personal_access_token",
    "secret_type_display_name":"GitHub Personal Access Token","secret":")" +
                           gh + R"(","validity":"active","html_url":"https://github.com/o/r/security/secret-scanning/3",
    "first_location_detected":{"path":"ci/deploy.sh","start_line":4,"start_column":9,"commit_sha":"abc123"}},
    {"number":4,"state":"resolved","secret_type":"npm_access_token","html_url":"https://github.com/o/r/security/secret-scanning/4"}])";
  auto findings = import_github_alerts("alerts.json", json);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].detector, "github");
  EXPECT_EQ(findings[0].fingerprint, sha256_16(gh));  // matches what a scan of the same token says
  EXPECT_EQ(findings[0].redacted, "ghp_…" + gh.substr(gh.size() - 4));
  EXPECT_EQ(findings[0].file, "ci/deploy.sh");
  EXPECT_EQ(findings[0].line, 4u);
  EXPECT_EQ(findings[1].detector, "npm");
  EXPECT_EQ(findings_json(findings).dump().find(gh), std::string::npos);
  EXPECT_THROW(import_github_alerts("alerts.json", "{\"secret\": \"" + gh + "\""), Error);
  try {
    import_github_alerts("alerts.json", "[{\"secret\": \"" + gh + "\" oops]");
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).find(gh), std::string::npos);
  }
}

// nlohmann reports a number too large for a double as out_of_range (406) while parsing, not as a
// parse error: found by secrets_fuzz, where it ended the process in std::terminate.
TEST(SecretsImport, NumberOutOfRangeIsAnErrorNotACrash) {
  EXPECT_THROW(import_github_alerts("alerts.json", "[{\"number\": 1e999}]"), Error);
  tocsin::testing::ScratchDir dir("baseline");
  const std::string baseline = dir.path() + "/baseline.json";
  std::ofstream(baseline) << "{\"schema_version\": 1, \"entries\": [1e999]}";
  EXPECT_THROW(read_baseline(baseline), Error);
}

TEST(SecretsOutputs, JsonAndSarifCarryTheIssueFields) {
  const std::string gh = checksummed("ghp_", 110);
  auto findings = scan_text("x " + gh, "a.txt", kNow);
  auto json = findings_json(findings);
  EXPECT_EQ(json["schema_version"], 1);
  const auto& f = json["findings"][0];
  for (const char* key : {"detector", "kind", "file", "line", "column", "commit", "fingerprint", "redacted",
                          "validated", "confidence", "expired", "revoke", "playbook"})
    EXPECT_TRUE(f.contains(key)) << key;
  EXPECT_EQ(f["validated"], "checksum");
  EXPECT_EQ(f["playbook"], "leaked-credentials");
  EXPECT_EQ(f["revoke"]["page"], "https://github.com/settings/tokens");
  EXPECT_TRUE(f["commit"].is_null());
  auto sarif = findings_sarif(findings);
  EXPECT_EQ(sarif["version"], "2.1.0");
  EXPECT_EQ(sarif["runs"][0]["results"][0]["ruleId"], "github");
  EXPECT_EQ(sarif["runs"][0]["results"][0]["partialFingerprints"]["secretFingerprint/v1"], sha256_16(gh));
  EXPECT_EQ(sarif.dump().find(gh), std::string::npos);
}

// --- git history -----------------------------------------------------------------------------

struct Repo {
  git_repository* repo = nullptr;
  fs::path dir;
  explicit Repo(const fs::path& where) : dir(where) {
    git_libgit2_init();
    EXPECT_EQ(git_repository_init(&repo, where.c_str(), 0), 0);
  }
  ~Repo() {
    git_repository_free(repo);
    git_libgit2_shutdown();
  }
  // Commits the index after writing/removing files; returns the commit id.
  std::string commit(const std::map<std::string, std::string>& files, const std::vector<std::string>& removed,
                     const std::string& message, git_time_t when) {
    git_index* index = nullptr;
    EXPECT_EQ(git_repository_index(&index, repo), 0);
    for (const auto& [path, content] : files) {
      spit(dir / path, content);
      EXPECT_EQ(git_index_add_bypath(index, path.c_str()), 0);
    }
    for (const std::string& path : removed) {
      fs::remove(dir / path);
      EXPECT_EQ(git_index_remove_bypath(index, path.c_str()), 0);
    }
    git_index_write(index);
    git_oid tree_id, commit_id;
    EXPECT_EQ(git_index_write_tree(&tree_id, index), 0);
    git_index_free(index);
    git_tree* tree = nullptr;
    git_tree_lookup(&tree, repo, &tree_id);
    git_signature* sig = nullptr;
    git_signature_new(&sig, "Dev Eloper", "dev@example.org", when, 0);
    git_commit* parent = nullptr;
    git_oid head;
    const bool has_parent = git_reference_name_to_id(&head, repo, "HEAD") == 0;
    if (has_parent) git_commit_lookup(&parent, repo, &head);
    const git_commit* parents[] = {parent};
    EXPECT_EQ(git_commit_create(&commit_id, repo, "HEAD", sig, sig, nullptr, message.c_str(), tree, has_parent ? 1 : 0,
                                parents),
              0);
    git_commit_free(parent);
    git_signature_free(sig);
    git_tree_free(tree);
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &commit_id);
    return hex;
  }
};

TEST(SecretsGit, TokenCommittedThenRemovedIsReportedWithItsCommitAndSinceLimitsTheWalk) {
  const fs::path dir = fresh_dir("git");
  const std::string gh = checksummed("ghp_", 111), npm = checksummed("npm_", 112);
  Repo repo(dir);
  const std::string first = repo.commit({{"README.md", "hello\n"}}, {}, "init", 1'700'000'000);
  const std::string leak = repo.commit({{"deploy/env.sh", "export GH=" + gh + "\n"}}, {}, "add deploy", 1'700'000'100);
  const std::string removal = repo.commit({}, {"deploy/env.sh"}, "remove token", 1'700'000'200);
  const std::string later =
      repo.commit({{".npmrc", "//registry.npmjs.org/:_authToken=" + npm + "\n"}}, {}, "npmrc", 1'700'000'300);
  TreeStats stats;
  auto findings = scan_git(dir.string(), "", options(), &stats);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].detector, "github");
  EXPECT_EQ(findings[0].file, "deploy/env.sh");
  ASSERT_TRUE(findings[0].commit.has_value());
  EXPECT_EQ(findings[0].commit->id, leak);
  EXPECT_EQ(findings[0].commit->author, "Dev Eloper <dev@example.org>");
  EXPECT_EQ(findings[0].commit->date, "2023-11-14T22:15:00Z");
  EXPECT_EQ(findings[0].note, "present in history (not in HEAD)");
  EXPECT_EQ(findings[1].detector, "npm");
  EXPECT_EQ(findings[1].commit->id, later);
  EXPECT_TRUE(findings[1].note.empty());
  EXPECT_EQ(stats.files, 3u);  // README, env.sh, .npmrc: each blob once

  auto since = scan_git(dir.string(), removal, options());
  ASSERT_EQ(since.size(), 1u);
  EXPECT_EQ(since[0].detector, "npm");
  EXPECT_THROW(scan_git(dir.string(), "no-such-rev", options()), Error);
  EXPECT_THROW(scan_git(fresh_dir("not-git").string(), "", options()), Error);
  (void)first;
}

}  // namespace
}  // namespace tocsin::secrets
