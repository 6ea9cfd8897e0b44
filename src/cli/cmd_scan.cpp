// `tocsin scan [DIR]`: inventory -> scan::run (advisory matches, policy, VEX) -> report writer -> gate
// (-> incidents with --open-incidents).
#include <algorithm>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/incident_environment.h"
#include "cli/inventory_options.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/file_write.h"
#include "core/text.h"
#include "core/time.h"
#include "report/report.h"
#include "scan/incidents.h"
#include "scan/run.h"
#include "scan/triage.h"

namespace tocsin::cli {
namespace {

struct ScanCommandOptions {
  InventoryOptions inventory;
  std::string db_dir;
  std::string config;
  std::vector<std::string> known_bad_files;
  std::vector<std::string> vex_files;
  bool no_vex = false;
  bool no_db = false;
  std::string format;
  std::string fail_on = "low";
  bool release_path_only = false;
  bool show_suppressed = false;
  std::string output;
  bool open_incidents = false;
  std::string min_level = "high";
  IncidentEnvironmentOptions incidents;
};

// --open-incidents: the findings' incidents (scan/incidents.h), reported on stderr: stdout is
// the report.
void sync_incidents(const ScanCommandOptions& options, const std::string& base,
                    const std::vector<scan::Finding>& findings) {
  auto min_level = policy::parse_level(options.min_level);
  if (!min_level) throw Error("--min-level: unknown level '" + options.min_level + "'");
  IncidentEnvironmentOptions where = options.incidents;
  where.repo = base;
  where.create_store = true;
  IncidentEnvironment env = prepare_incident_environment(where);
  // Only a scan that saw the whole project may say a finding is gone.
  bool complete = options.inventory.lockfiles.empty();
  incident::FindingSync sync =
      incident::sync_findings(env.session(), scan::incident_observations(findings, *min_level), complete);
  auto list = [](const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
    return escape_terminal(out);
  };
  if (!sync.opened.empty()) std::cerr << "incidents opened: " << list(sync.opened) << "\n";
  if (!sync.updated.empty()) std::cerr << "incidents updated: " << list(sync.updated) << "\n";
  if (!sync.fixed.empty()) std::cerr << "findings fixed on incidents: " << list(sync.fixed) << "\n";
  if (!sync.reappeared.empty()) std::cerr << "findings back on incidents: " << list(sync.reappeared) << "\n";
}

int run_scan(const ScanCommandOptions& options) {
  auto gate = scan::parse_gate(options.fail_on);
  if (!gate)
    throw Error("--fail-on: unknown gate '" + options.fail_on +
                "' (kev, known-bad, critical, high, medium, low, info, any, none)");
  gate->release_path_only = options.release_path_only;

  inventory::Inventory inventory = options.inventory.build(gate->kind != scan::Gate::Kind::None);
  std::string base = options.inventory.dir.empty() ? "." : options.inventory.dir;

  scan::Request request{
      &inventory,
      base,
      options.config,
      options.db_dir,
      options.no_db,
      options.known_bad_files,
      options.no_vex,
      options.vex_files,
      [](const std::string& warning) { std::cerr << "warning: " << escape_terminal(warning) << "\n"; }};
  const scan::Result result = scan::run(request);

  report::Report document{&result.findings, result.summary, TOCSIN_VERSION, {}, {}};
  if (options.format == "sarif") {
    document.source_root = result.source_root;
    document.lockfile_uris = result.lockfile_uris;
  }
  document.show_suppressed = options.show_suppressed;
  document.generated_at = tocsin::parse_now(options.incidents.now);
  // With -o the report is rendered in memory and written by write_file_atomic (temporary file +
  // rename, every write checked): a full disk is an error, never a truncated report.
  std::ostringstream file;
  report::writer_for(options.format)->write(options.output.empty() ? std::cout : file, document);
  if (!options.output.empty()) write_file_atomic(options.output, file.str());
  if (options.open_incidents) sync_incidents(options, base, result.findings);

  bool tripped = std::any_of(result.findings.begin(), result.findings.end(),
                             [&](const scan::Finding& finding) { return scan::trips_gate(finding, *gate); });
  return tripped ? kExitFindings : kExitClean;
}

}  // namespace

void register_scan_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<ScanCommandOptions>();
  CLI::App* command =
      app.add_subcommand("scan", "Match every package of a directory's lockfiles against the advisory database");
  command->add_option("dir", options->inventory.dir, "Directory to scan (default: .)");
  options->inventory.add_to(command);
  command->add_option("--db", options->db_dir,
                      "Advisory database directory (default: $TOCSIN_DB, $XDG_CACHE_HOME/tocsin)");
  command->add_option("--config", options->config, "tocsin.toml to read (default: DIR/tocsin.toml when present)");
  command->add_option("--known-bad", options->known_bad_files,
                      "A known-bad list (`name@version  # reference`), repeatable");
  command->add_option("--vex", options->vex_files, "An OpenVEX file to apply besides DIR/vex/*.json, repeatable");
  command->add_flag("--no-vex", options->no_vex, "Apply no VEX statement");
  command->add_flag("--no-db", options->no_db, "Use no advisory database: check the --known-bad lists only");
  add_format_option(command, options->format, report::format_names());
  command->add_option(
      "--fail-on", options->fail_on,
      "Exit 1 when a finding is at or above: kev, known-bad, critical, high, medium, low (default), info, any, none");
  command->add_flag("--release-path-only", options->release_path_only, "Dev-only findings never fail the gate");
  command->add_flag("--show-suppressed", options->show_suppressed, "List VEX-suppressed findings in the table");
  command->add_option("--output,-o", options->output, "Write the report to FILE instead of stdout");
  command->add_flag("--open-incidents", options->open_incidents,
                    "Open an incident per new finding at or above --min-level; record fixed findings");
  command->add_option("--min-level", options->min_level, "Lowest level that opens an incident (default: high)");
  command->add_option("--store", options->incidents.store,
                      "Incident record (default: $XDG_DATA_HOME/tocsin/<project>/incidents.db)");
  command->add_option("--actor", options->incidents.actor, "Who acts (default: $TOCSIN_ACTOR, else $USER)");
  add_now_option(command, options->incidents.now, "The current time (drills, tests, openvex timestamps)");
  command->callback([options, &context] { context.exit_code = run_scan(*options); });
}

}  // namespace tocsin::cli
