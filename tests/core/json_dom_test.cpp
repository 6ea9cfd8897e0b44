// core/json_dom.h against simdjson 3, the parser tocsin used before, which the test links as an
// oracle: on hand-written edge cases, on every JSON file of the fixtures and of ../shared (real
// lockfiles, SBOMs, VEX documents, OSV and KEV feeds), and on seeded mutations of them, both must
// accept and reject the same inputs, and what they accept must minify to the same text (same
// strings, same numbers with the same int64/uint64/double types, same member order).
#include "core/json_dom.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "support/files.h"
#include "support/shared.h"

namespace tocsin {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  bool accepted = false;
  std::string minified;  // when accepted
};

Outcome with_tocsin(std::string_view input) {
  static json::parser parser;
  json::element root;
  if (parser.parse(input).get(root) != json::SUCCESS) return {};
  return {true, json::to_string(root)};
}

Outcome with_simdjson(std::string_view input) {
  static simdjson::dom::parser parser;
  simdjson::padded_string padded(input);
  simdjson::dom::element root;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS) return {};
  return {true, simdjson::minify(root)};
}

// Both parsers agree on `input`; returns whether they accepted it.
bool expect_agreement(std::string_view input, const std::string& what) {
  Outcome ours = with_tocsin(input);
  Outcome oracle = with_simdjson(input);
  EXPECT_EQ(ours.accepted, oracle.accepted) << what << ": " << std::string(input.substr(0, 200));
  if (ours.accepted && oracle.accepted && ours.minified != oracle.minified) {
    // the first difference, with a little context (whole feeds are megabytes)
    std::size_t at = 0;
    while (at < ours.minified.size() && at < oracle.minified.size() && ours.minified[at] == oracle.minified[at]) ++at;
    const std::size_t from = at > 40 ? at - 40 : 0;
    ADD_FAILURE() << what << ": minified texts differ at byte " << at
                  << "\n  tocsin:   " << ours.minified.substr(from, 80)
                  << "\n  simdjson: " << oracle.minified.substr(from, 80);
  }
  return oracle.accepted;
}

TEST(JsonDom, AgreesWithSimdjsonOnEdgeCases) {
  const std::vector<std::string> cases = {
      // documents and whitespace
      "",
      " ",
      "{}",
      "[]",
      " \t\r\n[ ] \n",
      "\f[]",
      "[]\f",
      "\xC2\xA0[]",
      "[] x",
      "[],",
      "[][]",
      "1 2",
      "\"a\"",
      "true",
      "false",
      "null",
      "tru",
      "truex",
      "nul",
      "[true,false,null]",
      "[truefalse]",
      "[true ]",
      "[null,]",
      "[,1]",
      "[1,,2]",
      "{\"a\":1,}",
      "{,}",
      "{\"a\" 1}",
      "{\"a\":}",
      "{1:2}",
      "{'a':1}",
      "{\"a\":1",
      "[1",
      "[",
      "{",
      "]",
      "}",
      "{\"a\":[1,{\"b\":null}],\"c\":\"d\"}",
      "{\"a\":1,\"a\":2}",
      // numbers
      "0",
      "-0",
      "00",
      "01",
      "-01",
      "1.",
      ".5",
      "1.5",
      "-1.5e10",
      "1e",
      "1e+",
      "1E-2",
      "1e400",
      "-1e400",
      "1e-400",
      "4.9e-324",
      "2.2250738585072014e-308",
      "1.7976931348623157e308",
      "1.7976931348623159e308",
      "0.1",
      "123456789012345678",
      "9223372036854775807",
      "9223372036854775808",
      "-9223372036854775808",
      "-9223372036854775809",
      "18446744073709551615",
      "18446744073709551616",
      "100000000000000000000000",
      "[1.0]",
      "[1e2]",
      "[1.5E+3]",
      "[-0.0]",
      "[0e0]",
      "[1x]",
      "[1 ]",
      "[+1]",
      "[0x10]",
      "[NaN]",
      "[Infinity]",
      "[3.141592653589793]",
      "[1e23]",
      "[5e-324]",
      "[123.456e-789]",
      "[0.000001]",
      "[1e21]",
      "[1e-7]",
      // strings and escapes
      "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
      "\"\\u0041\\u00e9\\u20AC\"",
      "\"\\ud83d\\ude00\"",
      "\"\\ud83d\"",
      "\"\\ude00\"",
      "\"\\ud83dx\"",
      "\"\\ud83d\\u0041\"",
      "\"\\u12\"",
      "\"\\u12G4\"",
      "\"\\x41\"",
      "\"\\'\"",
      "\"a\tb\"",
      "\"a\nb\"",
      "\"\x1f\"",
      "\"\x7f\"",
      "\"abc",
      "\"abc\\",
      "\"\\u0000\"",
      "\"\\u001F\"",
      "[\"\\u0007\"]",
      "\"é\"",
      "\"\xE2\x82\xAC\"",
      "\"\xC0\xAF\"",
      "\"\xED\xA0\x80\"",
      "\"\xF4\x90\x80\x80\"",
      "\"\xF0\x9F\x98\x80\"",
      "\"\xE2\x82\"",
      "\"\x80\"",
      "\"\xFF\"",
      "\xEF\xBB\xBF[]",
      // nesting near the limit
      std::string(1024, '[') + std::string(1024, ']'),
      std::string(1025, '[') + std::string(1025, ']'),
      std::string(1023, '[') + "{}" + std::string(1023, ']'),
      std::string(1024, '[') + "{}" + std::string(1024, ']'),
  };
  for (const std::string& input : cases) expect_agreement(input, "case");
}

TEST(JsonDom, AccessorsFollowSimdjsonsTypes) {
  json::parser parser;
  json::element root = parser
                           .parse(R"({"i":-3,"u":18446744073709551615,"d":2.5,"s":"x","b":true,"n":null,
                                        "a":[1,"2"],"o":{"k":"v","k":"w"}})")
                           .value();
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double d = 0;
  EXPECT_EQ(root["i"].get(i), json::SUCCESS);
  EXPECT_EQ(i, -3);
  EXPECT_EQ(root["i"].get(u), json::NUMBER_OUT_OF_RANGE);
  EXPECT_EQ(root["u"].get(u), json::SUCCESS);
  EXPECT_EQ(u, 18446744073709551615ULL);
  EXPECT_EQ(root["u"].get(i), json::NUMBER_OUT_OF_RANGE);
  EXPECT_EQ(root["i"].get(d), json::SUCCESS);
  EXPECT_EQ(d, -3.0);
  EXPECT_EQ(root["d"].get(i), json::INCORRECT_TYPE);
  EXPECT_EQ(root["s"].get_string().value(), "x");
  EXPECT_EQ(root["b"].get_bool().value(), true);
  EXPECT_TRUE(root["n"].is_null());
  EXPECT_EQ(root["missing"].error(), json::NO_SUCH_FIELD);
  EXPECT_EQ(root["missing"]["deeper"].get_string().error(), json::NO_SUCH_FIELD);
  EXPECT_EQ(root["s"]["k"].error(), json::INCORRECT_TYPE);
  EXPECT_EQ(root["a"].get_array().value().size(), 2u);
  EXPECT_EQ(root["a"].get_array().value().at(1).get_string().value(), "2");
  EXPECT_EQ(root["a"].get_array().value().at(2).error(), json::INDEX_OUT_OF_BOUNDS);
  EXPECT_EQ(root["o"]["k"].get_string().value(), "v");  // the first of a duplicate key
  json::object members = root["o"].get_object().value();
  EXPECT_EQ(members.size(), 2u);
  std::vector<std::string> seen;
  for (json::key_value_pair member : members)
    seen.push_back(std::string(member.key) + "=" + std::string(member.value.get_string().value()));
  EXPECT_EQ(seen, (std::vector<std::string>{"k=v", "k=w"}));
  EXPECT_EQ(root.get_object().value().size(), 8u);
}

// Where a parse stopped, for the errors nlohmann's re-parse (which locates syntax errors) does
// not see: nesting deeper than simdjson allows, and — at the first bad byte — invalid UTF-8.
TEST(JsonDom, AFailedParseSaysWhereItStopped) {
  json::parser parser;
  const std::string deep = "[\n" + std::string(1030, '[');  // bracket k (from 1) is at offset k, k >= 2
  EXPECT_EQ(parser.parse(deep).error(), json::DEPTH_ERROR);
  EXPECT_EQ(parser.error_offset(), 1025u);  // the 1,025th: one past kMaxDepth
  EXPECT_EQ(parser.parse("[\"ab\xff\"]").error(), json::UTF8_ERROR);
  EXPECT_EQ(parser.error_offset(), 4u);
  try {
    JsonDocument document("deep.json", deep + std::string(1031, ']'));
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.column(), 1024);
    EXPECT_NE(std::string(e.what()).find("nests deeper"), std::string::npos) << e.what();
  }
}

// Every .json file under `dir` (recursively), largest first out.
std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".json") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(JsonDom, AgreesWithSimdjsonOnEveryFixture) {
  std::size_t accepted = 0, files = 0;
  for (const fs::path& path : json_files(TOCSIN_FIXTURES)) {
    ++files;
    accepted += expect_agreement(testing::slurp(path), path.string());
  }
  EXPECT_GT(files, 100u);
  EXPECT_GT(accepted, 90u);
}

TEST(JsonDom, AgreesWithSimdjsonOnTheSharedCorpusAndFeeds) {
  const std::string shared = testing::shared_dir();
  TOCSIN_NEED_SHARED(shared + "/corpus", shared + "/data/kev", shared + "/data/osv-pypi",
                     shared + "/fixtures/springtale/vex");
  std::size_t files = 0, rejected = 0;
  for (const char* dir : {"/corpus", "/data/kev", "/data/osv-pypi", "/fixtures/springtale/vex"})
    for (const fs::path& path : json_files(shared + dir)) {
      ++files;
      rejected += !expect_agreement(testing::slurp(path), path.string());
    }
  EXPECT_GT(files, 2000u);
  // Broken on purpose: four npm test lockfiles (merge-conflict markers, a truncated shrinkwrap)
  // and a truncated Sigstore bundle; both parsers reject them.
  EXPECT_EQ(rejected, 5u);
}

// Mutations of real documents: a deleted, inserted, replaced or duplicated byte, a truncation,
// chosen by a fixed seed so that a failure reproduces.
TEST(JsonDom, AgreesWithSimdjsonOnMutations) {
  std::vector<std::string> seeds;
  for (const fs::path& path : json_files(TOCSIN_FIXTURES)) {
    std::string text = testing::slurp(path);
    if (text.size() < 4096) seeds.push_back(std::move(text));
  }
  ASSERT_GT(seeds.size(), 50u);
  const std::string alphabet = "{}[]\",:\\ \t\n0123456789.eE+-tfnu\x01\x80\xC3\xA9\xED\xF4";
  std::mt19937 random(20261205);
  std::size_t accepted = 0;
  const int rounds = 20000;
  for (int round = 0; round < rounds; ++round) {
    std::string text = seeds[random() % seeds.size()];
    const std::size_t at = text.empty() ? 0 : random() % text.size();
    switch (random() % 5) {
      case 0: text.erase(at, 1); break;
      case 1: text.insert(at, 1, alphabet[random() % alphabet.size()]); break;
      case 2:
        if (!text.empty()) text[at] = alphabet[random() % alphabet.size()];
        break;
      case 3: text.insert(at, text.substr(at, 1 + random() % 8)); break;
      default: text.resize(at); break;
    }
    accepted += expect_agreement(text, "mutation " + std::to_string(round));
    if (HasFailure()) break;  // one reproducible failure is enough to read
  }
  EXPECT_GT(accepted, 100u);             // some mutations stay valid JSON (whitespace, digits)
  EXPECT_LT(accepted, rounds * 9 / 10);  // and most do not
}

}  // namespace
}  // namespace tocsin
