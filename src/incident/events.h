// The incident record's events as types: one struct per event type, each with exactly one
// to_json and one from_json, and the type names written once (kType). Every module that writes
// or reads an event goes through these — the commands (engine.cpp, findings.cpp, external.cpp),
// replay, the documents' timeline (disclosure/), `release tags`, `redteam run`.
//
// The payload bytes are hashed into the chain (event_store.h), so to_json writes the keys in the
// order and shape tocsin has always written them (tests/fixtures/incident/record/ holds records
// written before these types existed; the tests compare byte for byte). Keys with an empty value
// are left out unless said otherwise.
//
// Reading is lenient where the record always was: a missing key reads as empty / false, null as
// absent. A key of the wrong type, or a payload that is not a JSON object, is an Error naming the
// event ("incident record: seq 7 (INC-0002): field-set: \"value\" is not a string").
//
// An event type this version does not know (written by a newer tocsin) decodes as Unknown: it
// stays in the chain and in its incident's event list, and changes nothing when replayed.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/json_dom.h"
#include "core/time.h"
#include "incident/event_store.h"

namespace tocsin::incident::events {

using Json = nlohmann::ordered_json;

// "opened": a new incident. Keys in this order: playbook, title, severity, severity_source and
// severity_why (always), finding_key, reported_at, user_safety_class, reporter, credit, cve, cwe,
// cvss, affected, patched, impact, summary, kev / exploited (only when true), external, redteam.
// An incident opened from a finding (finding_key set) has summary before impact: the order the
// scan has always written. severity_source: flag, user-safety, playbook, policy or finding (or
// the source of an outside report, e.g. dependabot).
struct Opened {
  static constexpr std::string_view kType = "opened";
  std::string playbook, title, severity, severity_source, severity_why;
  std::string finding_key;  // opened by a scan (or another detector) for this finding
  std::string reported_at;  // RFC 3339; empty: the instant of the event
  std::string user_safety_class, reporter, credit, cve, cwe, cvss, affected, patched, impact, summary;
  bool kev = false;
  bool exploited = false;
  std::map<std::string, std::string> external;  // see Incident::external
  Json redteam;                                 // null, or the object redteam/incidents.h records (opaque here)
  bool operator==(const Opened&) const = default;
};

// "acknowledged": {note} (note always written).
struct Acknowledged {
  static constexpr std::string_view kType = "acknowledged";
  std::string note;
  bool operator==(const Acknowledged&) const = default;
};

// "step": {step, status, note, milestone}; status is "done" or "skipped".
struct StepRecorded {
  static constexpr std::string_view kType = "step";
  std::string step, status, note, milestone;
  bool operator==(const StepRecorded&) const = default;
};

// "field-set": {field, embargo_roles, value, source, why}. Booleans as "true"/"false", branches as
// field "branch.<id>"; source "finding" when a scan set it (no human action), "user-safety" …
struct FieldSet {
  static constexpr std::string_view kType = "field-set";
  std::string field;
  // With field "embargo": the roles that own the embargoed incident (empty: its playbook's step
  // roles, see incident.h embargo_roles).
  std::vector<std::string> embargo_roles;
  std::string value, source, why;
  bool operator==(const FieldSet&) const = default;
};

// "closed": {note, forced, pending} (all three always written).
struct Closed {
  static constexpr std::string_view kType = "closed";
  std::string note;
  bool forced = false;
  std::vector<std::string> pending;  // steps still open when forced
  bool operator==(const Closed&) const = default;
};

// "finding-fixed": {finding_key, note} — the finding is gone (a scan, a passing red-team case).
struct FindingFixed {
  static constexpr std::string_view kType = "finding-fixed";
  std::string finding_key, note;
  bool operator==(const FindingFixed&) const = default;
};

// "finding-reappeared": {finding_key}.
struct FindingReappeared {
  static constexpr std::string_view kType = "finding-reappeared";
  std::string finding_key;
  bool operator==(const FindingReappeared&) const = default;
};

// "external-linked": {external} (always) — an outside report (object: key, source, id, url,
// state, …) joined an incident already open for the same vulnerability.
struct ExternalLinked {
  static constexpr std::string_view kType = "external-linked";
  std::map<std::string, std::string> external;
  bool operator==(const ExternalLinked&) const = default;
};

// "external-state": {key, state, at, note, fixed (only when true)} — the outside report changed
// state; fixed reaches the `fixed` milestone at `at` (else at the event's time).
struct ExternalState {
  static constexpr std::string_view kType = "external-state";
  std::string key, state, at, note;
  bool fixed = false;
  bool operator==(const ExternalState&) const = default;
};

// One finding of "scan-recorded": every key always written, incident and deadline null when none.
struct ScanFinding {
  std::string key, level, title;
  std::optional<std::string> incident, deadline;
  bool operator==(const ScanFinding&) const = default;
};
// "scan-recorded" (incident ""): {complete, findings} — the summary of the latest dependency scan
// run with --open-incidents, what `tocsin serve` shows (latest_scan_json); replay skips it.
struct ScanRecorded {
  static constexpr std::string_view kType = "scan-recorded";
  bool complete = false;
  std::vector<ScanFinding> findings;
  bool operator==(const ScanRecorded&) const = default;
};

// "release-tags" (incident ""): {repository, tags: {name: target}} — see release/incidents.h.
struct ReleaseTags {
  static constexpr std::string_view kType = "release-tags";
  std::string repository;
  std::map<std::string, std::string> tags;
  bool operator==(const ReleaseTags&) const = default;
};

// A type this version does not know; never written.
struct Unknown {
  std::string type;
  bool operator==(const Unknown&) const = default;
};

using Payload = std::variant<Opened, Acknowledged, StepRecorded, FieldSet, Closed, FindingFixed, FindingReappeared,
                             ExternalLinked, ExternalState, ScanRecorded, ReleaseTags, Unknown>;

// A payload object being read, with getters that name the event when a key has the wrong type.
class Fields {
 public:
  Fields(json::object object, std::string where) : object_(object), where_(std::move(where)) {}
  std::string text(std::string_view key) const;                             // absent / null: ""
  std::optional<std::string> text_or_null(std::string_view key) const;      // absent / null: nullopt
  bool flag(std::string_view key) const;                                    // absent / null: false
  std::vector<std::string> texts(std::string_view key) const;               // an array of strings
  std::map<std::string, std::string> text_map(std::string_view key) const;  // an object of strings
  std::vector<Fields> objects(std::string_view key) const;                  // an array of objects
  Json any(std::string_view key) const;                                     // absent: null
  bool has(std::string_view key) const;                                     // present and not null
  const std::string& where() const { return where_; }

 private:
  std::optional<json::element> find(std::string_view key) const;
  [[noreturn]] void wrong(std::string_view key, std::string_view expected) const;
  json::object object_;
  std::string where_;
};

Json to_json(const Opened& e);
Json to_json(const Acknowledged& e);
Json to_json(const StepRecorded& e);
Json to_json(const FieldSet& e);
Json to_json(const Closed& e);
Json to_json(const FindingFixed& e);
Json to_json(const FindingReappeared& e);
Json to_json(const ExternalLinked& e);
Json to_json(const ExternalState& e);
Json to_json(const ScanRecorded& e);
Json to_json(const ReleaseTags& e);

void from_json(const Fields& in, Opened& e);
void from_json(const Fields& in, Acknowledged& e);
void from_json(const Fields& in, StepRecorded& e);
void from_json(const Fields& in, FieldSet& e);
void from_json(const Fields& in, Closed& e);
void from_json(const Fields& in, FindingFixed& e);
void from_json(const Fields& in, FindingReappeared& e);
void from_json(const Fields& in, ExternalLinked& e);
void from_json(const Fields& in, ExternalState& e);
void from_json(const Fields& in, ScanRecorded& e);
void from_json(const Fields& in, ReleaseTags& e);

// The bytes stored: compact, UTF-8 as is (invalid sequences replaced, never an exception).
std::string payload_text(const Json& payload);

// The event to append, in the incident `incident` ("" for a record of the project), by `actor`
// at `at`.
template <class E>
NewEvent new_event(std::string incident, std::string actor, std::int64_t at, const E& event) {
  return NewEvent{std::move(incident), std::move(actor), format_rfc3339(at), std::string(E::kType),
                  payload_text(to_json(event))};
}

// "seq 7 (INC-0002)", or "seq 7" for an event of no incident: how messages name the event.
std::string event_location(const Event& event);

// The typed payload of `event`, chosen by its type (Unknown for a type this version does not
// know). Throws Error("incident record", …) naming the event when the payload is not a JSON
// object or a known key has the wrong type.
Payload decode(const Event& event);

[[noreturn]] void throw_not_of_type(const Event& event, std::string_view type);
// decode for an event already known to be of type E (its type is checked: Error otherwise).
template <class E>
E decode_as(const Event& event) {
  Payload payload = decode(event);
  if (E* typed = std::get_if<E>(&payload)) return std::move(*typed);
  throw_not_of_type(event, E::kType);
}

// Any JSON element as nlohmann (object key order kept), for showing payloads as they are.
Json to_ordered_json(json::element element);

}  // namespace tocsin::incident::events
