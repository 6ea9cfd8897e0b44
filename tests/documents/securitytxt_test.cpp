// RFC 9116 checks on real files (tests/fixtures/documents/securitytxt, see SOURCES.md) and on
// one-rule-at-a-time inputs.
#include "documents/securitytxt.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/text.h"
#include "core/time.h"

namespace tocsin::documents {
namespace {

using ::testing::HasSubstr;

const std::int64_t kNow = *parse_rfc3339("2026-06-01T00:00:00Z");

std::string fixture(const std::string& name) {
  return read_file(std::string(TOCSIN_FIXTURES) + "/documents/securitytxt/" + name);
}

std::vector<std::string> findings(const SecurityTxtReport& report, Severity level) {
  std::vector<std::string> out;
  for (const Diagnostic& f : report.findings)
    if (f.severity == level) out.push_back(std::to_string(f.location.line) + ": " + f.message);
  return out;
}

const std::string kMinimal = "Contact: mailto:security@example.org\nExpires: 2026-12-31T23:59:59Z\n";

TEST(SecurityTxt, SpringtaleFileIsValid) {
  const SecurityTxtReport report = check_securitytxt(fixture("springtale.txt"), kNow);
  EXPECT_TRUE(report.valid()) << ::testing::PrintToString(findings(report, Severity::Error));
  EXPECT_TRUE(findings(report, Severity::Warning).empty());
  EXPECT_EQ(report.values("CONTACT").size(), 2u);
  EXPECT_EQ(report.expires, parse_rfc3339("2027-05-13T00:00:00Z"));
  EXPECT_FALSE(report.signed_cleartext);
  ASSERT_EQ(findings(report, Severity::Note).size(), 1u);
  EXPECT_EQ(findings(report, Severity::Note)[0], "9: canonical URI: https://springtale.dev/.well-known/security.txt");
  // On 2026-05-14 the file expires in 364 days: no warning. A day earlier it is a year + a day away.
  EXPECT_TRUE(
      findings(check_securitytxt(fixture("springtale.txt"), *parse_rfc3339("2026-05-14T00:00:00Z")), Severity::Warning)
          .empty());
  EXPECT_THAT(
      findings(check_securitytxt(fixture("springtale.txt"), *parse_rfc3339("2026-05-12T00:00:00Z")), Severity::Warning),
      ::testing::ElementsAre(HasSubstr("6: Expires 2027-05-13T00:00:00Z is more than a year away")));
}

TEST(SecurityTxt, SignedFileIsParsedInsideTheSignatureAndNotVerified) {
  const SecurityTxtReport report = check_securitytxt(fixture("getkirby-signed.txt"), kNow);
  EXPECT_TRUE(report.signed_cleartext);
  EXPECT_TRUE(report.valid());
  EXPECT_EQ(report.fields.size(), 8u);  // nothing from the armor header or the signature block
  EXPECT_EQ(report.fields.front().line, 4);
  EXPECT_THAT(findings(report, Severity::Note)[0], HasSubstr("1: OpenPGP cleartext signature found — NOT verified"));
  // Expired on 2025-01-01: valid, but stale.
  EXPECT_THAT(findings(report, Severity::Warning),
              ::testing::ElementsAre("11: expired on 2025-01-01T12:00:00Z: the file should be considered stale "
                                     "(RFC 9116 §2.5.5)"));
  EXPECT_TRUE(report.expired(kNow));
}

TEST(SecurityTxt, JazzbandFileHasOpenpgp4fprEncryption) {
  const SecurityTxtReport report = check_securitytxt(fixture("jazzband.txt"), kNow);
  EXPECT_TRUE(report.valid());
  EXPECT_EQ(report.values("encryption"),
            std::vector<std::string>{"openpgp4fpr:02DE8F842900411ADD70B1374D87558AF652A00F"});
  EXPECT_THAT(findings(report, Severity::Warning), ::testing::ElementsAre(HasSubstr("15: expired on")));
}

struct Rule {
  std::string text;
  Severity level;
  std::string expected;  // "line: message" prefix
};

TEST(SecurityTxt, EachRuleReportsItsLine) {
  const std::vector<Rule> rules = {
      {"Expires: 2026-12-31T23:59:59Z\n", Severity::Error, "0: no Contact field"},
      {"Contact: mailto:a@example.org\n", Severity::Error, "0: no Expires field"},
      {kMinimal + "Expires: 2026-11-30T00:00:00Z\n", Severity::Error, "3: Expires must appear only once"},
      {"Contact: mailto:a@example.org\nExpires: 2026-12-31\n", Severity::Error,
       "2: Expires '2026-12-31' is not an RFC 3339 date-time"},
      {kMinimal + "Preferred-Languages: en\npreferred-languages: fr\n", Severity::Error,
       "4: Preferred-Languages must appear only once"},
      {kMinimal + "Contact: security@example.org\n", Severity::Error,
       "3: Contact must be a URI (an e-mail address needs 'mailto:')"},
      {kMinimal + "Policy: http://example.org/policy\n", Severity::Error,
       "3: Policy: web URIs must begin with https://"},
      {kMinimal + "Encryption: -----BEGIN PGP PUBLIC KEY BLOCK-----\n", Severity::Error,
       "3: Encryption must be a URI to the key, not the key itself"},
      {kMinimal + "this is not a field\n", Severity::Error, "3: expected a comment ('#…') or a field 'Name: value'"},
      {kMinimal + "Hiring:\n", Severity::Error, "3: field 'Hiring' has no value"},
      {kMinimal + "CSAF: http://example.org/provider-metadata.json\n", Severity::Error, "3: CSAF: web URIs"},
      {"Contact: mailto:a@example.org\nExpires: 2025-12-31T23:59:59Z\n", Severity::Warning, "2: expired on"},
      {"Contact: mailto:a@example.org\nExpires: 2027-06-02T00:00:00Z\n", Severity::Warning,
       "2: Expires 2027-06-02T00:00:00Z is more than a year away"},
      {kMinimal + "Contact: xmpp:security@example.org\n", Severity::Warning, "3: Contact uses the 'xmpp:' scheme"},
      {kMinimal + "Policy:https://example.org/policy\n", Severity::Warning, "3: 'Policy:' should be followed"},
      {kMinimal + "Preferred-Languages: en, 12, fr-CA\n", Severity::Warning, "3: '12' is not a language tag"},
      {kMinimal + "CSAF: https://example.org/csaf.json\n", Severity::Warning, "3: CSAF should point to"},
      {kMinimal + "Acknowledgements: https://example.org/thanks\n", Severity::Note,
       "3: unknown field 'Acknowledgements' — RFC 9116 spells it 'Acknowledgments'"},
      {kMinimal + "X-Bounty: none\n", Severity::Note, "3: unknown field 'X-Bounty'"},
  };
  for (const Rule& rule : rules) {
    const SecurityTxtReport report = check_securitytxt(rule.text, kNow);
    const std::vector<std::string> found = findings(report, rule.level);
    EXPECT_THAT(found, ::testing::Contains(::testing::StartsWith(rule.expected))) << rule.text;
    EXPECT_EQ(report.valid(), rule.level != Severity::Error) << rule.text;
  }
}

TEST(SecurityTxt, NamesAreCaseInsensitiveCommentsAndCrlfAreFine) {
  const SecurityTxtReport report = check_securitytxt(
      "# comment\r\n\r\ncOnTaCt: tel:+1-201-555-0123\r\nEXPIRES: 2026-12-31T23:59:59+02:00\r\n", kNow);
  EXPECT_TRUE(report.valid());
  EXPECT_TRUE(report.findings.empty());
  EXPECT_EQ(report.values("contact"), std::vector<std::string>{"tel:+1-201-555-0123"});
}

TEST(SecurityTxt, BrokenSignatureFramesAreErrors) {
  const std::string head = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" + kMinimal;
  EXPECT_THAT(findings(check_securitytxt(head, kNow), Severity::Error),
              ::testing::Contains(HasSubstr("has no '-----BEGIN PGP SIGNATURE-----' block")));
  EXPECT_THAT(findings(check_securitytxt(head + "-----BEGIN PGP SIGNATURE-----\n\nabc\n", kNow), Severity::Error),
              ::testing::Contains(HasSubstr("no '-----END PGP SIGNATURE-----' line")));
  const SecurityTxtReport trailing = check_securitytxt(
      head +
          "- Policy: https://example.org/p\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n"
          "Contact: mailto:evil@example.net\n",
      kNow);
  EXPECT_EQ(trailing.values("contact").size(), 1u);  // the unsigned trailer is not read
  EXPECT_EQ(trailing.values("policy"), std::vector<std::string>{"https://example.org/p"});  // dash-escape undone
  EXPECT_THAT(findings(trailing, Severity::Warning), ::testing::Contains(HasSubstr("not signed and is ignored")));
  EXPECT_THAT(findings(trailing, Severity::Warning), ::testing::Contains(HasSubstr("without a Canonical")));
  EXPECT_THAT(findings(check_securitytxt(kMinimal + "-----BEGIN PGP SIGNED MESSAGE-----\n", kNow), Severity::Error),
              ::testing::Contains(HasSubstr("3: an OpenPGP block must enclose the whole file")));
}

TEST(SecurityTxt, InvalidUtf8IsAnErrorWithItsLine) {
  const SecurityTxtReport report = check_securitytxt(kMinimal + "Policy: https://example.org/\xC3\x28\n", kNow);
  EXPECT_THAT(findings(report, Severity::Error), ::testing::Contains(::testing::StartsWith("3: invalid UTF-8")));
  ASSERT_FALSE(report.findings.empty());
  EXPECT_EQ(report.findings.back().location.column, 29);  // the byte 0xC3 after "Policy: https://example.org/"
  EXPECT_TRUE(check_securitytxt(kMinimal + "# Sécurité — ok\n", kNow).valid());
}

TEST(SecurityTxt, FindingsNameFileLineAndColumnWithAHint) {
  const SecurityTxtReport report =
      check_securitytxt(kMinimal + "Policy:  http://example.org/policy\nHiring:https://example.org/jobs\n", kNow,
                        ".well-known/security.txt");
  ASSERT_EQ(report.findings.size(), 2u);
  const Diagnostic& http = report.findings[0];
  EXPECT_EQ(http.severity, Severity::Error);
  EXPECT_EQ(http.location.path, ".well-known/security.txt");
  EXPECT_EQ(http.location.line, 3);
  EXPECT_EQ(http.location.column, 10);  // the value, after "Policy:" and two spaces
  EXPECT_THAT(http.message, HasSubstr("web URIs must begin with https://"));
  const Diagnostic& space = report.findings[1];
  EXPECT_EQ(space.severity, Severity::Warning);
  EXPECT_EQ(space.location.line, 4);
  EXPECT_EQ(space.location.column, 8);  // right after "Hiring:"
  EXPECT_THAT(format_diagnostic(http), ::testing::StartsWith(".well-known/security.txt:3:10: "));
  const SecurityTxtReport empty = check_securitytxt("", kNow, "security.txt");
  ASSERT_EQ(empty.findings.size(), 2u);
  EXPECT_EQ(empty.findings[0].location.line, 0);  // whole-file: no line, no column
  EXPECT_EQ(empty.findings[0].location.column, 0);
  EXPECT_THAT(empty.findings[0].hint, HasSubstr("Contact: mailto:"));
}

}  // namespace
}  // namespace tocsin::documents
