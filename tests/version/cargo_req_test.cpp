// Cargo requirements: the cases of the Rust `semver` crate's tests/test_version_req.rs
// (dtolnay/semver), one by one, plus its documented parse errors.
#include "version/cargo_req.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "version/version.h"

namespace tocsin::version {
namespace {

struct ReqCase {
  const char* req;
  std::vector<const char*> match;
  std::vector<const char*> no_match;
};

const std::vector<ReqCase> kCrateCases = {
    {"1.0.0", {"1.0.0", "1.1.0", "1.0.1"}, {"0.9.9", "0.10.0", "0.1.0", "1.0.0-pre", "1.0.1-pre"}},
    {"=1.0.0", {"1.0.0"}, {"1.0.1", "0.9.9", "0.10.0", "0.1.0", "1.0.0-pre"}},
    {"=0.9.0", {"0.9.0"}, {"0.9.1", "1.9.0", "0.0.9", "0.9.0-pre"}},
    {"=0.0.2", {"0.0.2"}, {"0.0.1", "0.0.3", "0.0.2-pre"}},
    {"=0.1.0-beta2.a", {"0.1.0-beta2.a"}, {"0.9.1", "0.1.0", "0.1.1-beta2.a", "0.1.0-beta2"}},
    {"=0.1.0+meta", {"0.1.0", "0.1.0+meta", "0.1.0+any"}, {}},
    {">= 1.0.0", {"1.0.0", "2.0.0"}, {"0.1.0", "0.0.1", "1.0.0-pre", "2.0.0-pre"}},
    {">= 2.1.0-alpha2",
     {"2.1.0-alpha2", "2.1.0-alpha3", "2.1.0", "3.0.0"},
     {"2.0.0", "2.1.0-alpha1", "2.0.0-alpha2", "3.0.0-alpha2"}},
    {"< 1.0.0", {"0.1.0", "0.0.1"}, {"1.0.0", "1.0.0-beta", "1.0.1", "0.9.9-alpha"}},
    {"<= 2.1.0-alpha2",
     {"2.1.0-alpha2", "2.1.0-alpha1", "2.0.0", "1.0.0"},
     {"2.1.0", "2.2.0-alpha1", "2.0.0-alpha2", "1.0.0-alpha2"}},
    {">1.0.0-alpha, <1.0.0", {"1.0.0-beta"}, {}},
    {">1.0.0-alpha, <1.0", {}, {"1.0.0-beta"}},
    {">1.0.0-alpha, <1", {}, {"1.0.0-beta"}},
    {"> 0.0.9, <= 2.5.3", {"0.0.10", "1.0.0", "2.5.3"}, {"0.0.8", "2.5.4"}},
    {"0.3.0, 0.4.0", {}, {"0.0.8", "0.3.0", "0.4.0"}},
    {"<= 0.2.0, >= 0.5.0", {}, {"0.0.8", "0.3.0", "0.5.1"}},
    {"0.1.0, 0.1.4, 0.1.6", {"0.1.6", "0.1.9"}, {"0.1.0", "0.1.4", "0.2.0"}},
    {">=0.5.1-alpha3, <0.6",
     {"0.5.1-alpha3", "0.5.1-alpha4", "0.5.1-beta", "0.5.1", "0.5.5"},
     {"0.5.1-alpha1", "0.5.2-alpha3", "0.5.5-pre", "0.5.0-pre", "0.6.0", "0.6.0-pre"}},
    {"~1", {"1.0.0", "1.0.1", "1.1.1"}, {"0.9.1", "2.9.0", "0.0.9"}},
    {"~1.2", {"1.2.0", "1.2.1"}, {"1.1.1", "1.3.0", "0.0.9"}},
    {"~1.2.2", {"1.2.2", "1.2.4"}, {"1.2.1", "1.9.0", "1.0.9", "2.0.1", "0.1.3"}},
    {"~1.2.3-beta.2",
     {"1.2.3", "1.2.4", "1.2.3-beta.2", "1.2.3-beta.4"},
     {"1.3.3", "1.1.4", "1.2.3-beta.1", "1.2.4-beta.2"}},
    {"^1",
     {"1.1.2", "1.1.0", "1.2.1", "1.0.1"},
     {"0.9.1", "2.9.0", "0.1.4", "1.0.0-beta1", "0.1.0-alpha", "1.0.1-pre"}},
    {"^1.1", {"1.1.2", "1.1.0", "1.2.1"}, {"0.9.1", "2.9.0", "1.0.1", "0.1.4"}},
    {"^1.1.2",
     {"1.1.2", "1.1.4", "1.2.1"},
     {"0.9.1", "2.9.0", "1.1.1", "0.0.1", "1.1.2-alpha1", "1.1.3-alpha1", "2.9.0-alpha1"}},
    {"^0.1.2", {"0.1.2", "0.1.4"}, {"0.9.1", "2.9.0", "1.1.1", "0.0.1", "0.1.2-beta", "0.1.3-alpha", "0.2.0-pre"}},
    {"^0.5.1-alpha3",
     {"0.5.1-alpha3", "0.5.1-alpha4", "0.5.1-beta", "0.5.1", "0.5.5"},
     {"0.5.1-alpha1", "0.5.2-alpha3", "0.5.5-pre", "0.5.0-pre", "0.6.0"}},
    {"^0.0.2", {"0.0.2"}, {"0.9.1", "2.9.0", "1.1.1", "0.0.1", "0.1.4"}},
    {"^0.0", {"0.0.2", "0.0.0"}, {"0.9.1", "2.9.0", "1.1.1", "0.1.4"}},
    {"^0", {"0.9.1", "0.0.2", "0.0.0"}, {"2.9.0", "1.1.1"}},
    {"^1.4.2-beta.5",
     {"1.4.2", "1.4.3", "1.4.2-beta.5", "1.4.2-beta.6", "1.4.2-c"},
     {"0.9.9", "2.0.0", "1.4.2-alpha", "1.4.2-beta.4", "1.4.3-beta.5"}},
    {"*", {"0.9.1", "2.9.0", "0.0.9", "1.0.1", "1.1.1"}, {"1.0.0-pre"}},
    {"x", {"0.9.1", "1.1.1"}, {"1.0.0-pre"}},
    {"X", {"0.9.1", "1.1.1"}, {"1.0.0-pre"}},
    {"1.*", {"1.2.0", "1.2.1", "1.1.1", "1.3.0"}, {"0.0.9", "1.2.0-pre"}},
    {"1.x", {"1.2.0", "1.1.1"}, {"0.0.9", "1.2.0-pre"}},
    {"1.*.*", {"1.2.0", "1.3.0"}, {"0.0.9", "1.2.0-pre"}},
    {"1.2.*", {"1.2.0", "1.2.2", "1.2.4"}, {"1.9.0", "1.0.9", "2.0.1", "0.1.3", "1.2.2-pre"}},
    {"1.2.x", {"1.2.0", "1.2.4"}, {"1.9.0", "1.2.2-pre"}},
    {"=2.1.1-really.0", {"2.1.1-really.0"}, {}},
    {"0.*.*", {"0.5.0"}, {"1.0.0"}},
    {"0.0.*", {"0.0.7"}, {"0.1.0"}},
};

TEST(CargoRequirement, CrateTestCasesMatch) {
  for (const auto& c : kCrateCases) {
    for (const char* v : c.match) EXPECT_TRUE(satisfies(Ecosystem::CratesIo, v, c.req)) << v << " in " << c.req;
    for (const char* v : c.no_match) EXPECT_FALSE(satisfies(Ecosystem::CratesIo, v, c.req)) << v << " in " << c.req;
  }
}

TEST(CargoRequirement, RejectsWhatTheCrateRejects) {
  struct Bad {
    const char* req;
    const char* message;
  };
  const std::vector<Bad> bad = {
      {"", "unexpected end of input while parsing major version number"},
      {"> 0.1.0,", "unexpected end of input while parsing major version number"},
      {"> 0.3.0, ,", "unexpected character ',' while parsing major version number"},
      {"1.2.3 - 2.3.4", "expected comma"},
      {"> 0.0.9 <= 2.5.3", "expected comma"},
      {"=1.2.3 || =2.3.4", "expected comma"},
      {"6.* || 8.* || >= 10.*", "expected comma"},
      {">= >= 0.0.2", "unexpected character '>' while parsing major version number"},
      {">== 0.0.2", "unexpected character '=' while parsing major version number"},
      {"a.0.0", "unexpected character 'a' while parsing major version number"},
      {"1.0.0-", "empty identifier segment in pre-release identifier"},
      {">=", "unexpected end of input while parsing major version number"},
      {"1.2.3-01", "invalid leading zero in pre-release identifier"},
      {"1.2.3+4.", "empty identifier segment in build metadata"},
      {"1.", "unexpected end of input while parsing minor version number"},
      {"1.*.", "unexpected character after wildcard in version req"},
      {"*.1", "unexpected character after wildcard in version req"},
      {"1.*.1", "unexpected character after wildcard in version req"},
      {">=1.*.1", "unexpected character after wildcard in version req"},
      {"*, 0.20.0-any", "wildcard req (*) must be the only comparator in the version req"},
      {"0.20.0-any, *", "wildcard req (*) must be the only comparator in the version req"},
      {"0.20.0-any, *, 1.0", "wildcard req (*) must be the only comparator in the version req"},
      {"01.2.3", "invalid leading zero in major version number"},
  };
  for (const auto& b : bad) {
    std::string why;
    EXPECT_FALSE(cargo::parse_requirement(b.req, &why).has_value()) << b.req;
    EXPECT_NE(why.find(b.message), std::string::npos) << b.req << " -> " << why;
    EXPECT_THROW(satisfies(Ecosystem::CratesIo, "1.0.0", b.req), Error) << b.req;
  }
}

TEST(CargoRequirement, ThirtyTwoComparatorsAtMost) {
  std::string req;
  for (int i = 1; i <= 32; ++i) req += (i > 1 ? ", " : "") + std::string(">") + std::to_string(i);
  EXPECT_TRUE(cargo::parse_requirement(req).has_value());
  EXPECT_FALSE(cargo::parse_requirement(req + ", >33").has_value());
}

TEST(CargoRequirement, LeadingDigitsInPreAndBuildAreAccepted) {
  for (const char* op : {"=", ">", ">=", "<", "<=", "~", "^"}) {
    for (const char* rest : {"1.2.3-1a", "1.2.3+1a", "1.2.3-01a", "1.2.3+01", "1.2.3-1+1", "1.2.3-1-1+1-1-1",
                             "1.2.3-1a+1a", "1.2.3-1a-1a+1a-1a-1a"}) {
      std::string req = std::string(op) + " " + rest;
      EXPECT_TRUE(cargo::parse_requirement(req).has_value()) << req;
    }
  }
}

TEST(CargoVersion, ParsesLikeTheCrate) {
  EXPECT_TRUE(is_valid(Ecosystem::CratesIo, "1.2.3-alpha.1+build.5"));
  for (const char* bad : {"", "1.2", "v1.2.3", " 1.2.3", "1.2.3 ", "01.2.3", "1.2.3-01", "1.2.3-", "1.2.3+",
                          "1.2.3-a..b", "18446744073709551616.0.0"})
    EXPECT_FALSE(is_valid(Ecosystem::CratesIo, bad)) << bad;
  EXPECT_TRUE(is_valid(Ecosystem::CratesIo, "18446744073709551615.0.0"));
  EXPECT_TRUE(is_valid(Ecosystem::CratesIo, "1.2.3+001"));
}

TEST(CargoVersion, SemVerPrecedenceOfSection11) {
  // semver.org §11: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2 <
  // 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0.
  const std::vector<const char*> order = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                                          "1.0.0-beta",  "1.0.0-beta.2",  "1.0.0-beta.11",
                                          "1.0.0-rc.1",  "1.0.0",         "2.0.0",
                                          "2.1.0",       "2.1.1"};
  for (std::size_t i = 0; i < order.size(); ++i)
    for (std::size_t j = 0; j < order.size(); ++j)
      EXPECT_EQ(compare(Ecosystem::CratesIo, order[i], order[j]), (i > j) - (i < j)) << order[i] << " " << order[j];
  EXPECT_EQ(compare(Ecosystem::CratesIo, "1.0.0+a", "1.0.0+b"), 0);  // build metadata has no precedence
  EXPECT_EQ(compare(Ecosystem::CratesIo, "1.0.0-99999999999999999999", "1.0.0-99999999999999999998"), 1);
}

}  // namespace
}  // namespace tocsin::version
