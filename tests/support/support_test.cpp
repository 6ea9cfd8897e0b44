// The test helpers themselves: a scratch directory disappears, concurrent runs never share a stdin
// file, and golden files are only written — never compared — in update mode.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <thread>

#include "support/files.h"
#include "support/golden.h"
#include "support/run_tocsin.h"
#include "support/scratch_dir.h"
#include "support/shared.h"

namespace tocsin::testing {
namespace {

namespace fs = std::filesystem;

TEST(ScratchDir, IsFreshPerInstanceAndRemovedWithItsContents) {
  std::string kept;
  {
    ScratchDir one, two;
    EXPECT_NE(one.path(), two.path());
    ASSERT_TRUE(fs::is_directory(one.path()));
    EXPECT_TRUE(fs::is_empty(one.path()));
    spit(one / "nested/deep/file.txt", "bytes");
    EXPECT_EQ(slurp(one / "nested/deep/file.txt"), "bytes");
    kept = one.path();
  }
  EXPECT_FALSE(fs::exists(kept));
}

TEST(ProcessTempDir, IsOneExistingDirectoryEndingInASlash) {
  const std::string& dir = process_temp_dir();
  EXPECT_EQ(&dir, &process_temp_dir());
  ASSERT_FALSE(dir.empty());
  EXPECT_EQ(dir.back(), '/');
  EXPECT_TRUE(fs::is_directory(dir));
  EXPECT_NE(dir, ::testing::TempDir());
}

TEST(Slurp, ThrowsForAFileThatIsNotThere) {
  ScratchDir scratch;
  EXPECT_THROW(slurp(scratch / "never-written"), std::runtime_error);
}

// Each call prints the file its stdin is, waits so the two calls overlap, then echoes its input.
TEST(RunShell, ConcurrentCallsHaveTheirOwnStdinFileRemovedAfterwards) {
  const std::string script = "sh -c 'readlink /proc/self/fd/0; sleep 0.3; cat'";
  TocsinRun first, second;
  std::thread a([&] { first = run_shell(script, "input of the first call\n"); });
  std::thread b([&] { second = run_shell(script, "input of the second call\n"); });
  a.join();
  b.join();
  ASSERT_EQ(first.exit_code, 0) << first.out;
  ASSERT_EQ(second.exit_code, 0) << second.out;
  const std::string first_file = first.out.substr(0, first.out.find('\n'));
  const std::string second_file = second.out.substr(0, second.out.find('\n'));
  EXPECT_NE(first_file, second_file);
  EXPECT_EQ(first.out, first_file + "\ninput of the first call\n");
  EXPECT_EQ(second.out, second_file + "\ninput of the second call\n");
  EXPECT_FALSE(fs::exists(first_file)) << "stdin file left behind";
  EXPECT_FALSE(fs::exists(second_file)) << "stdin file left behind";
}

TEST(RunShell, ReportsTheExitCodeAndStderrOnlyWhenAsked) {
  TocsinRun quiet = run_shell("sh -c 'echo out; echo err >&2; exit 3'");
  EXPECT_EQ(quiet.exit_code, 3);
  EXPECT_EQ(quiet.out, "out\n");
  TocsinRun loud = run_shell("sh -c 'echo out; echo err >&2; exit 3'", "", true);
  EXPECT_EQ(loud.out, "out\nerr\n");
}

TEST(Golden, UpdateModeWritesAndComparesNothing) {
  ScratchDir scratch;
  const std::string path = scratch / "golden/out.txt";
  spit(path, "stale bytes\n");
  // A comparison here would see "stale bytes" (or, after writing, the new bytes) and report it.
  GoldenCheck check = check_golden(path, "new bytes\n", /*update=*/true);
  EXPECT_EQ(check.outcome, GoldenOutcome::Rewritten);
  EXPECT_TRUE(check.expected.empty()) << "update mode read the golden file";
  EXPECT_EQ(slurp(path), "new bytes\n");
  // Also where the directory does not exist yet.
  EXPECT_EQ(check_golden(scratch / "fresh/dir/new.txt", "x", true).outcome, GoldenOutcome::Rewritten);
  EXPECT_EQ(slurp(scratch / "fresh/dir/new.txt"), "x");
}

TEST(Golden, CompareModeNamesTheFirstDifferingLine) {
  ScratchDir scratch;
  const std::string path = scratch / "g.txt";
  spit(path, "one\ntwo\nthree\n");
  EXPECT_EQ(check_golden(path, "one\ntwo\nthree\n", false).outcome, GoldenOutcome::Matches);
  GoldenCheck differs = check_golden(path, "one\nTWO\nthree\n", false);
  EXPECT_EQ(differs.outcome, GoldenOutcome::Differs);
  EXPECT_NE(differs.hint.find("line 2: expected `two`, got `TWO`"), std::string::npos) << differs.hint;
  EXPECT_NE(differs.hint.find("TOCSIN_UPDATE_GOLDEN=1"), std::string::npos) << differs.hint;
  EXPECT_EQ(slurp(path), "one\ntwo\nthree\n") << "compare mode wrote the golden file";
  EXPECT_EQ(check_golden(scratch / "absent.txt", "x", false).outcome, GoldenOutcome::Missing);
}

// The real expect_golden in update mode, its results caught by a spy reporter: exactly one
// result, a skip — no comparison, so no failure even though the old bytes differ.
TEST(Golden, ExpectGoldenOnlyWritesAndSkipsInUpdateMode) {
  ScratchDir scratch;
  const std::string path = scratch / "g.txt";
  spit(path, "old\n");
  ::testing::TestPartResultArray results;
  ::setenv("TOCSIN_UPDATE_GOLDEN", "1", 1);
  {
    ::testing::ScopedFakeTestPartResultReporter spy(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
    expect_golden(path, "new\n");
  }
  ::unsetenv("TOCSIN_UPDATE_GOLDEN");
  ASSERT_EQ(results.size(), 1);
  EXPECT_TRUE(results.GetTestPartResult(0).skipped()) << results.GetTestPartResult(0).message();
  EXPECT_EQ(slurp(path), "new\n");
}

// And in compare mode a difference is one non-fatal failure naming the line.
TEST(Golden, ExpectGoldenFailsOnADifference) {
  ::unsetenv("TOCSIN_UPDATE_GOLDEN");  // compare mode, whatever the caller's environment
  ScratchDir scratch;
  const std::string path = scratch / "g.txt";
  spit(path, "old\n");
  ::testing::TestPartResultArray results;
  {
    ::testing::ScopedFakeTestPartResultReporter spy(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
    expect_golden(path, "new\n");
  }
  ASSERT_EQ(results.size(), 1);
  EXPECT_TRUE(results.GetTestPartResult(0).nonfatally_failed());
  EXPECT_NE(std::string(results.GetTestPartResult(0).message()).find("line 1"), std::string::npos);
  EXPECT_EQ(slurp(path), "old\n");
}

TEST(Golden, UpdateSwitchIsOffForEmptyOrZero) {
  ::setenv("TOCSIN_UPDATE_GOLDEN", "0", 1);
  EXPECT_FALSE(updating_golden());
  ::setenv("TOCSIN_UPDATE_GOLDEN", "", 1);
  EXPECT_FALSE(updating_golden());
  ::setenv("TOCSIN_UPDATE_GOLDEN", "1", 1);
  EXPECT_TRUE(updating_golden());
  ::unsetenv("TOCSIN_UPDATE_GOLDEN");
  EXPECT_FALSE(updating_golden());
}

TEST(Shared, FirstMissingNamesTheAbsentPath) {
  ScratchDir scratch;
  EXPECT_EQ(first_missing({scratch.path()}), "");
  EXPECT_EQ(first_missing({scratch.path(), scratch / "nope"}), scratch / "nope");
  EXPECT_FALSE(shared_dir().empty());
}

}  // namespace
}  // namespace tocsin::testing
