// `tocsin deps [DIR] [--lockfile [TYPE:]FILE]... [--format table|json]`: the inventory.
#include <iostream>

#include "cli/commands.h"
#include "cli/inventory_options.h"
#include "cli/output.h"
#include "core/error.h"

namespace tocsin::cli {
namespace {

struct DepsOptions {
  InventoryOptions inventory;
  std::string format;
};

nlohmann::ordered_json to_json(const inventory::Inventory& inventory) {
  nlohmann::ordered_json lockfiles = nlohmann::ordered_json::array();
  nlohmann::ordered_json packages = nlohmann::ordered_json::array();
  for (std::size_t l = 0; l < inventory.lockfiles.size(); ++l) {
    const lockfile::Lockfile& lock = inventory.lockfiles[l];
    std::size_t declared = 0;
    for (std::size_t p = 0; p < lock.packages.size(); ++p) {
      const lockfile::Package& package = lock.packages[p];
      if (package.synthetic) continue;
      ++declared;
      nlohmann::ordered_json entry;
      entry["ecosystem"] = ecosystem_name(package.ecosystem);
      entry["name"] = package.name;
      entry["version"] = package.version;
      if (!package.alias.empty()) entry["alias"] = package.alias;
      entry["lockfile"] = lock.path;
      entry["line"] = package.line;
      entry["dev"] = !inventory.release_path[l][p];
      entry["root"] = package.is_root;
      entry["local"] = package.is_local;
      entry["source"] =
          package.source.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(package.source);
      entry["integrity"] =
          package.integrity.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(package.integrity);
      packages.push_back(std::move(entry));
    }
    lockfiles.push_back({{"path", lock.path},
                         {"format", lock.format},
                         {"version", lock.version},
                         {"ecosystem", ecosystem_name(lock.ecosystem)},
                         {"packages", declared}});
  }
  nlohmann::ordered_json document;
  document["schema_version"] = 1;
  document["lockfiles"] = std::move(lockfiles);
  document["packages"] = std::move(packages);
  return document;
}

void print_table(const inventory::Inventory& inventory) {
  std::vector<std::vector<std::string>> rows;
  std::size_t dev_only = 0;
  for (std::size_t l = 0; l < inventory.lockfiles.size(); ++l) {
    const lockfile::Lockfile& lock = inventory.lockfiles[l];
    for (std::size_t p = 0; p < lock.packages.size(); ++p) {
      const lockfile::Package& package = lock.packages[p];
      if (package.synthetic) continue;
      bool ships = inventory.release_path[l][p];
      dev_only += ships ? 0 : 1;
      std::string scope = package.is_root ? "root" : ships ? "release" : "dev";
      rows.push_back({std::string(ecosystem_name(package.ecosystem)), display_name(package),
                      lock.path + ":" + std::to_string(package.line), ships ? scope : paint(scope, Color::Dim)});
    }
  }
  std::cout << render_table({"ECOSYSTEM", "PACKAGE", "DECLARED AT", "SCOPE"}, rows);
  std::cout << rows.size() << (rows.size() == 1 ? " package in " : " packages in ") << inventory.lockfiles.size()
            << (inventory.lockfiles.size() == 1 ? " lockfile, " : " lockfiles, ") << dev_only
            << " reachable only through dev/build dependencies\n";
}

}  // namespace

void register_deps_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<DepsOptions>();
  CLI::App* command = app.add_subcommand("deps", "List every package the lockfiles of a directory declare");
  command->add_option("dir", options->inventory.dir, "Directory to inventory (default: .)");
  options->inventory.add_to(command);
  add_format_option(command, options->format, {"table", "json"});
  command->callback([options, &context] {
    inventory::Inventory inventory = options->inventory.build();
    if (options->format == "json")
      print_json(to_json(inventory));
    else
      print_table(inventory);
    context.exit_code = kExitClean;
  });
}

}  // namespace tocsin::cli
