// Incidents: one security response from report (or detection) to close, driven by a playbook,
// timed by clocks, recorded as tamper-evident events.
//
// The record is the truth. Every change is an event appended to an EventStore (see
// event_store.h: hash-chained, append-only, SQLite by default); an Incident is never stored, it
// is derived by replaying its events (replay), so no state can disagree with the log. Each
// write decides inside the store's transaction, so two tocsin processes at once neither lose an
// event nor open the same incident twice.
//
// The events and their JSON payloads (opened, acknowledged, step, field-set, closed,
// finding-fixed / -reappeared, external-linked / -state, and the project records scan-recorded
// and release-tags) are types of their own, each read and written in one place: events.h.
// The documents written from the record later (advisory, changelog line, post-mortem) need
// exactly these: the acknowledged / triaged / fixed / disclosed instants (milestones of the
// playbook's steps), reporter and credit preference (real-name|handle|anonymous), CVE, CWE,
// CVSS vector, affected and patched versions, and the user-safety impact text.
//
// Clocks (clocks()), all from the report / detection time unless said otherwise:
//   first-action  the policy's SLA for the severity (critical 4h, high 24h, medium 72h, low 7d by
//                 default); met by the first ack, step or decision.
//   acknowledge   the playbook's `acknowledge` (user-safety-report: 24h); met by `ack`.
//   fix           the playbook's `fix` (user-safety-report: 14d); met by the `fixed` milestone.
//   cve           cna = true and the playbook's cve_assignment: [incident] cve_assignment_hours
//                 (72) from the confirmed report — the `triaged` milestone; met when a CVE is set.
//   disclosure    the playbook's `disclosure`: [incident] disclosure_days (90), or
//                 exploited_disclosure_days (7) once marked exploited or KEV-listed; met by the
//                 `disclosed` milestone.
// A clock whose milestone step is ruled out by a branch (a dependency not on the release path)
// does not run; a closed incident has no running clocks.
//
// Mutations validate before writing and throw tocsin::Error (unknown incident, step or field,
// a step done before its branch is decided, a closed incident, a malformed CVE id …).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "incident/config.h"
#include "incident/event_store.h"
#include "incident/events.h"
#include "incident/playbook.h"
#include "policy/policy.h"

namespace tocsin::incident {

struct StepOutcome {
  bool skipped = false;
  std::string note;
  std::string actor;
  std::int64_t at = 0;
};

struct Incident {
  std::string id;
  std::string playbook;
  std::string title;
  policy::Level severity = policy::Level::Medium;
  std::string severity_source;
  std::string severity_why;
  std::string user_safety_class;
  std::string reporter;
  std::string credit;  // real-name | handle | anonymous, or empty (not asked yet)
  std::string cve, cwe, cvss, affected, patched, impact, summary;
  std::string finding_key;
  // Where an incident opened from an outside report came from (see sync_external): source, key,
  // id, url, state, and source-specific facts such as ghsa or release_path.
  std::map<std::string, std::string> external;
  bool exploited = false;
  bool kev = false;
  std::map<std::string, std::string> branches;  // branch id -> choice
  std::map<std::string, StepOutcome> steps;     // step id -> outcome (only done / skipped ones)

  std::string opened_by;
  std::int64_t opened_at = 0;
  std::int64_t reported_at = 0;
  std::optional<std::int64_t> first_action_at, acknowledged_at, triaged_at, fixed_at, disclosed_at, closed_at;
  std::optional<std::int64_t> cve_set_at;
  std::optional<std::int64_t> finding_fixed_at;  // the finding is gone from the latest scan
  // `incident set ID embargo true`: visible in `tocsin serve` only to tokens of an owning role.
  bool embargo = false;
  std::vector<std::string> embargo_roles;  // as recorded; empty = the playbook's step roles
  std::vector<Event> events;

  bool closed() const { return closed_at.has_value(); }
};

// Incidents in opening order. Throws Error("incident record", …) naming the seq of an event that
// cannot be applied (an unknown incident, a payload that is not a JSON object).
std::vector<Incident> replay(const std::vector<Event>& events);

enum class StepStatus { Pending, Waiting, Done, Skipped, NotApplicable };
std::string_view step_status_name(StepStatus status);  // pending, waiting, done, skipped, n/a
// Waiting: its branch is not decided yet; NotApplicable: the branch went the other way.
StepStatus step_status(const Incident& incident, const Step& step);

enum class ClockKind { FirstAction, Acknowledge, Cve, Fix, Disclosure };
std::string_view clock_name(ClockKind kind);  // first-action, acknowledge, cve, fix, disclosure

struct Clock {
  ClockKind kind;
  std::int64_t start = 0;
  std::int64_t deadline = 0;
  std::optional<std::int64_t> met_at;
  std::string role;
  std::string basis;  // "critical: 4h from report", "90d from report", …
  bool overdue(std::int64_t now) const { return !met_at && now > deadline; }
  bool late() const { return met_at && *met_at > deadline; }
};

// The clocks that run for this incident (see the header comment), in deadline order.
std::vector<Clock> clocks(const Incident& incident, const Playbook& playbook, const Config& config);

// Who and when for every command: --actor / $TOCSIN_ACTOR / $USER, --now / the wall clock.
struct Session {
  EventStore& store;
  const PlaybookCatalog& playbooks;
  const Config& config;
  std::string actor;
  std::int64_t now = 0;
};

struct OpenRequest {
  std::string playbook;
  std::string title;
  std::optional<policy::Level> severity;
  std::string user_safety_class;  // a policy user-safety class name; forces Critical
  std::string reporter, cve, cwe, cvss, affected, patched, impact, summary, credit;
  std::optional<std::int64_t> reported_at;  // default: now
  bool kev = false;
  bool exploited = false;
  // With `severity`: who decided it and why (default "flag", "given when opened").
  std::string severity_source, severity_why;
  std::map<std::string, std::string> external;  // see Incident::external
};

Incident open_incident(const Session& session, const OpenRequest& request);
// The validated payload of the "opened" event for `request` (what open_incident writes).
events::Opened opening_payload(const Session& session, const OpenRequest& request);
Incident acknowledge(const Session& session, const std::string& id, const std::string& note);
Incident record_step(const Session& session, const std::string& id, const std::string& step, bool skipped,
                     const std::string& note);
// FIELD: severity, title, cve, cwe, cvss, affected, patched, reporter, credit, exploited, kev,
// impact, summary, user-safety, embargo (true|false), embargo-roles (ROLE[,ROLE…]: embargo true
// with these owning roles), branch.<id> (or the bare branch id).
Incident set_field(const Session& session, const std::string& id, const std::string& field, const std::string& value);
// Refuses while applicable steps are pending unless `force` (their ids are then recorded).
Incident close_incident(const Session& session, const std::string& id, const std::string& note, bool force);

std::vector<Incident> load_incidents(EventStore& store);
Incident load_incident(EventStore& store, const std::string& id);

// What the scan command reports for one finding. The key identifies it across scans:
// finding_key("crates.io", "time", "0.1.45", "RUSTSEC-2020-0071").
struct FindingObservation {
  std::string key;
  std::string title;
  policy::Level severity = policy::Level::Medium;
  std::string severity_why;
  std::string cve, cwe, cvss, affected, patched, summary;
  bool kev = false;
  // Optional: the playbook to open (default kev-failure / vulnerable-dependency, as above) and
  // the impact text (`ci audit` puts the affected workflows and the tokens to rotate there).
  std::string playbook;
  std::string impact;
};
std::string finding_key(std::string_view ecosystem, std::string_view name, std::string_view version,
                        std::string_view vulnerability_id);

struct FindingSync {
  std::vector<std::string> opened;      // incident ids
  std::vector<std::string> updated;     // severity, KEV or patched version changed
  std::vector<std::string> fixed;       // finding gone from this scan
  std::vector<std::string> reappeared;  // gone earlier, back now
};
// Opens an incident (kev-failure when KEV-listed, else vulnerable-dependency) for each new
// finding, updates the open one of a known finding, and — when `complete` (the scan saw the
// whole project) — records "finding-fixed" on open incidents of the dependency scan (keys
// "finding:…"; other detectors' keys are never marked by it) whose finding is absent. Running
// it twice on the same findings writes nothing the second time. A finding whose incident was
// closed while it was still present (accepted risk) is left alone; one that was fixed, closed
// and comes back opens a new incident (a regression).
FindingSync sync_findings(const Session& session, const std::vector<FindingObservation>& findings, bool complete);

// A report that arrives from outside tocsin with an identity and a state of its own: a GitHub
// Dependabot alert, a repository security advisory, a secret-scanning alert, a mail.
struct ExternalReport {
  std::string key;         // one incident per key, e.g. "github-dependabot:OWNER/REPO#42"
  std::string state;       // the source's state now: open, fixed, dismissed, triage, published …
  bool opens = false;      // this state opens an incident when none has the key yet
  bool fixed = false;      // this state reaches the `fixed` milestone
  std::string state_at;    // RFC 3339 instant of the state (the source's), empty when unknown
  std::string state_note;  // e.g. a dismissal reason and comment
  // An open incident of a dependency scan joins the report instead of a new one opening when its
  // finding key names `join_package` ("crates.io/time") and one of `join_ids` (the advisory id
  // and aliases), or its CVE is one of them: one vulnerability, one incident.
  std::string join_package;
  std::vector<std::string> join_ids;
  OpenRequest request;  // the incident to open; request.external gets key, source and state added
};

struct ExternalSync {
  std::vector<std::string> opened;     // incident ids
  std::vector<std::string> joined;     // an open incident took the report over
  std::vector<std::string> changed;    // the report's state changed
  std::vector<std::string> unchanged;  // known, nothing new
  std::size_t ignored = 0;             // not opening and no incident: nothing to do
};
// Idempotent: the same reports twice write nothing the second time. Every request is validated
// before anything is written (one bad report writes nothing). A report whose incident is closed
// is left alone.
ExternalSync sync_external(const Session& session, const std::vector<ExternalReport>& reports);

// Unmet clocks of the open incidents, earliest deadline first.
struct DueItem {
  const Incident* incident;
  Clock clock;
};
std::vector<DueItem> due_items(const std::vector<Incident>& incidents, const PlaybookCatalog& playbooks,
                               const Config& config);

// The JSON form of an incident (`tocsin incident show --format json`): fields, milestones, steps
// with status, role and owner, clocks with their state at `now`, and the events.
nlohmann::ordered_json incident_json(const Incident& incident, const Playbook& playbook, const Config& config,
                                     std::int64_t now);

// The roles that own an embargoed incident: its recorded embargo_roles, else the roles of its
// playbook's steps (sorted, unique).
std::vector<std::string> embargo_roles(const Incident& incident, const Playbook& playbook);

// `tocsin incident list --format json`: one object per incident, closed ones included.
nlohmann::ordered_json incident_list_json(const std::vector<Incident>& incidents);
// `tocsin incident due --format json`: one object per unmet clock, earliest deadline first.
nlohmann::ordered_json due_json(const std::vector<DueItem>& due, const Config& config, std::int64_t now);

// The latest "scan-recorded" event of the log as {recorded_at, actor, complete, findings: [...]},
// or null when no scan was recorded.
nlohmann::ordered_json latest_scan_json(const std::vector<Event>& events);

}  // namespace tocsin::incident
