// Incidents opened and followed from reports that arrive from outside tocsin (see ExternalReport).
#include <fmt/format.h>

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

// The external facts recorded on the incident: the request's own plus key and state.
std::map<std::string, std::string> external_facts(const ExternalReport& report) {
  std::map<std::string, std::string> facts = report.request.external;
  facts["key"] = report.key;
  facts["state"] = report.state;
  return facts;
}

// "finding:crates.io/time@0.1.45/RUSTSEC-2020-0071" names package `crates.io/time` and one of `ids`.
bool finding_matches(const Incident& incident, const ExternalReport& report) {
  if (report.join_package.empty() || incident.finding_key.empty()) return false;
  const std::string prefix = "finding:" + report.join_package + "@";
  if (!starts_with(incident.finding_key, prefix)) return false;
  const std::string id = incident.finding_key.substr(incident.finding_key.rfind('/') + 1);
  for (const std::string& candidate : report.join_ids)
    if (!candidate.empty() && (to_lower(candidate) == to_lower(id) || to_lower(candidate) == to_lower(incident.cve)))
      return true;
  return false;
}

}  // namespace

ExternalSync sync_external(const Session& session, const std::vector<ExternalReport>& reports) {
  // Validate every report first: one malformed report must not leave the others half-written.
  std::vector<events::Opened> payloads(reports.size());
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const ExternalReport& report = reports[i];
    if (report.key.empty()) throw Error(fmt::format("external report {} has no key", i));
    if (!report.opens) continue;
    OpenRequest request = report.request;
    request.external = external_facts(report);
    try {
      payloads[i] = opening_payload(session, request);
    } catch (const Error& e) {
      throw Error(fmt::format("{}: {}", report.key, e.what()));
    }
  }

  ExternalSync sync;
  session.store.transact([&](const std::vector<Event>& log) {
    sync = ExternalSync{};
    const std::vector<Incident> incidents = replay(log);
    std::map<std::string, const Incident*> by_key;
    for (const Incident& incident : incidents)
      if (auto key = incident.external.find("key"); key != incident.external.end()) by_key[key->second] = &incident;

    std::vector<NewEvent> out;
    std::set<std::string> seen;
    std::size_t opened = 0;
    for (std::size_t i = 0; i < reports.size(); ++i) {
      const ExternalReport& report = reports[i];
      if (!seen.insert(report.key).second) continue;  // the same alert twice in one export
      if (auto found = by_key.find(report.key); found != by_key.end()) {
        const Incident& incident = *found->second;
        auto state = incident.external.find("state");
        if (incident.closed() || (state != incident.external.end() && state->second == report.state)) {
          sync.unchanged.push_back(incident.id);
          continue;
        }
        out.push_back(
            event(session, incident.id,
                  events::ExternalState{report.key, report.state, report.state_at, report.state_note, report.fixed}));
        sync.changed.push_back(incident.id);
        continue;
      }
      if (!report.opens) {
        ++sync.ignored;
        continue;
      }
      const Incident* joined = nullptr;
      for (const Incident& incident : incidents)
        if (!incident.closed() && incident.external.empty() && finding_matches(incident, report)) joined = &incident;
      if (joined) {
        out.push_back(event(session, joined->id, events::ExternalLinked{external_facts(report)}));
        sync.joined.push_back(joined->id);
        continue;
      }
      const std::string id = fmt::format("INC-{:04d}", incidents.size() + ++opened);
      out.push_back(event(session, id, payloads[i]));
      sync.opened.push_back(id);
    }
    return out;
  });
  return sync;
}

}  // namespace tocsin::incident
