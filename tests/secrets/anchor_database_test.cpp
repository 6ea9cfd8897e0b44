// The anchors' Hyperscan database: the bytes serialized at build time load, match the registry
// and find exactly what a database compiled now finds (for the portable platform and for this
// host's); bytes that cannot be used fall back to compiling.
#include "secrets/anchor_database.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <tuple>

#include "secrets/secrets.h"
#include "secrets/tokens.h"

namespace tocsin::secrets {
namespace {

using namespace tocsin::secrets::testing;

constexpr std::int64_t kNow = 1'800'000'000;

// A few hundred lines of code-like text holding a token of every format, decoys, near-misses of
// the generic rule and a split token.
std::string corpus() {
  const std::string digits = "0123456789";
  const std::vector<std::string> planted = {
      "const gh = \"" + checksummed("ghp_", 1) + "\";",
      "GH_BAD=" + one_char_changed(checksummed("gho_", 2), 10),
      "//registry.npmjs.org/:_authToken=" + checksummed("npm_", 3),
      "password: " + pypi_token("pypi.org", 4),
      "CARGO_REGISTRY_TOKEN=\"cio" + random_from(kAlnum, 32, 5) + "\"",
      "aws_access_key_id = AKIA" + random_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 6),
      "aws_secret_access_key = " + random_from(kAlnum + "/+", 40, 7),
      "slack: xoxb-" + random_from(digits, 12, 8) + "-" + random_from(digits, 13, 9) + "-" +
          random_from(kAlnum, 24, 10),
      "https://hooks.slack.com/services/T" + random_from(kAlnum, 8, 11) + "/B" + random_from(kAlnum, 8, 12) + "/" +
          random_from(kAlnum, 24, 13),
      "stripe = 'sk_live_" + random_from(kAlnum, 24, 14) + "'",
      "gitlab glpat-" + random_from(kAlnum, 20, 15),
      "key=AIza" + random_from(kAlnum + "-_", 35, 16),
      "github_pat_" + random_from(kAlnum, 22, 17) + "_" + random_from(kAlnum, 59, 18),
      "Authorization: Bearer " + jwt(R"({"iss":"https://x.example","sub":"s","exp":)" + std::to_string(kNow) + "}", 19),
      "-----BEGIN RSA PRIVATE KEY-----\n" + random_from(kAlnum + "+/", 64, 20) + "\n-----END RSA PRIVATE KEY-----",
      "api_key = \"" + random_from(kAlnum, 20, 21) + "\"",
      "const token = getToken(); // Password: see vault",
      "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX npm_EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLE",
      "split = \"" + checksummed("ghr_", 22).substr(0, 20) + "\" +\n    \"" + checksummed("ghr_", 22).substr(20) +
          "\";",
  };
  const char* words[] = {"const", "token", "return",   "secret", "=",   "(",  ")",
                         "{",     "}",     "password", "key:",   "ghp", "npm"};
  std::mt19937 rng(13);
  std::string text;
  for (int line = 0; line < 400; ++line) {
    for (int w = 0; w < 9; ++w) text += std::string(words[rng() % std::size(words)]) + (rng() % 4 ? " " : "");
    text += line % 20 == 0 ? planted[(line / 20) % planted.size()] : "";
    text += line % 7 == 0 ? "\r\n" : "\n";
  }
  return text;
}

using Match = std::tuple<unsigned, unsigned long long>;  // expression id, end offset

std::set<Match> raw_matches(const hs_database_t* db, const std::string& text) {
  hs_scratch_t* scratch = nullptr;
  EXPECT_EQ(hs_alloc_scratch(db, &scratch), HS_SUCCESS);
  std::set<Match> matches;
  auto on_match = [](unsigned id, unsigned long long, unsigned long long to, unsigned, void* context) {
    static_cast<std::set<Match>*>(context)->insert({id, to});
    return 0;
  };
  EXPECT_EQ(hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, on_match, &matches), HS_SUCCESS);
  hs_free_scratch(scratch);
  return matches;
}

using Key = std::tuple<std::string, std::size_t, std::size_t, std::string, std::string>;
std::set<Key> keys(const std::vector<Finding>& findings) {
  std::set<Key> out;
  for (const Finding& f : findings) out.insert({f.detector, f.line, f.column, f.fingerprint, f.redacted});
  return out;
}

// A database compiled for this machine's own CPU (Hyperscan's default), built here.
AnchorDatabase host_database() {
  AnchorDatabase host;
  std::vector<const char*> patterns;
  std::vector<unsigned> flags, ids;
  const std::vector<Anchor> anchors = registry_anchors();
  for (std::size_t i = 0; i < anchors.size(); ++i) {
    patterns.push_back(anchors[i].expression.c_str());
    flags.push_back(0);
    ids.push_back(static_cast<unsigned>(i));
    host.owner.push_back(anchors[i].detector);
  }
  host.width = compile_anchor_database().width;
  hs_compile_error_t* error = nullptr;
  EXPECT_EQ(hs_compile_multi(patterns.data(), flags.data(), ids.data(), static_cast<unsigned>(patterns.size()),
                             HS_MODE_BLOCK, nullptr, &host.db, &error),
            HS_SUCCESS);
  hs_free_compile_error(error);
  return host;
}

TEST(SecretsAnchorDatabase, TheProcessUsesTheBytesSerializedAtBuildTime) {
  const PrebuiltDatabase prebuilt = prebuilt_database();
  ASSERT_GT(prebuilt.size, 0u);
  EXPECT_EQ(prebuilt.expressions, registry_anchors().size());
  EXPECT_EQ(prebuilt.anchors_hash, anchors_hash(registry_anchors()));
  EXPECT_EQ(anchor_database().source, AnchorDatabase::Source::Prebuilt);
  const AnchorDatabase compiled = compile_anchor_database();
  EXPECT_EQ(anchor_database().width, compiled.width);
  EXPECT_EQ(anchor_database().owner, compiled.owner);
  // The same expressions for the same platform: Hyperscan produces the same bytes.
  EXPECT_EQ(serialize_database(anchor_database().db), serialize_database(compiled.db));
}

TEST(SecretsAnchorDatabase, PrebuiltCompiledAndHostDatabasesMatchTheSame) {
  const std::string text = corpus();
  const AnchorDatabase compiled = compile_anchor_database();
  const AnchorDatabase host = host_database();
  const std::set<Match> expected = raw_matches(compiled.db, text);
  EXPECT_GE(expected.size(), 25u);
  EXPECT_EQ(raw_matches(anchor_database().db, text), expected);
  EXPECT_EQ(raw_matches(host.db, text), expected);
  const std::set<Key> findings = keys(scan_text(compiled, text, "corpus.js", kNow));
  EXPECT_GE(findings.size(), 15u);
  EXPECT_EQ(keys(scan_text(text, "corpus.js", kNow)), findings);
  EXPECT_EQ(keys(scan_text(host, text, "corpus.js", kNow)), findings);
}

TEST(SecretsAnchorDatabase, BytesThatCannotBeUsedAreReplacedByACompile) {
  const PrebuiltDatabase good = prebuilt_database();
  const std::string token = checksummed("ghp_", 30);
  auto finds_token = [&](const AnchorDatabase& db) {
    auto findings = scan_text(db, "x = " + token + "\n", "f", kNow);
    return findings.size() == 1 && findings[0].detector == "github";
  };
  ASSERT_TRUE(finds_token(load_anchor_database(good)));
  EXPECT_EQ(load_anchor_database(good).source, AnchorDatabase::Source::Prebuilt);

  PrebuiltDatabase empty;
  PrebuiltDatabase stale_anchors = good;  // built from other expressions
  stale_anchors.anchors_hash ^= 1;
  PrebuiltDatabase fewer = good;
  fewer.expressions -= 1;
  // Another Hyperscan version's bytes: the version word in the header differs.
  std::string other_version(reinterpret_cast<const char*>(good.bytes), good.size);
  for (std::size_t i = 4; i < 8; ++i) other_version[i] = static_cast<char>(~other_version[i]);
  PrebuiltDatabase version = good;
  version.bytes = reinterpret_cast<const unsigned char*>(other_version.data());
  std::string truncated(reinterpret_cast<const char*>(good.bytes), good.size / 2);
  PrebuiltDatabase damaged = good;
  damaged.bytes = reinterpret_cast<const unsigned char*>(truncated.data());
  damaged.size = truncated.size();
  for (const PrebuiltDatabase& unusable : {empty, stale_anchors, fewer, version, damaged}) {
    const AnchorDatabase db = load_anchor_database(unusable);
    EXPECT_EQ(db.source, AnchorDatabase::Source::Compiled);
    EXPECT_TRUE(finds_token(db));
    EXPECT_EQ(db.width, compile_anchor_database().width);
  }
}

}  // namespace
}  // namespace tocsin::secrets
