// Incidents opened and followed by the scan command, one per finding key.
#include <fmt/format.h>

#include <optional>
#include <set>

#include "core/error.h"
#include "core/text.h"
#include "incident/events.h"
#include "incident/incident.h"

namespace tocsin::incident {
namespace {

template <class E>
NewEvent event(const Session& session, const std::string& id, const E& payload) {
  return events::new_event(id, session.actor, session.now, payload);
}

events::FieldSet field(const std::string& name, const std::string& value, const std::string& why = "") {
  return events::FieldSet{name, {}, value, "finding", why};
}

events::Opened opened_payload(const FindingObservation& finding) {
  events::Opened opened;
  opened.playbook = !finding.playbook.empty() ? finding.playbook
                    : finding.kev             ? "kev-failure"
                                              : "vulnerable-dependency";
  opened.title = finding.title.empty() ? finding.key : finding.title;
  opened.severity = policy::level_name(finding.severity);
  opened.severity_source = "finding";
  opened.severity_why = finding.severity_why;
  opened.finding_key = finding.key;
  opened.cve = finding.cve;
  opened.cwe = finding.cwe;
  opened.cvss = finding.cvss;
  opened.affected = finding.affected;
  opened.patched = finding.patched;
  opened.summary = finding.summary;
  opened.impact = finding.impact;
  opened.kev = finding.kev;
  return opened;
}

// The dependency scan's summary (events::ScanRecorded): each finding with its level,
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
  events::ScanRecorded scan{complete, {}};
  std::set<std::string> seen;
  for (const FindingObservation& finding : findings) {
    if (!seen.insert(finding.key).second) continue;
    events::ScanFinding item{finding.key, std::string(policy::level_name(finding.severity)), finding.title, {}, {}};
    if (auto incident = incident_of.find(finding.key); incident != incident_of.end()) item.incident = incident->second;
    const auto sla = session.config.policy.sla[static_cast<std::size_t>(finding.severity)];
    auto reported = reported_of.find(finding.key);
    const std::int64_t start = reported == reported_of.end() ? session.now : reported->second;
    if (sla) item.deadline = format_rfc3339(start + static_cast<std::int64_t>(sla->count()) * 60);
    scan.findings.push_back(std::move(item));
  }
  NewEvent recorded = events::new_event("", session.actor, session.now, scan);
  for (auto event = log.rbegin(); event != log.rend(); ++event)
    if (event->type == events::ScanRecorded::kType) {
      if (event->payload == recorded.payload) return std::nullopt;
      break;
    }
  return recorded;
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

    std::vector<NewEvent> out;
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
        out.push_back(event(session, id, opened_payload(finding)));
        sync.opened.push_back(id);
        incident_of[finding.key] = id;
        continue;
      }
      incident_of[finding.key] = incident->id;
      reported_of[finding.key] = incident->reported_at;
      const std::size_t before = out.size();
      if (incident->finding_fixed_at) {
        out.push_back(event(session, incident->id, events::FindingReappeared{finding.key}));
        sync.reappeared.push_back(incident->id);
      }
      if (incident->severity_source == "finding" && incident->severity != finding.severity)
        out.push_back(
            event(session, incident->id,
                  field("severity", std::string(policy::level_name(finding.severity)), finding.severity_why)));
      if (finding.kev && !incident->kev) out.push_back(event(session, incident->id, field("kev", "true")));
      if (!finding.patched.empty() && finding.patched != incident->patched)
        out.push_back(event(session, incident->id, field("patched", finding.patched)));
      if (out.size() > before + (incident->finding_fixed_at ? 1 : 0)) sync.updated.push_back(incident->id);
    }
    if (complete)
      for (const auto& [key, incident] : latest)
        // Only the dependency scan's own keys: a secret or CI finding is not "gone" because a
        // dependency scan did not see it.
        if (starts_with(key, "finding:") && !seen.count(key) && !incident->closed() && !incident->finding_fixed_at) {
          out.push_back(event(session, incident->id, events::FindingFixed{key, ""}));
          sync.fixed.push_back(incident->id);
        }
    if (auto summary = scan_summary(session, log, findings, incident_of, reported_of, complete))
      out.push_back(std::move(*summary));
    return out;
  });
  return sync;
}

}  // namespace tocsin::incident
