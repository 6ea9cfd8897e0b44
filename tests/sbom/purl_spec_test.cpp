// core/purl.h against the purl specification's own test suites (tests/fixtures/sbom/purl-spec/,
// see SOURCES.md): test-suite-data.json (the single-file suite the issue names) and the newer
// per-type files npm-test.json, pypi-test.json, cargo-test.json — every case of the types tocsin
// knows (npm, pypi, cargo, github): parse, build, round-trip to canonical, and expected failures.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/purl.h"
#include "core/text.h"
#include "sbom/sbom_test_util.h"

namespace tocsin {
namespace {

using Json = nlohmann::json;
const std::string kSuite = sbom::testing::kSbomFixtures + "/purl-spec/";

bool known_type(const std::string& type) {
  std::string lower = to_lower(type);
  return lower == "npm" || lower == "pypi" || lower == "cargo" || lower == "github";
}

std::string text_or_empty(const Json& value) { return value.is_string() ? value.get<std::string>() : ""; }

Purl purl_of_fields(const Json& fields) {
  Purl purl;
  purl.type = text_or_empty(fields["type"]);
  purl.namespace_ = text_or_empty(fields["namespace"]);
  purl.name = text_or_empty(fields["name"]);
  purl.version = text_or_empty(fields["version"]);
  if (fields["qualifiers"].is_object())
    for (const auto& [key, value] : fields["qualifiers"].items())
      purl.qualifiers.emplace_back(key, value.get<std::string>());
  purl.subpath = text_or_empty(fields["subpath"]);
  return purl;
}

void expect_fields(const Purl& purl, const Json& fields) {
  EXPECT_EQ(purl.type, text_or_empty(fields["type"]));
  EXPECT_EQ(purl.namespace_, text_or_empty(fields["namespace"]));
  EXPECT_EQ(purl.name, text_or_empty(fields["name"]));
  EXPECT_EQ(purl.version, text_or_empty(fields["version"]));
  std::vector<std::pair<std::string, std::string>> qualifiers;
  if (fields["qualifiers"].is_object())
    for (const auto& [key, value] : fields["qualifiers"].items())
      qualifiers.emplace_back(key, value.get<std::string>());
  std::sort(qualifiers.begin(), qualifiers.end());
  EXPECT_EQ(purl.qualifiers, qualifiers);
  EXPECT_EQ(purl.subpath, text_or_empty(fields["subpath"]));
}

TEST(PurlSpec, TestSuiteData) {
  Json cases = Json::parse(read_file(kSuite + "test-suite-data.json"));
  int checked = 0;
  for (const Json& test : cases) {
    std::string purl_text = test["purl"].get<std::string>();
    std::string type = text_or_empty(test["type"]);
    if (!known_type(type)) continue;
    SCOPED_TRACE(test["description"].get<std::string>() + ": " + purl_text);
    ++checked;
    if (test["is_invalid"].get<bool>()) {
      EXPECT_THROW(parse_purl(purl_text), Error);
      continue;
    }
    Purl parsed = parse_purl(purl_text);
    expect_fields(parsed, test);
    EXPECT_EQ(format_purl(parsed), test["canonical_purl"].get<std::string>());
    EXPECT_EQ(format_purl(purl_of_fields(test)), test["canonical_purl"].get<std::string>());
  }
  EXPECT_EQ(checked, 4);  // counted by hand in the file: github 1, npm 2 (one invalid qualifier key), pypi 1
}

class PurlTypeSuite : public ::testing::TestWithParam<std::string> {};

TEST_P(PurlTypeSuite, EveryCase) {
  Json suite = Json::parse(read_file(kSuite + GetParam()));
  int checked = 0;
  for (const Json& test : suite["tests"]) {
    std::string kind = test["test_type"].get<std::string>();
    bool failure = test.value("expected_failure", false);
    SCOPED_TRACE(test["description"].get<std::string>() + " (" + kind + ")");
    ++checked;
    if (kind == "parse") {
      std::string input = test["input"].get<std::string>();
      if (failure) {
        EXPECT_THROW(parse_purl(input), Error);
      } else {
        expect_fields(parse_purl(input), test["expected_output"]);
      }
    } else if (kind == "build") {
      if (failure) {
        EXPECT_THROW(format_purl(purl_of_fields(test["input"])), Error);
      } else {
        EXPECT_EQ(format_purl(purl_of_fields(test["input"])), test["expected_output"].get<std::string>());
      }
    } else if (kind == "validate" || kind == "roundtrip") {
      std::string input = test["input"].get<std::string>();
      if (failure) {
        EXPECT_THROW(format_purl(parse_purl(input)), Error);
      } else {
        EXPECT_EQ(format_purl(parse_purl(input)), test["expected_output"].get<std::string>());
      }
    } else {
      ADD_FAILURE() << "unknown test_type " << kind;
    }
  }
  EXPECT_GT(checked, 5);
}

INSTANTIATE_TEST_SUITE_P(Types, PurlTypeSuite, ::testing::Values("npm-test.json", "pypi-test.json", "cargo-test.json"),
                         [](const auto& info) { return info.param.substr(0, info.param.find('-')); });

}  // namespace
}  // namespace tocsin
