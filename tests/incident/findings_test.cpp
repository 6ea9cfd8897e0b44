// The scan's side: one incident per finding key, across scans.
#include <gtest/gtest.h>

#include "drill.h"

namespace tocsin::incident {
namespace {

using testing::Drill;

FindingObservation observation(const std::string& name, const std::string& id, bool kev = false) {
  FindingObservation finding;
  finding.key = finding_key("npm", name, "1.0.0", id);
  finding.title = id + " in " + name + "@1.0.0";
  finding.severity = kev ? policy::Level::High : policy::Level::Medium;
  finding.severity_why = "CVSS";
  finding.kev = kev;
  return finding;
}

TEST(Findings, KeyNamesEcosystemPackageVersionAndVulnerability) {
  EXPECT_EQ(finding_key("crates.io", "time", "0.1.45", "RUSTSEC-2020-0071"),
            "finding:crates.io/time@0.1.45/RUSTSEC-2020-0071");
}

TEST(Findings, ScansOpenOnceFollowAndNoticeFixes) {
  Drill drill("findings");
  const FindingObservation lodash = observation("lodash", "GHSA-jf85-cpcp-j695");
  const FindingObservation minimist = observation("minimist", "GHSA-xvch-5gv4-984h");

  FindingSync sync = sync_findings(drill.when("2026-04-01T00:00:00Z", "scan"), {lodash, minimist}, true);
  EXPECT_EQ(sync.opened, (std::vector<std::string>{"INC-0001", "INC-0002"}));
  const std::size_t after_first = drill.store->read_all().size();
  EXPECT_EQ(after_first, 3u);  // two incidents opened and the scan's summary (scan-recorded)

  // Same findings again: idempotent, nothing written.
  sync = sync_findings(drill.when("2026-04-02T00:00:00Z", "scan"), {lodash, minimist}, true);
  EXPECT_TRUE(sync.opened.empty() && sync.updated.empty() && sync.fixed.empty());
  EXPECT_EQ(drill.store->read_all().size(), after_first);

  // minimist upgraded away: its incident records the fix, once.
  sync = sync_findings(drill.when("2026-04-03T00:00:00Z", "scan"), {lodash}, true);
  EXPECT_EQ(sync.fixed, std::vector<std::string>{"INC-0002"});
  sync = sync_findings(drill.when("2026-04-04T00:00:00Z", "scan"), {lodash}, true);
  EXPECT_TRUE(sync.fixed.empty());
  Incident gone = load_incident(*drill.store, "INC-0002");
  EXPECT_EQ(format_rfc3339(*gone.finding_fixed_at), "2026-04-03T00:00:00Z");
  EXPECT_FALSE(gone.closed());  // a human closes; the scan only records

  // A partial scan (complete = false) never marks anything fixed.
  sync = sync_findings(drill.when("2026-04-05T00:00:00Z", "scan"), {}, false);
  EXPECT_TRUE(sync.fixed.empty());

  // Back again (downgrade): the same incident, marked reappeared.
  sync = sync_findings(drill.when("2026-04-06T00:00:00Z", "scan"), {lodash, minimist}, true);
  EXPECT_EQ(sync.reappeared, std::vector<std::string>{"INC-0002"});
  EXPECT_FALSE(load_incident(*drill.store, "INC-0002").finding_fixed_at.has_value());

  // lodash becomes KEV-listed: severity and the KEV flag follow (the disclosure clock shortens).
  FindingObservation listed = lodash;
  listed.kev = true;
  listed.severity = policy::Level::High;
  sync = sync_findings(drill.when("2026-04-07T00:00:00Z", "scan"), {listed, minimist}, true);
  EXPECT_EQ(sync.updated, std::vector<std::string>{"INC-0001"});
  const Incident lodash_incident = load_incident(*drill.store, "INC-0001");
  EXPECT_EQ(lodash_incident.severity, policy::Level::High);
  EXPECT_TRUE(lodash_incident.kev);
  EXPECT_EQ(lodash_incident.playbook, "vulnerable-dependency");
  EXPECT_FALSE(lodash_incident.first_action_at.has_value());  // the scan is not a human action

  // A human-set severity is not overridden by the next scan.
  set_field(drill.when("2026-04-08T00:00:00Z"), "INC-0001", "severity", "critical");
  listed.severity = policy::Level::Medium;
  sync_findings(drill.when("2026-04-09T00:00:00Z", "scan"), {listed, minimist}, true);
  EXPECT_EQ(load_incident(*drill.store, "INC-0001").severity, policy::Level::Critical);

  // Closed while present (accepted risk): left alone by later scans.
  close_incident(drill.when("2026-04-10T00:00:00Z"), "INC-0001", "accepted", true);
  sync = sync_findings(drill.when("2026-04-11T00:00:00Z", "scan"), {listed, minimist}, true);
  EXPECT_TRUE(sync.opened.empty());
  // Fixed, closed, and back: a regression, a new incident.
  sync_findings(drill.when("2026-04-12T00:00:00Z", "scan"), {listed}, true);
  close_incident(drill.when("2026-04-13T00:00:00Z"), "INC-0002", "fixed", true);
  sync = sync_findings(drill.when("2026-04-14T00:00:00Z", "scan"), {listed, minimist}, true);
  EXPECT_EQ(sync.opened, std::vector<std::string>{"INC-0003"});
  EXPECT_TRUE(verify_chain(drill.store->read_all(), drill.store->head()).ok());
}

TEST(Findings, KevFindingsOpenOnTheKevPlaybook) {
  Drill drill("kev_finding");
  sync_findings(drill.when("2026-04-01T00:00:00Z", "scan"), {observation("log4js", "CVE-2021-44228", true)}, true);
  const Incident incident = load_incident(*drill.store, "INC-0001");
  EXPECT_EQ(incident.playbook, "kev-failure");
  EXPECT_EQ(incident.finding_key, "finding:npm/log4js@1.0.0/CVE-2021-44228");
  EXPECT_TRUE(incident.kev);
}

}  // namespace
}  // namespace tocsin::incident

namespace tocsin::incident {
namespace {

TEST(Findings, ACompleteDependencyScanLeavesOtherDetectorsIncidentsAlone) {
  testing::Drill drill("findings_scope");
  FindingObservation secret;
  secret.key = "secret:0123456789abcdef";
  secret.title = "leaked token";
  secret.playbook = "leaked-credentials";
  sync_findings(drill.when("2026-04-01T00:00:00Z", "scan"), {secret}, false);
  // A complete dependency scan without that key must not record the secret as fixed.
  const FindingSync sync = sync_findings(drill.when("2026-04-02T00:00:00Z", "scan"), {}, true);
  EXPECT_TRUE(sync.fixed.empty());
  EXPECT_FALSE(load_incident(*drill.store, "INC-0001").finding_fixed_at.has_value());
}

}  // namespace
}  // namespace tocsin::incident
