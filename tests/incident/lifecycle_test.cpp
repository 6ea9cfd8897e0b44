// Whole playbooks driven through time with explicit instants, checking every clock's deadline
// against calendar dates worked out by hand (2026-05-01T10:00Z + 14 days = 2026-05-15T10:00Z …).
#include <gtest/gtest.h>

#include "core/error.h"
#include "drill.h"

namespace tocsin::incident {
namespace {

using testing::at;
using testing::clock_of;
using testing::Drill;

Config cna_config() {
  return parse_config(
      "cna = true\n[roles]\ntriage = \"@radicalkjax\"\ncrypto_reviewer = [\"@kim\", \"@lee\"]\n"
      "release_engineer = \"@rel\"\n",
      "tocsin.toml");
}

bool any_overdue(const Drill& drill, const char* now) {
  const std::vector<Incident> incidents = load_incidents(*drill.store);
  for (const DueItem& item : due_items(incidents, drill.playbooks, drill.config))
    if (item.clock.overdue(at(now))) return true;
  return false;
}

TEST(Lifecycle, UserSafetyReportFromReportToClose) {
  Drill drill("user_safety", cna_config());
  OpenRequest request;
  request.playbook = "user-safety-report";
  request.title = "Duress vault detectable by file size";
  request.user_safety_class = "duress-detectability";
  request.reporter = "Jo Researcher";
  request.reported_at = at("2026-05-01T10:00:00Z");
  Incident incident = open_incident(drill.when("2026-05-01T11:00:00Z"), request);
  EXPECT_EQ(incident.id, "INC-0001");
  EXPECT_EQ(incident.severity, policy::Level::Critical);  // user-safety is always critical
  EXPECT_EQ(incident.severity_source, "user-safety");

  // Critical: first action within 4h of the report; acknowledgement 24h; fix 14d; disclosure 90d.
  EXPECT_EQ(format_rfc3339(clock_of(incident, drill, ClockKind::FirstAction)->deadline), "2026-05-01T14:00:00Z");
  EXPECT_EQ(format_rfc3339(clock_of(incident, drill, ClockKind::Acknowledge)->deadline), "2026-05-02T10:00:00Z");
  EXPECT_EQ(format_rfc3339(clock_of(incident, drill, ClockKind::Fix)->deadline), "2026-05-15T10:00:00Z");
  EXPECT_EQ(format_rfc3339(clock_of(incident, drill, ClockKind::Disclosure)->deadline), "2026-07-30T10:00:00Z");
  EXPECT_FALSE(clock_of(incident, drill, ClockKind::Cve).has_value());  // starts at the confirmed report
  EXPECT_EQ(clock_of(incident, drill, ClockKind::Fix)->role, "crypto_reviewer");
  EXPECT_EQ(drill.config.people("crypto_reviewer"), "@kim, @lee");

  EXPECT_FALSE(any_overdue(drill, "2026-05-01T14:00:00Z"));  // exactly at the deadline is on time
  EXPECT_TRUE(any_overdue(drill, "2026-05-01T14:00:01Z"));

  incident = acknowledge(drill.when("2026-05-01T15:00:00Z", "radicalkjax"), "INC-0001", "mailed Jo");
  EXPECT_TRUE(clock_of(incident, drill, ClockKind::FirstAction)->late());
  EXPECT_FALSE(clock_of(incident, drill, ClockKind::Acknowledge)->late());
  EXPECT_EQ(step_status(incident, *drill.playbooks.get("user-safety-report").find_step("acknowledge")),
            StepStatus::Done);
  EXPECT_THROW(acknowledge(drill.when("2026-05-01T16:00:00Z"), "INC-0001", ""), Error);
  EXPECT_FALSE(any_overdue(drill, "2026-05-02T12:00:00Z"));

  record_step(drill.when("2026-05-02T09:00:00Z"), "INC-0001", "verify", false, "reproduced on main");
  incident = record_step(drill.when("2026-05-02T12:00:00Z"), "INC-0001", "triage", false, "");
  // cna = true: a CVE within 72h of the confirmed (triaged) report.
  ASSERT_TRUE(clock_of(incident, drill, ClockKind::Cve).has_value());
  EXPECT_EQ(format_rfc3339(clock_of(incident, drill, ClockKind::Cve)->deadline), "2026-05-05T12:00:00Z");
  EXPECT_TRUE(any_overdue(drill, "2026-05-05T12:00:01Z"));
  incident = set_field(drill.when("2026-05-04T12:00:00Z"), "INC-0001", "cve", "cve-2026-12345");
  EXPECT_EQ(incident.cve, "CVE-2026-12345");
  EXPECT_FALSE(clock_of(incident, drill, ClockKind::Cve)->overdue(at("2026-06-01T00:00:00Z")));

  set_field(drill.when("2026-05-04T13:00:00Z"), "INC-0001", "cwe", "200");
  set_field(drill.when("2026-05-04T13:00:00Z"), "INC-0001", "credit", "handle");
  EXPECT_THROW(set_field(drill.when("2026-05-04T13:00:00Z"), "INC-0001", "credit", "famous"), Error);
  EXPECT_THROW(set_field(drill.when("2026-05-04T13:00:00Z"), "INC-0001", "severity", "low"), Error);
  // Actively exploited: disclosure moves to report + 7 days.
  incident = set_field(drill.when("2026-05-05T10:00:00Z"), "INC-0001", "exploited", "true");
  EXPECT_EQ(format_rfc3339(clock_of(incident, drill, ClockKind::Disclosure)->deadline), "2026-05-08T10:00:00Z");

  record_step(drill.when("2026-05-06T10:00:00Z"), "INC-0001", "develop-fix", false, "");
  incident = record_step(drill.when("2026-05-07T10:00:00Z"), "INC-0001", "test", false, "regression test added");
  EXPECT_EQ(format_rfc3339(*incident.fixed_at), "2026-05-07T10:00:00Z");
  EXPECT_THROW(close_incident(drill.when("2026-05-07T11:00:00Z"), "INC-0001", "", false), Error);
  record_step(drill.when("2026-05-07T12:00:00Z"), "INC-0001", "coordinate-disclosure", false, "");
  incident = record_step(drill.when("2026-05-08T09:00:00Z"), "INC-0001", "publish", false, "GHSA published");
  EXPECT_FALSE(clock_of(incident, drill, ClockKind::Disclosure)->late());
  EXPECT_FALSE(any_overdue(drill, "2026-12-31T00:00:00Z"));
  record_step(drill.when("2026-05-09T09:00:00Z"), "INC-0001", "post-mortem", false, "");
  incident = close_incident(drill.when("2026-05-09T10:00:00Z"), "INC-0001", "fixed in v1.2.3-secfix.1", false);
  EXPECT_TRUE(incident.closed());

  // Everything an advisory needs is in the record.
  EXPECT_EQ(format_rfc3339(*incident.acknowledged_at), "2026-05-01T15:00:00Z");
  EXPECT_EQ(format_rfc3339(*incident.triaged_at), "2026-05-02T12:00:00Z");
  EXPECT_EQ(format_rfc3339(*incident.disclosed_at), "2026-05-08T09:00:00Z");
  EXPECT_EQ(incident.reporter, "Jo Researcher");
  EXPECT_EQ(incident.credit, "handle");
  EXPECT_EQ(incident.cwe, "CWE-200");
  EXPECT_THROW(record_step(drill.when("2026-05-10T10:00:00Z"), "INC-0001", "verify", false, ""), Error);
  EXPECT_TRUE(due_items(load_incidents(*drill.store), drill.playbooks, drill.config).empty());
  EXPECT_TRUE(verify_chain(drill.store->read_all(), drill.store->head()).ok());
}

TEST(Lifecycle, DependencyOffTheReleasePathIsBannedNotReleased) {
  Drill drill("release_path_no", cna_config());
  OpenRequest request;
  request.playbook = "vulnerable-dependency";
  request.title = "RUSTSEC-2020-0071 in time 0.1.45 (dev-only)";
  open_incident(drill.when("2026-05-01T10:00:00Z"), request);
  Incident incident = load_incident(*drill.store, "INC-0001");
  EXPECT_EQ(incident.severity, policy::Level::High);  // the playbook's default
  EXPECT_EQ(format_rfc3339(clock_of(incident, drill, ClockKind::FirstAction)->deadline), "2026-05-02T10:00:00Z");
  EXPECT_TRUE(clock_of(incident, drill, ClockKind::Disclosure).has_value());  // undecided: it may run

  // The triage step decides the branch, so it needs the decision first.
  EXPECT_THROW(record_step(drill.when("2026-05-01T11:00:00Z"), "INC-0001", "triage", false, ""), Error);
  EXPECT_THROW(record_step(drill.when("2026-05-01T11:00:00Z"), "INC-0001", "pin-rollback", false, ""), Error);
  EXPECT_THROW(set_field(drill.when("2026-05-01T11:00:00Z"), "INC-0001", "release-path", "maybe"), Error);
  incident = set_field(drill.when("2026-05-01T11:00:00Z"), "INC-0001", "release-path", "no");
  EXPECT_EQ(incident.branches.at("release-path"), "no");
  incident = record_step(drill.when("2026-05-01T11:30:00Z"), "INC-0001", "triage", false, "dev-dependency only");
  const Playbook& playbook = drill.playbooks.get("vulnerable-dependency");
  EXPECT_EQ(step_status(incident, *playbook.find_step("pin-rollback")), StepStatus::NotApplicable);
  EXPECT_EQ(step_status(incident, *playbook.find_step("ban")), StepStatus::Pending);
  EXPECT_THROW(record_step(drill.when("2026-05-01T12:00:00Z"), "INC-0001", "pin-rollback", false, ""), Error);
  // Not shipped: no advisory, so neither disclosure nor CVE clock runs.
  EXPECT_FALSE(clock_of(incident, drill, ClockKind::Disclosure).has_value());
  EXPECT_FALSE(clock_of(incident, drill, ClockKind::Cve).has_value());
  record_step(drill.when("2026-05-01T12:00:00Z"), "INC-0001", "ban", false, "deny.toml ban added");
  record_step(drill.when("2026-05-01T12:30:00Z"), "INC-0001", "long-term", true, "nothing to change");
  incident = close_incident(drill.when("2026-05-01T13:00:00Z"), "INC-0001", "", false);
  EXPECT_TRUE(incident.closed());
  EXPECT_TRUE(incident.steps.at("long-term").skipped);
}

TEST(Lifecycle, DependencyOnTheReleasePathRunsEveryClock) {
  Drill drill("release_path_yes", cna_config());
  OpenRequest request;
  request.playbook = "vulnerable-dependency";
  request.title = "GHSA in serde_yaml";
  request.severity = policy::Level::Medium;
  request.reported_at = at("2026-03-01T00:00:00Z");
  open_incident(drill.when("2026-03-01T06:00:00Z"), request);
  set_field(drill.when("2026-03-01T07:00:00Z"), "INC-0001", "branch.release-path", "yes");
  Incident incident = record_step(drill.when("2026-03-01T08:00:00Z"), "INC-0001", "triage", false, "");
  EXPECT_EQ(format_rfc3339(clock_of(incident, drill, ClockKind::FirstAction)->deadline), "2026-03-04T00:00:00Z");
  EXPECT_EQ(format_rfc3339(clock_of(incident, drill, ClockKind::Cve)->deadline), "2026-03-04T08:00:00Z");
  EXPECT_EQ(format_rfc3339(clock_of(incident, drill, ClockKind::Disclosure)->deadline), "2026-05-30T00:00:00Z");
  EXPECT_EQ(clock_of(incident, drill, ClockKind::Disclosure)->role, "release_engineer");
  EXPECT_EQ(step_status(incident, *drill.playbooks.get("vulnerable-dependency").find_step("ban")),
            StepStatus::NotApplicable);
  // A decision with recorded steps of its arm cannot be flipped.
  record_step(drill.when("2026-03-02T08:00:00Z"), "INC-0001", "pin-rollback", false, "");
  EXPECT_THROW(set_field(drill.when("2026-03-02T09:00:00Z"), "INC-0001", "release-path", "no"), Error);
  EXPECT_TRUE(any_overdue(drill, "2026-03-04T08:00:01Z"));  // no CVE yet
  incident = close_incident(drill.when("2026-03-05T00:00:00Z"), "INC-0001", "superseded", true);
  EXPECT_TRUE(incident.closed());
  EXPECT_FALSE(any_overdue(drill, "2026-12-01T00:00:00Z"));  // closed: clocks stop
}

TEST(Lifecycle, KevFalsePositiveIsRecordedAsVex) {
  Drill drill("kev_false_positive");
  OpenRequest request;
  request.playbook = "kev-failure";
  request.title = "KEV CVE-2021-44228 matched by CPE";
  request.kev = true;
  request.reported_at = at("2026-01-10T00:00:00Z");
  Incident incident = open_incident(drill.when("2026-01-10T00:00:00Z"), request);
  EXPECT_EQ(incident.severity, policy::Level::High);  // KEV minimum
  // KEV-listed: the short disclosure window (7 days by default).
  EXPECT_EQ(format_rfc3339(clock_of(incident, drill, ClockKind::Disclosure)->deadline), "2026-01-17T00:00:00Z");
  EXPECT_FALSE(clock_of(incident, drill, ClockKind::Cve).has_value());  // cna = false
  record_step(drill.when("2026-01-10T01:00:00Z"), "INC-0001", "read-output", false, "");
  set_field(drill.when("2026-01-10T02:00:00Z"), "INC-0001", "kev-match", "false-positive");
  incident = record_step(drill.when("2026-01-10T02:00:00Z"), "INC-0001", "confirm", false, "not on our path");
  EXPECT_FALSE(clock_of(incident, drill, ClockKind::Disclosure).has_value());
  incident = record_step(drill.when("2026-01-10T03:00:00Z"), "INC-0001", "vex-not-affected", false, "");
  EXPECT_NO_THROW(close_incident(drill.when("2026-01-10T04:00:00Z"), "INC-0001", "", false));
}

TEST(Lifecycle, SeverityComesFromFlagThenPlaybookAndSetsTheFirstActionSla) {
  Drill drill("severity");
  OpenRequest request;
  request.playbook = "leaked-credentials";
  request.title = "npm token in a public gist";
  Incident leaked = open_incident(drill.when("2026-02-01T00:00:00Z"), request);
  EXPECT_EQ(leaked.severity, policy::Level::Critical);
  EXPECT_EQ(format_rfc3339(clock_of(leaked, drill, ClockKind::FirstAction)->deadline), "2026-02-01T04:00:00Z");
  leaked = set_field(drill.when("2026-02-01T01:00:00Z"), leaked.id, "severity", "low");
  EXPECT_EQ(format_rfc3339(clock_of(leaked, drill, ClockKind::FirstAction)->deadline), "2026-02-08T00:00:00Z");

  request.playbook = "llm-redteam-bypass";
  request.title = "Guardrail bypass";
  request.cvss = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N";  // 3.1: Low
  const Incident scored = open_incident(drill.when("2026-02-01T00:00:00Z"), request);
  EXPECT_EQ(scored.id, "INC-0002");
  EXPECT_EQ(scored.severity, policy::Level::Low);
  request.cvss = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N";  // A missing
  EXPECT_THROW(open_incident(drill.when("2026-02-01T00:00:00Z"), request), Error);
  request.cvss.clear();
  request.reported_at = at("2026-02-02T00:00:00Z");  // after now
  EXPECT_THROW(open_incident(drill.when("2026-02-01T00:00:00Z"), request), Error);
  request.reported_at.reset();
  request.user_safety_class = "no-such-class";
  EXPECT_THROW(open_incident(drill.when("2026-02-01T00:00:00Z"), request), Error);
  EXPECT_EQ(load_incidents(*drill.store).size(), 2u);  // nothing written by the failures
}

TEST(Lifecycle, LlmBypassWithoutExposureNeedsNoAdvisory) {
  Drill drill("llm");
  OpenRequest request;
  request.playbook = "llm-redteam-bypass";
  request.title = "Corpus run found a bypass";
  open_incident(drill.when("2026-02-01T00:00:00Z"), request);
  for (const char* step : {"identify-adapter", "quarantine", "patch-guardrail", "add-to-corpus"})
    record_step(drill.when("2026-02-01T01:00:00Z"), "INC-0001", step, false, "");
  set_field(drill.when("2026-02-01T02:00:00Z"), "INC-0001", "data-exposed", "no");
  const Incident incident = record_step(drill.when("2026-02-01T03:00:00Z"), "INC-0001", "verify-redteam", false, "");
  EXPECT_EQ(step_status(incident, *drill.playbooks.get("llm-redteam-bypass").find_step("release-advisory")),
            StepStatus::NotApplicable);
  EXPECT_NO_THROW(close_incident(drill.when("2026-02-01T04:00:00Z"), "INC-0001", "", false));
}

TEST(Lifecycle, ConfigErrorsNameTheLine) {
  const Config config = parse_config(
      "[incident]\ndisclosure_days = 60\nexploited_disclosure_days = 3\ncve_assignment_hours = 48\n", "t.toml");
  EXPECT_EQ(config.disclosure_days, 60);
  EXPECT_EQ(config.exploited_disclosure_days, 3);
  EXPECT_EQ(config.cve_assignment_hours, 48);
  EXPECT_FALSE(config.cna);
  EXPECT_EQ(config.people("triage"), "(unassigned)");
  const std::pair<const char*, int> bad[] = {
      {"[incident]\ndisclosure_days = 90\ndisclosure_dayz = 30\n", 3},
      {"[roles]\ntriage = \"@a\"\nsecurity_champion = \"@b\"\n", 3},
      {"[roles]\ntriage = 7\n", 2},
      {"cna = \"yes\"\n", 1},
      {"[incident]\ndisclosure_days = 0\n", 2},
      {"[policy]\nkev_minimum = \"urgent\"\n", 2},  // the policy module's section is read too
  };
  for (const auto& [text, line] : bad) {
    try {
      parse_config(text, "t.toml");
      ADD_FAILURE() << text;
    } catch (const Error& e) {
      EXPECT_EQ(e.line(), line) << text << e.what();
    }
  }
}

}  // namespace
}  // namespace tocsin::incident

namespace tocsin::incident {
namespace {

// Issue 11: affected and patched are validated when recorded, in the grammar the OSV and CVE
// records state exactly; the error says what to write.
TEST(SetField, AffectedAndPatchedAreValidatedWhenSet) {
  testing::Drill drill("affected_patched");
  OpenRequest request;
  request.playbook = "vulnerable-dependency";
  request.title = "demo";
  open_incident(drill.when("2026-05-01T10:00:00Z"), request);
  const Session now = drill.when("2026-05-01T11:00:00Z");
  Incident incident = set_field(now, "INC-0001", "affected", ">= 0.3.0, < 0.3.5 || >= 0.4.0, < 0.4.3");
  EXPECT_EQ(incident.affected, ">= 0.3.0, < 0.3.5 || >= 0.4.0, < 0.4.3");
  incident = set_field(now, "INC-0001", "patched", " 0.3.5 ,0.4.3 ");
  EXPECT_EQ(incident.patched, "0.3.5, 0.4.3");
  for (const char* bad : {"> 0.3.0", "^0.3", "0.3.*", "all"}) {
    try {
      set_field(now, "INC-0001", "affected", bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("affected: "), std::string::npos) << e.what();
    }
  }
  try {
    set_field(now, "INC-0001", "patched", ">= 0.4.3");
    ADD_FAILURE() << "a range was accepted as the patched version";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("is not a version"), std::string::npos) << e.what();
  }
  OpenRequest wrong = request;
  wrong.patched = ">= 1.0";
  EXPECT_THROW(open_incident(now, wrong), Error);
  // The refused values were not recorded.
  EXPECT_EQ(load_incident(*drill.store, "INC-0001").patched, "0.3.5, 0.4.3");
}

}  // namespace
}  // namespace tocsin::incident
