// Each detector on tokens made by the test (tokens.h): found, validated and redacted as the
// vendors' formats say; one changed character and placeholders are not findings.
#include <gtest/gtest.h>

#include "secrets/secrets.h"
#include "secrets/tokens.h"

namespace tocsin::secrets {
namespace {

using namespace tocsin::secrets::testing;

constexpr std::int64_t kNow = 1'800'000'000;  // 2027-01-15

std::vector<Finding> scan(const std::string& text) { return scan_text(text, "f.txt", kNow); }

// No string field of a finding may contain the secret.
void expect_no_secret(const std::vector<Finding>& findings, const std::string& secret) {
  for (const Finding& f : findings)
    for (const std::string* field : {&f.detector, &f.kind, &f.registry, &f.file, &f.fingerprint, &f.redacted, &f.issuer,
                                     &f.subject, &f.origin, &f.note})
      EXPECT_EQ(field->find(secret), std::string::npos) << *field;
}

TEST(SecretsGitHub, EveryClassicPrefixWithAValidChecksumIsFound) {
  unsigned seed = 1;
  for (std::string prefix : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
    const std::string token = checksummed(prefix, seed++);
    auto findings = scan("export GITHUB_TOKEN=" + token + "\n");
    ASSERT_EQ(findings.size(), 1u) << prefix;
    EXPECT_EQ(findings[0].detector, "github");
    EXPECT_EQ(findings[0].validated, Validation::Checksum);
    EXPECT_EQ(findings[0].confidence, Confidence::High);
    EXPECT_EQ(findings[0].line, 1u);
    EXPECT_EQ(findings[0].column, 21u);
    EXPECT_EQ(findings[0].redacted, prefix + "…" + token.substr(token.size() - 4));
    EXPECT_EQ(findings[0].fingerprint, sha256_16(token));
    EXPECT_EQ(findings[0].registry, "github");
    expect_no_secret(findings, token);
  }
}

TEST(SecretsGitHub, OneChangedCharacterFailsTheChecksum) {
  const std::string token = checksummed("ghp_", 7);
  for (std::size_t at : {4u, 10u, 33u, 36u, 39u}) EXPECT_TRUE(scan(one_char_changed(token, at)).empty()) << at;
}

TEST(SecretsGitHub, PlaceholdersAndDocumentationExamplesAreNotFindings) {
  EXPECT_TRUE(scan("ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX").empty());
  EXPECT_TRUE(scan("ghp_abcdefghijklmnopqrstuvwxyzABCD012345").empty());  // Microsoft Purview's example
  EXPECT_TRUE(scan("gho_16C7e42F292c6912E7710c838347Ae178B4a").empty());  // GitHub docs' example (bad checksum)
  EXPECT_TRUE(scan("ghp_EXAMPLEexampleEXAMPLEexample00000000").empty());
}

TEST(SecretsGitHub, FineGrainedPatHasStructureValidation) {
  const std::string token = "github_pat_" + random_from(kAlnum, 22, 3) + "_" + random_from(kAlnum, 59, 4);
  auto findings = scan("token: " + token);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].detector, "github-fine-grained");
  EXPECT_EQ(findings[0].validated, Validation::Structure);
  EXPECT_EQ(findings[0].redacted, "github_pat_…" + token.substr(token.size() - 4));
  EXPECT_TRUE(scan("github_pat_" + random_from(kAlnum, 21, 3) + "_" + random_from(kAlnum, 59, 4)).empty());
}

TEST(SecretsNpm, ChecksumLikeGitHubs) {
  const std::string token = checksummed("npm_", 11);
  auto findings = scan("//registry.npmjs.org/:_authToken=" + token);
  ASSERT_EQ(findings.size(), 1u);  // the generic "token=" hit yields to the npm one
  EXPECT_EQ(findings[0].detector, "npm");
  EXPECT_EQ(findings[0].validated, Validation::Checksum);
  EXPECT_EQ(findings[0].redacted, "npm_…" + token.substr(token.size() - 4));
  EXPECT_TRUE(scan(one_char_changed(token, 12)).empty());
  EXPECT_TRUE(scan("npm_EXAMPLE" + random_from(kAlnum, 29, 2)).empty());
}

TEST(SecretsPypi, MacaroonBuiltByTheTestHasStructure) {
  const std::string token = pypi_token("pypi.org", 21);
  ASSERT_EQ(token.rfind("pypi-AgEIcHlwaS5vcmc", 0), 0u);  // the prefix every real PyPI token has
  auto findings = scan("password = " + token + "\n");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].detector, "pypi");
  EXPECT_EQ(findings[0].validated, Validation::Structure);
  EXPECT_EQ(findings[0].confidence, Confidence::High);
  EXPECT_EQ(findings[0].registry, "pypi");
  expect_no_secret(findings, token);
}

TEST(SecretsPypi, OtherLocationOrBrokenMacaroonIsOnlyAPattern) {
  auto elsewhere = scan(pypi_token("pypi.example.net", 22));
  ASSERT_EQ(elsewhere.size(), 1u);
  EXPECT_EQ(elsewhere[0].validated, Validation::Pattern);
  EXPECT_EQ(elsewhere[0].confidence, Confidence::Low);
  std::string truncated = pypi_token("pypi.org", 23);
  truncated.resize(truncated.size() - 10);  // the signature is cut
  auto cut = scan(truncated);
  ASSERT_EQ(cut.size(), 1u);
  EXPECT_EQ(cut[0].validated, Validation::Pattern);
}

TEST(SecretsCratesIo, CioPlus32) {
  const std::string token = "cio" + random_from(kAlnum, 32, 31);
  auto findings = scan("CARGO_REGISTRY_TOKEN=\"" + token + "\"");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].detector, "crates-io");
  EXPECT_EQ(findings[0].registry, "crates.io");
  EXPECT_EQ(findings[0].redacted, "cio…" + token.substr(token.size() - 4));
  EXPECT_TRUE(scan("cio" + random_from(kAlnum, 33, 31)).empty());  // wrong length
}

TEST(SecretsAws, KeyIdIsHighConfidenceOnlyWithANearbySecret) {
  const std::string id = "AKIA" + random_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 41);
  const std::string secret = random_from(kAlnum + "/+", 40, 42);
  auto with = scan("aws_access_key_id = " + id + "\naws_secret_access_key = " + secret + "\n");
  ASSERT_GE(with.size(), 1u);
  EXPECT_EQ(with[0].detector, "aws");
  EXPECT_EQ(with[0].confidence, Confidence::High);
  expect_no_secret(with, secret);
  auto alone = scan("id: " + id + "\n");
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(alone[0].confidence, Confidence::Low);
  EXPECT_TRUE(scan("AKIAIOSFODNN7EXAMPLE").empty());  // AWS's documentation example
}

TEST(SecretsSlackStripeGitLabGoogle, PatternDetectors) {
  const std::string digits = "0123456789";
  const std::string slack =
      "xoxb-" + random_from(digits, 12, 51) + "-" + random_from(digits, 13, 52) + "-" + random_from(kAlnum, 24, 53);
  const std::string stripe = "sk_live_" + random_from(kAlnum, 24, 54);
  const std::string gitlab = "glpat-" + random_from(kAlnum, 20, 55);
  const std::string google = "AIza" + random_from(kAlnum + "-_", 35, 56);
  const std::string text = slack + "\n" + stripe + "\n" + gitlab + "\n" + google + "\n";
  auto findings = scan(text);
  ASSERT_EQ(findings.size(), 4u);
  EXPECT_EQ(findings[0].detector, "slack");
  EXPECT_EQ(findings[1].detector, "stripe");
  EXPECT_EQ(findings[1].confidence, Confidence::High);
  EXPECT_EQ(findings[2].detector, "gitlab");
  EXPECT_EQ(findings[3].detector, "google-api-key");
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(findings[i].line, i + 1);
  for (const std::string& secret : {slack, stripe, gitlab, google}) expect_no_secret(findings, secret);
  auto test_mode = scan("sk_test_" + random_from(kAlnum, 24, 57));
  ASSERT_EQ(test_mode.size(), 1u);
  EXPECT_EQ(test_mode[0].confidence, Confidence::Low);
}

std::string private_key(const std::string& eol) {
  std::string key = "-----BEGIN OPENSSH PRIVATE KEY-----" + eol;
  for (unsigned i = 0; i < 5; ++i) key += random_from(kAlnum + "+/", 70, 60 + i) + eol;
  return key + "-----END OPENSSH PRIVATE KEY-----" + eol;
}

TEST(SecretsPrivateKey, BlockWithEndHasStructureAndLineEndingsDoNotChangeTheFingerprint) {
  auto lf = scan("key:\n" + private_key("\n"));
  auto crlf = scan("key:\r\n" + private_key("\r\n"));
  ASSERT_EQ(lf.size(), 1u);
  ASSERT_EQ(crlf.size(), 1u);
  EXPECT_EQ(lf[0].kind, "OpenSSH private key");
  EXPECT_EQ(lf[0].validated, Validation::Structure);
  EXPECT_EQ(lf[0].line, 2u);
  EXPECT_EQ(crlf[0].line, 2u);
  EXPECT_EQ(lf[0].fingerprint, crlf[0].fingerprint);
  EXPECT_EQ(lf[0].redacted, "-----BEGIN OPENSSH PRIVATE KEY-----…");
  EXPECT_TRUE(scan("-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----\n").empty());
}

TEST(SecretsJwt, ExpiredAndValidTokensAreDecoded) {
  const std::string valid =
      jwt(R"({"iss":"https://issuer.example.net","sub":"user-7","exp":)" + std::to_string(kNow + 3600) + "}", 71);
  const std::string expired =
      jwt(R"({"iss":"https://token.actions.githubusercontent.com","sub":"repo:o/r:ref:refs/heads/main","exp":)" +
              std::to_string(kNow - 3600) + "}",
          72);
  auto findings = scan("Authorization: Bearer " + valid + "\nOIDC=" + expired + "\n");
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].detector, "jwt");
  EXPECT_EQ(findings[0].validated, Validation::Structure);
  EXPECT_EQ(findings[0].issuer, "https://issuer.example.net");
  EXPECT_EQ(findings[0].subject, "user-7");
  EXPECT_EQ(findings[0].expired, std::optional<bool>(false));
  EXPECT_EQ(findings[0].confidence, Confidence::High);
  EXPECT_EQ(findings[1].expired, std::optional<bool>(true));
  EXPECT_EQ(findings[1].registry, "sigstore");
  EXPECT_EQ(findings[1].confidence, Confidence::Low);
  EXPECT_EQ(*findings[1].expires_at, kNow - 3600);
  expect_no_secret(findings, valid);
  expect_no_secret(findings, expired);
  EXPECT_TRUE(scan("eyJhbGciOiJIUzI1NiJ9.notjson.sig").empty());
}

TEST(SecretsGeneric, LowConfidenceAssignmentsOnly) {
  auto findings = scan("db_password = \"Tr0ub4dor&3horse\"\n");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].detector, "generic");
  EXPECT_EQ(findings[0].confidence, Confidence::Low);
  EXPECT_EQ(findings[0].redacted, "…");  // short secrets show no tail
  EXPECT_TRUE(scan("password = os.environ['PASSWORD']\ntoken: ${{ secrets.NPM_TOKEN }}\n"
                   "password=changeme123\nself.token = token\napi_key: <your-api-key>\n")
                  .empty());
}

TEST(SecretsText, CrlfEndOfFileMinifiedJsonAndSplitTokens) {
  const std::string gh = checksummed("ghp_", 81), npm = checksummed("npm_", 82);
  // CRLF: line and column count bytes from the line start; \r is not part of the token.
  auto crlf = scan("a\r\nb\r\n  " + gh + "\r\n");
  ASSERT_EQ(crlf.size(), 1u);
  EXPECT_EQ(crlf[0].line, 3u);
  EXPECT_EQ(crlf[0].column, 3u);
  // End of file without a newline.
  auto eof = scan("x\n" + gh);
  ASSERT_EQ(eof.size(), 1u);
  EXPECT_EQ(eof[0].line, 2u);
  // Minified JSON: both tokens on one line, nothing else reported.
  const std::string json = R"({"a":1,"auth":{"token":")" + gh + R"(","npm":")" + npm + R"("},"b":[]})";
  auto minified = scan(json);
  ASSERT_EQ(minified.size(), 2u);
  EXPECT_EQ(minified[0].detector, "github");
  EXPECT_EQ(minified[0].column, json.find(gh) + 1);
  EXPECT_EQ(minified[1].detector, "npm");
  EXPECT_EQ(minified[1].column, json.find(npm) + 1);
  // A token split across lines is reassembled when the joined pieces validate (split_test.cpp).
  auto split = scan("x = \"" + gh.substr(0, 20) + "\" +\n    \"" + gh.substr(20) + "\"\n");
  ASSERT_EQ(split.size(), 1u);
  EXPECT_EQ(split[0].fingerprint, sha256_16(gh));
  // Glued to a word: not a token start.
  EXPECT_TRUE(scan("xghp_" + gh.substr(4)).empty());
}

TEST(SecretsText, InvalidUtf8AroundATokenIsFine) {
  const std::string gh = checksummed("ghp_", 91);
  auto findings = scan("\xff\xfe\xc3(" + std::string(" ") + gh + " \xed\xa0\x80\n");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].column, 6u);
}

TEST(SecretsHelpers, Crc32AndBase62MatchTheIndependentOnes) {
  for (unsigned seed = 0; seed < 50; ++seed) {
    const std::string body = random_from(kAlnum, 30, seed);
    const uLong expected = ::crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
    EXPECT_EQ(crc32(body), expected);
    EXPECT_EQ(base62(crc32(body), 6), test_base62(expected));
  }
  EXPECT_EQ(base62(0, 6), "000000");
  EXPECT_EQ(base62(61, 1), "z");
  EXPECT_EQ(base62(62, 1), "10");
}

}  // namespace
}  // namespace tocsin::secrets
