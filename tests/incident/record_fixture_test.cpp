// The recorded store fixture (tests/fixtures/incident/record/drill.jsonl): one drill through
// every event the incident commands write — opened by hand, from a finding and from an outside
// report; acknowledged (with its milestone step); steps done and skipped, with and without a
// note; every field-set shape (plain, branch, severity from user-safety, embargo-roles, from a
// finding with and without why); closed plain and forced; finding-fixed / -reappeared;
// external-linked / -state; scan-recorded. The fixture was written by the code that built each
// payload by hand; the drill must still write it byte for byte, hashes included, and the fixture
// must replay and verify (in SQLite and PostgreSQL stores too).
#include <gtest/gtest.h>

#include "drill.h"
#include "record_golden.h"
#include "store_backends.h"

namespace tocsin::incident {
namespace {

using testing::at;
using testing::Drill;

FindingObservation finding(const std::string& name, const std::string& id, policy::Level level) {
  FindingObservation f;
  f.key = finding_key("crates.io", name, "0.1.45", id);
  f.title = id + " in " + name + "@0.1.45";
  f.severity = level;
  f.severity_why = "CVSS 6.2";
  f.cve = "CVE-2020-26235";
  f.cvss = "CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H";
  f.patched = ">=0.2.23";
  f.summary = "Potential segfault in the time crate";
  f.impact = "workflows: ci.yml";
  return f;
}

// The drill; every instant and actor is fixed, so the record (hashes included) is reproducible.
void run_drill(Drill& drill) {
  OpenRequest report;
  report.playbook = "user-safety-report";
  report.title = "  Duress vault detectable by file size ";
  report.user_safety_class = "duress-detectability";
  report.reporter = "Jo Researcher";
  report.credit = "handle";
  report.cve = "cve-2026-12345";
  report.cwe = "200";
  report.affected = "<1.4.2";
  report.patched = "1.4.2";
  report.impact = "a coerced user is exposed";
  report.summary = "the hidden volume changes the file size";
  report.exploited = true;
  report.reported_at = at("2026-05-01T10:00:00Z");
  open_incident(drill.when("2026-05-01T11:00:00Z"), report);
  acknowledge(drill.when("2026-05-01T15:00:00Z", "radicalkjax"), "INC-0001", "mailed Jo");
  record_step(drill.when("2026-05-02T09:00:00Z"), "INC-0001", "verify", false, "reproduced on main");
  record_step(drill.when("2026-05-02T12:00:00Z"), "INC-0001", "triage", false, "");
  set_field(drill.when("2026-05-03T09:00:00Z"), "INC-0001", "kev", "true");
  set_field(drill.when("2026-05-03T09:00:00Z"), "INC-0001", "embargo-roles", "crypto_reviewer, triage");
  set_field(drill.when("2026-05-03T10:00:00Z"), "INC-0001", "embargo", "false");
  close_incident(drill.when("2026-05-10T10:00:00Z"), "INC-0001", "handled elsewhere", true);

  OpenRequest plain;
  plain.playbook = "vulnerable-dependency";
  plain.title = "lodash prototype pollution";
  plain.severity = policy::Level::High;
  open_incident(drill.when("2026-05-11T08:00:00Z", "bob"), plain);
  set_field(drill.when("2026-05-11T09:00:00Z"), "INC-0002", "release-path", "no");
  record_step(drill.when("2026-05-11T09:30:00Z"), "INC-0002", "triage", false, "dev-dependency only");
  record_step(drill.when("2026-05-11T10:00:00Z"), "INC-0002", "long-term", true, "nothing to change");
  set_field(drill.when("2026-05-11T10:30:00Z"), "INC-0002", "user-safety", "duress-detectability");
  set_field(drill.when("2026-05-11T11:00:00Z"), "INC-0002", "title", "lodash: prototype pollution \"quoted\" ünï");

  const FindingObservation time_crate = finding("time", "RUSTSEC-2020-0071", policy::Level::Medium);
  FindingObservation other = finding("chrono", "RUSTSEC-2020-0159", policy::Level::Low);
  other.severity_why = "";
  other.kev = true;
  sync_findings(drill.when("2026-05-12T00:00:00Z", "scan"), {time_crate, other}, true);
  sync_findings(drill.when("2026-05-13T00:00:00Z", "scan"), {time_crate}, true);  // chrono fixed
  FindingObservation worse = time_crate;
  worse.severity = policy::Level::High;
  worse.severity_why = "KEV-listed";
  worse.kev = true;
  worse.patched = ">=0.2.24";
  sync_findings(drill.when("2026-05-14T00:00:00Z", "scan"), {worse, other}, true);  // chrono back

  ExternalReport alert;
  alert.key = "github-dependabot:o/r#42";
  alert.state = "open";
  alert.opens = true;
  alert.request.playbook = "vulnerable-dependency";
  alert.request.title = "Dependabot: openssl";
  alert.request.severity = policy::Level::Medium;
  alert.request.severity_source = "dependabot";
  alert.request.severity_why = "GHSA severity moderate";
  alert.request.external = {{"source", "github-dependabot"}, {"url", "https://github.com/o/r/security/42"}};
  ExternalReport joining;
  joining.key = "github-dependabot:o/r#7";
  joining.state = "open";
  joining.opens = true;
  joining.join_package = "crates.io/time";
  joining.join_ids = {"RUSTSEC-2020-0071"};
  joining.request = alert.request;
  joining.request.title = "Dependabot: time";
  sync_external(drill.when("2026-05-15T00:00:00Z", "intake"), {alert, joining});
  alert.state = "fixed";
  alert.fixed = true;
  alert.state_at = "2026-05-16T08:00:00Z";
  alert.state_note = "upgraded";
  ExternalReport dismissed = joining;
  dismissed.state = "dismissed";
  dismissed.state_note = "tolerable risk";
  sync_external(drill.when("2026-05-17T00:00:00Z", "intake"), {alert, dismissed});
}

TEST(RecordFixture, TheDrillWritesTheFixtureByteForByte) {
  Drill drill("record_fixture");
  run_drill(drill);
  testing::expect_record_golden(drill.store->read_all(), "drill.jsonl");
}

TEST(RecordFixture, TheFixtureVerifiesAndReplays) {
  const std::vector<Event> events = testing::read_record_lines(testing::record_fixture("drill.jsonl"));
  ASSERT_FALSE(events.empty());
  const Verification verification = verify_chain(events, Head{events.back().seq, events.back().hash});
  EXPECT_TRUE(verification.ok()) << verification.problems.front().message;
  const std::vector<Incident> incidents = replay(events);
  ASSERT_EQ(incidents.size(), 5u);
  const Incident& report = incidents[0];
  EXPECT_EQ(report.title, "Duress vault detectable by file size");
  EXPECT_EQ(report.severity, policy::Level::Critical);
  EXPECT_EQ(report.cve, "CVE-2026-12345");
  EXPECT_EQ(report.cwe, "CWE-200");
  EXPECT_EQ(report.credit, "handle");
  EXPECT_TRUE(report.exploited && report.kev);
  EXPECT_FALSE(report.embargo);
  EXPECT_TRUE(report.embargo_roles.empty());  // embargo false after embargo-roles
  EXPECT_EQ(format_rfc3339(*report.acknowledged_at), "2026-05-01T15:00:00Z");
  EXPECT_EQ(format_rfc3339(*report.triaged_at), "2026-05-02T12:00:00Z");
  EXPECT_TRUE(report.closed());
  const Incident& plain = incidents[1];
  EXPECT_EQ(plain.severity, policy::Level::Critical);
  EXPECT_EQ(plain.severity_source, "user-safety");
  EXPECT_EQ(plain.branches.at("release-path"), "no");
  EXPECT_TRUE(plain.steps.at("long-term").skipped);
  EXPECT_EQ(plain.title, "lodash: prototype pollution \"quoted\" ünï");
  const Incident& time_crate = incidents[2];
  EXPECT_EQ(time_crate.severity, policy::Level::High);
  EXPECT_TRUE(time_crate.kev);
  EXPECT_EQ(time_crate.patched, ">=0.2.24");
  EXPECT_EQ(time_crate.external.at("key"), "github-dependabot:o/r#7");
  EXPECT_EQ(time_crate.external.at("state"), "dismissed");
  EXPECT_FALSE(incidents[3].finding_fixed_at.has_value());  // fixed, then back
  EXPECT_EQ(incidents[4].external.at("state"), "fixed");
  EXPECT_EQ(format_rfc3339(*incidents[4].fixed_at), "2026-05-16T08:00:00Z");
}

// The fixture's events written into a fresh store of each backend: the store chains them to the
// very hashes recorded in the fixture, and replays them as the fixture replays.
class RecordFixtureStore : public testing::BackendTest {};

TEST_P(RecordFixtureStore, StoresChainTheFixtureToTheSameHashes) {
  const std::vector<Event> fixture = testing::read_record_lines(testing::record_fixture("drill.jsonl"));
  std::unique_ptr<EventStore> store = open_event_store(fresh_spec("record_fixture"), StoreMode::Create);
  store->transact([&](const std::vector<Event>&) {
    std::vector<NewEvent> out;
    for (const Event& e : fixture) out.push_back(NewEvent{e.incident, e.actor, e.time, e.type, e.payload});
    return out;
  });
  const auto [events, head] = store->read_with_head();
  ASSERT_EQ(events.size(), fixture.size());
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].hash, fixture[i].hash) << "seq " << i + 1;
  EXPECT_TRUE(verify_chain(events, head).ok());
  EXPECT_EQ(replay(events).size(), replay(fixture).size());
}

TOCSIN_BOTH_BACKENDS(RecordFixtureStore);

}  // namespace
}  // namespace tocsin::incident
