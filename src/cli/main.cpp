#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"

int main(int argc, char** argv) {
  CLI::App app{"tocsin — a maintainer's security runbook as software: detect, triage, respond.", "tocsin"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("tocsin ") + TOCSIN_VERSION);
  app.footer("Exit codes: 0 clean, 1 findings at or above the gate, 2 error.");

  tocsin::cli::Context context;
  tocsin::cli::register_deps_command(app, context);
  tocsin::cli::register_why_command(app, context);
  tocsin::cli::register_scan_command(app, context);
  tocsin::cli::register_version_command(app, context);
  tocsin::cli::register_cvss_command(app, context);
  tocsin::cli::register_policy_command(app, context);
  tocsin::cli::register_db_command(app, context);
  tocsin::cli::register_vex_command(app, context);
  tocsin::cli::register_incident_command(app, context);
  tocsin::cli::register_playbook_command(app, context);
  tocsin::cli::register_securitytxt_command(app, context);
  tocsin::cli::register_documents_commands(app, context);  // after incident: adds to it

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : tocsin::kExitError;
  } catch (const tocsin::Error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return tocsin::kExitError;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
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
