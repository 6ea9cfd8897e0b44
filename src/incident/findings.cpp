// Incidents opened and followed by the scan command, one per finding key.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "core/error.h"
#include "core/text.h"
#include "incident/incident.h"

namespace tocsin::incident {
namespace {

using Json = nlohmann::ordered_json;

NewEvent event(const Session& session, const std::string& id, std::string type, const Json& payload) {
  return NewEvent{id, session.actor, format_rfc3339(session.now), std::move(type), payload.dump()};
}

Json field(const std::string& name, const std::string& value, const std::string& why = "") {
  Json payload{{"field", name}, {"value", value}, {"source", "finding"}};
  if (!why.empty()) payload["why"] = why;
  return payload;
}

Json opened_payload(const FindingObservation& finding) {
  Json payload;
  payload["playbook"] = !finding.playbook.empty() ? finding.playbook
                        : finding.kev             ? "kev-failure"
                                                  : "vulnerable-dependency";
  payload["title"] = finding.title.empty() ? finding.key : finding.title;
  payload["severity"] = policy::level_name(finding.severity);
  payload["severity_source"] = "finding";
  payload["severity_why"] = finding.severity_why;
  payload["finding_key"] = finding.key;
  for (const auto& [key, value] : {std::pair<const char*, const std::string&>{"cve", finding.cve},
                                   {"cwe", finding.cwe},
                                   {"cvss", finding.cvss},
                                   {"affected", finding.affected},
                                   {"patched", finding.patched},
                                   {"summary", finding.summary},
                                   {"impact", finding.impact}})
    if (!value.empty()) payload[key] = value;
  if (finding.kev) payload["kev"] = true;
  return payload;
}

// The dependency scan's summary (see "scan-recorded" in incident.h): each finding with its level,
// its incident and the first-action deadline of that incident (report time + the policy's SLA).
// Only a scan of dependency findings (keys "finding:…"; `ci audit` and `secrets` share this
// function) is recorded, and only when it differs from the last one recorded, so that a rescan
// with nothing new still writes nothing.
std::optional<NewEvent> scan_summary(const Session& session, const std::vector<Event>& log,
                                     const std::vector<FindingObservation>& findings,
                                     const std::map<std::string, std::string>& incident_of,
                                     const std::map<std::string, std::int64_t>& reported_of, bool complete) {
  for (const FindingObservation& finding : findings)
    if (!starts_with(finding.key, "finding:")) return std::nullopt;
  if (findings.empty() && !complete) return std::nullopt;
  Json list = Json::array();
  std::set<std::string> seen;
  for (const FindingObservation& finding : findings) {
    if (!seen.insert(finding.key).second) continue;
    Json item{{"key", finding.key}, {"level", policy::level_name(finding.severity)}, {"title", finding.title}};
    auto incident = incident_of.find(finding.key);
    item["incident"] = incident == incident_of.end() ? Json(nullptr) : Json(incident->second);
    const auto sla = session.config.policy.sla[static_cast<std::size_t>(finding.severity)];
    auto reported = reported_of.find(finding.key);
    const std::int64_t start = reported == reported_of.end() ? session.now : reported->second;
    item["deadline"] = sla ? Json(format_rfc3339(start + static_cast<std::int64_t>(sla->count()) * 60)) : Json(nullptr);
    list.push_back(item);
  }
  const std::string payload = Json{{"complete", complete}, {"findings", list}}.dump();
  for (auto event = log.rbegin(); event != log.rend(); ++event)
    if (event->type == "scan-recorded") {
      if (event->payload == payload) return std::nullopt;
      break;
    }
  return NewEvent{"", session.actor, format_rfc3339(session.now), "scan-recorded", payload};
}

}  // namespace

FindingSync sync_findings(const Session& session, const std::vector<FindingObservation>& findings, bool complete) {
  for (const FindingObservation& finding : findings)
    if (finding.key.empty()) throw Error("a finding observation needs a key");
  FindingSync sync;
  session.store.transact([&](const std::vector<Event>& log) {
    sync = FindingSync{};
    const std::vector<Incident> incidents = replay(log);
    std::map<std::string, const Incident*> latest;  // finding key -> its newest incident
    for (const Incident& incident : incidents)
      if (!incident.finding_key.empty()) latest[incident.finding_key] = &incident;

    std::vector<NewEvent> events;
    std::set<std::string> seen;
    std::map<std::string, std::string> incident_of;  // finding key -> its incident after this scan
    std::map<std::string, std::int64_t> reported_of;
    for (const FindingObservation& finding : findings) {
      if (!seen.insert(finding.key).second) continue;
      auto found = latest.find(finding.key);
      const Incident* incident = found == latest.end() ? nullptr : found->second;
      // Closed while the finding was still there: an accepted risk, not to be reopened each scan.
      if (incident && incident->closed() && !incident->finding_fixed_at) {
        incident_of[finding.key] = incident->id;
        reported_of[finding.key] = incident->reported_at;
        continue;
      }
      if (!incident || incident->closed()) {
        const std::string id = fmt::format("INC-{:04d}", incidents.size() + sync.opened.size() + 1);
        events.push_back(event(session, id, "opened", opened_payload(finding)));
        sync.opened.push_back(id);
        incident_of[finding.key] = id;
        continue;
      }
      incident_of[finding.key] = incident->id;
      reported_of[finding.key] = incident->reported_at;
      const std::size_t before = events.size();
      if (incident->finding_fixed_at) {
        events.push_back(event(session, incident->id, "finding-reappeared", Json{{"finding_key", finding.key}}));
        sync.reappeared.push_back(incident->id);
      }
      if (incident->severity_source == "finding" && incident->severity != finding.severity)
        events.push_back(
            event(session, incident->id, "field-set",
                  field("severity", std::string(policy::level_name(finding.severity)), finding.severity_why)));
      if (finding.kev && !incident->kev)
        events.push_back(event(session, incident->id, "field-set", field("kev", "true")));
      if (!finding.patched.empty() && finding.patched != incident->patched)
        events.push_back(event(session, incident->id, "field-set", field("patched", finding.patched)));
      if (events.size() > before + (incident->finding_fixed_at ? 1 : 0)) sync.updated.push_back(incident->id);
    }
    if (complete)
      for (const auto& [key, incident] : latest)
        // Only the dependency scan's own keys: a secret or CI finding is not "gone" because a
        // dependency scan did not see it.
        if (starts_with(key, "finding:") && !seen.count(key) && !incident->closed() && !incident->finding_fixed_at) {
          events.push_back(event(session, incident->id, "finding-fixed", Json{{"finding_key", key}}));
          sync.fixed.push_back(incident->id);
        }
    if (auto summary = scan_summary(session, log, findings, incident_of, reported_of, complete))
      events.push_back(std::move(*summary));
    return events;
  });
  return sync;
}

}  // namespace tocsin::incident
