// Issue 11: the affected / patched grammar, and OSV / CVE records that state exactly the recorded
// ranges (several ranges stay several, never their hull). The read-back property test over
// generated ranges is tests/cli/advisory_ranges_property_test.cpp (it needs src/version).
#include "documents/affected_ranges.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "documents/documents.h"
#include "documents/sample_facts.h"
#include "documents/schema_checks.h"

namespace tocsin::documents {
namespace {

using testing::check_cve;
using testing::check_osv;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::Json;
using testing::sample_facts;

std::string error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

bool has_gap(const Document& document, const std::string& field) {
  for (const Gap& gap : document.gaps)
    if (gap.field == field) return true;
  return false;
}

TEST(AffectedRanges, ParsesEveryBoundKind) {
  auto ranges = parse_affected_ranges(">= 0.3.0, < 0.3.5 || >= 0.4.0, <= 0.4.2 || < 0.1.0 || = 1.0.0 || 2.0.0-rc.1");
  ASSERT_EQ(ranges.size(), 5u);
  EXPECT_EQ(ranges[0].introduced, "0.3.0");
  EXPECT_EQ(ranges[0].fixed, "0.3.5");
  EXPECT_EQ(ranges[1].last_affected, "0.4.2");
  EXPECT_EQ(ranges[2].introduced, "");
  EXPECT_EQ(ranges[2].fixed, "0.1.0");
  EXPECT_TRUE(ranges[3].exact);
  EXPECT_EQ(ranges[3].introduced, "1.0.0");
  EXPECT_TRUE(ranges[4].exact);
  EXPECT_TRUE(parse_affected_ranges(">= 1.0").front().open_ended());
}

TEST(AffectedRanges, RefusesWhatCannotBeStatedExactly) {
  EXPECT_THAT(error_of([] { parse_affected_ranges("> 0.3.0, < 0.4.3"); }), HasSubstr("write \">= <first affected"));
  EXPECT_THAT(error_of([] { parse_affected_ranges(">= 0.3.0, >= 0.3.1"); }), HasSubstr("more than one lower"));
  EXPECT_THAT(error_of([] { parse_affected_ranges("^0.3"); }), HasSubstr("is not a bound"));
  EXPECT_THAT(error_of([] { parse_affected_ranges("0.3.*"); }), HasSubstr("is not a bound"));
  EXPECT_THAT(error_of([] { parse_affected_ranges(">= 0.3.0 ||"); }), HasSubstr("empty range"));
  EXPECT_THAT(error_of([] { parse_affected_ranges("all versions"); }), HasSubstr("is not a bound"));
  EXPECT_THAT(error_of([] { parse_affected_ranges(""); }), HasSubstr("empty range"));
}

TEST(PatchedVersions, AVersionNotARange) {
  EXPECT_EQ(parse_patched_versions("0.4.3"), std::vector<std::string>{"0.4.3"});
  EXPECT_EQ(parse_patched_versions("0.3.5, 0.4.3"), (std::vector<std::string>{"0.3.5", "0.4.3"}));
  EXPECT_THAT(error_of([] { parse_patched_versions(">= 0.4.3"); }), HasSubstr("is not a version"));
  EXPECT_THAT(error_of([] { parse_patched_versions("0.4.3 or later"); }), HasSubstr("is not a version"));
}

// The issue's example: 0.3.5 ..< 0.4.0 is NOT affected, and neither record may say it is.
TEST(AffectedRanges, TwoRangesStayTwoInOsvAndCve) {
  IncidentFacts facts = sample_facts();
  facts.affected_versions = ">= 0.3.0, < 0.3.5 || >= 0.4.0, < 0.4.3";
  facts.patched_version = "0.3.5, 0.4.3";
  const Document osv = render_advisory_osv(facts);
  const Json o = Json::parse(osv.text);
  EXPECT_THAT(check_osv(o), IsEmpty());
  EXPECT_EQ(o["affected"][0]["ranges"], Json::parse(R"([
      {"type":"SEMVER","events":[{"introduced":"0.3.0"},{"fixed":"0.3.5"}]},
      {"type":"SEMVER","events":[{"introduced":"0.4.0"},{"fixed":"0.4.3"}]}])"));
  const Document cve = render_advisory_cve(facts);
  const Json c = Json::parse(cve.text);
  EXPECT_THAT(check_cve(c), IsEmpty());
  EXPECT_EQ(c["containers"]["cna"]["affected"][0]["versions"], Json::parse(R"([
      {"version":"0.3.0","status":"affected","lessThan":"0.3.5","versionType":"semver"},
      {"version":"0.4.0","status":"affected","lessThan":"0.4.3","versionType":"semver"}])"));
  EXPECT_FALSE(has_gap(osv, "patched"));
}

TEST(AffectedRanges, LastAffectedExactAndOpenRanges) {
  IncidentFacts facts = sample_facts();
  facts.affected_versions = "<= 0.2.9 || = 0.3.1 || >= 0.4.0";
  facts.patched_version = "0.4.3";  // closes the one open range
  const Json o = Json::parse(render_advisory_osv(facts).text);
  EXPECT_EQ(o["affected"][0]["ranges"], Json::parse(R"([
      {"type":"SEMVER","events":[{"introduced":"0"},{"last_affected":"0.2.9"}]},
      {"type":"SEMVER","events":[{"introduced":"0.4.0"},{"fixed":"0.4.3"}]}])"));
  EXPECT_EQ(o["affected"][0]["versions"], Json::parse(R"(["0.3.1"])"));
  const Json c = Json::parse(render_advisory_cve(facts).text);
  EXPECT_EQ(c["containers"]["cna"]["affected"][0]["versions"], Json::parse(R"([
      {"version":"0","status":"affected","lessThanOrEqual":"0.2.9","versionType":"semver"},
      {"version":"0.3.1","status":"affected","versionType":"semver"},
      {"version":"0.4.0","status":"affected","lessThan":"0.4.3","versionType":"semver"}])"));
}

// Values recorded before validation existed: a gap, and nothing false in the record.
TEST(AffectedRanges, UnusableRecordedValuesAreGapsNotGuesses) {
  IncidentFacts facts = sample_facts();
  facts.affected_versions = "> 0.3.0";
  facts.patched_version = ">= 0.4.3";
  const Document osv = render_advisory_osv(facts);
  EXPECT_TRUE(has_gap(osv, "affected"));
  EXPECT_TRUE(has_gap(osv, "patched"));
  EXPECT_THAT(osv.text, ::testing::Not(HasSubstr(">= 0.4.3")));
  EXPECT_FALSE(Json::parse(osv.text)["affected"][0].contains("ranges"));
  const Document cve = render_advisory_cve(facts);
  EXPECT_THAT(cve.text, ::testing::Not(HasSubstr("lessThan")));
}

// A repository URL without a scheme fails the OSV and CVE schemas: a gap, so --strict refuses.
TEST(AffectedRanges, RepositoryWithoutSchemeIsAGap) {
  IncidentFacts facts = sample_facts();
  facts.repository_url = "github.com/ScopeCreep-zip/Springtale";
  const Document osv = render_advisory_osv(facts);
  EXPECT_TRUE(has_gap(osv, "reference"));
  EXPECT_THAT(osv.text, ::testing::Not(HasSubstr("\"github.com/")));
  const Document cve = render_advisory_cve(facts);
  EXPECT_TRUE(has_gap(cve, "reference"));
  EXPECT_THAT(cve.text, ::testing::Not(HasSubstr("\"github.com/")));
  facts.repository_url = "https://github.com/ScopeCreep-zip/Springtale";
  EXPECT_FALSE(has_gap(render_advisory_osv(facts), "reference"));
}

// Issue 10 item 6: the advisory Markdown renders recorded text, never markup from it.
TEST(AdvisoryMarkdown, RecordedTextCannotInjectMarkup) {
  IncidentFacts facts = sample_facts();
  facts.title =
      "leak <img src=x onerror=alert(1)> [x](https://evil.example) cc @octocat\x1b[2J" + std::string(5000, 'A');
  facts.user_safety_impact = "see `code` and **bold**";
  const Document doc = render_advisory_markdown(facts);
  EXPECT_THAT(doc.text, ::testing::Not(HasSubstr("<img")));
  EXPECT_THAT(doc.text, HasSubstr("&lt;img"));
  EXPECT_THAT(doc.text, HasSubstr("\\[x\\](https://evil.example)"));
  EXPECT_THAT(doc.text, HasSubstr("@&#8203;octocat"));
  EXPECT_THAT(doc.text, ::testing::Not(HasSubstr("\x1b")));
  EXPECT_THAT(doc.text, HasSubstr("(truncated)"));
  EXPECT_THAT(doc.text, HasSubstr("\\`code\\` and \\*\\*bold\\*\\*"));
  EXPECT_THAT(doc.text, HasSubstr("**Reporter**: @&#8203;ada-example"));  // credited, not pinged
}

}  // namespace
}  // namespace tocsin::documents
