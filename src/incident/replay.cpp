// Deriving incidents from their events, and the state of steps and clocks.
#include <algorithm>
#include <chrono>

#include "core/error.h"
#include "core/text.h"
#include "incident/events.h"
#include "incident/incident.h"

namespace tocsin::incident {
namespace {

const char* kRecord = "incident record";

void apply_field(Incident& incident, const std::string& field, const std::string& value, std::int64_t at) {
  if (field == "severity") {
    if (auto level = policy::parse_level(value)) incident.severity = *level;
  } else if (field == "title") {
    incident.title = value;
  } else if (field == "cve") {
    incident.cve = value;
    if (!value.empty() && !incident.cve_set_at) incident.cve_set_at = at;
  } else if (field == "cwe") {
    incident.cwe = value;
  } else if (field == "cvss") {
    incident.cvss = value;
  } else if (field == "affected") {
    incident.affected = value;
  } else if (field == "patched") {
    incident.patched = value;
  } else if (field == "reporter") {
    incident.reporter = value;
  } else if (field == "credit") {
    incident.credit = value;
  } else if (field == "exploited") {
    incident.exploited = value == "true";
  } else if (field == "kev") {
    incident.kev = value == "true";
  } else if (field == "impact") {
    incident.impact = value;
  } else if (field == "summary") {
    incident.summary = value;
  } else if (field == "user-safety") {
    incident.user_safety_class = value;
  } else if (field == "embargo") {
    incident.embargo = value == "true";
  } else if (starts_with(field, "branch.")) {
    incident.branches[field.substr(7)] = value;
  }
}

void reach(std::optional<std::int64_t>& milestone, std::int64_t at) {
  if (!milestone) milestone = at;
}

void apply_milestone(Incident& incident, std::string_view milestone, std::int64_t at) {
  if (milestone == "acknowledged") reach(incident.acknowledged_at, at);
  if (milestone == "triaged") reach(incident.triaged_at, at);
  if (milestone == "fixed") reach(incident.fixed_at, at);
  if (milestone == "disclosed") reach(incident.disclosed_at, at);
}

// Applies one event of an incident already opened. Types that change nothing here (scan-recorded
// and release-tags are records of the project; Unknown a type from a newer tocsin) are kept in
// the incident's event list only.
struct Apply {
  Incident& incident;
  const Event& event;
  std::int64_t at;

  void operator()(const events::Acknowledged&) {
    reach(incident.acknowledged_at, at);
    reach(incident.first_action_at, at);
  }
  void operator()(const events::StepRecorded& e) {
    incident.steps[e.step] = StepOutcome{e.status == "skipped", e.note, event.actor, at};
    if (e.status == "done") apply_milestone(incident, e.milestone, at);
    reach(incident.first_action_at, at);
  }
  void operator()(const events::FieldSet& e) {
    apply_field(incident, e.field, e.value, at);
    if (e.field == "severity") {
      incident.severity_source = e.source.empty() ? "set" : e.source;
      incident.severity_why = e.why;
    }
    if (e.field == "embargo") {
      incident.embargo_roles = e.embargo_roles;
      return;  // who may see the incident is no action on it: no clock is met
    }
    if (e.source != "finding") reach(incident.first_action_at, at);
  }
  void operator()(const events::Closed&) { incident.closed_at = at; }
  void operator()(const events::FindingFixed&) { incident.finding_fixed_at = at; }
  void operator()(const events::FindingReappeared&) { incident.finding_fixed_at.reset(); }
  void operator()(const events::ExternalLinked& e) {
    for (const auto& [key, value] : e.external) incident.external[key] = value;
  }
  void operator()(const events::ExternalState& e) {
    incident.external["state"] = e.state;
    if (e.fixed) reach(incident.fixed_at, e.at.empty() ? at : parse_time(e.at, kRecord));
  }
  void operator()(const events::Opened&) {}  // replay opens incidents itself
  void operator()(const events::ScanRecorded&) {}
  void operator()(const events::ReleaseTags&) {}
  void operator()(const events::Unknown&) {}
};

Incident open_from(const Event& event, const events::Opened& e, std::int64_t at) {
  Incident incident;
  incident.id = event.incident;
  incident.playbook = e.playbook;
  incident.title = e.title;
  incident.severity = policy::parse_level(e.severity).value_or(policy::Level::Medium);
  incident.severity_source = e.severity_source;
  incident.severity_why = e.severity_why;
  incident.user_safety_class = e.user_safety_class;
  incident.reporter = e.reporter;
  incident.credit = e.credit;
  incident.cve = e.cve;
  incident.cwe = e.cwe;
  incident.cvss = e.cvss;
  incident.affected = e.affected;
  incident.patched = e.patched;
  incident.impact = e.impact;
  incident.summary = e.summary;
  incident.finding_key = e.finding_key;
  incident.external = e.external;
  incident.kev = e.kev;
  incident.exploited = e.exploited;
  incident.opened_by = event.actor;
  incident.opened_at = at;
  incident.reported_at = e.reported_at.empty() ? at : parse_time(e.reported_at, kRecord);
  if (!incident.cve.empty()) incident.cve_set_at = at;
  return incident;
}

}  // namespace

std::vector<Incident> replay(const std::vector<Event>& events) {
  std::vector<Incident> incidents;
  std::map<std::string, std::size_t> index;
  for (const Event& event : events) {
    // An event of no incident is a project record kept in the same chain (`release tags`
    // records the tag targets of each run as "release-tags"): hashed and verified, not replayed.
    if (event.incident.empty()) continue;
    const std::string where = events::event_location(event);
    const events::Payload payload = events::decode(event);
    const std::int64_t at = parse_time(event.time, std::string(kRecord) + " " + where);
    if (std::holds_alternative<events::ScanRecorded>(payload)) continue;  // about the record, not an incident
    if (const auto* opened = std::get_if<events::Opened>(&payload)) {
      if (index.count(event.incident)) throw Error(kRecord, 0, 0, where + ": the incident is opened twice");
      index[event.incident] = incidents.size();
      incidents.push_back(open_from(event, *opened, at));
      incidents.back().events.push_back(event);
      continue;
    }
    auto found = index.find(event.incident);
    if (found == index.end()) throw Error(kRecord, 0, 0, where + ": event for an incident that was never opened");
    Incident& incident = incidents[found->second];
    std::visit(Apply{incident, event, at}, payload);
    incident.events.push_back(event);
  }
  return incidents;
}

std::string_view step_status_name(StepStatus status) {
  switch (status) {
    case StepStatus::Pending: return "pending";
    case StepStatus::Waiting: return "waiting";
    case StepStatus::Done: return "done";
    case StepStatus::Skipped: return "skipped";
    case StepStatus::NotApplicable: return "n/a";
  }
  return "?";
}

StepStatus step_status(const Incident& incident, const Step& step) {
  if (auto outcome = incident.steps.find(step.id); outcome != incident.steps.end())
    return outcome->second.skipped ? StepStatus::Skipped : StepStatus::Done;
  if (step.when) {
    auto choice = incident.branches.find(step.when->branch);
    if (choice == incident.branches.end()) return StepStatus::Waiting;
    if (choice->second != step.when->choice) return StepStatus::NotApplicable;
  }
  return StepStatus::Pending;
}

std::string_view clock_name(ClockKind kind) {
  switch (kind) {
    case ClockKind::FirstAction: return "first-action";
    case ClockKind::Acknowledge: return "acknowledge";
    case ClockKind::Cve: return "cve";
    case ClockKind::Fix: return "fix";
    case ClockKind::Disclosure: return "disclosure";
  }
  return "?";
}

std::vector<Clock> clocks(const Incident& incident, const Playbook& playbook, const Config& config) {
  // The step carrying a milestone gives the clock its owner; a clock whose every such step is
  // ruled out by a branch does not run.
  const auto milestone_step = [&](Milestone milestone) -> const Step* {
    const Step* found = nullptr;
    for (const Step& step : playbook.steps)
      if (step.milestone == milestone && step_status(incident, step) != StepStatus::NotApplicable) {
        found = &step;
        break;
      }
    return found;
  };
  const auto role_of = [&](Milestone milestone, std::string_view fallback) {
    const Step* step = milestone_step(milestone);
    return std::string(step ? step->role : fallback);
  };
  const auto has_milestone = [&](Milestone milestone) {
    return std::any_of(playbook.steps.begin(), playbook.steps.end(),
                       [&](const Step& s) { return s.milestone == milestone; });
  };
  const auto seconds = [](std::chrono::minutes m) { return static_cast<std::int64_t>(m.count()) * 60; };

  std::vector<Clock> out;
  const auto sla = config.policy.sla[static_cast<std::size_t>(incident.severity)];
  if (sla)
    out.push_back(
        {ClockKind::FirstAction, incident.reported_at, incident.reported_at + seconds(*sla), incident.first_action_at,
         "triage",
         std::string(policy::level_name(incident.severity)) + ": " + policy::format_duration(*sla) + " from report"});
  if (playbook.acknowledge)
    out.push_back({ClockKind::Acknowledge, incident.reported_at, incident.reported_at + seconds(*playbook.acknowledge),
                   incident.acknowledged_at, role_of(Milestone::Acknowledged, "triage"),
                   policy::format_duration(*playbook.acknowledge) + " from report"});
  if (playbook.fix && (!has_milestone(Milestone::Fixed) || milestone_step(Milestone::Fixed)))
    out.push_back({ClockKind::Fix, incident.reported_at, incident.reported_at + seconds(*playbook.fix),
                   incident.fixed_at, role_of(Milestone::Fixed, "triage"),
                   policy::format_duration(*playbook.fix) + " from report"});
  const bool disclosure_runs = !has_milestone(Milestone::Disclosed) || milestone_step(Milestone::Disclosed);
  if (config.cna && playbook.cve_assignment && disclosure_runs && (incident.triaged_at || incident.cve_set_at)) {
    const std::int64_t start = incident.triaged_at ? *incident.triaged_at : incident.opened_at;
    const auto hours = std::chrono::hours(config.cve_assignment_hours);
    out.push_back({ClockKind::Cve, start, start + static_cast<std::int64_t>(hours.count()) * 3600, incident.cve_set_at,
                   "triage", std::to_string(config.cve_assignment_hours) + "h from confirmed report (cna = true)"});
  }
  if (playbook.disclosure && disclosure_runs) {
    const bool urgent = incident.exploited || incident.kev;
    const int days = urgent ? config.exploited_disclosure_days : config.disclosure_days;
    out.push_back({ClockKind::Disclosure, incident.reported_at, incident.reported_at + std::int64_t{days} * 86400,
                   incident.disclosed_at, role_of(Milestone::Disclosed, "release_engineer"),
                   std::to_string(days) + "d from report" +
                       (urgent ? (incident.exploited ? " (actively exploited)" : " (KEV-listed)") : "")});
  }
  std::stable_sort(out.begin(), out.end(), [](const Clock& a, const Clock& b) { return a.deadline < b.deadline; });
  return out;
}

}  // namespace tocsin::incident
