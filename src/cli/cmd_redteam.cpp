// `tocsin redteam run|add`: the LLM red-team corpus as a deterministic CI gate, linked to
// playbook llm-redteam-bypass (see src/redteam/redteam.h and src/redteam/incidents.h).
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/incident_environment.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/text.h"
#include "redteam/incidents.h"
#include "redteam/redteam.h"

namespace tocsin::cli {
namespace {

struct RunCommandOptions {
  std::string corpus;
  std::string cmd;
  std::string http;
  std::string model = "default";
  std::string system_prompt_file;
  std::string adapter;
  std::string timeout = "30s";
  int jobs = 1;
  bool pass_canaries = false;
  std::string refusal_markers_file;
  std::string judge_cmd;
  std::string format;
  std::string fail_on = "bypass";
  bool errors_pass = false;
  std::string output;
  bool open_incidents = false;
  IncidentEnvironmentOptions incidents;
};

struct AddCommandOptions {
  redteam::AddRequest request;
  IncidentEnvironmentOptions incidents;
};

// "30", "30s", "1500ms", "2m" -> milliseconds.
std::chrono::milliseconds parse_timeout(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  const std::string unit = text.substr(digits);
  if (digits == 0 || digits > 7 || (unit != "" && unit != "s" && unit != "ms" && unit != "m"))
    throw Error("--timeout: '" + text + "' is not a duration (30, 30s, 1500ms, 2m)");
  const long long n = std::stoll(text.substr(0, digits));
  const long long ms = unit == "ms" ? n : unit == "m" ? n * 60000 : n * 1000;
  if (ms <= 0) throw Error("--timeout must be positive");
  return std::chrono::milliseconds(ms);
}

std::string default_adapter(const RunCommandOptions& options, const std::vector<std::string>& argv) {
  if (!options.adapter.empty()) return options.adapter;
  if (!argv.empty()) {
    // An interpreter's script names the adapter better than the interpreter does.
    const std::string program = std::filesystem::path(argv[0]).filename().string();
    if ((starts_with(program, "python") || program == "sh" || program == "bash" || program == "node") &&
        argv.size() > 1)
      return std::filesystem::path(argv[1]).filename().string();
    return program;
  }
  return options.http + (options.model.empty() ? "" : " " + options.model);
}

int run_redteam(RunCommandOptions& options) {
  if (options.cmd.empty() == options.http.empty())
    throw Error("give exactly one target: --cmd \"PROGRAM ARGS\" or --http URL");
  if (options.jobs < 1 || options.jobs > 256) throw Error("-j must be between 1 and 256");
  if (!options.http.empty() && options.pass_canaries)
    throw Error("--pass-canaries is for --cmd; an --http target gets its canaries through --system-prompt");
  redteam::TargetOptions target_options;
  target_options.timeout = parse_timeout(options.timeout);
  target_options.pass_canaries = options.pass_canaries;

  redteam::RunOptions run_options;
  run_options.jobs = options.jobs;
  if (!options.refusal_markers_file.empty())
    run_options.refusal_markers = redteam::load_refusal_markers(options.refusal_markers_file);
  if (!options.judge_cmd.empty()) {
    run_options.judge_command = redteam::split_command(options.judge_cmd);
    run_options.judge_timeout = target_options.timeout;
  }

  std::vector<std::string> argv;
  std::unique_ptr<redteam::Target> target;
  if (!options.cmd.empty()) {
    argv = redteam::split_command(options.cmd);
    target = redteam::make_command_target(argv, target_options);
  } else {
    redteam::HttpTargetOptions http;
    http.url = options.http;
    http.model = options.model;
    if (!options.system_prompt_file.empty()) http.system_prompt = read_file(options.system_prompt_file);
    target = redteam::make_http_target(http, target_options);
  }
  const std::vector<redteam::Case> cases = redteam::load_corpus(options.corpus);

  // A target that stops reading its stdin must not kill tocsin with SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  std::vector<redteam::CaseResult> results = redteam::run_corpus(cases, *target, run_options);

  if (options.open_incidents) {
    IncidentEnvironmentOptions where = options.incidents;
    where.create_store = true;  // --open-incidents records new incidents
    IncidentEnvironment env = prepare_incident_environment(where);
    const redteam::IncidentSync sync = redteam::sync_incidents(env.session(), results, default_adapter(options, argv));
    const auto list = [](const std::vector<std::string>& ids) {
      std::string out;
      for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
      return out;
    };
    if (!sync.opened.empty()) std::cerr << "incidents opened: " << list(sync.opened) << "\n";
    if (!sync.reappeared.empty()) std::cerr << "bypassed again on incidents: " << list(sync.reappeared) << "\n";
    if (!sync.verified.empty()) std::cerr << "verified on incidents: " << list(sync.verified) << "\n";
    if (!sync.waiting_decision.empty())
      std::cerr << "passing now, step verify-redteam waits for the data-exposed decision on: "
                << list(sync.waiting_decision) << " (tocsin incident set ID branch.data-exposed yes|no)\n";
  }

  const std::string report = redteam::render_report(results, options.format, target->describe());
  if (options.output.empty()) {
    std::cout << report;
  } else {
    std::ofstream file(options.output, std::ios::binary);
    if (!(file << report)) throw Error(options.output, 0, 0, "cannot write the report");
  }
  if (options.fail_on == "none") return kExitClean;
  const auto summary = redteam::summarize(results);
  const redteam::Summary& total = summary.front().second;
  if (total.bypass > 0 || (total.error > 0 && !options.errors_pass)) return kExitFindings;
  return kExitClean;
}

void add_incident_options(CLI::App* command, IncidentEnvironmentOptions& where) {
  command->add_option("--repo", where.repo, "Project directory (tocsin.toml, .tocsin/playbooks/); default .");
  command->add_option("--config", where.config, "tocsin.toml to read (default: REPO/tocsin.toml when present)");
  command->add_option("--store", where.store,
                      "Incident record (default: $XDG_DATA_HOME/tocsin/<project>/incidents.db)");
  command->add_option("--actor", where.actor, "Who acts (default: $TOCSIN_ACTOR, else $USER)");
  add_now_option(command, where.now, "The current time (drills, tests)");
}

}  // namespace

void register_redteam_command(CLI::App& app, Context& context) {
  CLI::App* redteam =
      app.add_subcommand("redteam", "Run an LLM red-team corpus against an AI adapter, judged without an LLM");
  redteam->require_subcommand(1);

  auto run = std::make_shared<RunCommandOptions>();
  CLI::App* run_command = redteam->add_subcommand("run", "Run every case of CORPUS against the target and judge it");
  run_command->add_option("corpus", run->corpus, "Corpus directory (*.toml cases) or one case file")->required();
  run_command->add_option("--cmd", run->cmd, "Target program: \"PROGRAM ARGS\" (no shell), one run per case");
  run_command->add_option("--http", run->http, "Target: an OpenAI-compatible chat-completions URL on localhost");
  run_command->add_option("--model", run->model, "--http: the model name sent (default: default)");
  run_command->add_option("--system-prompt", run->system_prompt_file,
                          "--http: system prompt file; {{canary:N}} is replaced by the case's Nth canary");
  run_command->add_option("--adapter", run->adapter,
                          "Adapter name for incidents (default: the program or script name, or the URL)");
  run_command->add_option("--timeout", run->timeout, "Per case: 30, 30s, 1500ms, 2m (default 30s); then killed");
  run_command->add_option("-j,--jobs", run->jobs, "Cases run at once (default 1)");
  run_command->add_flag("--pass-canaries", run->pass_canaries, "--cmd: include the canaries in the request");
  run_command->add_option("--refusal-markers", run->refusal_markers_file,
                          "File of refusal markers, one per line (default: the built-in list)");
  run_command->add_option("--judge-cmd", run->judge_cmd,
                          "A model-based judge program; its opinion is recorded, never the basis of a pass");
  add_format_option(run_command, run->format, {"table", "json", "junit", "sarif"});
  run_command->add_option("--fail-on", run->fail_on, "bypass (default: exit 1 on a bypass or an error) or none")
      ->check(CLI::IsMember({"bypass", "none"}));
  run_command->add_flag("--errors-pass", run->errors_pass, "Errors (timeout, crash, unreadable answer) do not fail");
  run_command->add_option("--output,-o", run->output, "Write the report to FILE instead of stdout");
  run_command->add_flag("--open-incidents", run->open_incidents,
                        "Open an llm-redteam-bypass incident per newly bypassing case; record passing ones verified");
  add_incident_options(run_command, run->incidents);
  run_command->callback([run, &context] { context.exit_code = run_redteam(*run); });

  auto add = std::make_shared<AddCommandOptions>();
  CLI::App* add_command =
      redteam->add_subcommand("add", "Write a corpus case from an llm-redteam-bypass incident (step add-to-corpus)");
  add_command->add_option("--from-incident", add->request.incident_id, "The incident (INC-0001)")->required();
  add_command->add_option("--corpus", add->request.corpus_dir,
                          "Corpus directory to write to (default: REPO/tests/llm-redteam/corpus)");
  add_command->add_option("--id", add->request.case_id, "Case id and file name (default: the recorded case id)");
  add_command->add_option("--input", add->request.input, "The attack, for an incident without a recorded input");
  add_command->add_option("--class", add->request.owasp_class, "With --input: the OWASP class (default LLM01)");
  add_command->add_option("--canary", add->request.canaries, "With --input: a canary, repeatable");
  add_incident_options(add_command, add->incidents);
  add_command->callback([add, &context] {
    if (add->request.corpus_dir.empty())
      add->request.corpus_dir = (std::filesystem::path(add->incidents.repo) / "tests/llm-redteam/corpus").string();
    IncidentEnvironment env = prepare_incident_environment(add->incidents);
    const redteam::AddResult result = redteam::add_from_incident(env.session(), add->request);
    std::cout << "wrote " << result.path << " (case " << result.written.id << ", " << result.written.owasp_class
              << ")\n";
    if (result.step_recorded) std::cout << add->request.incident_id << ": step add-to-corpus done\n";
    context.exit_code = kExitClean;
  });
}

}  // namespace tocsin::cli
