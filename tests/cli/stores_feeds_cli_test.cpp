// End to end, issue 10 (writes, stores, feeds), 11 (KEV directory) and 12 (one configuration,
// one --now): each test fails on the code before these fixes.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "scan/scan_test_util.h"
#include "support/files.h"
#include "support/run_tocsin.h"

namespace tocsin::cli {
namespace {

namespace fs = std::filesystem;
namespace fx = tocsin::scan::testing;
using tocsin::testing::run_tocsin;

std::string contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos ? "" : "missing '" + needle + "' in:\n" + haystack;
}

std::string q(const std::string& text) { return "'" + text + "'"; }

std::string scan_args(const std::string& dir, const std::string& extra = "") {
  return "scan " + q(dir) + " --db " + q(fx::fixture_database_dir()) + " " + extra;
}

// Issue 10 item 13: `scan --format sarif -o /dev/full` exited 0 with no message.
TEST(WriteErrors, ReportToAFullDeviceIsAnErrorWithTheReason) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const std::string web = fx::kScanFixtures + "/repo/web";
  auto run = run_tocsin(scan_args(web, "--format sarif --fail-on none -o /dev/full"), "", true);
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_EQ(contains(run.out, "No space left on device"), "");
  fx::ScratchDir scratch;
  const std::string err = scratch / "stderr";
  const int status = std::system(
      (std::string(TOCSIN_BINARY) + " " + scan_args(web, "--format json --fail-on none") + " >/dev/full 2>" + q(err))
          .c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_EQ(contains(tocsin::testing::slurp(err), "cannot write to standard output"), "");
}

// Issue 10 item 2: a planted symlink at vex/<pkg>-<id>.json, dangling or not.
TEST(WriteErrors, VexNewNeverWritesThroughAPlantedSymlink) {
  fx::ScratchDir scratch;
  const std::string repo = scratch / "repo";
  fs::create_directories(repo + "/vex");
  fs::create_symlink(scratch / "outside.json", repo + "/vex/rsa-rustsec-2023-0071.json");
  const std::string args =
      "vex new --vuln RUSTSEC-2023-0071 --product rsa@0.9.10 --ecosystem crates.io --status "
      "not_affected --justification vulnerable_code_not_in_execute_path --now 2026-01-01 --dir " +
      q(repo);
  auto run = run_tocsin(args, "", true);
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_EQ(contains(run.out, "symbolic link"), "");
  EXPECT_FALSE(fs::exists(scratch / "outside.json"));
  std::ofstream(scratch / "outside.json") << "precious";
  run = run_tocsin(args + " --force", "", true);
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_EQ(tocsin::testing::slurp(scratch / "outside.json"), "precious");
}

// Issue 10 item 22: `--vuln ..` and `--vuln -` both mapped to vex/-.json.
TEST(WriteErrors, VexNewRefusesNamesWithoutAFileName) {
  fx::ScratchDir scratch;
  for (const char* vuln : {"..", "-"}) {
    auto run =
        run_tocsin(std::string("vex new --vuln ") + vuln +
                       " --product rsa@0.9.10 --ecosystem crates.io --status affected --dir " + q(scratch.path()),
                   "", true);
    EXPECT_EQ(run.exit_code, 2) << vuln << run.out;
    EXPECT_EQ(contains(run.out, "has no letter or digit"), "");
  }
  EXPECT_FALSE(fs::exists(scratch / "vex/rsa.json"));
  EXPECT_FALSE(fs::exists(scratch / "vex/-.json"));
}

// Issue 10 item 4: read-only commands created the store and said "0 events, chain intact".
TEST(IncidentStore, ReadOnlyCommandsNeverCreateAStore) {
  fx::ScratchDir scratch;
  const std::string store = scratch / "typo/x.db";
  for (const char* command : {"verify", "list", "due", "show INC-0001"}) {
    auto run = run_tocsin(std::string("incident ") + command + " --store " + q(store), "", true);
    EXPECT_EQ(run.exit_code, 2) << command << run.out;
    EXPECT_EQ(contains(run.out, "no incident record at " + store), "") << command;
  }
  EXPECT_FALSE(fs::exists(scratch / "typo"));
}

// Issue 10 item 22: `--anchor 1:` exited 1 (a verification failure) instead of 2 (usage).
TEST(IncidentStore, MalformedAnchorIsAUsageError) {
  fx::ScratchDir scratch;
  const std::string store = q(scratch / "r.db");
  ASSERT_EQ(run_tocsin("incident open --playbook kev-failure --title t --actor a --now 2026-01-01 --store " + store)
                .exit_code,
            0);
  for (const char* anchor : {"1:", "1", ":abc", "x:0000",
                             "1:"
                             "ZZ"}) {
    auto run = run_tocsin("incident verify --store " + store + " --anchor '" + anchor + "'", "", true);
    EXPECT_EQ(run.exit_code, 2) << anchor << run.out;
    EXPECT_EQ(contains(run.out, "must be SEQ:HASH"), "") << anchor;
  }
}

// Issue 10 item 3, as an unprivileged user: a store another user can write is refused.
TEST(IncidentStore, AStoreOwnedByAnotherUserIsRefusedForAnUnprivilegedUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to prepare a store owned by another user and drop privileges";
  if (std::system("command -v setpriv >/dev/null 2>&1") != 0) GTEST_SKIP() << "setpriv (util-linux) not installed";
  fx::ScratchDir scratch;
  ASSERT_EQ(::chmod(scratch.path().c_str(), 0755), 0);  // root's, not writable by others: a fine directory
  const std::string store = scratch / "incidents.db";
  ASSERT_EQ(
      run_tocsin("incident open --playbook kev-failure --title t --actor root --now 2026-01-01 --store " + q(store))
          .exit_code,
      0);
  ASSERT_EQ(::chmod(store.c_str(), 0666), 0);  // planted: anyone may read and write it
  const std::string as_nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups " + std::string(TOCSIN_BINARY) +
                                " incident list --store " + q(store);
  const auto run = tocsin::testing::run_shell(as_nobody, "", true);
  const std::string& out = run.out;
  EXPECT_EQ(run.exit_code, 2) << out;
  EXPECT_EQ(contains(out, "owned by uid 0, not by you (uid 65534)"), "");
}

// Issue 10 item 22 / issue 12 item 3 (one --now parser, `--now ''` refused): every command, in
// tests/cli/now_option_cli_test.cpp.

// Issue 11: `scan --format openvex` ignored --now.
TEST(Now, OpenVexReportTakesItsTimestampFromNow) {
  auto run = run_tocsin(scan_args(fx::kScanFixtures + "/repo/web", "--format openvex --fail-on none --now 2026-02-03"));
  EXPECT_EQ(contains(run.out, "2026-02-03T00:00:00Z"), "");
}

// Issue 12 item 1: policy show, scan and incident read the same file from the same directory;
// `[polcy]` is an error with its line and column.
TEST(Config, PolicyShowReadsTheSameFileAsScanAndIncident) {
  fx::ScratchDir scratch;
  const std::string repo = scratch / "repo";
  fs::create_directories(repo);
  std::ofstream(repo + "/tocsin.toml") << "[policy]\nkev_minimum = \"critical\"\n";
  auto run = run_tocsin("policy show --format json --repo " + q(repo));
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(contains(run.out, "\"source\": \"" + repo + "/tocsin.toml\""), "");
  EXPECT_EQ(contains(run.out, "\"kev_minimum\": \"critical\""), "");

  std::ofstream(repo + "/tocsin.toml") << "[policy]\nkev_minimum = \"high\"\n\n[polcy]\nunscored = \"low\"\n";
  for (const std::string& command :
       {"policy show --repo " + q(repo),
        "scan " + q(repo) + " --no-db --known-bad " + q(fx::kAdvisories + "/known-bad.txt"),
        "incident open --playbook kev-failure --title t --actor a --repo " + q(repo) + " --store " +
            q(scratch / "r.db")}) {
    run = run_tocsin(command, "", true);
    EXPECT_EQ(run.exit_code, 2) << command << run.out;
    EXPECT_EQ(contains(run.out, repo + "/tocsin.toml:4:2: unknown table [polcy]"), "") << command;
  }
}

// Issue 11: a KEV catalog's directory (as ../shared/data/kev) imports the catalog.
TEST(Feeds, ImportsAKevCatalogsDirectory) {
  fx::ScratchDir scratch;
  auto run = run_tocsin(
      "db import " + q(std::string(TOCSIN_FIXTURES) + "/advisory/kev-dir") + " --db " + q(scratch / "db"), "", true);
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(contains(run.out, "kev "), "");
  EXPECT_EQ(contains(run.out, "3 records imported"), "");
  EXPECT_EQ(run.out.find("missing field"), std::string::npos) << run.out;
}

// Issue 10 item 11: an empty catalog is refused (exit 2) unless --allow-shrink.
TEST(Feeds, AnEmptyCatalogNeedsAllowShrink) {
  fx::ScratchDir scratch;
  const std::string kev = scratch / "kev.json";
  fs::copy_file(std::string(TOCSIN_FIXTURES) + "/advisory/kev-excerpt.json", kev);
  ASSERT_EQ(run_tocsin("db import " + q(kev) + " --db " + q(scratch / "db")).exit_code, 0);
  std::ofstream(kev, std::ios::trunc) << "{\"title\": \"CISA Catalog of Known Exploited Vulnerabilities\", "
                                         "\"catalogVersion\": \"2026.01.01\", \"count\": 0, \"vulnerabilities\": []}";
  auto run = run_tocsin("db import " + q(kev) + " --db " + q(scratch / "db"), "", true);
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_EQ(contains(run.out, "--allow-shrink"), "");
  run = run_tocsin("db import " + q(kev) + " --allow-shrink --db " + q(scratch / "db"), "", true);
  EXPECT_EQ(run.exit_code, 0) << run.out;
}

// Issue 10 item 14, through the command.
TEST(Feeds, MirrorUserinfoCannotSmugglePlainHttp) {
  fx::ScratchDir scratch;
  auto run = run_tocsin("db update --mirror 'http://localhost:x@evil.invalid/' --db " + q(scratch / "db"), "", true);
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_EQ(contains(run.out, "user information"), "");
  EXPECT_EQ(run.out.find("downloading"), std::string::npos) << "nothing was fetched";
}

}  // namespace
}  // namespace tocsin::cli
