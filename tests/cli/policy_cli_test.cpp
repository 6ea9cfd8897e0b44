// `tocsin policy show` end to end through the built binary.
#include <gtest/gtest.h>

#include <string>

#include "support/run_tocsin.h"

namespace {

std::pair<std::string, int> run_policy(const std::string& arguments) {
  auto run = tocsin::testing::run_tocsin("policy " + arguments, "", /*with_stderr=*/true);
  return {run.out, run.exit_code};
}

TEST(PolicyCli, ShowsDefaults) {
  // Run from a directory without tocsin.toml so the built-in defaults are shown.
  const auto [output, code] = run_policy("show --config /dev/null");
  EXPECT_EQ(code, 0) << output;
  EXPECT_NE(output.find("critical"), std::string::npos) << output;
  EXPECT_NE(output.find("4h"), std::string::npos) << output;
  EXPECT_NE(output.find("7d"), std::string::npos) << output;
  EXPECT_NE(output.find("vault-key-extraction"), std::string::npos) << output;
}

TEST(PolicyCli, ShowsOverridesAsJson) {
  const auto [output, code] =
      run_policy("show --format json --config " + std::string(TOCSIN_FIXTURES) + "/policy/overrides.toml");
  EXPECT_EQ(code, 0) << output;
  EXPECT_NE(output.find("\"kev_minimum\": \"critical\""), std::string::npos) << output;
  EXPECT_NE(output.find("\"sla\": \"2h\""), std::string::npos) << output;
  EXPECT_NE(output.find("location-leak"), std::string::npos) << output;
}

TEST(PolicyCli, MalformedConfigExits2WithLine) {
  const auto [output, code] = run_policy("show --config " + std::string(TOCSIN_FIXTURES) + "/policy/unknown_key.toml");
  EXPECT_EQ(code, 2) << output;
  EXPECT_NE(output.find("unknown_key.toml:6:"), std::string::npos) << output;
}

}  // namespace
