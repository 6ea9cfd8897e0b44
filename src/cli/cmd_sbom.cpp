// `tocsin sbom [DIR]`: the inventory as CycloneDX 1.6 or SPDX 2.3 JSON; --with-vex adds the scan's
// findings and their VEX state (CycloneDX vulnerabilities), run as `tocsin scan` runs them.
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/inventory_options.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/text.h"
#include "sbom/sbom.h"
#include "scan/run.h"

namespace tocsin::cli {
namespace {

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
  scan::Result scan;
  if (options.with_vex) {
    scan = scan::run({&inventory, base, options.config, options.db_dir, options.no_db, options.known_bad_files,
                      options.no_vex, options.vex_files, [](const std::string& warning) {
                        std::cerr << "warning: " << escape_terminal(warning) << "\n";
                      }});
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
  add_time_option(command, "--now", options->now,
                  "Timestamp of the document (RFC 3339 date-time or YYYY-MM-DD; default: $SOURCE_DATE_EPOCH, "
                  "else the clock)");
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
