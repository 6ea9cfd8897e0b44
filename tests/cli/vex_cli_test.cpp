// `tocsin vex …` end to end through the built binary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "core/text.h"
#include "support/run_tocsin.h"
#include "support/scratch_dir.h"
#include "support/shared.h"

namespace {

using ::testing::HasSubstr;

using CommandResult = tocsin::testing::TocsinRun;

CommandResult run(const std::string& arguments) { return tocsin::testing::run_tocsin(arguments, "", true); }

class VexCli : public ::testing::Test {
 protected:
  tocsin::testing::ScratchDir scratch{"vex-cli"};
  std::filesystem::path dir{scratch.path()};
};

TEST_F(VexCli, NewWritesDeterministicFileAndIsIdempotent) {
  const std::string args =
      "vex new --vuln RUSTSEC-2023-0071 --product rsa@0.9.10 --status not_affected "
      "--justification component_not_present --author Tests --dir " +
      dir.string();
  CommandResult first = run(args + " --now 2024-05-01T00:00:00Z");
  ASSERT_EQ(first.exit_code, 0) << first.out;
  const auto file = dir / "vex" / "rsa-rustsec-2023-0071.json";
  ASSERT_TRUE(std::filesystem::exists(file)) << first.out;
  const std::string text = tocsin::read_file(file.string());
  EXPECT_THAT(text, HasSubstr("\"@id\": \"pkg:cargo/rsa@0.9.10\""));  // RUSTSEC id -> crates.io
  EXPECT_THAT(text, HasSubstr("\"@id\": \"https://openvex.dev/docs/public/vex-"));
  EXPECT_THAT(text, HasSubstr("\"timestamp\": \"2024-05-01T00:00:00Z\""));
  // The same statement again (even at another time) is a no-op; a different one needs --force.
  CommandResult again = run(args + " --now 2024-06-01T00:00:00Z");
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_THAT(again.out, HasSubstr("unchanged"));
  EXPECT_EQ(tocsin::read_file(file.string()), text);
  CommandResult changed =
      run("vex new --vuln RUSTSEC-2023-0071 --product rsa@0.9.10 --status fixed --dir " + dir.string());
  EXPECT_EQ(changed.exit_code, 2) << changed.out;
  EXPECT_THAT(changed.out, HasSubstr("--force"));
  CommandResult forced =
      run("vex new --vuln RUSTSEC-2023-0071 --product rsa@0.9.10 --status fixed --force --dir " + dir.string());
  EXPECT_EQ(forced.exit_code, 0) << forced.out;
  EXPECT_THAT(tocsin::read_file(file.string()), HasSubstr("\"status\": \"fixed\""));
}

TEST_F(VexCli, NewRefusesInvalidStatements) {
  CommandResult affected =
      run("vex new --vuln CVE-2024-1 --product pkg:npm/%40scope/app@1.0.0 --status affected --dir " + dir.string());
  EXPECT_EQ(affected.exit_code, 2);
  EXPECT_THAT(affected.out, HasSubstr("action_statement"));
  CommandResult ambiguous = run("vex new --vuln CVE-2024-1 --product app --status fixed --dir " + dir.string());
  EXPECT_EQ(ambiguous.exit_code, 2);
  EXPECT_THAT(ambiguous.out, HasSubstr("--ecosystem"));
  CommandResult npm = run("vex new --vuln CVE-2024-1 --product @scope/app@1.0.0 --status fixed --dir " + dir.string());
  EXPECT_EQ(npm.exit_code, 0) << npm.out;
  EXPECT_THAT(tocsin::read_file((dir / "vex" / "scope-app-cve-2024-1.json").string()),
              HasSubstr("pkg:npm/%40scope/app@1.0.0"));
}

TEST_F(VexCli, ShowAndMerge) {
  run("vex new --vuln CVE-2024-1 --product demo --ecosystem crates.io --status under_investigation --now "
      "2024-01-01T00:00:00Z --dir " +
      dir.string());
  run("vex new --vuln CVE-2024-1 --product demo --ecosystem PyPI --status fixed --now 2024-02-01T00:00:00Z --dir " +
      dir.string() + " --force");
  const std::string first = (dir / "vex" / "demo-cve-2024-1.json").string();
  CommandResult show = run("vex show " + first + " --format json");
  EXPECT_EQ(show.exit_code, 0) << show.out;
  EXPECT_THAT(show.out, HasSubstr("pkg:pypi/demo"));
  CommandResult merged = run("vex merge " + first + " " + first + " --id merged-1 --now 2024-03-01T00:00:00Z");
  EXPECT_EQ(merged.exit_code, 0) << merged.out;
  EXPECT_THAT(merged.out, HasSubstr("\"@id\": \"merged-1\""));
  // Two identical statements for the same product and vulnerability merge into one.
  EXPECT_EQ(merged.out.find("\"status\""), merged.out.rfind("\"status\""));
}

TEST_F(VexCli, CheckFixtureRepositoryIsOutOfStep) {
  CommandResult check = run("vex check " + std::string(TOCSIN_FIXTURES) + "/vex/check-repo --now 2025-01-01T00:00:00Z");
  EXPECT_EQ(check.exit_code, 1) << check.out;
  // One line per problem in the one diagnostic form: the ignore entry's file:line:col, the kind,
  // the message, the fix, and the VEX statement it contradicts.
  EXPECT_THAT(check.out, HasSubstr(".cargo/audit.toml:4:5: error: [ignored-but-not-suppressed] cargo-audit ignores"));
  EXPECT_THAT(check.out, HasSubstr("; see vex/beta-rustsec-2024-0002.json:8:5"));
  EXPECT_THAT(check.out, HasSubstr("[expired-ignore]"));
  EXPECT_THAT(check.out, HasSubstr("stale-ignore check skipped"));
  CommandResult json =
      run("vex check " + std::string(TOCSIN_FIXTURES) + "/vex/check-repo --now 2025-01-01T00:00:00Z --format json");
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_THAT(json.out, HasSubstr("\"kind\": \"ignore-without-vex\""));
  EXPECT_THAT(json.out, HasSubstr("\"ignore_line\": 8,\n      \"ignore_column\": 5,"));
}

TEST_F(VexCli, CheckSpringtale) {
  const std::string springtale = tocsin::testing::shared_dir() + "/fixtures/springtale";
  TOCSIN_NEED_SHARED(springtale);
  CommandResult check = run("vex check " + springtale + " --now 2026-11-25T00:00:00Z");
  EXPECT_EQ(check.exit_code, 1) << check.out;
  EXPECT_THAT(check.out, HasSubstr("[status-justification] RUSTSEC-2023-0089"));
}

}  // namespace
