// Tokens split across lines or string literals (src/secrets/split.cpp): each joint shape the
// README lists is reassembled when the joined token proves itself (checksum, macaroon
// structure), reported at its first piece with the fingerprint of the whole token; the shapes
// it does not handle, and joined bytes that do not validate, are not findings.
#include <gtest/gtest.h>

#include "secrets/secrets.h"
#include "secrets/tokens.h"

namespace tocsin::secrets {
namespace {

using namespace tocsin::secrets::testing;

constexpr std::int64_t kNow = 1'800'000'000;

std::vector<Finding> scan(const std::string& text) { return scan_text(text, "f", kNow); }

// Exactly one finding, for `token`, at line/column, marked as reassembled.
void expect_reassembled(const std::string& text, const std::string& token, std::size_t line, std::size_t column) {
  SCOPED_TRACE(text);
  auto findings = scan(text);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].fingerprint, sha256_16(token));
  EXPECT_EQ(findings[0].redacted, token.substr(0, 4) + "…" + token.substr(token.size() - 4));
  EXPECT_EQ(findings[0].line, line);
  EXPECT_EQ(findings[0].column, column);
  EXPECT_NE(findings[0].note.find("reassembled"), std::string::npos) << findings[0].note;
}

const std::string gh = checksummed("ghp_", 301), npm = checksummed("npm_", 302);
const std::string gh1 = gh.substr(0, 17), gh2 = gh.substr(17);  // pieces cut inside the random part
const std::string npm1 = npm.substr(0, 25), npm2 = npm.substr(25);

TEST(SecretsSplit, ConcatenatedStringLiterals) {
  // JS/Java `+` across lines, same line, Python implicit concatenation in parentheses, PHP `.`,
  // single quotes and backquotes, CRLF.
  expect_reassembled("const t = \"" + gh1 + "\" +\n    \"" + gh2 + "\";\n", gh, 1, 12);
  expect_reassembled("x = '" + gh1 + "' + '" + gh2 + "'\n", gh, 1, 6);
  expect_reassembled("TOKEN = (\n    \"" + npm1 + "\"\n    \"" + npm2 + "\"\n)\n", npm, 2, 6);
  expect_reassembled("$t = '" + npm1 + "' .\n  '" + npm2 + "';\n", npm, 1, 7);
  expect_reassembled("t = `" + gh1 + "`\r\n  + `" + gh2 + "`\r\n", gh, 1, 6);
  // Three pieces.
  expect_reassembled(
      "t = \"" + gh.substr(0, 10) + "\" +\n \"" + gh.substr(10, 10) + "\" +\n \"" + gh.substr(20) + "\"\n", gh, 1, 6);
}

TEST(SecretsSplit, BackslashContinuations) {
  // Shell (unquoted and in double quotes), C string literal, YAML double-quoted scalar (the
  // continuation's indentation is not part of the value), CRLF.
  expect_reassembled("export GH_TOKEN=" + gh1 + "\\\n" + gh2 + "\n", gh, 1, 17);
  expect_reassembled("curl -H \"Authorization: token " + gh1 + "\\\n" + gh2 + "\" x\n", gh, 1, 31);
  expect_reassembled("const char* t = \"" + npm1 + "\\\n" + npm2 + "\";\n", npm, 1, 18);
  expect_reassembled("env:\n  TOKEN: \"" + gh1 + "\\\n    " + gh2 + "\"\n", gh, 2, 11);
  expect_reassembled("set T=" + npm1 + "\\\r\n" + npm2 + "\r\n", npm, 1, 7);
}

TEST(SecretsSplit, WrappedLines) {
  // YAML folded and plain scalars, a hard-wrapped paragraph: the piece runs to the end of its
  // line and the next (indented) line continues it.
  expect_reassembled("token: >-\n  " + gh1 + "\n  " + gh2 + "\n", gh, 2, 3);
  expect_reassembled("token:\n  " + npm1 + "\n  " + npm2 + "\nnext: 1\n", npm, 2, 3);
  expect_reassembled("Use the token " + gh1 + "\n" + gh2 + " to publish.\n", gh, 1, 15);
}

TEST(SecretsSplit, PypiMacaroonSplitIsStructureValidated) {
  const std::string token = pypi_token("pypi.org", 303);
  const std::string text = "password = \"" + token.substr(0, 40) + "\" +\n  \"" + token.substr(40) + "\"\n";
  auto findings = scan(text);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].detector, "pypi");
  EXPECT_EQ(findings[0].validated, Validation::Structure);
  EXPECT_EQ(findings[0].confidence, Confidence::High);
  EXPECT_EQ(findings[0].fingerprint, sha256_16(token));
  EXPECT_EQ(findings[0].column, 13u);
}

TEST(SecretsSplit, JwtSplitInsideItsClaimsIsDecoded) {
  const std::string token = jwt(R"({"iss":"https://issuer.example","sub":"svc","exp":1900000000})", 304);
  const std::size_t cut = token.find('.') + 10;
  auto findings = scan("Authorization: Bearer " + token.substr(0, cut) + "\\\n" + token.substr(cut) + "\n");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].detector, "jwt");
  EXPECT_EQ(findings[0].subject, "svc");
  EXPECT_EQ(findings[0].fingerprint, sha256_16(token));
}

TEST(SecretsSplit, ShapesThatAreNotJoined) {
  const std::vector<std::string> texts = {
      "token:\n  " + gh1 + "\n\n  " + gh2 + "\n",           // a blank line between wrapped lines
      "x = \"" + gh1 + "\" + // see\n  \"" + gh2 + "\"\n",  // a comment between them
      "x = \"" + gh1 + "\" + y + \"" + gh2 + "\"\n",        // a variable between them
      "x = \"" + gh1 + "\" + '" + gh2 + "'\n",              // different quotes
      "# " + gh1 + "\n# " + gh2 + "\n",                     // a comment prefix on the next line
      "x = " + gh1 + " \n  " + gh2 + "\n",                  // the piece does not reach the line end
      "x = \"gh\" + \"p_" + gh.substr(4) + "\"\n",          // split inside the prefix
      "x = \"" + gh1 + "\" +\n \"" + one_char_changed(gh, 25).substr(17) + "\"\n",  // checksum fails
      "x = \"" + gh1 + "\" +\n \"" + gh2 + "Z\"\n",                                 // one character too many
  };
  for (const std::string& text : texts) EXPECT_TRUE(scan(text).empty()) << text;
  // Fine-grained PATs, AWS, Slack … have no checksum: their pieces are never joined.
  const std::string pat = "github_pat_" + random_from(kAlnum, 22, 305) + "_" + random_from(kAlnum, 59, 306);
  EXPECT_TRUE(scan("x = \"" + pat.substr(0, 40) + "\" +\n \"" + pat.substr(40) + "\"\n").empty());
}

TEST(SecretsSplit, WholeTokensNextToJointsAreUnchanged) {
  // A complete token followed by a continuation, or two whole tokens concatenated: each is found
  // as it stands, with its own fingerprint, and nothing is marked as reassembled.
  for (const std::string& text : {"x = \"" + gh + "\" +\n  \"" + npm + "\"\n", "T=" + gh + "\\\n" + npm + "\n",
                                  "token: >-\n  " + gh + "\n  " + npm + "\n"}) {
    auto findings = scan(text);
    ASSERT_EQ(findings.size(), 2u) << text;
    EXPECT_EQ(findings[0].fingerprint, sha256_16(gh));
    EXPECT_EQ(findings[1].fingerprint, sha256_16(npm));
    for (const Finding& f : findings) EXPECT_EQ(f.note.find("reassembled"), std::string::npos);
  }
}

}  // namespace
}  // namespace tocsin::secrets
