// Deriving incidents from their events, and the state of steps and clocks.
#include <algorithm>
#include <chrono>

#include "core/error.h"
#include "core/json.h"
#include "core/text.h"
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

// The "external" object of an opened or external-linked payload: string members only.
void read_external(simdjson::dom::element payload, std::map<std::string, std::string>& out) {
  simdjson::dom::object object;
  if (payload["external"].get(object) != simdjson::SUCCESS) return;
  for (auto [key, value] : object) {
    std::string_view text;
    if (value.get(text) == simdjson::SUCCESS) out[std::string(key)] = std::string(text);
  }
}

void apply(Incident& incident, const Event& event, simdjson::dom::element payload, std::int64_t at) {
  const auto text = [&](std::string_view key) { return std::string(json_string(payload, key)); };
  if (event.type == "acknowledged") {
    reach(incident.acknowledged_at, at);
    reach(incident.first_action_at, at);
  } else if (event.type == "step") {
    const std::string step = text("step");
    incident.steps[step] = StepOutcome{text("status") == "skipped", text("note"), event.actor, at};
    if (text("status") == "done") apply_milestone(incident, text("milestone"), at);
    reach(incident.first_action_at, at);
  } else if (event.type == "field-set") {
    const std::string field = text("field");
    apply_field(incident, field, text("value"), at);
    if (field == "severity") {
      incident.severity_source = text("source").empty() ? "set" : text("source");
      incident.severity_why = text("why");
    }
    if (field == "embargo") {
      incident.embargo_roles.clear();
      simdjson::dom::array roles;
      if (payload["embargo_roles"].get(roles) == simdjson::SUCCESS)
        for (simdjson::dom::element role : roles)
          if (std::string_view name; role.get(name) == simdjson::SUCCESS) incident.embargo_roles.emplace_back(name);
      return;  // who may see the incident is no action on it: no clock is met
    }
    if (text("source") != "finding") reach(incident.first_action_at, at);
  } else if (event.type == "closed") {
    incident.closed_at = at;
  } else if (event.type == "finding-fixed") {
    incident.finding_fixed_at = at;
  } else if (event.type == "finding-reappeared") {
    incident.finding_fixed_at.reset();
  } else if (event.type == "external-linked") {
    read_external(payload, incident.external);
  } else if (event.type == "external-state") {
    incident.external["state"] = text("state");
    if (json_bool(payload, "fixed")) {
      const std::string when = text("at");
      reach(incident.fixed_at, when.empty() ? at : parse_time(when, kRecord));
    }
  }
}

Incident open_from(const Event& event, simdjson::dom::element payload, std::int64_t at) {
  const auto text = [&](std::string_view key) { return std::string(json_string(payload, key)); };
  Incident incident;
  incident.id = event.incident;
  incident.playbook = text("playbook");
  incident.title = text("title");
  incident.severity = policy::parse_level(text("severity")).value_or(policy::Level::Medium);
  incident.severity_source = text("severity_source");
  incident.severity_why = text("severity_why");
  incident.user_safety_class = text("user_safety_class");
  incident.reporter = text("reporter");
  incident.credit = text("credit");
  incident.cve = text("cve");
  incident.cwe = text("cwe");
  incident.cvss = text("cvss");
  incident.affected = text("affected");
  incident.patched = text("patched");
  incident.impact = text("impact");
  incident.summary = text("summary");
  incident.finding_key = text("finding_key");
  read_external(payload, incident.external);
  incident.kev = json_bool(payload, "kev");
  incident.exploited = json_bool(payload, "exploited");
  incident.opened_by = event.actor;
  incident.opened_at = at;
  const std::string reported = text("reported_at");
  incident.reported_at = reported.empty() ? at : parse_time(reported, kRecord);
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
    const std::string where = "seq " + std::to_string(event.seq) + " (" + event.incident + ")";
    JsonDocument document(std::string(kRecord) + " " + where, event.payload);
    const simdjson::dom::element payload = document.root();
    if (!payload.is_object()) throw Error(kRecord, 0, 0, where + ": the payload is not a JSON object");
    const std::int64_t at = parse_time(event.time, std::string(kRecord) + " " + where);
    if (event.type == "scan-recorded") continue;  // about the record, not an incident
    if (event.type == "opened") {
      if (index.count(event.incident)) throw Error(kRecord, 0, 0, where + ": the incident is opened twice");
      index[event.incident] = incidents.size();
      incidents.push_back(open_from(event, payload, at));
      incidents.back().events.push_back(event);
      continue;
    }
    auto found = index.find(event.incident);
    if (found == index.end()) throw Error(kRecord, 0, 0, where + ": event for an incident that was never opened");
    Incident& incident = incidents[found->second];
    apply(incident, event, payload, at);
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
