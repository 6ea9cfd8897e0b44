#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "cli/heap.h"
#include "cli/store_command.h"
#include "core/error.h"
#include "core/text.h"

namespace {

using tocsin::cli::Context;

// Every register function and the top-level words it adds. main registers only the functions
// whose words hold the command being run: CLI11 builds every option of every command when it is
// registered (some 4 million instructions and a hundred page faults for all of them, more than
// the rest of `tocsin --version` together, which every hook and CI step pays). Order matters:
// documents adds `incident postmortem|tag` to the incident command registered before it.
struct Registration {
  void (*add)(CLI::App&, Context&);
  std::string_view words;  // space-separated
};
constexpr Registration kRegistrations[] = {
    {tocsin::cli::register_deps_command, "deps"},
    {tocsin::cli::register_why_command, "why"},
    {tocsin::cli::register_scan_command, "scan"},
    {tocsin::cli::register_sbom_command, "sbom"},
    {tocsin::cli::register_version_command, "version"},
    {tocsin::cli::register_cvss_command, "cvss"},
    {tocsin::cli::register_policy_command, "policy"},
    {tocsin::cli::register_db_command, "db"},
    {tocsin::cli::register_vex_command, "vex"},
    {tocsin::cli::register_incident_command, "incident"},
    {tocsin::cli::register_playbook_command, "playbook"},
    {tocsin::cli::register_securitytxt_command, "securitytxt"},
    {tocsin::cli::register_documents_commands, "advisory changelog cna incident"},
    {tocsin::cli::register_intake_command, "intake"},
    {tocsin::cli::register_redteam_command, "redteam"},
    {tocsin::cli::register_release_command, "release"},
    {tocsin::cli::register_secrets_command, "secrets"},
    {tocsin::cli::register_ci_command, "ci"},
    {tocsin::cli::register_store_command, "store"},
    {tocsin::cli::register_serve_command, "serve"},
};

bool has_word(std::string_view words, std::string_view word) {
  for (std::size_t start = 0; start <= words.size();) {
    std::size_t end = std::min(words.find(' ', start), words.size());
    if (words.substr(start, end - start) == word) return true;
    start = end + 1;
  }
  return false;
}

// The app with the commands whose words hold `word`; all of them when `word` is empty.
std::unique_ptr<CLI::App> make_app(Context& context, std::string_view word) {
  auto app = std::make_unique<CLI::App>(
      "tocsin — a maintainer's security runbook as software: detect, triage, respond.", "tocsin");
  app->require_subcommand(1);
  app->set_version_flag("--version", std::string("tocsin ") + TOCSIN_VERSION);
  app->footer("Exit codes: 0 clean, 1 findings at or above the gate, 2 error.");
  for (const Registration& registration : kRegistrations)
    if (word.empty() || has_word(registration.words, word)) registration.add(*app, context);
  return app;
}

std::vector<CLI::App*> all_commands(CLI::App& app) {
  return app.get_subcommands([](CLI::App*) { return true; });
}

}  // namespace

int main(int argc, char** argv) {
  Context context;
  // The first word names the command: register it alone. `--version` needs no command; other
  // options (`--help`) and an unknown word (for its error message) get all of them.
  std::string_view first = argc > 1 ? argv[1] : "";
  std::unique_ptr<CLI::App> app_holder;
  if (first == "--version" && argc == 2) {
    std::printf("tocsin %s\n", TOCSIN_VERSION);  // what CLI11's version flag prints
    return std::fflush(stdout) == 0 && !std::ferror(stdout) ? 0 : tocsin::kExitError;
  }
  tocsin::cli::prefer_huge_pages_for_heap();
  if (!first.empty() && first[0] != '-') {
    app_holder = make_app(context, first);
    bool found = false;
    for (CLI::App* command : all_commands(*app_holder)) found = found || command->check_name(std::string(first));
    if (!found) app_holder.reset();  // unknown word, or a command missing from kRegistrations
  }
  if (!app_holder) app_holder = make_app(context, "");
  CLI::App& app = *app_holder;

  // CLI11 reports an unknown first word as "A subcommand is required": name it instead.
  if (argc > 1 && argv[1][0] != '-') {
    std::string commands;
    bool known = false;
    for (CLI::App* command : all_commands(app)) {
      known = known || command->check_name(argv[1]);
      commands += (commands.empty() ? "" : ", ") + command->get_name();
    }
    if (!known) {
      std::cerr << "error: unknown command '" << tocsin::escape_terminal(argv[1]) << "' (commands: " << commands
                << "; see tocsin --help)\n";
      return tocsin::kExitError;
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : tocsin::kExitError;
  } catch (const tocsin::Error& e) {
    std::cerr << "error: " << tocsin::escape_terminal(e.what()) << '\n';  // messages quote input
    return tocsin::kExitError;
  } catch (const std::exception& e) {
    std::cerr << "error: " << tocsin::escape_terminal(e.what()) << '\n';
    return tocsin::kExitError;
  }
  // A report sent to a full disk or a closed pipe must not pass as success (`> /dev/full`).
  std::cout.flush();
  if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::cerr << "error: cannot write to standard output\n";
    return tocsin::kExitError;
  }
  return context.exit_code;
}
