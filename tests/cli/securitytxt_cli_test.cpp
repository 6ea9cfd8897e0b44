// `tocsin securitytxt check` end to end: exit codes 0 valid / 1 invalid / 2 unreadable, line
// numbers, JSON, and the default file lookup.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/run_tocsin.h"
#include "support/scratch_dir.h"

namespace {

using ::testing::HasSubstr;
using tocsin::testing::run_tocsin;

const std::string kFixtures = std::string(TOCSIN_FIXTURES) + "/documents/securitytxt/";

TEST(SecurityTxtCli, ValidFileExitsZeroAndNotesTheUnverifiedSignature) {
  const auto r = run_tocsin("securitytxt check " + kFixtures + "getkirby-signed.txt --now 2024-06-01T00:00:00Z");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("getkirby-signed.txt:1"));
  EXPECT_THAT(r.out, HasSubstr("NOT verified"));
  EXPECT_THAT(r.out, HasSubstr("valid (0 error(s), 0 warning(s); 8 field(s), signature not verified)"));
}

TEST(SecurityTxtCli, ExpiredIsAWarningNotAnError) {
  const auto r = run_tocsin("securitytxt check " + kFixtures + "jazzband.txt --now 2026-06-01T00:00:00Z --format json");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("\"expired\": true"));
  EXPECT_THAT(r.out, HasSubstr("\"line\": 15"));
}

TEST(SecurityTxtCli, InvalidFileExitsOneWithLineNumbers) {
  const tocsin::testing::ScratchDir scratch;
  const std::string path = scratch / "tocsin_bad_security.txt";
  std::ofstream(path) << "Contact: security@example.org\nExpires: soon\n";
  const auto r = run_tocsin("securitytxt check " + path + " --now 2026-06-01T00:00:00Z");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr(path + ":1"));
  EXPECT_THAT(r.out, HasSubstr(path + ":2"));
  EXPECT_THAT(r.out, HasSubstr("invalid (2 error(s)"));
}

TEST(SecurityTxtCli, UnreadableFileOrBadNowExitsTwo) {
  EXPECT_EQ(run_tocsin("securitytxt check /nonexistent/security.txt").exit_code, 2);
  EXPECT_EQ(run_tocsin("securitytxt check " + kFixtures + "jazzband.txt --now tomorrow").exit_code, 2);
}

TEST(SecurityTxtCli, FindsTheWellKnownFileByDefault) {
  const tocsin::testing::ScratchDir scratch;
  const std::filesystem::path dir = std::filesystem::path(scratch.path()) / "tocsin_securitytxt_default";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / ".well-known");
  std::filesystem::create_directories(dir / "docs");
  std::filesystem::copy_file(kFixtures + "springtale.txt", dir / ".well-known" / "security.txt");
  std::ofstream(dir / "docs" / "security.txt") << "not a security.txt\n";
  const std::string command =
      "cd '" + dir.string() + "' && " + std::string(TOCSIN_BINARY) + " securitytxt check --now 2026-06-01T00:00:00Z";
  auto run = tocsin::testing::run_shell(command, "", true);
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_THAT(run.out, HasSubstr(".well-known/security.txt: valid"));

  std::filesystem::remove_all(dir / ".well-known");
  run = tocsin::testing::run_shell(command, "", true);
  EXPECT_EQ(run.exit_code, 1) << run.out;  // falls back to docs/security.txt, which is invalid
  EXPECT_THAT(run.out, HasSubstr("docs/security.txt:1"));
}

}  // namespace
