// Intake into the incident record: idempotence, state changes, clocks from the report time, joins.
#include <gtest/gtest.h>

#include "core/text.h"
#include "incident/drill.h"
#include "intake/intake.h"

namespace tocsin::intake {
namespace {

using incident::testing::Drill;

std::vector<ListItem> list(const std::string& name) {
  return read_github_list(name, read_file(std::string(TOCSIN_FIXTURES) + "/intake/" + name));
}

std::vector<incident::ExternalReport> dependabot(const std::string& name) {
  return dependabot_reports(name, list(name), Context{});
}

TEST(IntakeSync, DependabotOpensOncePerOpenAlertAndRecordsLaterStates) {
  Drill drill("intake_dependabot");
  incident::ExternalSync sync =
      incident::sync_external(drill.when("2026-12-05T00:00:00Z"), dependabot("dependabot-alerts.json"));
  EXPECT_EQ(sync.opened, (std::vector<std::string>{"INC-0001", "INC-0002"}));
  EXPECT_EQ(sync.ignored, 1u);  // the dismissed alert opens nothing
  const std::size_t events = drill.store->read_all().size();

  // The same export again (here as paginated pages): nothing written.
  sync = incident::sync_external(drill.when("2026-12-05T01:00:00Z"), dependabot("dependabot-paginate.json"));
  EXPECT_TRUE(sync.opened.empty());
  EXPECT_EQ(sync.unchanged.size(), 2u);
  EXPECT_EQ(drill.store->read_all().size(), events);

  // Later: #2 fixed, #1 dismissed → one state event each; the fixed one reaches its fix milestone.
  sync = incident::sync_external(drill.when("2026-12-06T00:00:00Z"), dependabot("dependabot-alerts-later.json"));
  EXPECT_EQ(sync.changed, (std::vector<std::string>{"INC-0001", "INC-0002"}));
  EXPECT_EQ(drill.store->read_all().size(), events + 2);
  const auto incidents = incident::load_incidents(*drill.store);
  EXPECT_EQ(incidents[0].external.at("state"), "fixed");
  EXPECT_EQ(incidents[0].fixed_at, parse_time("2022-09-01T10:00:00Z", "t"));
  EXPECT_EQ(incidents[1].external.at("state"), "dismissed");
  EXPECT_FALSE(incidents[1].fixed_at.has_value());
  EXPECT_FALSE(incidents[1].closed());  // dismissed keeps the incident open for a maintainer
  EXPECT_EQ(incidents[1].events.back().type, "external-state");
  EXPECT_NE(incidents[1].events.back().payload.find("tolerable_risk: not reachable"), std::string::npos);

  // And again: idempotent.
  sync = incident::sync_external(drill.when("2026-12-06T01:00:00Z"), dependabot("dependabot-alerts-later.json"));
  EXPECT_TRUE(sync.changed.empty());
  EXPECT_EQ(drill.store->read_all().size(), events + 2);
}

TEST(IntakeSync, ClocksStartAtTheReportNotAtTheImport) {
  Drill drill("intake_clocks");
  const auto reports = advisory_reports("advisories.json", list("advisories.json"), Context{});
  // Imported 30 hours after the advisory was created: the 24-hour acknowledgement is overdue at once.
  const incident::Session session = drill.when("2026-12-02T14:00:00Z");
  const incident::ExternalSync sync = incident::sync_external(session, reports);
  ASSERT_EQ(sync.opened.size(), 2u);  // triage + published; draft and withdrawn open nothing
  const incident::Incident vault = incident::load_incident(*drill.store, sync.opened[0]);
  EXPECT_EQ(vault.playbook, "user-safety-report");
  EXPECT_EQ(vault.severity, policy::Level::Critical);
  EXPECT_EQ(vault.reported_at, parse_time("2026-12-01T08:00:00Z", "t"));
  const auto ack = incident::testing::clock_of(vault, drill, incident::ClockKind::Acknowledge);
  ASSERT_TRUE(ack.has_value());
  EXPECT_EQ(ack->deadline, parse_time("2026-12-02T08:00:00Z", "t"));
  EXPECT_TRUE(ack->overdue(session.now));

  const incident::Incident xss = incident::load_incident(*drill.store, sync.opened[1]);
  EXPECT_EQ(xss.playbook, "reported-vulnerability");
  EXPECT_EQ(xss.severity_source, "policy");
  EXPECT_EQ(xss.reporter, "@bob");
}

TEST(IntakeSync, AdvisoryStateChangesAndADraftMovingToTriage) {
  Drill drill("intake_advisories");
  incident::sync_external(drill.when("2026-12-02T00:00:00Z"),
                          advisory_reports("a.json", list("advisories.json"), Context{}));
  const incident::ExternalSync later = incident::sync_external(
      drill.when("2026-12-11T00:00:00Z"), advisory_reports("a.json", list("advisories-later.json"), Context{}));
  EXPECT_EQ(later.changed, (std::vector<std::string>{"INC-0001"}));  // triage → published
  EXPECT_EQ(later.opened, (std::vector<std::string>{"INC-0003"}));   // the draft is now a report
  EXPECT_EQ(incident::load_incident(*drill.store, "INC-0001").external.at("state"), "published");
}

TEST(IntakeSync, AnAlertJoinsTheScanIncidentOfTheSameVulnerability) {
  Drill drill("intake_join");
  incident::FindingObservation finding;
  finding.key = incident::finding_key("crates.io", "time", "0.1.45", "RUSTSEC-2020-0071");
  finding.title = "RUSTSEC-2020-0071 in time@0.1.45";
  finding.cve = "CVE-2020-26235";
  incident::sync_findings(drill.when("2026-12-01T00:00:00Z", "scan"), {finding}, true);

  const incident::ExternalSync sync =
      incident::sync_external(drill.when("2026-12-05T00:00:00Z"), dependabot("dependabot-alerts.json"));
  EXPECT_EQ(sync.joined, (std::vector<std::string>{"INC-0001"}));
  EXPECT_EQ(sync.opened, (std::vector<std::string>{"INC-0002"}));  // Django: no scan incident
  const incident::Incident joined = incident::load_incident(*drill.store, "INC-0001");
  EXPECT_EQ(joined.external.at("key"), "github-dependabot:octocat/hello-world#1");
  EXPECT_EQ(joined.external.at("ghsa"), "GHSA-wcg3-cvx6-7396");
  // The joined alert is followed from then on like one that opened its own incident.
  const incident::ExternalSync again =
      incident::sync_external(drill.when("2026-12-05T01:00:00Z"), dependabot("dependabot-alerts.json"));
  EXPECT_TRUE(again.joined.empty() && again.opened.empty());
}

TEST(IntakeSync, OneBadReportWritesNothing) {
  Drill drill("intake_atomic");
  std::vector<incident::ExternalReport> reports = dependabot("dependabot-alerts.json");
  reports[1].request.cvss = "CVSS:3.1/AV:X";  // invalid: refused before anything is written
  EXPECT_THROW(incident::sync_external(drill.when("2026-12-05T00:00:00Z"), reports), Error);
  EXPECT_TRUE(drill.store->read_all().empty());
}

}  // namespace
}  // namespace tocsin::intake
