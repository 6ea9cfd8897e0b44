// `tocsin cvss` end to end through the built binary.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>

#include "support/run_tocsin.h"

namespace {

struct CliRun {
  std::string output;
  int exit_code;
};

// `input` is fed to stdin; without input stdin is empty (/dev/null), as a pipe from nothing would be.
CliRun run(const std::string& arguments, const std::string& input = "") {
  const auto r = tocsin::testing::run_tocsin(arguments + (input.empty() ? " </dev/null" : ""), input, true);
  return {r.out, r.exit_code};
}

TEST(CvssCli, ScoresV4AndV31Vectors) {
  const CliRun r =
      run("cvss CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U "
          "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("8.1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("CVSS-BT"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("000220"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("7.5"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("High"), std::string::npos) << r.output;
}

TEST(CvssCli, JsonFormat) {
  const CliRun r = run("cvss --format json CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:Red");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"score\": 9.3"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"rating\": \"Critical\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"macro_vector\": \"000200\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"U\": \"Red\""), std::string::npos) << r.output;
}

TEST(CvssCli, ReadsStdinAndReportsInvalidVectorWithExit2) {
  const CliRun empty = run("cvss");
  EXPECT_EQ(empty.exit_code, 0) << empty.output;
  const CliRun good = run("cvss", "# comment\nCVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n");
  EXPECT_EQ(good.exit_code, 0) << good.output;
  EXPECT_NE(good.output.find("9.8"), std::string::npos) << good.output;
  const CliRun stdin_run =
      run("cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n  CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q\n");
  EXPECT_EQ(stdin_run.exit_code, 2) << stdin_run.output;
  // Line 2, column 44: the A:Q metric, counting the two leading spaces.
  EXPECT_NE(stdin_run.output.find("<stdin>:2:44"), std::string::npos) << stdin_run.output;
  EXPECT_NE(stdin_run.output.find("unknown value 'Q' for metric 'A'"), std::string::npos) << stdin_run.output;

  const CliRun bad = run("cvss CVSS:4.0/AV:N/AC:L");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("missing mandatory metric 'AT'"), std::string::npos) << bad.output;
}

}  // namespace
