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
  bool skip_unreadable = false;

  // Adds `--lockfile` (repeatable) and `--skip-unreadable`. The positional DIR is added by the
  // command, since its position differs (`why NAME [DIR]`).
  void add_to(CLI::App* command);
  // Builds the inventory: the named lockfiles (relative to DIR when given), else DIR (default ".").
  // Prints every inventory warning to stderr ("path:line:col: warning: [code] … (hint)"). With `gate` (a
  // command whose exit code is a verdict), a directory that could not be listed is an error
  // unless --skip-unreadable: a gate must not pass on lockfiles it never saw.
  inventory::Inventory build(bool gate = false) const;
};

// "name@1.2.3", "@scope/name@1.2.3", "name" -> {name, version}.
std::pair<std::string, std::string> split_package_spec(const std::string& spec);

// "name@version" for display, with the alias when the package is installed under another name.
std::string display_name(const lockfile::Package& package);

}  // namespace tocsin::cli
