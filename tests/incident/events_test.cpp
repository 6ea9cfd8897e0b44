// The typed incident events (incident/events.h): each type's payload against the exact bytes the
// code before the types wrote (the record fixtures under tests/fixtures/incident/record/, written
// by that code), round trips, malformed payloads and types from a newer tocsin.
#include "incident/events.h"

#include <gtest/gtest.h>

#include <set>

#include "core/error.h"
#include "incident/incident.h"
#include "record_golden.h"

namespace tocsin::incident::events {
namespace {

using testing::read_record_lines;
using testing::record_fixture;

std::vector<Event> all_fixture_events() {
  std::vector<Event> out;
  for (const char* name : {"drill.jsonl", "release.jsonl", "redteam.jsonl"})
    for (Event& e : read_record_lines(record_fixture(name))) out.push_back(std::move(e));
  return out;
}

Event event_of(std::string type, std::string payload, std::string incident = "INC-0002", std::int64_t seq = 7) {
  return Event{
      seq, std::move(incident), "alice", "2026-05-01T10:00:00Z", std::move(type), std::move(payload), kGenesisHash, ""};
}

// The error decode(event) throws, or a failed expectation.
std::string decode_error(const Event& event) {
  try {
    decode(event);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << event.type << " " << event.payload << " decoded";
  return "";
}

// Every event the old code wrote decodes to a known type and encodes back to its stored bytes.
TEST(Events, EveryRecordedPayloadEncodesBackToItsBytes) {
  std::set<std::string> types;
  for (const Event& event : all_fixture_events()) {
    const Payload payload = decode(event);
    ASSERT_FALSE(std::holds_alternative<Unknown>(payload)) << event.type;
    const std::string text = std::visit(
        [](const auto& typed) -> std::string {
          if constexpr (std::is_same_v<std::decay_t<decltype(typed)>, Unknown>)
            return "";
          else
            return payload_text(to_json(typed));
        },
        payload);
    EXPECT_EQ(text, event.payload) << event_location(event) << " " << event.type;
    types.insert(event.type);
  }
  // The fixtures hold every type this version writes.
  EXPECT_EQ(types, (std::set<std::string>{"opened", "acknowledged", "step", "field-set", "closed", "finding-fixed",
                                          "finding-reappeared", "external-linked", "external-state", "scan-recorded",
                                          "release-tags"}));
}

// Each type built from its struct, compared with a payload copied from the fixtures.
TEST(Events, EachTypeWritesTheRecordedBytes) {
  EXPECT_EQ(payload_text(to_json(Acknowledged{"mailed Jo"})), R"({"note":"mailed Jo"})");
  EXPECT_EQ(payload_text(to_json(StepRecorded{"acknowledge", "done", "acknowledged", "acknowledged"})),
            R"({"step":"acknowledge","status":"done","note":"acknowledged","milestone":"acknowledged"})");
  EXPECT_EQ(payload_text(to_json(StepRecorded{"triage", "done", "", "triaged"})),
            R"({"step":"triage","status":"done","milestone":"triaged"})");
  EXPECT_EQ(payload_text(to_json(StepRecorded{"long-term", "skipped", "nothing to change", ""})),
            R"({"step":"long-term","status":"skipped","note":"nothing to change"})");
  EXPECT_EQ(payload_text(to_json(FieldSet{"embargo", {"crypto_reviewer", "triage"}, "true", "", ""})),
            R"({"field":"embargo","embargo_roles":["crypto_reviewer","triage"],"value":"true"})");
  EXPECT_EQ(
      payload_text(to_json(FieldSet{
          "severity", {}, "critical", "user-safety", "user-safety class duress-detectability is always critical"})),
      R"({"field":"severity","value":"critical","source":"user-safety","why":"user-safety class duress-detectability is always critical"})");
  EXPECT_EQ(payload_text(to_json(FieldSet{"kev", {}, "true", "finding", ""})),
            R"({"field":"kev","value":"true","source":"finding"})");
  EXPECT_EQ(
      payload_text(to_json(Closed{
          "handled elsewhere", true, {"develop-fix", "test", "coordinate-disclosure", "publish", "post-mortem"}})),
      R"({"note":"handled elsewhere","forced":true,"pending":["develop-fix","test","coordinate-disclosure","publish","post-mortem"]})");
  const std::string chrono = "finding:crates.io/chrono@0.1.45/RUSTSEC-2020-0159";
  EXPECT_EQ(payload_text(to_json(FindingFixed{chrono, ""})),
            R"({"finding_key":"finding:crates.io/chrono@0.1.45/RUSTSEC-2020-0159"})");
  EXPECT_EQ(payload_text(to_json(FindingReappeared{chrono})),
            R"({"finding_key":"finding:crates.io/chrono@0.1.45/RUSTSEC-2020-0159"})");
  EXPECT_EQ(
      payload_text(to_json(ExternalLinked{{{"key", "github-dependabot:o/r#7"},
                                           {"source", "github-dependabot"},
                                           {"state", "open"},
                                           {"url", "https://github.com/o/r/security/42"}}})),
      R"({"external":{"key":"github-dependabot:o/r#7","source":"github-dependabot","state":"open","url":"https://github.com/o/r/security/42"}})");
  EXPECT_EQ(
      payload_text(
          to_json(ExternalState{"github-dependabot:o/r#42", "fixed", "2026-05-16T08:00:00Z", "upgraded", true})),
      R"({"key":"github-dependabot:o/r#42","state":"fixed","at":"2026-05-16T08:00:00Z","note":"upgraded","fixed":true})");
  EXPECT_EQ(payload_text(to_json(ReleaseTags{"https://example.org/r.git", {{"v0.9.0", "bbbb"}, {"v1.0.0", "aaaa"}}})),
            R"({"repository":"https://example.org/r.git","tags":{"v0.9.0":"bbbb","v1.0.0":"aaaa"}})");
}

TEST(Events, OpenedKeepsBothRecordedKeyOrders) {
  Opened by_hand;
  by_hand.playbook = "vulnerable-dependency";
  by_hand.title = "lodash prototype pollution";
  by_hand.severity = "high";
  by_hand.severity_source = "flag";
  by_hand.severity_why = "given when opened";
  by_hand.reported_at = "2026-05-11T08:00:00Z";
  by_hand.impact = "i";
  by_hand.summary = "s";
  EXPECT_EQ(
      payload_text(to_json(by_hand)),
      R"({"playbook":"vulnerable-dependency","title":"lodash prototype pollution","severity":"high","severity_source":"flag","severity_why":"given when opened","reported_at":"2026-05-11T08:00:00Z","impact":"i","summary":"s"})");
  Opened from_finding = by_hand;
  from_finding.reported_at.clear();
  from_finding.finding_key = "finding:x";
  from_finding.kev = true;
  EXPECT_EQ(
      payload_text(to_json(from_finding)),
      R"({"playbook":"vulnerable-dependency","title":"lodash prototype pollution","severity":"high","severity_source":"flag","severity_why":"given when opened","finding_key":"finding:x","summary":"s","impact":"i","kev":true})");
}

template <class E>
void expect_round_trip(const E& original) {
  const Event event = event_of(std::string(E::kType), payload_text(to_json(original)));
  EXPECT_EQ(decode_as<E>(event), original) << E::kType;
}

TEST(Events, EveryTypeRoundTrips) {
  Opened opened;
  opened.playbook = "user-safety-report";
  opened.title = "t \"q\" ünï";
  opened.severity = "critical";
  opened.severity_source = "user-safety";
  opened.severity_why = "w";
  opened.reported_at = "2026-05-01T10:00:00Z";
  opened.user_safety_class = "duress-detectability";
  opened.reporter = "Jo";
  opened.credit = "handle";
  opened.cve = "CVE-2026-12345";
  opened.cwe = "CWE-200";
  opened.cvss = "CVSS:3.1/AV:N";
  opened.affected = "<1.4.2";
  opened.patched = "1.4.2";
  opened.impact = "i";
  opened.summary = "s";
  opened.kev = opened.exploited = true;
  opened.external = {{"key", "k"}, {"state", "open"}};
  opened.redteam = Json{{"key", "redteam:stub/x"}, {"turns", Json::array({Json{{"role", "user"}}})}};
  expect_round_trip(opened);
  expect_round_trip(Acknowledged{"n"});
  expect_round_trip(StepRecorded{"verify", "skipped", "n", "fixed"});
  expect_round_trip(FieldSet{"embargo", {"triage"}, "true", "s", "w"});
  expect_round_trip(Closed{"n", true, {"a", "b"}});
  expect_round_trip(FindingFixed{"k", "n"});
  expect_round_trip(FindingReappeared{"k"});
  expect_round_trip(ExternalLinked{{{"key", "k"}}});
  expect_round_trip(ExternalState{"k", "fixed", "2026-01-01T00:00:00Z", "n", true});
  expect_round_trip(ScanRecorded{true, {ScanFinding{"k", "high", "t", "INC-0001", std::nullopt}}});
  expect_round_trip(ReleaseTags{"r", {{"v1", "abc"}}});
}

TEST(Events, MissingKeysReadAsEmpty) {
  const FieldSet set = decode_as<FieldSet>(event_of("field-set", "{}"));
  EXPECT_EQ(set, (FieldSet{}));
  const Opened opened = decode_as<Opened>(event_of("opened", R"({"title":"t","kev":null})"));
  EXPECT_EQ(opened.title, "t");
  EXPECT_FALSE(opened.kev);
}

TEST(Events, MalformedPayloadsAreErrorsNamingTheEvent) {
  EXPECT_EQ(decode_error(event_of("opened", "[1]")),
            "incident record: seq 7 (INC-0002): the payload is not a JSON object");
  EXPECT_NE(decode_error(event_of("step", "{not json")).find("incident record seq 7 (INC-0002)"), std::string::npos);
  EXPECT_EQ(decode_error(event_of("opened", R"({"kev":"yes"})")),
            "incident record: seq 7 (INC-0002): opened: \"kev\" is not true or false");
  EXPECT_EQ(decode_error(event_of("field-set", R"({"field":"title","value":3})")),
            "incident record: seq 7 (INC-0002): field-set: \"value\" is not a string");
  EXPECT_EQ(decode_error(event_of("closed", R"({"note":"","forced":true,"pending":[1]})")),
            "incident record: seq 7 (INC-0002): closed: \"pending\" is not an array of strings");
  EXPECT_EQ(decode_error(event_of("external-linked", R"({"external":{"key":1}})")),
            "incident record: seq 7 (INC-0002): external-linked: \"external\" is not an object of strings");
  EXPECT_EQ(decode_error(event_of("scan-recorded", R"({"complete":true,"findings":[{"key":2}]})", "", 3)),
            "incident record: seq 3: scan-recorded: findings: \"key\" is not a string");
  EXPECT_EQ(decode_error(event_of("scan-recorded", R"({"findings":{}})", "", 3)),
            "incident record: seq 3: scan-recorded: \"findings\" is not an array of objects");
  EXPECT_EQ(decode_error(event_of("release-tags", R"({"repository":"r"})", "", 4)),
            "incident record: seq 4: release-tags: a release-tags event without a tags object");
  try {
    decode_as<Closed>(event_of("step", "{}"));
    ADD_FAILURE() << "decoded a step as closed";
  } catch (const Error& e) {
    EXPECT_EQ(e.message(), "seq 7 (INC-0002): a step event where closed was expected");
  }
}

TEST(Events, ReplayReportsAMalformedPayloadWithItsSeq) {
  std::vector<Event> log{event_of("opened", R"({"playbook":"security-report","title":"t"})", "INC-0001", 1),
                         event_of("step", R"({"step":"triage","status":7})", "INC-0001", 2)};
  try {
    replay(log);
    ADD_FAILURE() << "replayed";
  } catch (const Error& e) {
    EXPECT_EQ(e.message(), "seq 2 (INC-0001): step: \"status\" is not a string");
  }
}

// An event type from a newer tocsin: kept in the incident's events, applied as nothing (the
// behaviour before the typed events too); of no incident, skipped; of an incident never opened,
// an error like any event of such an incident.
TEST(Events, UnknownTypesFromANewerTocsinAreKeptAndChangeNothing) {
  const Event future = event_of("sbom-attached", R"({"sbom":{"format":"cyclonedx"},"n":1})", "INC-0001", 2);
  const Payload payload = decode(future);
  ASSERT_TRUE(std::holds_alternative<Unknown>(payload));
  EXPECT_EQ(std::get<Unknown>(payload).type, "sbom-attached");

  const Event opened =
      event_of("opened", R"({"playbook":"security-report","title":"t","severity":"high"})", "INC-0001", 1);
  const Incident before = replay({opened}).front();
  const std::vector<Incident> after = replay({opened, future, event_of("project-note", "{}", "", 3)});
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].events.size(), 2u);
  EXPECT_EQ(after[0].events[1].type, "sbom-attached");
  EXPECT_EQ(after[0].title, before.title);
  EXPECT_EQ(after[0].first_action_at, before.first_action_at);
  EXPECT_EQ(after[0].steps.size(), 0u);
  EXPECT_FALSE(after[0].closed());
  // Still a JSON object, like every payload.
  EXPECT_THROW(replay({opened, event_of("sbom-attached", "[]", "INC-0001", 2)}), Error);
  EXPECT_THROW(replay({event_of("sbom-attached", "{}", "INC-0003", 1)}), Error);
}

}  // namespace
}  // namespace tocsin::incident::events
