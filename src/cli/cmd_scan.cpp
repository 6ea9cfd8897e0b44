// `tocsin scan [DIR]`: inventory -> advisory matches -> policy -> VEX -> report -> gate.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "advisory/database.h"
#include "advisory/parsers.h"
#include "cli/commands.h"
#include "cli/incident_environment.h"
#include "cli/inventory_options.h"
#include "cli/output.h"
#include "config/project_config.h"
#include "core/error.h"
#include "core/file_write.h"
#include "core/text.h"
#include "core/time.h"
#include "report/report.h"
#include "scan/scanner.h"
#include "scan/triage.h"
#include "vex/match.h"
#include "vex/purl.h"
#include "vex/timestamp.h"

namespace tocsin::cli {
namespace {

namespace fs = std::filesystem;

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

// --open-incidents: one incident per new unsuppressed finding at or above the level (the
// incident module picks kev-failure or vulnerable-dependency, and never duplicates), and a
// "fixed" record on incidents whose finding is gone. Reported on stderr: stdout is the report.
void sync_incidents(const ScanCommandOptions& options, const std::string& base,
                    const std::vector<scan::Finding>& findings) {
  auto min_level = policy::parse_level(options.min_level);
  if (!min_level) throw Error("--min-level: unknown level '" + options.min_level + "'");
  IncidentEnvironmentOptions where = options.incidents;
  where.repo = base;
  where.create_store = true;
  IncidentEnvironment env = prepare_incident_environment(where);
  std::vector<incident::FindingObservation> observations;
  for (const scan::Finding& finding : findings) {
    if (finding.suppressed || finding.urgency < static_cast<int>(*min_level)) continue;
    incident::FindingObservation observation;
    observation.key =
        incident::finding_key(ecosystem_name(finding.ecosystem), finding.name, finding.version, finding.id);
    observation.title = finding.id + " in " + finding.name + "@" + finding.version +
                        (finding.summary.empty() ? "" : ": " + finding.summary);
    observation.severity = *policy::parse_level(finding.level);
    observation.severity_why = finding.why;
    for (const std::string& alias : finding.aliases)
      if (starts_with(alias, "CVE-") && observation.cve.empty()) observation.cve = alias;
    if (starts_with(finding.id, "CVE-")) observation.cve = finding.id;
    if (!finding.cwes.empty()) observation.cwe = finding.cwes.front();
    for (const std::string& vector : finding.cvss)
      if (observation.cvss.empty() || starts_with(vector, "CVSS:4.0/")) observation.cvss = vector;
    observation.affected = finding.version;
    observation.patched = finding.fixed_version;
    observation.summary = finding.summary;
    observation.kev = finding.kev.has_value();
    observations.push_back(std::move(observation));
  }
  // Only a scan that saw the whole project may say a finding is gone.
  bool complete = options.inventory.lockfiles.empty();
  incident::FindingSync sync = incident::sync_findings(env.session(), observations, complete);
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

Color level_color(const std::string& level) {
  if (level == "critical") return Color::Magenta;
  if (level == "high") return Color::Red;
  if (level == "medium") return Color::Yellow;
  return Color::Dim;
}

std::string deadline_text(long long hours) {
  if (hours <= 0) return "-";
  if (hours >= 48 && hours % 24 == 0) return std::to_string(hours / 24) + "d";
  return std::to_string(hours) + "h";
}

void print_table(std::ostream& out, const std::vector<scan::Finding>& findings, const scan::ScanSummary& summary,
                 bool show_suppressed) {
  std::vector<std::vector<std::string>> rows;
  std::size_t suppressed = 0;
  for (const scan::Finding& finding : findings) {
    if (finding.suppressed) {
      ++suppressed;
      if (!show_suppressed) continue;
    }
    std::string flags;
    if (finding.kev) flags += "KEV ";
    if (finding.known_bad) flags += "known-bad ";
    if (finding.malicious && !finding.known_bad) flags += "malicious ";
    if (!finding.informational.empty()) flags += finding.informational + " ";
    if (finding.suppressed) flags += "suppressed(" + finding.suppressed->status + ") ";
    // Names, ids and paths come from lockfiles and feeds: shown escaped (core/text.h).
    rows.push_back({paint(escape_terminal(finding.level), level_color(finding.level)),
                    escape_terminal(finding.name + "@" + finding.version), escape_terminal(finding.id),
                    finding.fixed_version.empty() ? "-" : escape_terminal(finding.fixed_version),
                    finding.release_path ? "release" : paint("dev", Color::Dim), deadline_text(finding.sla_hours),
                    escape_terminal(trim(flags)),
                    escape_terminal(finding.lockfile) + ":" + std::to_string(finding.line)});
  }
  if (!rows.empty())
    out << render_table({"LEVEL", "PACKAGE", "VULNERABILITY", "FIXED IN", "PATH", "ACT WITHIN", "FLAGS", "WHERE"},
                        rows);
  std::size_t shown = findings.size() - suppressed;
  out << summary.packages << (summary.packages == 1 ? " package in " : " packages in ") << summary.lockfiles
      << (summary.lockfiles == 1 ? " lockfile: " : " lockfiles: ") << shown << (shown == 1 ? " finding" : " findings");
  if (suppressed > 0)
    out << ", " << suppressed << " suppressed by VEX" << (show_suppressed ? "" : " (--show-suppressed lists them)");
  out << "\n";
}

// The statements a maintainer would need to write: one under_investigation statement per
// unsuppressed finding, as a starting point for `vex/`.
void print_openvex(std::ostream& out, const std::vector<scan::Finding>& findings, std::int64_t now) {
  vex::Document document;
  document.author = "tocsin scan";
  // canonical_id() hashes the parsed timestamp: the text alone leaves the document without one.
  document.timestamp_unix = now;
  document.timestamp = vex::format_rfc3339(now);
  document.tooling = std::string("tocsin ") + TOCSIN_VERSION;
  for (const scan::Finding& finding : findings) {
    if (finding.suppressed) continue;
    vex::Statement statement;
    statement.vulnerability.name = finding.id;
    statement.vulnerability.aliases = finding.aliases;
    vex::Product product;
    product.id = vex::format_purl(vex::purl_for_package(finding.ecosystem, finding.name, finding.version));
    statement.products.push_back(product);
    statement.status = vex::Status::UnderInvestigation;
    statement.status_text = "under_investigation";
    statement.status_notes = "Found by tocsin scan in " + finding.lockfile + ":" + std::to_string(finding.line) +
                             (finding.release_path ? " (release path)" : " (dev-only)");
    document.statements.push_back(std::move(statement));
  }
  document.id = vex::canonical_id(document);
  out << vex::write_openvex(document);
}

// The top of the git work tree holding `dir` (a `.git` directory or file), else `dir` itself.
fs::path repository_root(const fs::path& dir) {
  for (fs::path at = dir; !at.empty(); at = at.parent_path()) {
    std::error_code error;
    if (fs::exists(at / ".git", error)) return at;
    if (at == at.parent_path()) break;
  }
  return dir;
}

// SARIF locations that do not depend on the working directory: %SRCROOT% is the repository
// root, and each lockfile is named relative to it.
void locate_for_sarif(const ScanCommandOptions& options, const inventory::Inventory& inventory,
                      report::Report& document) {
  std::error_code error;
  const fs::path base =
      fs::weakly_canonical(fs::absolute(options.inventory.dir.empty() ? "." : options.inventory.dir), error);
  const fs::path root = repository_root(base);
  document.source_root = root.generic_string();
  for (const auto& lock : inventory.lockfiles) {
    fs::path full = fs::path(lock.path).is_absolute() ? fs::path(lock.path) : base / lock.path;
    full = fs::weakly_canonical(full, error);
    const fs::path relative = full.lexically_relative(root);
    const bool inside = !relative.empty() && *relative.begin() != "..";
    document.lockfile_uris[lock.path] = inside ? relative.generic_string() : full.generic_string();
  }
}

int run_scan(const ScanCommandOptions& options) {
  auto gate = scan::parse_gate(options.fail_on);
  if (!gate)
    throw Error("--fail-on: unknown gate '" + options.fail_on +
                "' (kev, known-bad, critical, high, medium, low, info, any, none)");
  gate->release_path_only = options.release_path_only;

  inventory::Inventory inventory = options.inventory.build(gate->kind != scan::Gate::Kind::None);
  std::string base = options.inventory.dir.empty() ? "." : options.inventory.dir;

  scan::ScanOptions scan_options;
  for (const std::string& file : options.known_bad_files) {
    auto entries = advisory::parse_known_bad(file, read_file(file));
    scan_options.known_bad.insert(scan_options.known_bad.end(), entries.begin(), entries.end());
  }
  for (const std::string& warning : scan::known_bad_out_of_scope(inventory, scan_options.known_bad))
    std::cerr << "warning: " << escape_terminal(warning) << "\n";

  // The database is required unless the scan is only against known-bad lists.
  std::string db_dir = advisory::default_database_dir(options.db_dir);
  std::optional<advisory::Database> database;
  if (options.no_db) {
    if (options.known_bad_files.empty()) throw Error("--no-db needs at least one --known-bad list to check");
  } else if (fs::exists(advisory::database_file(db_dir))) {
    database.emplace(advisory::Database::open(db_dir));
  } else if (options.known_bad_files.empty()) {
    throw Error(advisory::database_file(db_dir), 0, 0,
                "no advisory database; run `tocsin db import PATH…` or `tocsin db update` first (or pass --db DIR)");
  } else {
    std::cerr << "warning: no advisory database at " << db_dir << "; checking the known-bad lists only\n";
  }

  std::vector<scan::Finding> findings =
      scan::find_vulnerabilities(inventory, database ? &*database : nullptr, scan_options);

  const config::ProjectConfig project = config::ProjectConfig::load(base, options.config);
  scan::apply_policy(findings, project.get<policy::Policy>());

  if (!options.no_vex) {
    std::vector<vex::LoadedDocument> documents;
    if (fs::is_directory(fs::path(base) / "vex")) {
      vex::VexDirectory directory = vex::load_vex_directory((fs::path(base) / "vex").string());
      for (const std::string& failure : directory.failures)
        std::cerr << "warning: " << escape_terminal(failure) << "\n";
      documents = std::move(directory.documents);
    }
    for (const std::string& file : options.vex_files) documents.push_back(vex::load_openvex_file(file));
    scan::apply_vex(findings, documents);
  }
  scan::sort_by_urgency(findings);

  scan::ScanSummary summary;
  summary.lockfiles = inventory.lockfiles.size();
  for (const auto& lock : inventory.lockfiles)
    for (const auto& package : lock.packages) summary.packages += package.synthetic ? 0 : 1;
  summary.database = database ? db_dir : "";

  // With -o the report is rendered in memory and written by write_file_atomic (temporary file +
  // rename, every write checked): a full disk is an error, never a truncated report.
  std::ostringstream file;
  std::ostream& out = options.output.empty() ? static_cast<std::ostream&>(std::cout) : file;
  if (options.format == "table") {
    print_table(out, findings, summary, options.show_suppressed);
  } else if (options.format == "openvex") {
    print_openvex(out, findings, tocsin::parse_now(options.incidents.now));
  } else {
    report::Report document{&findings, summary, TOCSIN_VERSION, {}, {}};
    if (options.format == "sarif") locate_for_sarif(options, inventory, document);
    report::writer_for(options.format)->write(out, document);
  }

  if (!options.output.empty()) write_file_atomic(options.output, file.str());
  if (options.open_incidents) sync_incidents(options, base, findings);

  bool tripped = std::any_of(findings.begin(), findings.end(),
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
  add_format_option(command, options->format, {"table", "json", "sarif", "markdown", "openvex"});
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
