// `tocsin incident open|list|show|ack|step|set|close|due|verify`: the incident record of the
// project (src/incident/incident.h). Every command takes --now (drills, reproducible tests),
// --actor (else $TOCSIN_ACTOR, else $USER), --store (else the per-project file under
// $XDG_DATA_HOME), --repo (playbook overrides, tocsin.toml) and --config.
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/incident_environment.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/file_write.h"
#include "core/text.h"
#include "core/time.h"
#include "incident/incident.h"
#include "incident/sqlite_store.h"

namespace tocsin::cli {
namespace {

using namespace tocsin::incident;

struct Common {
  std::string repo = ".";
  std::string config;
  std::string store;
  std::string actor;
  std::string now;
  std::string format = "table";
};

using Environment = IncidentEnvironment;

void add_common(CLI::App* command, Common& common, bool with_format) {
  command->add_option("--repo", common.repo, "Project directory (tocsin.toml, .tocsin/playbooks/); default .");
  command->add_option("--config", common.config, "tocsin.toml to read (default: REPO/tocsin.toml when present)");
  command->add_option("--store", common.store,
                      "Incident record: a SQLite file or a postgresql:// URL (default: [store] url in tocsin.toml, "
                      "else $XDG_DATA_HOME/tocsin/<project>/incidents.db)");
  command->add_option("--actor", common.actor, "Who acts (default: $TOCSIN_ACTOR, else $USER)");
  add_now_option(command, common.now, "The current time (drills, tests)");
  if (with_format) add_format_option(command, common.format, {"table", "json"});
}

Environment prepare(const Common& common, bool create_store = false) {
  return prepare_incident_environment(
      {common.repo, common.config, common.store, common.actor, common.now, create_store});
}

std::string clock_state(const Clock& clock, std::int64_t now) {
  if (clock.met_at)
    return clock.late() ? paint("met late " + format_span(*clock.met_at - clock.deadline), Color::Yellow)
                        : paint("met", Color::Green);
  if (clock.overdue(now)) return paint("OVERDUE by " + format_span(now - clock.deadline), Color::Red);
  return "due in " + format_span(clock.deadline - now);
}

void print_incident(Environment& env, const Incident& incident, const std::string& format) {
  const Playbook& playbook = env.playbooks.get(incident.playbook);
  if (format == "json") return print_json(incident_json(incident, playbook, env.config, env.now));
  // Titles, notes and field values are anyone's text (a finding's summary comes from a feed).
  std::cout << paint(escape_terminal(incident.id), Color::Bold) << "  " << escape_terminal(incident.title) << "\n";
  std::cout << "  state: " << (incident.closed() ? "closed" : "open")
            << "   severity: " << policy::level_name(incident.severity) << " (" << incident.severity_why << ")"
            << "\n  playbook: " << playbook.name << " — " << playbook.title
            << "\n  reported: " << format_rfc3339(incident.reported_at)
            << "   opened: " << format_rfc3339(incident.opened_at) << " by " << escape_terminal(incident.opened_by)
            << "\n";
  const std::vector<std::pair<const char*, std::string>> fields = {{"user-safety", incident.user_safety_class},
                                                                   {"reporter", incident.reporter},
                                                                   {"credit", incident.credit},
                                                                   {"cve", incident.cve},
                                                                   {"cwe", incident.cwe},
                                                                   {"cvss", incident.cvss},
                                                                   {"affected", incident.affected},
                                                                   {"patched", incident.patched},
                                                                   {"impact", incident.impact},
                                                                   {"finding", incident.finding_key}};
  for (const auto& [name, value] : fields)
    if (!value.empty()) std::cout << "  " << name << ": " << escape_terminal(value) << "\n";
  if (incident.exploited) std::cout << "  actively exploited\n";
  if (incident.kev) std::cout << "  KEV-listed\n";
  if (incident.finding_fixed_at)
    std::cout << "  finding gone from the scan since " << format_rfc3339(*incident.finding_fixed_at) << "\n";
  for (const Branch& branch : playbook.branches) {
    auto choice = incident.branches.find(branch.id);
    std::cout << "  " << branch.id << ": "
              << escape_terminal(choice == incident.branches.end() ? "undecided" : choice->second) << "  ("
              << branch.question << ")\n";
  }
  std::vector<std::vector<std::string>> rows;
  int number = 0;
  for (const Step& step : playbook.steps) {
    const StepStatus status = step_status(incident, step);
    std::string shown(step_status_name(status));
    if (status == StepStatus::Done) shown = paint(shown, Color::Green);
    if (status == StepStatus::Waiting || status == StepStatus::NotApplicable) shown = paint(shown, Color::Dim);
    rows.push_back({std::to_string(++number), step.id, shown, step.role, env.config.people(step.role),
                    step.when ? step.when->branch + "=" + step.when->choice : ""});
  }
  std::cout << "\n" << render_table({"#", "STEP", "STATUS", "ROLE", "OWNER", "WHEN"}, rows);
  rows.clear();
  for (const Clock& clock : clocks(incident, playbook, env.config))
    rows.push_back({std::string(clock_name(clock.kind)), format_rfc3339(clock.deadline),
                    incident.closed() && !clock.met_at ? "stopped" : clock_state(clock, env.now), clock.role,
                    env.config.people(clock.role), clock.basis});
  if (!rows.empty()) std::cout << "\n" << render_table({"CLOCK", "DEADLINE", "STATE", "ROLE", "OWNER", "BASIS"}, rows);
}

void run_list(const Common& common, Context& context) {
  Environment env = prepare(common);
  const std::vector<Incident> incidents = load_incidents(*env.store);
  const std::vector<DueItem> due = due_items(incidents, env.playbooks, env.config);
  if (common.format == "json") {
    print_json(incident_list_json(incidents));
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const Incident& incident : incidents) {
      std::string next = "-";
      for (const DueItem& item : due)
        if (item.incident->id == incident.id) {
          next = std::string(clock_name(item.clock.kind)) + " " + clock_state(item.clock, env.now);
          break;
        }
      rows.push_back({incident.id, incident.closed() ? "closed" : "open",
                      std::string(policy::level_name(incident.severity)), incident.playbook, incident.title, next});
    }
    if (rows.empty())
      std::cout << "No incidents in " << env.store->location() << "\n";
    else
      std::cout << render_table({"ID", "STATE", "SEVERITY", "PLAYBOOK", "TITLE", "NEXT CLOCK"}, rows);
  }
  context.exit_code = kExitClean;
}

void run_due(const Common& common, Context& context) {
  Environment env = prepare(common);
  const std::vector<Incident> incidents = load_incidents(*env.store);
  const std::vector<DueItem> due = due_items(incidents, env.playbooks, env.config);
  bool overdue = false;
  for (const DueItem& item : due) overdue = overdue || item.clock.overdue(env.now);
  if (common.format == "json") {
    print_json(due_json(due, env.config, env.now));
  } else if (due.empty()) {
    std::cout << "Nothing due.\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const DueItem& item : due)
      rows.push_back({item.incident->id, std::string(clock_name(item.clock.kind)), format_rfc3339(item.clock.deadline),
                      clock_state(item.clock, env.now), item.clock.role, env.config.people(item.clock.role),
                      item.incident->title});
    std::cout << render_table({"INCIDENT", "CLOCK", "DEADLINE", "STATE", "ROLE", "OWNER", "TITLE"}, rows);
  }
  context.exit_code = overdue ? kExitFindings : kExitClean;
}

// SEQ:HASH as `incident verify` prints the head: a positive sequence number and 64 hex digits.
// Anything else is a usage error (exit 2), never a verification failure (exit 1).
Head parse_anchor(const std::string& text) {
  const auto colon = text.find(':');
  const std::string seq = text.substr(0, colon);
  const std::string hash = colon == std::string::npos ? "" : text.substr(colon + 1);
  const bool seq_ok = !seq.empty() && seq.size() <= 18 && seq.find_first_not_of("0123456789") == std::string::npos;
  const bool hash_ok = hash.size() == 64 && hash.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (!seq_ok || !hash_ok || std::stoll(seq) < 1)
    throw Error("--anchor '" + truncate_for_message(text, 100) +
                "' must be SEQ:HASH, a sequence number and the 64 lower-case hex digits of its hash (as `incident "
                "verify` prints the head)");
  return Head{std::stoll(seq), hash};
}

void run_verify(const Common& common, const std::string& anchor_text, Context& context) {
  std::optional<Head> anchor;
  if (!anchor_text.empty()) anchor = parse_anchor(anchor_text);
  Environment env = prepare(common);
  const auto [events, recorded_head] = env.store->read_with_head();  // one snapshot while others write
  const Verification result = verify_chain(events, recorded_head, anchor);
  if (common.format == "json") {
    nlohmann::ordered_json problems = nlohmann::ordered_json::array();
    for (const Problem& p : result.problems)
      problems.push_back(
          {{"kind", tamper_name(p.kind)}, {"seq", p.seq}, {"incident", p.incident}, {"message", p.message}});
    print_json({{"store", env.store->location()},
                {"events", result.events},
                {"ok", result.ok()},
                {"head", result.head ? nlohmann::ordered_json{{"seq", result.head->seq}, {"hash", result.head->hash}}
                                     : nlohmann::ordered_json(nullptr)},
                {"problems", problems}});
  } else {
    std::cout << env.store->location() << ": " << result.events << " events, ";
    std::cout << (result.ok() ? paint("chain intact", Color::Green) : paint("TAMPERED", Color::Red)) << "\n";
    for (const Problem& p : result.problems) std::cout << "  " << escape_terminal(p.message) << "\n";
    if (result.head)
      std::cout << "head: " << result.head->seq << ":" << result.head->hash
                << "\n(keep this somewhere else; `incident verify --anchor SEQ:HASH` checks history before it)\n";
  }
  context.exit_code = result.ok() ? kExitClean : kExitFindings;
}

}  // namespace

void register_incident_command(CLI::App& app, Context& context) {
  auto* incident = app.add_subcommand("incident", "The incident record: open, follow a playbook, clocks, verify");
  incident->require_subcommand(1);

  // Each subcommand owns its options; shared_ptr keeps them alive for the callbacks.
  auto subcommand = [&](const char* name, const char* description, bool with_format) {
    auto common = std::make_shared<Common>();
    auto* command = incident->add_subcommand(name, description);
    add_common(command, *common, with_format);
    return std::make_pair(command, common);
  };

  {
    auto created = subcommand("open", "Open an incident on a playbook", true);
    auto* command = created.first;
    auto common = created.second;
    auto request = std::make_shared<OpenRequest>();
    auto severity = std::make_shared<std::string>();
    auto reported = std::make_shared<std::string>();
    command->add_option("--playbook", request->playbook, "Playbook name (tocsin playbook list)")->required();
    command->add_option("--title", request->title, "One line: what happened")->required();
    command->add_option("--severity", *severity, "critical, high, medium, low, info (default: from the playbook)");
    command->add_option("--user-safety", request->user_safety_class, "User-safety class (forces critical)");
    command->add_option("--reporter", request->reporter, "Who reported it");
    command->add_option("--credit", request->credit, "Credit preference: real-name, handle, anonymous");
    command->add_option("--cve", request->cve, "CVE id");
    command->add_option("--cwe", request->cwe, "CWE id");
    command->add_option("--cvss", request->cvss, "CVSS vector");
    command->add_option("--affected", request->affected, "Affected versions");
    add_time_option(command, "--reported-at", *reported,
                    "When it was reported / detected (RFC 3339 date-time or YYYY-MM-DD; default: --now)");
    command->callback([common, request, severity, reported, &context] {
      Environment env = prepare(*common, /*create_store=*/true);
      OpenRequest r = *request;
      if (!severity->empty()) {
        r.severity = policy::parse_level(*severity);
        if (!r.severity) throw Error("--severity: unknown level '" + *severity + "'");
      }
      if (!reported->empty()) r.reported_at = parse_time(*reported, "--reported-at");
      const Incident opened = open_incident(env.session(), r);
      if (common->format == "table") std::cout << "Opened " << opened.id << "\n\n";
      print_incident(env, opened, common->format);
      context.exit_code = kExitClean;
    });
  }
  {
    auto created = subcommand("list", "List the incidents", true);
    auto* command = created.first;
    auto common = created.second;
    command->callback([common = common, &context] { run_list(*common, context); });
  }
  {
    auto created = subcommand("show", "Show an incident: fields, steps with owners, clocks", true);
    auto* command = created.first;
    auto common = created.second;
    auto id = std::make_shared<std::string>();
    command->add_option("id", *id, "Incident id (INC-0001)")->required();
    command->callback([common = common, id, &context] {
      Environment env = prepare(*common);
      print_incident(env, load_incident(*env.store, *id), common->format);
      context.exit_code = kExitClean;
    });
  }
  {
    auto created = subcommand("ack", "Acknowledge the report (to the reporter)", false);
    auto* command = created.first;
    auto common = created.second;
    auto id = std::make_shared<std::string>();
    auto note = std::make_shared<std::string>();
    command->add_option("id", *id, "Incident id")->required();
    command->add_option("--note", *note, "What was said, to whom");
    command->callback([common = common, id, note, &context] {
      Environment env = prepare(*common);
      print_incident(env, acknowledge(env.session(), *id, *note), "table");
      context.exit_code = kExitClean;
    });
  }
  {
    auto created = subcommand("step", "Record a playbook step as done or skipped", false);
    auto* command = created.first;
    auto common = created.second;
    auto id = std::make_shared<std::string>();
    auto step = std::make_shared<std::string>();
    auto done = std::make_shared<bool>(false);
    auto skip = std::make_shared<bool>(false);
    auto note = std::make_shared<std::string>();
    command->add_option("id", *id, "Incident id")->required();
    command->add_option("step", *step, "Step id (incident show lists them)")->required();
    auto* done_flag = command->add_flag("--done", *done, "The step is done");
    command->add_flag("--skip", *skip, "The step is skipped (say why with --note)")->excludes(done_flag);
    command->add_option("--note", *note, "Evidence, links, why");
    command->callback([common = common, id, step, done, skip, note, &context] {
      if (!*done && !*skip) throw Error("say --done or --skip");
      Environment env = prepare(*common);
      print_incident(env, record_step(env.session(), *id, *step, *skip, *note), "table");
      context.exit_code = kExitClean;
    });
  }
  {
    auto created = subcommand("set", "Set a field or decide a branch", false);
    auto* command = created.first;
    auto common = created.second;
    auto args = std::make_shared<std::vector<std::string>>();
    command->add_option("id field value", *args, "ID FIELD VALUE")->expected(3)->required();
    command->callback([common = common, args, &context] {
      Environment env = prepare(*common);
      print_incident(env, set_field(env.session(), (*args)[0], (*args)[1], (*args)[2]), "table");
      context.exit_code = kExitClean;
    });
  }
  {
    auto created = subcommand("close", "Close an incident (its clocks stop)", false);
    auto* command = created.first;
    auto common = created.second;
    auto id = std::make_shared<std::string>();
    auto note = std::make_shared<std::string>();
    auto force = std::make_shared<bool>(false);
    command->add_option("id", *id, "Incident id")->required();
    command->add_option("--note", *note, "Resolution");
    command->add_flag("--force", *force, "Close although steps are still open (they are recorded)");
    command->callback([common = common, id, note, force, &context] {
      Environment env = prepare(*common);
      print_incident(env, close_incident(env.session(), *id, *note, *force), "table");
      context.exit_code = kExitClean;
    });
  }
  {
    auto created = subcommand("due", "What is due and overdue, with owners; exit 1 when overdue", true);
    auto* command = created.first;
    auto common = created.second;
    command->callback([common = common, &context] { run_due(*common, context); });
  }
  {
    auto created = subcommand("verify", "Check the record's hash chain; exit 1 when tampered", true);
    auto* command = created.first;
    auto common = created.second;
    auto anchor = std::make_shared<std::string>();
    command->add_option("--anchor", *anchor, "SEQ:HASH of an earlier head kept elsewhere");
    command->callback([common = common, anchor, &context] { run_verify(*common, *anchor, context); });
  }
}

}  // namespace tocsin::cli
