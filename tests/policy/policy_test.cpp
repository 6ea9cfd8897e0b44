#include "policy/policy.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "support/files.h"

namespace tocsin::policy {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

std::string fixture(const std::string& name) { return std::string(TOCSIN_FIXTURES) + "/policy/" + name; }

// CVSS:3.1 vectors scoring 3.1 and 2.0 (both Low) per FIRST's calculator (tests/fixtures/cvss).
const char* kLow31 = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N";                          // 3.1
const char* kLow20 = "CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N";                          // 2.0
const char* kCritical40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";  // 9.3

TEST(Policy, ParsesLevelsAndDurations) {
  EXPECT_EQ(parse_level("Critical"), Level::Critical);
  EXPECT_EQ(parse_level("moderate"), Level::Medium);
  EXPECT_EQ(parse_level("none"), Level::Info);
  EXPECT_EQ(parse_level("urgent"), std::nullopt);
  EXPECT_EQ(parse_duration("4h"), hours(4));
  EXPECT_EQ(parse_duration("7d"), hours(168));
  EXPECT_EQ(parse_duration("30m"), minutes(30));
  EXPECT_EQ(parse_duration("2w"), hours(336));
  for (const char* bad : {"", "h", "4", "0h", "-4h", "4 h", "4y", "1.5h", "99999999999h"})
    EXPECT_THROW(parse_duration(bad), Error) << bad;
  EXPECT_EQ(format_duration(hours(4)), "4h");
  EXPECT_EQ(format_duration(hours(168)), "7d");
  EXPECT_EQ(format_duration(hours(72)), "72h");
  EXPECT_EQ(format_duration(minutes(90)), "90m");
}

TEST(Policy, DefaultsFollowCvssRatingsAndSlas) {
  const Policy policy = default_policy();
  EXPECT_EQ(level_for_score(policy, 9.0), Level::Critical);
  EXPECT_EQ(level_for_score(policy, 8.9), Level::High);
  EXPECT_EQ(level_for_score(policy, 4.0), Level::Medium);
  EXPECT_EQ(level_for_score(policy, 3.9), Level::Low);
  EXPECT_EQ(level_for_score(policy, 0.1), Level::Low);
  EXPECT_EQ(level_for_score(policy, 0.0), Level::Info);
  const Decision critical = decide(policy, {.cvss_vectors = {kCritical40}});
  EXPECT_EQ(critical.level, Level::Critical);
  EXPECT_EQ(critical.sla, hours(4));
  EXPECT_EQ(decide(policy, {.cvss_vectors = {kLow31}}).sla, hours(24 * 7));
  EXPECT_EQ(policy.user_safety.size(), 5u);
}

TEST(Policy, PrefersV4OverV3AndSkipsInvalidVectors) {
  const Decision decision =
      decide(default_policy(),
             {.cvss_vectors = {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                               "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:L/SC:N/SI:N/SA:N", "CVSS:4.0/garbage"}});
  EXPECT_EQ(decision.score_version, cvss::Version::V4_0);
  EXPECT_LT(*decision.score, 7.0);
  EXPECT_NE(decision.why.find("ignored invalid CVSS vector 'CVSS:4.0/garbage'"), std::string::npos) << decision.why;
}

TEST(Policy, UserSafetyFindingWithLowCvssIsCritical) {
  const Policy policy = default_policy();
  const Decision by_keyword =
      decide(policy, {.cvss_vectors = {kLow31}, .text = "The app phones home with the device id on every start."});
  EXPECT_DOUBLE_EQ(*by_keyword.score, 3.1);
  EXPECT_EQ(by_keyword.level, Level::Critical);
  EXPECT_EQ(by_keyword.sla, hours(4));
  EXPECT_EQ(by_keyword.user_safety_classes, std::vector<std::string>{"telemetry"});
  EXPECT_NE(by_keyword.why.find("user-safety class 'telemetry'"), std::string::npos) << by_keyword.why;

  EXPECT_EQ(decide(policy, {.cvss_vectors = {kLow31}, .cwes = {"cwe-321"}}).level, Level::Critical);
  EXPECT_EQ(decide(policy, {.cvss_vectors = {kLow31}, .user_safety_flags = {"duress-detectability"}}).level,
            Level::Critical);
  EXPECT_EQ(decide(policy, {.cvss_vectors = {kLow31}, .text = "A harmless typo in the docs"}).level, Level::Low);
}

TEST(Policy, KevRaisesLowScoreToHigh) {
  const Decision decision = decide(default_policy(), {.cvss_vectors = {kLow20}, .kev = true});
  EXPECT_DOUBLE_EQ(*decision.score, 2.0);
  EXPECT_EQ(decision.level, Level::High);
  EXPECT_EQ(decision.sla, hours(24));
  EXPECT_NE(decision.why.find("KEV"), std::string::npos);
  // KEV never lowers.
  EXPECT_EQ(decide(default_policy(), {.cvss_vectors = {kCritical40}, .kev = true}).level, Level::Critical);
}

TEST(Policy, MaliciousRecordsAreCritical) {
  const Decision decision = decide(default_policy(), {.ids = {"MAL-2024-1234"}});
  EXPECT_EQ(decision.level, Level::Critical);
  EXPECT_NE(decision.why.find("MAL-2024-1234"), std::string::npos);
  EXPECT_EQ(decide(default_policy(), {.known_bad = true}).level, Level::Critical);
}

TEST(Policy, UnscoredUsesConfiguredDefaultAndSaysSo) {
  const Decision decision = decide(default_policy(), {.ids = {"GHSA-aaaa-bbbb-cccc"}});
  EXPECT_EQ(decision.level, Level::Medium);
  EXPECT_FALSE(decision.score.has_value());
  EXPECT_NE(decision.why.find("no usable CVSS score"), std::string::npos);
}

TEST(PolicyConfig, OverridesMergeWithDefaults) {
  const Policy policy = parse_policy(testing::slurp(fixture("overrides.toml")), "overrides.toml");
  EXPECT_EQ(policy.kev_minimum, Level::Critical);
  EXPECT_EQ(policy.unscored, Level::Low);
  EXPECT_EQ(policy.sla[static_cast<int>(Level::Critical)], hours(2));
  EXPECT_EQ(policy.sla[static_cast<int>(Level::High)], hours(24));  // default kept
  EXPECT_EQ(policy.sla[static_cast<int>(Level::Low)], hours(24 * 30));
  EXPECT_EQ(level_for_score(policy, 6.5), Level::High);
  EXPECT_EQ(level_for_score(policy, 6.4), Level::Medium);
  ASSERT_EQ(policy.user_safety.size(), 6u);  // telemetry replaced, location-leak added
  EXPECT_EQ(decide(policy, {.cvss_vectors = {kLow31}, .text = "phones home"}).level, Level::Low);
  EXPECT_EQ(decide(policy, {.cvss_vectors = {kLow31}, .text = "Analytics Upload of contacts"}).level, Level::Critical);
  EXPECT_EQ(decide(policy, {.cvss_vectors = {kLow31}, .cwes = {"CWE-200"}}).level, Level::Critical);
  EXPECT_EQ(decide(policy, {.cvss_vectors = {kLow20}, .kev = true}).level, Level::Critical);
  EXPECT_EQ(decide(policy, {}).level, Level::Low);
}

void expect_config_error(std::string_view text, int line, int column, std::string_view message_part) {
  try {
    parse_policy(text, "tocsin.toml");
    ADD_FAILURE() << "accepted:\n" << text;
  } catch (const Error& e) {
    EXPECT_EQ(e.path(), "tocsin.toml");
    EXPECT_EQ(e.line(), line) << e.what();
    if (column) {
      EXPECT_EQ(e.column(), column) << e.what();
    }
    EXPECT_NE(e.message().find(message_part), std::string::npos) << e.what();
  }
}

TEST(PolicyConfig, MalformedTomlReportsLine) {
  try {
    parse_policy(testing::slurp(fixture("malformed.toml")), "malformed.toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 4);
    EXPECT_NE(e.message().find("invalid TOML"), std::string::npos) << e.what();
  }
  try {
    parse_policy(testing::slurp(fixture("unknown_key.toml")), "unknown_key.toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 6);
    EXPECT_NE(e.message().find("unknown key 'hihg'"), std::string::npos) << e.what();
  }
  expect_config_error("[policy]\nkev_minmum = \"high\"\n", 2, 0, "unknown key 'kev_minmum'");
  expect_config_error("[policy]\nkev_minimum = \"severe\"\n", 2, 15, "unknown level 'severe'");
  expect_config_error("[policy]\nsla.high = \"24 hours\"\n", 2, 0, "invalid duration");
  expect_config_error("[policy]\nsla.info = \"1d\"\n", 2, 0, "unknown key 'info'");
  expect_config_error("[policy.bands]\nhigh = 3.0\n", 1, 0, "must decrease strictly");
  expect_config_error("[policy.bands]\nhigh = 11\n", 2, 0, "between 0.0 and 10.0");
  expect_config_error("[[policy.user_safety]]\nids = [\"X\"]\n", 1, 0, "needs a non-empty name");
  expect_config_error("[[policy.user_safety]]\nname = \"x\"\nkeyword = [\"a\"]\n", 3, 0, "unknown key 'keyword'");
  expect_config_error("policy = 3\n", 1, 0, "[policy] must be a table");
}

}  // namespace
}  // namespace tocsin::policy
