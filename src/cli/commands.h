// The subcommands of the `tocsin` binary. Each lives in src/cli/cmd_<name>.cpp and adds itself
// to the CLI11 app through one register function listed in main.cpp. A command's callback stores
// its exit code in Context (0 clean, 1 findings at or above the gate, 2 error); tocsin::Error
// thrown from a callback is reported by main as "error: path:line:column: message", exit 2.
#pragma once

#include <CLI/CLI.hpp>

namespace tocsin::cli {

struct Context {
  int exit_code = 0;
};

// Shared with the `tocsin` executable's stand-in for the command (src/link/full_launcher.cpp).
inline constexpr const char* kReleaseDescription =
    "Release integrity: Sigstore bundles, provenance, publish history, tags";

// In the `tocsin` executable when it is linked fully statically (it cannot load a shared
// library then): replaces the process with tocsin-full, its sibling with every library, and the
// same arguments (src/link/full_launcher.cpp). Elsewhere it returns. A command calls it first
// when it needs a library that `tocsin` only delay-loads (libzip, libcurl).
void use_full_executable(const char* command);

void register_deps_command(CLI::App& app, Context& context);
void register_why_command(CLI::App& app, Context& context);
void register_version_command(CLI::App& app, Context& context);
void register_cvss_command(CLI::App& app, Context& context);
void register_policy_command(CLI::App& app, Context& context);
void register_db_command(CLI::App& app, Context& context);
void register_vex_command(CLI::App& app, Context& context);
void register_scan_command(CLI::App& app, Context& context);
void register_incident_command(CLI::App& app, Context& context);
void register_playbook_command(CLI::App& app, Context& context);
void register_securitytxt_command(CLI::App& app, Context& context);
void register_documents_commands(CLI::App& app, Context& context);
void register_intake_command(CLI::App& app, Context& context);
void register_redteam_command(CLI::App& app, Context& context);
void register_release_command(CLI::App& app, Context& context);
void register_secrets_command(CLI::App& app, Context& context);
void register_sbom_command(CLI::App& app, Context& context);
void register_ci_command(CLI::App& app, Context& context);
void register_serve_command(CLI::App& app, Context& context);

}  // namespace tocsin::cli
