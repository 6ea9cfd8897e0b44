// Opening, following and verifying llm-redteam-bypass incidents from corpus runs.
#include "redteam/incidents.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/time.h"
#include "incident/events.h"

namespace tocsin::redteam {
namespace {

using Json = nlohmann::ordered_json;

template <class E>
incident::NewEvent event(const incident::Session& session, const std::string& id, const E& payload) {
  return incident::events::new_event(id, session.actor, session.now, payload);
}

// The "redteam" object of an incident's opened event, or null.
Json recorded(const incident::Incident& incident) {
  if (incident.events.empty() || incident.events.front().type != incident::events::Opened::kType) return nullptr;
  const Json red = incident::events::decode_as<incident::events::Opened>(incident.events.front()).redteam;
  return red.is_object() ? red : Json(nullptr);
}

Json case_json(const Case& c) {
  Json out;
  if (c.turns.empty()) {
    out["input"] = c.input;
  } else {
    out["turns"] = Json::array();
    for (const Turn& t : c.turns) out["turns"].push_back({{"role", t.role}, {"content", t.content}});
  }
  if (!c.document.empty()) out["document"] = c.document;
  if (!c.canaries.empty()) out["canaries"] = c.canaries;
  Json expect = Json::object();
  if (c.expect.refuse) expect["refuse"] = true;
  if (c.expect.no_canary) expect["no_canary"] = true;
  if (c.expect.flagged) expect["flagged"] = true;
  if (!c.expect.not_match.empty()) expect["not_match"] = c.expect.not_match;
  if (!c.expect.match.empty()) expect["match"] = c.expect.match;
  out["expect"] = expect;
  return out;
}

incident::events::Opened opened_payload(const incident::Session& session, const CaseResult& r,
                                        const std::string& adapter, const std::string& key) {
  const incident::Playbook& playbook = session.playbooks.get(kBypassPlaybook);
  incident::events::Opened opened;
  opened.playbook = playbook.name;
  opened.title = "Red-team bypass: " + r.c->id + " (" + r.c->owasp_class + ") on " + adapter;
  opened.severity = policy::level_name(playbook.severity.value_or(policy::Level::High));
  opened.severity_source = "playbook";
  opened.severity_why = "default of playbook " + playbook.name;
  opened.reported_at = format_rfc3339(session.now);
  opened.summary = "Corpus case " + r.c->id + " (" + r.c->file + ") bypassed adapter " + adapter + ": rule " +
                   r.judgement.rule + " — " + r.judgement.detail;
  opened.redteam = {{"key", key},
                    {"adapter", adapter},
                    {"case", r.c->id},
                    {"class", r.c->owasp_class},
                    {"file", r.c->file},
                    {"rule", r.judgement.rule},
                    {"detail", r.judgement.detail}};
  opened.redteam.update(case_json(*r.c));
  return opened;
}

}  // namespace

std::string incident_key(const std::string& adapter, const std::string& case_id) {
  return "redteam:" + adapter + "/" + case_id;
}

IncidentSync sync_incidents(const incident::Session& session, std::vector<CaseResult>& results,
                            const std::string& adapter) {
  const incident::Playbook& playbook = session.playbooks.get(kBypassPlaybook);
  const incident::Step* verify = playbook.find_step("verify-redteam");
  IncidentSync sync;
  session.store.transact([&](const std::vector<incident::Event>& log) {
    sync = IncidentSync{};
    for (CaseResult& r : results) r.incident.clear(), r.incident_action.clear();
    const std::vector<incident::Incident> incidents = incident::replay(log);
    std::map<std::string, const incident::Incident*> by_key, by_id;
    for (const incident::Incident& i : incidents) {
      if (i.playbook != kBypassPlaybook) continue;
      by_id[i.id] = &i;
      const Json red = recorded(i);
      if (red.is_object() && red.contains("key") && red["key"].is_string()) by_key[red["key"].get<std::string>()] = &i;
    }
    std::vector<incident::NewEvent> events;
    std::size_t opened = 0;
    for (CaseResult& r : results) {
      if (r.judgement.verdict == Verdict::Error) continue;
      const std::string key = incident_key(adapter, r.c->id);
      const incident::Incident* found = nullptr;
      if (auto it = by_key.find(key); it != by_key.end()) found = it->second;
      if (auto it = by_id.find(r.c->source); it != by_id.end() && (!found || found->closed())) found = it->second;
      if (r.judgement.verdict == Verdict::Bypass) {
        if (found && !found->closed()) {
          r.incident = found->id;
          if (found->finding_fixed_at) {
            events.push_back(event(session, found->id, incident::events::FindingReappeared{key}));
            sync.reappeared.push_back(found->id);
            r.incident_action = "bypassed again";
          } else {
            r.incident_action = "open";
          }
          continue;
        }
        const std::string id = fmt::format("INC-{:04d}", incidents.size() + ++opened);
        events.push_back(event(session, id, opened_payload(session, r, adapter, key)));
        sync.opened.push_back(id);
        r.incident = id;
        r.incident_action = "opened";
        continue;
      }
      // A pass: verification of an open incident for this case.
      if (!found || found->closed()) continue;
      r.incident = found->id;
      const std::string note = "redteam run: case " + r.c->id + " passes on " + adapter + " (" + r.judgement.rule + ")";
      if (!found->finding_fixed_at) {
        events.push_back(event(session, found->id, incident::events::FindingFixed{key, note}));
        r.incident_action = "verified";
      }
      if (!verify || incident::step_status(*found, *verify) != incident::StepStatus::Pending) {
        if (r.incident_action.empty()) r.incident_action = "verified earlier";
        if (r.incident_action == "verified") sync.verified.push_back(found->id);
        continue;
      }
      if (!verify->decides.empty() && !found->branches.count(verify->decides)) {
        r.incident_action = "verified; decide " + verify->decides + " to record step " + verify->id;
        sync.waiting_decision.push_back(found->id);
        continue;
      }
      const std::string milestone(
          verify->milestone == incident::Milestone::None ? "" : incident::milestone_name(verify->milestone));
      events.push_back(event(session, found->id, incident::events::StepRecorded{verify->id, "done", note, milestone}));
      r.incident_action = "verified, step " + verify->id + " done";
      sync.verified.push_back(found->id);
    }
    return events;
  });
  return sync;
}

AddResult add_from_incident(const incident::Session& session, const AddRequest& request) {
  const incident::Incident incident = incident::load_incident(session.store, request.incident_id);
  if (incident.playbook != kBypassPlaybook)
    throw Error("incident " + incident.id + " follows playbook " + incident.playbook + ", not " + kBypassPlaybook);
  if (incident.closed()) throw Error("incident " + incident.id + " is closed; it is read-only");
  const Json red = recorded(incident);
  Case c;
  try {
    if (red.is_object()) {
      c.id = red.value("case", "");
      c.owasp_class = red.value("class", "LLM01");
      c.input = red.value("input", "");
      if (red.contains("turns"))
        for (const auto& t : red["turns"]) c.turns.push_back({t.value("role", ""), t.value("content", "")});
      c.document = red.value("document", "");
      if (red.contains("canaries")) c.canaries = red["canaries"].get<std::vector<std::string>>();
      const Json expect = red.value("expect", Json::object());
      c.expect.refuse = expect.value("refuse", false);
      c.expect.no_canary = expect.value("no_canary", false);
      c.expect.flagged = expect.value("flagged", false);
      c.expect.not_match = expect.value("not_match", std::vector<std::string>{});
      c.expect.match = expect.value("match", std::vector<std::string>{});
    } else {
      if (request.input.empty())
        throw Error("incident " + incident.id +
                    " has no recorded red-team input (it was not opened by `redteam run --open-incidents`): "
                    "give the attack with --input");
      c.input = request.input;
      c.owasp_class = request.owasp_class;
      c.canaries = request.canaries;
      c.expect.refuse = true;
      c.expect.no_canary = !c.canaries.empty();
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error("incident " + incident.id + ": the recorded red-team input is malformed (" + e.what() + ")");
  }
  if (!request.case_id.empty()) c.id = request.case_id;
  if (c.id.empty()) {
    for (char ch : incident.id) c.id.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  }
  c.source = incident.id;
  c.added = format_date(session.now);

  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(request.corpus_dir, ec);
  if (ec) throw Error(request.corpus_dir, 0, 0, "cannot create the corpus directory: " + ec.message());
  AddResult result;
  result.path = (fs::path(request.corpus_dir) / (c.id + ".toml")).string();
  const std::string text = case_to_toml(c);
  result.written = parse_case(text, result.path);  // what will be read back must be a valid case
  // O_EXCL: never overwrite a case, and never follow a symlink planted at that name.
  const int fd = ::open(result.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    throw Error(result.path, 0, 0,
                errno == EEXIST ? "a corpus case with this name exists already (choose another with --id)"
                                : "cannot create the case file");
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!ok) throw Error(result.path, 0, 0, "cannot write the case file");

  const incident::Playbook& playbook = session.playbooks.get(kBypassPlaybook);
  if (const incident::Step* step = playbook.find_step("add-to-corpus");
      step && incident::step_status(incident, *step) == incident::StepStatus::Pending) {
    incident::record_step(session, incident.id, step->id, false, "corpus case " + result.path);
    result.step_recorded = true;
  }
  return result;
}

}  // namespace tocsin::redteam
