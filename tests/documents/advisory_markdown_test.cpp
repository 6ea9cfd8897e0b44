// The runbook's advisory body and CHANGELOG line: template shape, values, every gap, credits.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>

#include "core/text.h"
#include "documents/documents.h"
#include "documents/sample_facts.h"
#include "support/shared.h"

namespace tocsin::documents {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::sample_facts;

const std::vector<std::string> kTemplateLabels = {
    "Summary",  "Affected",        "Patched", "CVE", "CWE",       "CVSS v4", "User-safety impact",
    "Reporter", "Acknowledgement", "Triage",  "Fix", "Disclosure"};

std::vector<std::string> labels_of(const std::string& text) {
  std::vector<std::string> labels;
  for (std::string_view line : split(text, '\n')) {
    if (line.empty()) continue;
    EXPECT_TRUE(starts_with(line, "**")) << line;
    const std::size_t end = line.find("**: ", 2);
    EXPECT_NE(end, std::string_view::npos) << line;
    if (end != std::string_view::npos) labels.emplace_back(line.substr(2, end - 2));
  }
  return labels;
}

std::string value_of(const std::string& text, const std::string& label) {
  for (std::string_view line : split(text, '\n'))
    if (starts_with(line, "**" + label + "**: ")) return std::string(line.substr(label.size() + 6));
  return "<no such line>";
}

bool has_gap(const Document& document, const std::string& field) {
  for (const Gap& gap : document.gaps)
    if (gap.field == field) return true;
  return false;
}

TEST(AdvisoryMarkdown, FollowsTheRunbookTemplateLineForLine) {
  EXPECT_EQ(labels_of(render_advisory_markdown(sample_facts()).text), kTemplateLabels);
  EXPECT_EQ(labels_of(render_advisory_markdown(IncidentFacts{}).text), kTemplateLabels);
}

TEST(AdvisoryMarkdown, LabelsMatchTheSpringtaleRunbook) {
  const std::string runbook = std::string(TOCSIN_SHARED) + "/fixtures/springtale/docs/security/INCIDENT-RUNBOOK.md";
  TOCSIN_NEED_SHARED(runbook);
  const std::string text = read_file(runbook);
  const std::size_t start = text.find("```\n", text.find("### Security Advisory body")) + 4;
  const std::string block = text.substr(start, text.find("```", start) - start);
  EXPECT_EQ(labels_of(block), kTemplateLabels);
}

TEST(AdvisoryMarkdown, CompleteRecordHasNoGapsAndRendersUtcDates) {
  const Document doc = render_advisory_markdown(sample_facts());
  EXPECT_TRUE(doc.gaps.empty()) << doc.text;
  EXPECT_EQ(value_of(doc.text, "Summary"), "Awareness gossip leaks hidden connector names to formation peers");
  EXPECT_EQ(value_of(doc.text, "Affected"), ">= 0.3.0, < 0.4.3");
  EXPECT_EQ(value_of(doc.text, "Patched"), "0.4.3");
  EXPECT_EQ(value_of(doc.text, "CVE"), "CVE-2026-31337");
  EXPECT_EQ(value_of(doc.text, "CWE"), "CWE-200");
  // E:P lowers the FIRST CVSS-B score 8.7 of this vector to the CVSS-BT score 7.7.
  EXPECT_EQ(value_of(doc.text, "CVSS v4"),
            "`CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N/E:P` — 7.7 (High, CVSS-BT)");
  // Shown, not pinged: the advisory's credit field is where GitHub links a reporter.
  EXPECT_EQ(value_of(doc.text, "Reporter"), "@&#8203;ada-example");
  EXPECT_EQ(value_of(doc.text, "Acknowledgement"), "2026-03-03");
  EXPECT_EQ(value_of(doc.text, "Triage"), "2026-03-04");
  EXPECT_EQ(value_of(doc.text, "Fix"), "2026-03-12");
  EXPECT_EQ(value_of(doc.text, "Disclosure"), "2026-03-20");
  EXPECT_THAT(value_of(doc.text, "User-safety impact"), HasSubstr("identity leak — a peer in a shared formation"));
}

struct MissingCase {
  const char* label;
  const char* field;
  std::function<void(IncidentFacts&)> clear;
};

TEST(AdvisoryMarkdown, EveryMissingFieldIsNamedWithItsSetCommand) {
  const std::vector<MissingCase> cases = {
      {"Summary", "title", [](IncidentFacts& f) { f.title.clear(); }},
      {"Affected", "affected", [](IncidentFacts& f) { f.affected_versions.clear(), f.introduced_version.clear(); }},
      {"Patched", "patched", [](IncidentFacts& f) { f.patched_version.clear(); }},
      {"CVE", "cve", [](IncidentFacts& f) { f.cve_id.clear(); }},
      {"CWE", "cwe", [](IncidentFacts& f) { f.cwe_ids.clear(); }},
      {"CVSS v4", "cvss-v4", [](IncidentFacts& f) { f.cvss_v4_vector.clear(); }},
      {"User-safety impact", "user-safety-impact", [](IncidentFacts& f) { f.user_safety_impact = "  \n"; }},
      {"Reporter", "credit", [](IncidentFacts& f) { f.credit = CreditPreference::Unset; }},
      {"Acknowledgement", "acknowledged", [](IncidentFacts& f) { f.acknowledged_at.clear(); }},
      {"Triage", "triaged", [](IncidentFacts& f) { f.triaged_at.clear(); }},
      {"Fix", "fixed", [](IncidentFacts& f) { f.fixed_at.clear(); }},
      {"Disclosure", "published", [](IncidentFacts& f) { f.published_at.clear(); }},
  };
  for (const MissingCase& c : cases) {
    IncidentFacts facts = sample_facts();
    c.clear(facts);
    const Document doc = render_advisory_markdown(facts);
    ASSERT_EQ(doc.gaps.size(), 1u) << c.label << "\n" << doc.text;
    EXPECT_EQ(doc.gaps[0].field, c.field);
    EXPECT_THAT(doc.gaps[0].hint, HasSubstr(std::string("tocsin incident set INC-2026-0007 ") + c.field));
    EXPECT_THAT(value_of(doc.text, c.label), HasSubstr("(missing: "));
    EXPECT_THAT(value_of(doc.text, c.label), HasSubstr(doc.gaps[0].hint));
    EXPECT_EQ(labels_of(doc.text), kTemplateLabels);
  }
}

TEST(AdvisoryMarkdown, InvalidValuesAreGapsNotPassedThrough) {
  IncidentFacts facts = sample_facts();
  facts.cwe_ids = {"CWE-200", "CWE79", "CWE-079"};
  facts.cvss_v4_vector = "CVSS:4.0/AV:N/AC:L";
  facts.fixed_at = "last Tuesday";
  const Document doc = render_advisory_markdown(facts);
  EXPECT_TRUE(has_gap(doc, "cwe"));
  EXPECT_TRUE(has_gap(doc, "cvss-v4"));
  EXPECT_TRUE(has_gap(doc, "fixed"));
  EXPECT_THAT(value_of(doc.text, "CWE"), HasSubstr("CWE-200 (missing: 'CWE79' is not a CWE id"));
  EXPECT_THAT(value_of(doc.text, "CVSS v4"), HasSubstr("invalid CVSS vector"));
  EXPECT_THAT(value_of(doc.text, "Fix"), HasSubstr("'last Tuesday' is not an RFC 3339 date-time"));

  facts = sample_facts();
  facts.cvss_v4_vector = facts.cvss_v31_vector;
  EXPECT_THAT(value_of(render_advisory_markdown(facts).text, "CVSS v4"), HasSubstr("is not a CVSS 4.0 vector"));
}

TEST(AdvisoryMarkdown, ShowsV31WhenV4IsMissingButStillReportsTheGap) {
  IncidentFacts facts = sample_facts();
  facts.cvss_v4_vector.clear();
  const Document doc = render_advisory_markdown(facts);
  EXPECT_TRUE(has_gap(doc, "cvss-v4"));
  EXPECT_THAT(value_of(doc.text, "CVSS v4"),
              HasSubstr("CVSS v3.1 on record: `" + facts.cvss_v31_vector + "` — 7.5 (High)"));
}

TEST(AdvisoryMarkdown, AffectedIsDerivedOnlyFromRecordedBounds) {
  IncidentFacts facts = sample_facts();
  facts.affected_versions.clear();
  EXPECT_EQ(value_of(render_advisory_markdown(facts).text, "Affected"), ">= 0.3.0, < 0.4.3");
  facts.patched_version.clear();
  EXPECT_THAT(value_of(render_advisory_markdown(facts).text, "Affected"), HasSubstr("(missing: "));
}

TEST(AdvisoryMarkdown, MultiLineValuesStayOnTheirTemplateLine) {
  IncidentFacts facts = sample_facts();
  facts.title = "Leak\n**CVE**: fake\n  of names";
  const Document doc = render_advisory_markdown(facts);
  EXPECT_EQ(labels_of(doc.text), kTemplateLabels);
  // One line, and the asterisks stay text (escaped) instead of opening bold.
  EXPECT_EQ(value_of(doc.text, "Summary"), "Leak \\*\\*CVE\\*\\*: fake of names");
}

TEST(Credit, HonoursThePreferenceInEveryDocument) {
  struct Case {
    CreditPreference preference;
    std::string credit;
    std::vector<std::string> must_not_appear;
  };
  const std::vector<Case> cases = {
      {CreditPreference::RealName, "Ada Example", {"ada-example"}},
      {CreditPreference::Handle, "@ada-example", {"Ada Example"}},
      {CreditPreference::Anonymous, "anonymous reporter", {"Ada Example", "ada-example"}},
      {CreditPreference::Unset, "", {"Ada Example", "ada-example"}},
  };
  for (const Case& c : cases) {
    IncidentFacts facts = sample_facts();
    facts.credit = c.preference;
    EXPECT_EQ(reporter_credit(facts), c.credit);
    for (const Document& doc : {render_advisory_markdown(facts), render_advisory_osv(facts), render_advisory_cve(facts),
                                render_changelog_line(facts), render_postmortem(facts)}) {
      for (const std::string& secret : c.must_not_appear) EXPECT_THAT(doc.text, Not(HasSubstr(secret))) << doc.text;
    }
    const Document markdown = render_advisory_markdown(facts);
    EXPECT_EQ(has_gap(markdown, "credit"), c.preference == CreditPreference::Unset);
    if (!c.credit.empty()) {
      EXPECT_EQ(value_of(markdown.text, "Reporter"), markdown_text(c.credit));
    }
  }
}

TEST(Credit, PreferredNameOrHandleNotRecordedIsAGap) {
  IncidentFacts facts = sample_facts();
  facts.credit = CreditPreference::RealName;
  facts.reporter_name.clear();
  const Document doc = render_advisory_markdown(facts);
  EXPECT_TRUE(has_gap(doc, "reporter-name"));
  EXPECT_THAT(doc.text, Not(HasSubstr("ada-example")));  // no fallback to the handle
  facts = sample_facts();
  facts.reporter_handle.clear();
  EXPECT_TRUE(has_gap(render_changelog_line(facts), "reporter-handle"));
}

TEST(ChangelogLine, FollowsTheRunbookTemplate) {
  EXPECT_EQ(render_changelog_line(sample_facts()).text,
            "- security: springtale-connector — fix CWE-200/CVE-2026-31337; user-safety impact: a peer in a shared "
            "formation can link a pseudonymous user to the services they hide. Credit: @&#8203;ada-example.\n");
  IncidentFacts facts = sample_facts();
  facts.credit = CreditPreference::Anonymous;
  facts.cve_id.clear();
  facts.cwe_ids = {"CWE-200", "CWE-359"};
  const Document doc = render_changelog_line(facts);
  EXPECT_TRUE(doc.gaps.empty());
  EXPECT_THAT(doc.text, HasSubstr("fix CWE-200/CWE-359; "));
  EXPECT_THAT(doc.text, HasSubstr(". Credit: anonymous reporter.\n"));
}

TEST(ChangelogLine, NamesItsGaps) {
  IncidentFacts facts = sample_facts();
  facts.package.clear();
  facts.cve_id.clear();
  facts.cwe_ids.clear();
  facts.user_safety_impact.clear();
  const Document doc = render_changelog_line(facts);
  EXPECT_TRUE(has_gap(doc, "package"));
  EXPECT_TRUE(has_gap(doc, "cwe"));
  EXPECT_TRUE(has_gap(doc, "user-safety-impact"));
  EXPECT_TRUE(starts_with(doc.text, "- security: (missing: "));
  EXPECT_EQ(std::count(doc.text.begin(), doc.text.end(), '\n'), 1);
}

}  // namespace
}  // namespace tocsin::documents
