// Golden files of every document for the sample incident (tests/fixtures/documents/golden/).
// TOCSIN_UPDATE_GOLDEN=1 only rewrites them (and skips); review the diff before keeping it (see SOURCES.md).
#include "support/golden.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "core/text.h"
#include "documents/documents.h"
#include "documents/sample_facts.h"

namespace tocsin::documents {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::sample_facts;

void expect_golden(const std::string& name, const Document& document) {
  EXPECT_TRUE(document.gaps.empty()) << name << ": the sample incident is complete";
  tocsin::testing::expect_golden(std::string(TOCSIN_FIXTURES) + "/documents/golden/" + name, document.text);
}

TEST(Golden, AdvisoryMarkdown) { expect_golden("advisory.md", render_advisory_markdown(sample_facts())); }
TEST(Golden, AdvisoryOsv) { expect_golden("advisory.osv.json", render_advisory_osv(sample_facts())); }
TEST(Golden, AdvisoryCve) { expect_golden("advisory.cve.json", render_advisory_cve(sample_facts())); }
TEST(Golden, ChangelogLine) { expect_golden("changelog.md", render_changelog_line(sample_facts())); }
TEST(Golden, Postmortem) { expect_golden("postmortem.md", render_postmortem(sample_facts())); }

TEST(Postmortem, TimelineComesFromTheRecordInUtcAndJudgementIsLeftOpen) {
  const std::string text = render_postmortem(sample_facts()).text;
  EXPECT_THAT(text, HasSubstr("| 2026-03-03T03:15:00Z | reporter | Report received"));
  // Handles are shown, not pinged (issue 10 item 6).
  EXPECT_THAT(text, HasSubstr("| 2026-03-04T13:30:00Z | @&#8203;radicalkjax |"));
  EXPECT_THAT(text, HasSubstr("Fix merged on the private branch \\| regression test added"));
  EXPECT_THAT(text, HasSubstr("STRIDE category: I (Information disclosure)"));
  for (const char* section : {"## Root cause\n\n_TO BE WRITTEN_", "## What went well\n\n_TO BE WRITTEN_",
                              "## What went wrong\n\n_TO BE WRITTEN_", "- [ ] _TO BE WRITTEN_"})
    EXPECT_THAT(text, HasSubstr(section));
  EXPECT_THAT(text,
              HasSubstr("| _TO BE WRITTEN_ | `springtale-connector` | Awareness gossip leaks hidden connector names "
                        "to formation peers | I | _TO BE WRITTEN_ | _TO BE WRITTEN_ |"));
}

TEST(Postmortem, CombinedStrideAndGaps) {
  IncidentFacts facts = sample_facts();
  facts.stride = {Stride::Spoofing, Stride::Tampering};
  EXPECT_THAT(render_postmortem(facts).text, HasSubstr("STRIDE category: S/T (Spoofing, Tampering)"));
  facts.stride.clear();
  facts.timeline.clear();
  const Document doc = render_postmortem(facts);
  std::vector<std::string> fields;
  for (const Gap& gap : doc.gaps) fields.push_back(gap.field);
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre("stride", "timeline"));
  EXPECT_THAT(doc.text, HasSubstr("STRIDE category: (missing: no STRIDE category recorded"));
  EXPECT_THAT(doc.text, Not(HasSubstr("| Time | Actor | Event |")));
}

}  // namespace
}  // namespace tocsin::documents
