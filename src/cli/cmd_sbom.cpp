// `tocsin sbom [DIR]`: the inventory as CycloneDX 1.6 or SPDX 2.3 JSON; --with-vex adds the scan's
// findings and their VEX state (CycloneDX vulnerabilities), run as `tocsin scan` runs them.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "advisory/database.h"
#include "advisory/parsers.h"
#include "cli/commands.h"
#include "cli/inventory_options.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/text.h"
#include "sbom/sbom.h"
#include "scan/scanner.h"
#include "scan/triage.h"
#include "vex/match.h"

namespace tocsin::cli {
namespace {

namespace fs = std::filesystem;

struct SbomCommandOptions {
  InventoryOptions inventory;
  std::string format = "cyclonedx";
  bool release_path_only = false;
  bool with_vex = false;
  std::string output;
  std::string now;
  std::string serial;
  std::string project_name;
  // --with-vex: the scan's inputs, as for `tocsin scan`.
  std::string db_dir;
  std::string config;
  std::vector<std::string> known_bad_files;
  std::vector<std::string> vex_files;
  bool no_db = false;
  bool no_vex = false;
};

struct ScanResult {
  std::vector<scan::Finding> findings;
  std::vector<vex::LoadedDocument> vex_documents;
};

ScanResult run_scan_for_vex(const SbomCommandOptions& options, const inventory::Inventory& inventory,
                            const std::string& base) {
  ScanResult result;
  scan::ScanOptions scan_options;
  for (const std::string& file : options.known_bad_files) {
    auto entries = advisory::parse_known_bad(file, read_file(file));
    scan_options.known_bad.insert(scan_options.known_bad.end(), entries.begin(), entries.end());
  }
  std::string db_dir = advisory::default_database_dir(options.db_dir);
  std::optional<advisory::Database> database;
  if (options.no_db) {
    if (options.known_bad_files.empty()) throw Error("--no-db needs at least one --known-bad list to check");
  } else if (fs::exists(advisory::database_file(db_dir))) {
    database.emplace(advisory::Database::open(db_dir));
  } else if (options.known_bad_files.empty()) {
    throw Error(advisory::database_file(db_dir), 0, 0,
                "no advisory database for --with-vex; run `tocsin db import PATH…` first (or pass --db DIR, or "
                "--no-db with --known-bad)");
  }
  result.findings = scan::find_vulnerabilities(inventory, database ? &*database : nullptr, scan_options);
  std::string config = options.config;
  if (config.empty() && fs::exists(fs::path(base) / "tocsin.toml")) config = (fs::path(base) / "tocsin.toml").string();
  scan::apply_policy(result.findings, config.empty() ? policy::default_policy() : policy::load_policy(config));
  if (!options.no_vex) {
    if (fs::is_directory(fs::path(base) / "vex")) {
      vex::VexDirectory directory = vex::load_vex_directory((fs::path(base) / "vex").string());
      for (const std::string& failure : directory.failures) std::cerr << "warning: " << failure << "\n";
      result.vex_documents = std::move(directory.documents);
    }
    for (const std::string& file : options.vex_files) result.vex_documents.push_back(vex::load_openvex_file(file));
    scan::apply_vex(result.findings, result.vex_documents);
  }
  scan::sort_by_urgency(result.findings);
  return result;
}

int run_sbom(const SbomCommandOptions& options) {
  sbom::Options sbom_options;
  sbom_options.format = *sbom::parse_format(options.format);  // CLI11 restricted the choice
  if (options.with_vex && sbom_options.format != sbom::Format::CycloneDx)
    throw Error("--with-vex needs --format cyclonedx (SPDX 2.3 has no place for VEX)");
  sbom_options.release_path_only = options.release_path_only;
  sbom_options.timestamp = sbom::resolve_timestamp(options.now);
  sbom_options.serial = options.serial;
  sbom_options.project_name = options.project_name;
  if (!options.serial.empty() && sbom_options.format == sbom::Format::CycloneDx &&
      !(starts_with(options.serial, "urn:uuid:") && options.serial.size() == 45))
    throw Error("--serial: expected urn:uuid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, got '" + options.serial + "'");

  inventory::Inventory inventory = options.inventory.build();
  std::string base = options.inventory.dir.empty() ? "." : options.inventory.dir;
  ScanResult scan;
  if (options.with_vex) {
    scan = run_scan_for_vex(options, inventory, base);
    sbom_options.findings = &scan.findings;
    sbom_options.vex_documents = &scan.vex_documents;
  }
  std::string text = sbom::write_sbom(inventory, sbom_options);
  if (options.output.empty()) {
    std::cout << text;
  } else {
    std::ofstream file(options.output, std::ios::binary);
    if (!file || !(file << text)) throw Error(options.output, 0, 0, "cannot write the SBOM");
  }
  return kExitClean;
}

}  // namespace

void register_sbom_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<SbomCommandOptions>();
  CLI::App* command = app.add_subcommand("sbom", "Write the inventory as a CycloneDX 1.6 or SPDX 2.3 JSON SBOM");
  command->add_option("dir", options->inventory.dir, "Directory to describe (default: .)");
  options->inventory.add_to(command);
  add_format_option(command, options->format, {"cyclonedx", "spdx"});
  command->add_flag("--release-path-only", options->release_path_only,
                    "Only packages on the release path (and the roots)");
  command->add_flag("--with-vex", options->with_vex,
                    "Add the scan's findings with their VEX state as CycloneDX vulnerabilities");
  command->add_option("--output,-o", options->output, "Write the SBOM to FILE instead of stdout");
  command->add_option("--now", options->now,
                      "Timestamp of the document, RFC 3339 (default: $SOURCE_DATE_EPOCH, else now)");
  command->add_option("--serial", options->serial,
                      "CycloneDX serialNumber (urn:uuid:…) or SPDX documentNamespace (default: derived from content)");
  command->add_option("--project-name", options->project_name,
                      "Name of the project component (default: the single root, else the directory's name)");
  command->add_option("--db", options->db_dir, "--with-vex: advisory database directory (as for scan)");
  command->add_option("--config", options->config, "--with-vex: policy file (default: DIR/tocsin.toml)");
  command->add_option("--known-bad", options->known_bad_files, "--with-vex: a known-bad list, repeatable");
  command->add_option("--vex", options->vex_files, "--with-vex: an OpenVEX file besides DIR/vex/*.json, repeatable");
  command->add_flag("--no-db", options->no_db, "--with-vex: no advisory database (known-bad lists only)");
  command->add_flag("--no-vex", options->no_vex, "--with-vex: apply no VEX statement");
  command->callback([options, &context] { context.exit_code = run_sbom(*options); });
}

}  // namespace tocsin::cli
