// The options every inventory-based command shares: [DIR] and --lockfile [TYPE:]FILE.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "inventory/inventory.h"
#include "lockfile/lockfile.h"

namespace tocsin::cli {

struct InventoryOptions {
  std::string dir;
  std::vector<std::string> lockfiles;  // as typed: "FILE" or "TYPE:FILE"

  // Adds `--lockfile` (repeatable). The positional DIR is added by the command, since its
  // position differs (`why NAME [DIR]`).
  void add_to(CLI::App* command);
  // Builds the inventory: the named lockfiles (relative to DIR when given), else DIR (default ".").
  inventory::Inventory build() const;
};

// "name@1.2.3", "@scope/name@1.2.3", "name" -> {name, version}.
std::pair<std::string, std::string> split_package_spec(const std::string& spec);

// "name@version" for display, with the alias when the package is installed under another name.
std::string display_name(const lockfile::Package& package);

}  // namespace tocsin::cli
