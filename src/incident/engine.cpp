// The incident commands: each validates against the replayed state inside the store's write
// transaction and appends the events that record it.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/error.h"
#include "core/text.h"
#include "cvss/cvss.h"
#include "documents/affected_ranges.h"
#include "incident/events.h"
#include "incident/incident.h"

namespace tocsin::incident {
namespace {

// affected / patched are validated when recorded, in the grammar the advisory documents state
// exactly (documents/affected_ranges.h): a value the OSV or CVE record could only approximate is
// refused here, with what to write instead, rather than published wrong later.
std::string validate_affected(const std::string& value) {
  documents::parse_affected_ranges(value);
  return value;
}

std::string validate_patched(const std::string& value) {
  std::string joined;
  for (const std::string& version : documents::parse_patched_versions(value))
    joined += (joined.empty() ? "" : ", ") + version;
  return joined;
}

template <class E>
NewEvent make_event(const Session& session, const std::string& id, const E& event) {
  return events::new_event(id, session.actor, session.now, event);
}

const Incident& find_incident(const std::vector<Incident>& incidents, const std::string& id) {
  for (const Incident& incident : incidents)
    if (incident.id == id) return incident;
  throw Error("no incident '" + id + "' in the record (tocsin incident list shows them)");
}

std::string next_id(const std::vector<Incident>& incidents, std::size_t pending = 0) {
  return fmt::format("INC-{:04d}", incidents.size() + pending + 1);
}

// Writes the events `change` returns for incident `id` and gives back its replayed state.
Incident mutate(const Session& session, const std::string& id,
                const std::function<std::vector<NewEvent>(const Incident&, const Playbook&)>& change) {
  std::vector<Event> log;
  std::vector<Event> written = session.store.transact([&](const std::vector<Event>& current) {
    log = current;
    const std::vector<Incident> incidents = replay(current);
    const Incident& incident = find_incident(incidents, id);
    if (incident.closed())
      throw Error("incident " + id + " was closed at " + format_rfc3339(*incident.closed_at) + "; it is read-only");
    return change(incident, session.playbooks.get(incident.playbook));
  });
  log.insert(log.end(), written.begin(), written.end());
  return find_incident(replay(log), id);
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string normalise_cve(const std::string& value) {
  const std::string upper = [&] {
    std::string out(trim(value));
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
  }();
  const auto parts = split(upper, '-');
  if (parts.size() != 3 || parts[0] != "CVE" || parts[1].size() != 4 || !all_digits(parts[1]) || parts[2].size() < 4 ||
      !all_digits(parts[2]))
    throw Error("invalid CVE id '" + value + "' (expected CVE-YYYY-NNNN…)");
  return upper;
}

std::string normalise_cwe(const std::string& value) {
  std::string text(trim(value));
  if (starts_with(to_lower(text), "cwe-")) text = text.substr(4);
  if (!all_digits(text) || text.size() > 6) throw Error("invalid CWE id '" + value + "' (expected CWE-NNN)");
  return "CWE-" + text;
}

std::string validate_credit(const std::string& value) {
  if (value == "real-name" || value == "handle" || value == "anonymous") return value;
  throw Error("invalid credit preference '" + value + "' (expected real-name, handle or anonymous)");
}

void validate_cvss(const std::string& vector) { (void)cvss::score(vector, cvss::Origin{"--cvss", 0, 1}); }

void require_user_safety_class(const Config& config, const std::string& name) {
  std::string known;
  for (const policy::UserSafetyClass& c : config.policy.user_safety) {
    if (c.name == name) return;
    known += (known.empty() ? "" : ", ") + c.name;
  }
  throw Error("unknown user-safety class '" + name + "' (the policy knows: " + known + ")");
}

struct SeverityChoice {
  policy::Level level;
  std::string source;
  std::string why;
};

SeverityChoice choose_severity(const Config& config, const Playbook& playbook, const OpenRequest& request) {
  if (!request.user_safety_class.empty()) {
    policy::PolicyInput input;
    input.user_safety_flags = {request.user_safety_class};
    if (!request.cvss.empty()) input.cvss_vectors = {request.cvss};
    const policy::Decision decision = policy::decide(config.policy, input);
    if (request.severity && *request.severity != decision.level)
      throw Error("a user-safety incident is " + std::string(policy::level_name(decision.level)) +
                  " whatever the CVSS score; drop --severity or --user-safety");
    return {decision.level, "user-safety", decision.why};
  }
  if (request.severity)
    return {*request.severity, request.severity_source.empty() ? "flag" : request.severity_source,
            request.severity_why.empty() ? "given when opened" : request.severity_why};
  if (!request.cvss.empty() || request.kev) {
    policy::PolicyInput input;
    if (!request.cvss.empty()) input.cvss_vectors = {request.cvss};
    input.kev = request.kev;
    const policy::Decision decision = policy::decide(config.policy, input);
    return {decision.level, "policy", decision.why};
  }
  if (playbook.severity) return {*playbook.severity, "playbook", "the " + playbook.name + " playbook's default"};
  return {config.policy.unscored, "policy", "no score: the policy's unscored level"};
}

}  // namespace

std::string finding_key(std::string_view ecosystem, std::string_view name, std::string_view version,
                        std::string_view vulnerability_id) {
  return fmt::format("finding:{}/{}@{}/{}", ecosystem, name, version, vulnerability_id);
}

std::vector<Incident> load_incidents(EventStore& store) { return replay(store.read_all()); }

Incident load_incident(EventStore& store, const std::string& id) { return find_incident(load_incidents(store), id); }

events::Opened opening_payload(const Session& session, const OpenRequest& request) {
  const Playbook& playbook = session.playbooks.get(request.playbook);
  if (trim(request.title).empty()) throw Error("an incident needs a --title");
  if (!request.user_safety_class.empty()) require_user_safety_class(session.config, request.user_safety_class);
  if (!request.cvss.empty()) validate_cvss(request.cvss);
  const std::int64_t reported = request.reported_at.value_or(session.now);
  if (reported > session.now)
    throw Error("--reported-at " + format_rfc3339(reported) + " is after now (" + format_rfc3339(session.now) + ")");
  const SeverityChoice severity = choose_severity(session.config, playbook, request);

  events::Opened opened;
  opened.playbook = playbook.name;
  opened.title = std::string(trim(request.title));
  opened.severity = policy::level_name(severity.level);
  opened.severity_source = severity.source;
  opened.severity_why = severity.why;
  opened.reported_at = format_rfc3339(reported);
  opened.user_safety_class = request.user_safety_class;
  opened.reporter = request.reporter;
  opened.credit = request.credit.empty() ? "" : validate_credit(request.credit);
  opened.cve = request.cve.empty() ? "" : normalise_cve(request.cve);
  opened.cwe = request.cwe.empty() ? "" : normalise_cwe(request.cwe);
  opened.cvss = request.cvss;
  opened.affected = trim(request.affected).empty() ? "" : validate_affected(std::string(trim(request.affected)));
  opened.patched = trim(request.patched).empty() ? "" : validate_patched(request.patched);
  opened.impact = request.impact;
  opened.summary = request.summary;
  opened.kev = request.kev;
  opened.exploited = request.exploited;
  opened.external = request.external;
  return opened;
}

Incident open_incident(const Session& session, const OpenRequest& request) {
  const events::Opened opened = opening_payload(session, request);
  std::string id;
  std::vector<Event> log;
  std::vector<Event> written = session.store.transact([&](const std::vector<Event>& current) {
    log = current;
    id = next_id(replay(current));
    return std::vector<NewEvent>{make_event(session, id, opened)};
  });
  log.insert(log.end(), written.begin(), written.end());
  return find_incident(replay(log), id);
}

Incident acknowledge(const Session& session, const std::string& id, const std::string& note) {
  return mutate(session, id, [&](const Incident& incident, const Playbook& playbook) {
    if (incident.acknowledged_at)
      throw Error("incident " + id + " was already acknowledged at " + format_rfc3339(*incident.acknowledged_at));
    std::vector<NewEvent> out{make_event(session, id, events::Acknowledged{note})};
    for (const Step& step : playbook.steps)
      if (step.milestone == Milestone::Acknowledged && step_status(incident, step) == StepStatus::Pending)
        out.push_back(make_event(session, id, events::StepRecorded{step.id, "done", "acknowledged", "acknowledged"}));
    return out;
  });
}

Incident record_step(const Session& session, const std::string& id, const std::string& step_id, bool skipped,
                     const std::string& note) {
  return mutate(session, id, [&](const Incident& incident, const Playbook& playbook) {
    const Step* step = playbook.find_step(step_id);
    if (!step) {
      std::string known;
      for (const Step& s : playbook.steps) known += (known.empty() ? "" : ", ") + s.id;
      throw Error("playbook " + playbook.name + " has no step '" + step_id + "' (steps: " + known + ")");
    }
    const StepStatus status = step_status(incident, *step);
    if (status == StepStatus::Done || status == StepStatus::Skipped)
      throw Error("step " + step_id + " of " + id + " is already " + std::string(step_status_name(status)));
    if (status == StepStatus::Waiting)
      throw Error("step " + step_id + " applies only when " + step->when->branch + " = " + step->when->choice +
                  "; decide first: tocsin incident set " + id + " branch." + step->when->branch + " CHOICE");
    if (status == StepStatus::NotApplicable)
      throw Error("step " + step_id + " does not apply: " + step->when->branch + " is '" +
                  incident.branches.at(step->when->branch) + "'");
    if (!skipped && !step->decides.empty() && !incident.branches.count(step->decides)) {
      std::string choices;
      for (const std::string& c : playbook.find_branch(step->decides)->choices)
        choices += (choices.empty() ? "" : "|") + c;
      throw Error("step " + step_id + " decides " + step->decides + ": first run tocsin incident set " + id +
                  " branch." + step->decides + " " + choices);
    }
    const std::string milestone(step->milestone == Milestone::None ? "" : milestone_name(step->milestone));
    return std::vector<NewEvent>{
        make_event(session, id, events::StepRecorded{step_id, skipped ? "skipped" : "done", note, milestone})};
  });
}

Incident set_field(const Session& session, const std::string& id, const std::string& field_in,
                   const std::string& value_in) {
  return mutate(session, id, [&](const Incident& incident, const Playbook& playbook) {
    std::string field = field_in;
    std::string value(trim(value_in));
    if (playbook.find_branch(field)) field = "branch." + field;
    std::vector<NewEvent> out;
    events::FieldSet change;
    if (field == "severity") {
      const auto level = policy::parse_level(value);
      if (!level) throw Error("unknown severity '" + value + "' (expected critical, high, medium, low or info)");
      if (!incident.user_safety_class.empty() && *level != policy::Level::Critical)
        throw Error("incident " + id + " is a user-safety incident (" + incident.user_safety_class +
                    "): always critical");
      value = policy::level_name(*level);
    } else if (field == "cve") {
      value = normalise_cve(value);
    } else if (field == "cwe") {
      value = normalise_cwe(value);
    } else if (field == "cvss") {
      validate_cvss(value);
    } else if (field == "credit") {
      validate_credit(value);
    } else if (field == "exploited" || field == "kev") {
      if (value != "true" && value != "false") throw Error(field + " must be true or false, not '" + value + "'");
    } else if (field == "user-safety") {
      require_user_safety_class(session.config, value);
      if (incident.severity != policy::Level::Critical)
        out.push_back(make_event(
            session, id,
            events::FieldSet{
                "severity", {}, "critical", "user-safety", "user-safety class " + value + " is always critical"}));
    } else if (starts_with(field, "branch.")) {
      const Branch* branch = playbook.find_branch(field.substr(7));
      if (!branch) throw Error("playbook " + playbook.name + " has no branch '" + field.substr(7) + "'");
      if (std::find(branch->choices.begin(), branch->choices.end(), value) == branch->choices.end())
        throw Error("'" + value + "' is not a choice of " + branch->id + " (" + branch->question + ")");
      for (const Step& step : playbook.steps)
        if (step.when && step.when->branch == branch->id && step.when->choice != value && incident.steps.count(step.id))
          throw Error("cannot change " + branch->id + ": step " + step.id + " of the other choice is recorded");
    } else if (field == "affected") {
      value = validate_affected(value);
    } else if (field == "patched") {
      value = validate_patched(value);
    } else if (field == "embargo") {
      if (value != "true" && value != "false") throw Error("embargo must be true or false, not '" + value + "'");
    } else if (field == "embargo-roles") {
      // One event: embargoed, owned by these roles (the role names of tocsin.toml's [roles]).
      std::vector<std::string> roles;
      for (std::string_view part : split(value, ',')) {
        const std::string role(trim(part));
        if (role.empty()) continue;
        if (std::find(kRoles.begin(), kRoles.end(), role) == kRoles.end())
          throw Error("embargo-roles: unknown role '" + role +
                      "' (expected triage, crypto_reviewer, connector_reviewer or release_engineer)");
        roles.push_back(role);
      }
      if (roles.empty()) throw Error("embargo-roles needs at least one role (ROLE[,ROLE…])");
      field = "embargo";
      value = "true";
      change.embargo_roles = roles;
    } else if (field == "title" || field == "reporter" || field == "impact" || field == "summary") {
      if (value.empty()) throw Error(field + " must not be empty");
    } else {
      throw Error("unknown field '" + field_in +
                  "' (expected severity, title, cve, cwe, cvss, affected, patched, reporter, credit, exploited, kev, "
                  "impact, summary, user-safety, embargo, embargo-roles or branch.<id>)");
    }
    change.field = field;
    change.value = value;
    out.push_back(make_event(session, id, change));
    return out;
  });
}

Incident close_incident(const Session& session, const std::string& id, const std::string& note, bool force) {
  return mutate(session, id, [&](const Incident& incident, const Playbook& playbook) {
    std::vector<std::string> pending;
    for (const Step& step : playbook.steps) {
      const StepStatus status = step_status(incident, step);
      if (status == StepStatus::Pending || status == StepStatus::Waiting) pending.push_back(step.id);
    }
    if (!pending.empty() && !force) {
      std::string list;
      for (const std::string& s : pending) list += (list.empty() ? "" : ", ") + s;
      throw Error("incident " + id + " has steps still open (" + list +
                  "); record them with `incident step`, or close with --force");
    }
    return std::vector<NewEvent>{make_event(session, id, events::Closed{note, !pending.empty(), pending})};
  });
}

}  // namespace tocsin::incident
