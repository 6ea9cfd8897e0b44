// The incident record -> documents bridge (src/disclosure/facts.h), which used to live in the CLI
// untested. Expected values follow the rules its header states, worked out by hand.
#include "disclosure/facts.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "support/scratch_dir.h"

namespace tocsin::disclosure {
namespace {

incident::Event event(std::int64_t seq, std::string type, std::string payload) {
  incident::Event e;
  e.seq = seq;
  e.incident = "INC-0001";
  e.actor = "maintainer";
  e.time = "2026-03-01T10:00:00Z";
  e.type = std::move(type);
  e.payload = std::move(payload);
  return e;
}

incident::Incident sample() {
  incident::Incident incident;
  incident.id = "INC-0001";
  incident.playbook = "security-report";
  incident.title = "Path traversal";
  incident.severity = policy::Level::High;
  incident.reported_at = 1772359200;  // 2026-03-01T10:00:00Z
  return incident;
}

TEST(Reporter, HandleAloneNameAloneAndBoth) {
  incident::Incident incident = sample();
  incident.reporter = "@jo";
  documents::IncidentFacts facts = facts_from_incident(incident, nullptr, {});
  EXPECT_EQ(facts.reporter_handle, "@jo");
  EXPECT_EQ(facts.reporter_name, "");

  incident.reporter = "Jo Smith (@jo)";
  facts = facts_from_incident(incident, nullptr, {});
  EXPECT_EQ(facts.reporter_name, "Jo Smith");
  EXPECT_EQ(facts.reporter_handle, "@jo");

  incident.reporter = "Jo Smith @jo";
  facts = facts_from_incident(incident, nullptr, {});
  EXPECT_EQ(facts.reporter_name, "Jo Smith");
  EXPECT_EQ(facts.reporter_handle, "@jo");

  incident.reporter = "Jo Smith";
  facts = facts_from_incident(incident, nullptr, {});
  EXPECT_EQ(facts.reporter_name, "Jo Smith");
  EXPECT_EQ(facts.reporter_handle, "");
}

TEST(Reporter, CreditWordsMapToPreferences) {
  incident::Incident incident = sample();
  const std::pair<const char*, documents::CreditPreference> cases[] = {
      {"real-name", documents::CreditPreference::RealName},
      {"Real Name", documents::CreditPreference::RealName},
      {" handle ", documents::CreditPreference::Handle},
      {"anonymous", documents::CreditPreference::Anonymous},
      {"", documents::CreditPreference::Unset},
      {"whatever", documents::CreditPreference::Unset}};
  for (const auto& [word, preference] : cases) {
    incident.credit = word;
    EXPECT_EQ(facts_from_incident(incident, nullptr, {}).credit, preference) << word;
  }
}

TEST(Reporter, AnonymousCreditRedactsTheReporterEverywhere) {
  incident::Incident incident = sample();
  incident.reporter = "Jo Smith (@jo)";
  incident.credit = "anonymous";
  incident.events.push_back(event(1, "acknowledged", R"({"note":"thanks Jo Smith, and @jo too"})"));
  incident.events.push_back(event(2, "field-set", R"j({"field":"reporter","value":"Jo Smith (@jo)"})j"));
  const documents::IncidentFacts facts = facts_from_incident(incident, nullptr, {});
  EXPECT_EQ(facts.reporter_name, "");
  EXPECT_EQ(facts.reporter_handle, "");
  ASSERT_EQ(facts.timeline.size(), 2u);
  EXPECT_EQ(facts.timeline[0].text, "acknowledged the report: thanks [reporter], and [reporter] too");
  EXPECT_EQ(facts.timeline[1].text, "set reporter = [reporter]");
}

TEST(Facts, CweCvssAndAffectedAreSplitAsDocumented) {
  incident::Incident incident = sample();
  incident.cwe = "CWE-79, CWE-200/CWE-22";
  incident.cvss = " CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N ";
  incident.affected = ">= 0.3.0, < 0.4.3";
  incident.patched = " 0.4.3 ";
  documents::IncidentFacts facts = facts_from_incident(incident, nullptr, {});
  EXPECT_EQ(facts.cwe_ids, (std::vector<std::string>{"CWE-79", "CWE-200", "CWE-22"}));
  EXPECT_EQ(facts.cvss_v31_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N");
  EXPECT_EQ(facts.cvss_v4_vector, "");
  EXPECT_EQ(facts.introduced_version, "0.3.0");
  EXPECT_EQ(facts.patched_version, "0.4.3");
  EXPECT_EQ(facts.severity, "High");

  incident.cvss = "CVSS:2.0/garbage";  // not 3.1: the v4 slot, where the renderer names it invalid
  incident.affected = "< 0.4.3";
  facts = facts_from_incident(incident, nullptr, {});
  EXPECT_EQ(facts.cvss_v4_vector, "CVSS:2.0/garbage");
  EXPECT_EQ(facts.introduced_version, "0");

  incident.affected = "0.4.0 to 0.4.2";  // states no first version
  EXPECT_EQ(facts_from_incident(incident, nullptr, {}).introduced_version, "");
}

TEST(Facts, PackageFromTheProjectElseFromTheExternalReport) {
  incident::Incident incident = sample();
  incident.external["package"] = "crates.io/time";
  documents::IncidentFacts facts = facts_from_incident(incident, nullptr, {});
  EXPECT_EQ(facts.ecosystem, "crates.io");
  EXPECT_EQ(facts.package, "time");

  ProjectInfo project;
  project.package = "mine";
  project.ecosystem = "npm";
  facts = facts_from_incident(incident, nullptr, project);
  EXPECT_EQ(facts.package, "mine");
  EXPECT_EQ(facts.ecosystem, "npm");
}

TEST(Timeline, EventsAreReadWithTheirPlaybookStepTitles) {
  incident::Playbook playbook;
  incident::Step fix;
  fix.id = "fix";
  fix.title = "Write the fix";
  fix.milestone = incident::Milestone::Fixed;
  playbook.steps.push_back(fix);
  incident::Incident incident = sample();
  incident.events.push_back(
      event(1, "opened", R"({"playbook":"security-report","severity":"high","title":"Path traversal"})"));
  incident.events.push_back(event(2, "step", R"({"step":"fix","status":"done","milestone":"fixed","note":"v1.2"})"));
  incident.events.push_back(event(3, "field-set", R"({"field":"branch.scope","value":"public"})"));
  incident.events.push_back(event(4, "closed", R"({"forced":true,"pending":["disclose","cve"]})"));
  incident.events.push_back(event(5, "finding-fixed", "{}"));
  const documents::IncidentFacts facts = facts_from_incident(incident, &playbook, {});
  ASSERT_EQ(facts.timeline.size(), 5u);
  EXPECT_EQ(facts.timeline[0].text, "opened on playbook security-report, severity high — Path traversal");
  EXPECT_EQ(facts.timeline[1].text, "step fix done (Write the fix) — milestone fixed: v1.2");
  EXPECT_EQ(facts.timeline[2].text, "decided scope = public");
  EXPECT_EQ(facts.timeline[3].text, "closed (forced; still open: disclose, cve)");
  EXPECT_EQ(facts.timeline[4].text, "the finding is gone from the scan");
}

TEST(Stride, LettersNamesAndCompactNames) {
  using documents::Stride;
  EXPECT_EQ(parse_stride("I/D"), (std::vector<Stride>{Stride::InformationDisclosure, Stride::DenialOfService}));
  EXPECT_EQ(parse_stride("s, tampering; ElevationOfPrivilege, S"),
            (std::vector<Stride>{Stride::Spoofing, Stride::Tampering, Stride::ElevationOfPrivilege}));
  EXPECT_TRUE(parse_stride("").empty());
  EXPECT_THROW(parse_stride("X"), Error);
}

TEST(Gaps, RemediesNameTheCommandThatFillsTheField) {
  incident::Playbook playbook;
  incident::Step triage;
  triage.id = "triage";
  triage.milestone = incident::Milestone::Triaged;
  playbook.steps.push_back(triage);
  const incident::Incident incident = sample();
  EXPECT_EQ(gap_remedy({"triaged", "", "generic"}, incident, &playbook), "tocsin incident step INC-0001 triage --done");
  EXPECT_EQ(gap_remedy({"fixed", "", "generic"}, incident, &playbook), "the playbook has no fixed milestone step");
  EXPECT_EQ(gap_remedy({"acknowledged", "", "generic"}, incident, nullptr), "tocsin incident ack INC-0001");
  EXPECT_EQ(gap_remedy({"cvss-v4", "", "generic"}, incident, nullptr), "tocsin incident set INC-0001 cvss CVSS:4.0/…");
  EXPECT_EQ(gap_remedy({"cve", "", "generic"}, incident, nullptr), "generic");  // the renderer's own

  documents::Document document;
  document.text = "CVSS: missing (`generic`)\nother `generic-not` text\n";
  document.gaps.push_back({"cvss-v4", "no vector", "generic"});
  point_gaps_at_remedies(document, incident, nullptr);
  EXPECT_EQ(document.text,
            "CVSS: missing (`tocsin incident set INC-0001 cvss CVSS:4.0/…`)\nother `generic-not` text\n");
  EXPECT_EQ(document.gaps[0].hint, "tocsin incident set INC-0001 cvss CVSS:4.0/…");
}

TEST(Project, OverridesReplaceAndUrlsAreChecked) {
  ProjectInfo base;
  base.name = "from-config";
  base.package = "pkg";
  ProjectInfo overrides;
  overrides.name = " cli-name ";
  const ProjectInfo merged = merge_project_info(base, overrides);
  EXPECT_EQ(merged.name, "cli-name");
  EXPECT_EQ(merged.package, "pkg");
  overrides.repository_url = "javascript:alert(1)";
  EXPECT_THROW(merge_project_info(base, overrides), Error);
}

TEST(Project, TheOnlyManifestFillsWhatTheConfigLeavesOut) {
  const tocsin::testing::ScratchDir scratch;
  const std::filesystem::path dir = scratch.path();
  std::ofstream(dir / "Cargo.toml") << "[package]\nname = \"widget\"\nversion = \"1.0.0\"\n";
  ProjectInfo configured;
  configured.name = "Widget Project";
  ProjectInfo info = read_project_info(dir.string(), configured);
  EXPECT_EQ(info.name, "Widget Project");
  EXPECT_EQ(info.package, "widget");
  EXPECT_EQ(info.ecosystem, "crates.io");

  // Two manifests naming packages: which one the advisory is about is the maintainer's call.
  std::ofstream(dir / "package.json") << R"({"name": "widget-js", "version": "1.0.0"})";
  info = read_project_info(dir.string(), {});
  EXPECT_EQ(info.package, "");
  EXPECT_EQ(info.ecosystem, "");
}

}  // namespace
}  // namespace tocsin::disclosure
