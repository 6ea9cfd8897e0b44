// The incident as JSON, and the list of what is due.
#include "core/json.h"

#include <algorithm>
#include <set>

#include "core/error.h"
#include "incident/events.h"
#include "incident/incident.h"

namespace tocsin::incident {
namespace {

using Json = nlohmann::ordered_json;

Json instant_or_null(const std::optional<std::int64_t>& instant) {
  return instant ? Json(format_rfc3339(*instant)) : Json(nullptr);
}

std::string clock_state(const Clock& clock, std::int64_t now) {
  if (clock.met_at) return clock.late() ? "met-late" : "met";
  return clock.overdue(now) ? "overdue" : "due";
}

Json payload_json(const Event& event) {
  try {
    return events::to_ordered_json(JsonDocument("incident record", event.payload).root());
  } catch (const Error&) {
    return event.payload;  // verify reports a damaged record; show it as it is
  }
}

}  // namespace

std::vector<DueItem> due_items(const std::vector<Incident>& incidents, const PlaybookCatalog& playbooks,
                               const Config& config) {
  std::vector<DueItem> out;
  for (const Incident& incident : incidents) {
    if (incident.closed()) continue;
    const Playbook* playbook = playbooks.find(incident.playbook);
    if (!playbook) continue;
    for (const Clock& clock : clocks(incident, *playbook, config))
      if (!clock.met_at) out.push_back({&incident, clock});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const DueItem& a, const DueItem& b) { return a.clock.deadline < b.clock.deadline; });
  return out;
}

Json incident_json(const Incident& incident, const Playbook& playbook, const Config& config, std::int64_t now) {
  Json out;
  out["id"] = incident.id;
  out["title"] = incident.title;
  out["playbook"] = incident.playbook;
  out["state"] = incident.closed() ? "closed" : "open";
  out["severity"] = policy::level_name(incident.severity);
  out["severity_source"] = incident.severity_source;
  out["severity_why"] = incident.severity_why;
  out["user_safety_class"] = incident.user_safety_class;
  out["reporter"] = incident.reporter;
  out["credit"] = incident.credit;
  out["cve"] = incident.cve;
  out["cwe"] = incident.cwe;
  out["cvss"] = incident.cvss;
  out["affected"] = incident.affected;
  out["patched"] = incident.patched;
  out["impact"] = incident.impact;
  out["summary"] = incident.summary;
  out["exploited"] = incident.exploited;
  out["kev"] = incident.kev;
  out["finding_key"] = incident.finding_key;
  if (incident.embargo) out["embargo"] = Json{{"roles", embargo_roles(incident, playbook)}};  // absent otherwise
  if (!incident.external.empty()) out["external"] = Json(incident.external);
  out["finding_fixed_at"] = instant_or_null(incident.finding_fixed_at);
  out["branches"] = Json(incident.branches);
  out["opened_by"] = incident.opened_by;
  out["opened_at"] = format_rfc3339(incident.opened_at);
  out["reported_at"] = format_rfc3339(incident.reported_at);
  out["milestones"] = Json{{"first_action", instant_or_null(incident.first_action_at)},
                           {"acknowledged", instant_or_null(incident.acknowledged_at)},
                           {"triaged", instant_or_null(incident.triaged_at)},
                           {"fixed", instant_or_null(incident.fixed_at)},
                           {"disclosed", instant_or_null(incident.disclosed_at)},
                           {"cve_assigned", instant_or_null(incident.cve_set_at)},
                           {"closed", instant_or_null(incident.closed_at)}};
  Json steps = Json::array();
  for (const Step& step : playbook.steps) {
    Json item{{"id", step.id},
              {"title", step.title},
              {"status", step_status_name(step_status(incident, step))},
              {"role", step.role},
              {"owner", config.people(step.role)}};
    if (step.when) item["when"] = step.when->branch + "=" + step.when->choice;
    if (auto outcome = incident.steps.find(step.id); outcome != incident.steps.end()) {
      item["at"] = format_rfc3339(outcome->second.at);
      item["by"] = outcome->second.actor;
      if (!outcome->second.note.empty()) item["note"] = outcome->second.note;
    }
    steps.push_back(item);
  }
  out["steps"] = steps;
  Json clock_list = Json::array();
  for (const Clock& clock : clocks(incident, playbook, config))
    clock_list.push_back({{"clock", clock_name(clock.kind)},
                          {"deadline", format_rfc3339(clock.deadline)},
                          {"state", incident.closed() && !clock.met_at ? "stopped" : clock_state(clock, now)},
                          {"met_at", instant_or_null(clock.met_at)},
                          {"role", clock.role},
                          {"owner", config.people(clock.role)},
                          {"basis", clock.basis}});
  out["clocks"] = clock_list;
  Json events = Json::array();
  for (const Event& event : incident.events)
    events.push_back({{"seq", event.seq},
                      {"time", event.time},
                      {"actor", event.actor},
                      {"type", event.type},
                      {"payload", payload_json(event)}});
  out["events"] = events;
  return out;
}

std::vector<std::string> embargo_roles(const Incident& incident, const Playbook& playbook) {
  if (!incident.embargo_roles.empty()) return incident.embargo_roles;
  std::set<std::string> roles;
  for (const Step& step : playbook.steps)
    if (!step.role.empty()) roles.insert(step.role);
  return {roles.begin(), roles.end()};
}

Json incident_list_json(const std::vector<Incident>& incidents) {
  Json out = Json::array();
  for (const Incident& incident : incidents)
    out.push_back({{"id", incident.id},
                   {"state", incident.closed() ? "closed" : "open"},
                   {"severity", policy::level_name(incident.severity)},
                   {"playbook", incident.playbook},
                   {"title", incident.title},
                   {"finding_key", incident.finding_key},
                   {"reported_at", format_rfc3339(incident.reported_at)}});
  return out;
}

Json due_json(const std::vector<DueItem>& due, const Config& config, std::int64_t now) {
  Json out = Json::array();
  for (const DueItem& item : due)
    out.push_back({{"incident", item.incident->id},
                   {"title", item.incident->title},
                   {"clock", clock_name(item.clock.kind)},
                   {"deadline", format_rfc3339(item.clock.deadline)},
                   {"overdue", item.clock.overdue(now)},
                   {"seconds_left", item.clock.deadline - now},
                   {"role", item.clock.role},
                   {"owner", config.people(item.clock.role)},
                   {"basis", item.clock.basis}});
  return out;
}

Json latest_scan_json(const std::vector<Event>& log) {
  for (auto event = log.rbegin(); event != log.rend(); ++event) {
    if (event->type != events::ScanRecorded::kType) continue;
    Json out{{"recorded_at", event->time}, {"actor", event->actor}};
    try {
      const Json scan = events::to_json(events::decode_as<events::ScanRecorded>(*event));
      out["complete"] = scan["complete"];
      out["findings"] = scan["findings"];
    } catch (const Error&) {  // verify reports a damaged record; show no findings
      out["complete"] = false;
      out["findings"] = Json::array();
    }
    return out;
  }
  return nullptr;
}

}  // namespace tocsin::incident
