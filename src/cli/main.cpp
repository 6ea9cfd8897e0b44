#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "core/text.h"

int main(int argc, char** argv) {
  CLI::App app{"tocsin — a maintainer's security runbook as software: detect, triage, respond.", "tocsin"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("tocsin ") + TOCSIN_VERSION);
  app.footer("Exit codes: 0 clean, 1 findings at or above the gate, 2 error.");

  tocsin::cli::Context context;
  tocsin::cli::register_deps_command(app, context);
  tocsin::cli::register_why_command(app, context);
  tocsin::cli::register_scan_command(app, context);
  tocsin::cli::register_sbom_command(app, context);
  tocsin::cli::register_version_command(app, context);
  tocsin::cli::register_cvss_command(app, context);
  tocsin::cli::register_policy_command(app, context);
  tocsin::cli::register_db_command(app, context);
  tocsin::cli::register_vex_command(app, context);
  tocsin::cli::register_incident_command(app, context);
  tocsin::cli::register_playbook_command(app, context);
  tocsin::cli::register_securitytxt_command(app, context);
  tocsin::cli::register_documents_commands(app, context);  // after incident: adds to it
  tocsin::cli::register_intake_command(app, context);
  tocsin::cli::register_redteam_command(app, context);
  tocsin::cli::register_release_command(app, context);
  tocsin::cli::register_secrets_command(app, context);
  tocsin::cli::register_ci_command(app, context);
  tocsin::cli::register_serve_command(app, context);

  // CLI11 reports an unknown first word as "A subcommand is required": name it instead.
  if (argc > 1 && argv[1][0] != '-') {
    std::string commands;
    bool known = false;
    for (CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) {
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
