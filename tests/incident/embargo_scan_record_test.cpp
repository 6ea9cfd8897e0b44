// Issue 19: the embargo of an incident and the record of the latest dependency scan (read by
// `tocsin serve`), and that replay and verify live with the record-level "scan-recorded" event.
#include <gtest/gtest.h>

#include "core/error.h"
#include "incident/drill.h"

namespace tocsin::incident::testing {
namespace {

FindingObservation observation(const char* name, const char* id, policy::Level level) {
  FindingObservation finding;
  finding.key = finding_key("npm", name, "1.0.0", id);
  finding.title = std::string(name) + " 1.0.0: " + id;
  finding.severity = level;
  return finding;
}

TEST(Embargo, SetRecordsItAndReplayReadsIt) {
  Drill drill("embargo");
  open_incident(drill.when("2026-04-01T00:00:00Z"), {.playbook = "leaked-credentials", .title = "token leaked"});
  Incident incident = set_field(drill.when("2026-04-01T01:00:00Z"), "INC-0001", "embargo", "true");
  EXPECT_TRUE(incident.embargo);
  EXPECT_TRUE(incident.embargo_roles.empty());
  // The default owners: the roles of the playbook's steps.
  EXPECT_EQ(embargo_roles(incident, drill.playbooks.get("leaked-credentials")),
            (std::vector<std::string>{"crypto_reviewer", "release_engineer"}));
  // Who may see it is no action on the incident: the first-action clock is not met by it.
  EXPECT_FALSE(incident.first_action_at.has_value());

  incident = set_field(drill.when("2026-04-01T02:00:00Z"), "INC-0001", "embargo-roles", " triage , release_engineer");
  EXPECT_TRUE(incident.embargo);
  EXPECT_EQ(incident.embargo_roles, (std::vector<std::string>{"triage", "release_engineer"}));
  EXPECT_EQ(incident.events.back().payload,
            R"({"field":"embargo","embargo_roles":["triage","release_engineer"],"value":"true"})");
  EXPECT_EQ(embargo_roles(incident, drill.playbooks.get("leaked-credentials")),
            (std::vector<std::string>{"triage", "release_engineer"}));

  incident = set_field(drill.when("2026-04-01T03:00:00Z"), "INC-0001", "embargo", "false");
  EXPECT_FALSE(incident.embargo);
  EXPECT_TRUE(incident.embargo_roles.empty());

  EXPECT_THROW(set_field(drill.when("2026-04-01T03:00:00Z"), "INC-0001", "embargo", "yes"), Error);
  EXPECT_THROW(set_field(drill.when("2026-04-01T03:00:00Z"), "INC-0001", "embargo-roles", "admin"), Error);
  EXPECT_THROW(set_field(drill.when("2026-04-01T03:00:00Z"), "INC-0001", "embargo-roles", " , "), Error);
  // The JSON of show carries the embargo only when there is one (others' output is unchanged).
  EXPECT_FALSE(incident_json(incident, drill.playbooks.get("leaked-credentials"), drill.config, 0).contains("embargo"));
}

TEST(ScanRecord, TheLatestDependencyScanIsRecordedOncePerChange) {
  Drill drill("scan_record");
  EXPECT_TRUE(latest_scan_json(drill.store->read_all()).is_null());
  const FindingObservation lodash = observation("lodash", "GHSA-1", policy::Level::Critical);
  const FindingObservation minimist = observation("minimist", "GHSA-2", policy::Level::Low);
  sync_findings(drill.when("2026-04-01T00:00:00Z", "scan"), {lodash, minimist}, true);

  nlohmann::ordered_json scan = latest_scan_json(drill.store->read_all());
  ASSERT_FALSE(scan.is_null());
  EXPECT_EQ(scan["recorded_at"], "2026-04-01T00:00:00Z");
  EXPECT_EQ(scan["complete"], true);
  ASSERT_EQ(scan["findings"].size(), 2u);
  EXPECT_EQ(scan["findings"][0]["key"], lodash.key);
  EXPECT_EQ(scan["findings"][0]["level"], "critical");
  EXPECT_EQ(scan["findings"][0]["incident"], "INC-0001");
  EXPECT_EQ(scan["findings"][0]["deadline"], "2026-04-01T04:00:00Z");  // critical: 4h
  EXPECT_EQ(scan["findings"][1]["deadline"], "2026-04-08T00:00:00Z");  // low: 7d

  // Replay skips it (two incidents, no third), verify accepts it.
  EXPECT_EQ(load_incidents(*drill.store).size(), 2u);
  EXPECT_TRUE(verify_chain(drill.store->read_all(), drill.store->head()).ok());

  // The same scan a day later: nothing new, nothing written (the deadline runs from detection).
  const std::size_t events = drill.store->read_all().size();
  sync_findings(drill.when("2026-04-02T00:00:00Z", "scan"), {lodash, minimist}, true);
  EXPECT_EQ(drill.store->read_all().size(), events);

  // minimist gone: a new summary with lodash alone, its deadline still from its first detection.
  sync_findings(drill.when("2026-04-03T00:00:00Z", "scan"), {lodash}, true);
  scan = latest_scan_json(drill.store->read_all());
  EXPECT_EQ(scan["recorded_at"], "2026-04-03T00:00:00Z");
  ASSERT_EQ(scan["findings"].size(), 1u);
  EXPECT_EQ(scan["findings"][0]["deadline"], "2026-04-01T04:00:00Z");

  // Other detectors share sync_findings (ci audit, secrets): their findings are not a dependency scan.
  FindingObservation secret;
  secret.key = "secret:abc";
  secret.title = "a token";
  secret.severity = policy::Level::High;
  sync_findings(drill.when("2026-04-04T00:00:00Z", "secrets"), {secret}, false);
  EXPECT_EQ(latest_scan_json(drill.store->read_all())["recorded_at"], "2026-04-03T00:00:00Z");
  EXPECT_EQ(load_incidents(*drill.store).size(), 3u);
  EXPECT_TRUE(verify_chain(drill.store->read_all(), drill.store->head()).ok());
}

}  // namespace
}  // namespace tocsin::incident::testing
