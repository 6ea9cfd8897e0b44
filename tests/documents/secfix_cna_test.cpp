// secfix tag sequencing and CNA readiness (quarters at year boundaries, 90-day disclosures,
// contact channels).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/time.h"
#include "documents/documents.h"
#include "documents/securitytxt.h"

namespace tocsin::documents {
namespace {

using ::testing::HasSubstr;

TEST(SecfixTag, BumpsThePatchOfTheLatestRelease) {
  EXPECT_EQ(next_secfix_tag({"v0.3.0", "v0.4.2", "v0.4.10", "v0.4.9", "v0.5.0-rc.1", "nightly"}), "v0.4.11-secfix.1");
  EXPECT_EQ(next_secfix_tag({"0.4.2"}), "v0.4.3-secfix.1");  // tags without "v" count too
}

TEST(SecfixTag, NIncrementsPastExistingSecfixTagsOfTheSameBase) {
  EXPECT_EQ(next_secfix_tag({"v0.4.2", "v0.4.3-secfix.1", "v0.4.3-secfix.2", "v0.4.3-secfix.10", "v0.4.4-secfix.7"}),
            "v0.4.3-secfix.11");
  EXPECT_EQ(next_secfix_tag({"v0.4.2", "v0.4.3-secfix.01", "v0.4.3-secfix.x"}), "v0.4.3-secfix.1");  // not N
}

TEST(SecfixTag, AnExplicitBaseStaysOnItsLineAndSkipsReleasedPatches) {
  const std::vector<std::string> tags = {"v0.4.2", "v0.4.3", "v0.5.0", "v0.4.4-secfix.1"};
  EXPECT_EQ(next_secfix_tag(tags, "0.4.2"), "v0.4.4-secfix.2");
  EXPECT_EQ(next_secfix_tag(tags, "v0.5.0"), "v0.5.1-secfix.1");
  EXPECT_EQ(next_secfix_tag({}, "1.2.3"), "v1.2.4-secfix.1");
}

TEST(SecfixTag, NoBaseOrABadBaseIsAnError) {
  EXPECT_THROW(next_secfix_tag({"nightly", "v1.0.0-rc.1"}), Error);
  EXPECT_THROW(next_secfix_tag({"v1.0.0"}, "1.0"), Error);
  EXPECT_THROW(next_secfix_tag({"v1.0.0"}, "01.0.0"), Error);
}

IncidentFacts cve(const std::string& id, const std::string& reported, const std::string& published) {
  IncidentFacts facts;
  facts.id = "INC-" + id;
  facts.cve_id = "CVE-" + id;
  facts.reported_at = reported;
  facts.published_at = published;
  return facts;
}

std::int64_t at(const char* text) { return *parse_rfc3339(text); }

const SecurityTxtReport& two_channel_securitytxt() {
  static const SecurityTxtReport report = check_securitytxt(
      "Contact: mailto:security@example.org\nContact: https://github.com/example/project/security/advisories/new\n"
      "Expires: 2027-01-01T00:00:00Z\n",
      at("2026-06-01T00:00:00Z"));
  return report;
}

TEST(CnaStatus, FourConsecutiveQuartersAcrossAYearBoundary) {
  // 2025-Q3, 2025-Q4 (a -05:00 time that is already 2026 in UTC does not count there), 2026-Q1, 2026-Q2.
  const std::vector<IncidentFacts> closed = {
      cve("2025-1001", "2025-07-01T00:00:00Z", "2025-08-15T00:00:00Z"),
      cve("2025-1002", "2025-10-15T00:00:00Z", "2025-12-31T23:00:00Z"),
      cve("2026-1003", "2025-12-01T00:00:00Z", "2026-01-10T00:00:00Z"),
      cve("2026-1004", "2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z"),
  };
  CnaStatus status = cna_status(closed, at("2026-06-01T00:00:00Z"), &two_channel_securitytxt());
  ASSERT_EQ(status.window.size(), 4u);
  EXPECT_EQ(status.window.front().quarter, "2025-Q3");
  EXPECT_EQ(status.window.back().quarter, "2026-Q2");  // the current quarter already has a CVE
  EXPECT_TRUE(status.quarters_ok);
  EXPECT_EQ(status.within_90_days, 4);
  EXPECT_TRUE(status.disclosure_ok);
  EXPECT_TRUE(status.contact_ok);
  EXPECT_TRUE(status.ready) << render_cna_table(status);
  EXPECT_TRUE(status.missing.empty());

  // Early in 2026-Q3 with no CVE yet: the window is the last four complete quarters.
  status = cna_status(closed, at("2026-07-02T00:00:00Z"), &two_channel_securitytxt());
  EXPECT_EQ(status.window.back().quarter, "2026-Q2");
  EXPECT_TRUE(status.quarters_ok);

  // Moving the Q4 publication past midnight UTC empties 2025-Q4.
  std::vector<IncidentFacts> shifted = closed;
  shifted[1].published_at = "2025-12-31T20:00:00-05:00";  // 2026-01-01T01:00Z
  status = cna_status(shifted, at("2026-06-01T00:00:00Z"), &two_channel_securitytxt());
  EXPECT_FALSE(status.quarters_ok);
  EXPECT_EQ(status.window[1].quarter, "2025-Q4");
  EXPECT_EQ(status.window[1].cves, 0);
  EXPECT_EQ(status.window[2].cves, 2);
  EXPECT_FALSE(status.ready);
  EXPECT_THAT(status.missing.front(), HasSubstr("no CVE published in 2025-Q4"));
}

TEST(CnaStatus, NinetyDaysIsInclusiveToTheSecond) {
  const std::vector<IncidentFacts> closed = {
      cve("2026-0001", "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z"),  // exactly 90 days
      cve("2026-0002", "2026-01-01T00:00:00Z", "2026-04-01T00:00:01Z"),  // one second over
      cve("2026-0003", "2026-01-01T00:00:00Z", ""),                      // not published
      cve("2026-0004", "", "2026-02-01T00:00:00Z"),                      // report date unknown
  };
  const CnaStatus status = cna_status(closed, at("2026-06-01T00:00:00Z"), nullptr);
  ASSERT_EQ(status.disclosures.size(), 2u);
  EXPECT_TRUE(status.disclosures[0].within_90_days);
  EXPECT_DOUBLE_EQ(status.disclosures[0].days, 90.0);
  EXPECT_FALSE(status.disclosures[1].within_90_days);
  EXPECT_EQ(status.within_90_days, 1);
  EXPECT_FALSE(status.disclosure_ok);
  const std::string table = render_cna_table(status);
  EXPECT_THAT(table, HasSubstr("CNA readiness: NOT READY"));
  EXPECT_THAT(table, HasSubstr("CVE-2026-0003 (incident INC-2026-0003) has no valid publication date"));
  EXPECT_THAT(table, HasSubstr("CVE-2026-0004 (incident INC-2026-0004) has no valid report date"));
  EXPECT_THAT(table, HasSubstr("1 CVE(s) disclosed within 90 days"));
  EXPECT_THAT(table, HasSubstr("no security.txt found"));
  EXPECT_THAT(render_cna_json(status), HasSubstr("\"ready\": false"));
}

TEST(CnaStatus, ContactChannelsMustBeIndependentAndTheFileUsable) {
  const std::int64_t now = at("2026-06-01T00:00:00Z");
  const SecurityTxtReport same_domain = check_securitytxt(
      "Contact: mailto:a@example.org\nContact: mailto:b@EXAMPLE.org\nExpires: 2027-01-01T00:00:00Z\n", now);
  CnaStatus status = cna_status({}, now, &same_domain);
  EXPECT_EQ(status.contact_channels.size(), 1u);
  EXPECT_FALSE(status.contact_ok);

  const SecurityTxtReport expired = check_securitytxt(
      "Contact: mailto:a@example.org\nContact: https://example.org/report\nExpires: 2026-01-01T00:00:00Z\n", now);
  status = cna_status({}, now, &expired);
  EXPECT_EQ(status.contact_channels.size(), 2u);
  EXPECT_FALSE(status.contact_ok);
  EXPECT_THAT(render_cna_table(status), HasSubstr("security.txt has expired"));

  status = cna_status({}, now, &two_channel_securitytxt());
  EXPECT_TRUE(status.contact_ok);
}

}  // namespace
}  // namespace tocsin::documents
