#include "cli/inventory_options.h"

#include <iostream>

#include "cli/output.h"
#include "core/diagnostic.h"
#include "core/error.h"

namespace tocsin::cli {

void InventoryOptions::add_to(CLI::App* command) {
  command->add_option("--lockfile", lockfiles,
                      "Lockfile to read instead of discovering; TYPE:FILE names the format for files named "
                      "otherwise (TYPE: package-lock.json, pnpm-lock.yaml, yarn.lock, Cargo.lock, poetry.lock, "
                      "uv.lock, Pipfile.lock, requirements.txt, cyclonedx, spdx)");
  command->add_flag("--skip-unreadable", skip_unreadable,
                    "Accept that directories which cannot be listed are left out (a warning each); without it, "
                    "a command with a gate fails on them");
}

inventory::Inventory InventoryOptions::build(bool gate) const {
  std::vector<inventory::LockfileArg> explicit_files;
  for (const std::string& spec : lockfiles) {
    inventory::LockfileArg arg{"", spec};
    auto colon = spec.find(':');
    if (colon != std::string::npos && lockfile::reader_for_type(spec.substr(0, colon)) != nullptr)
      arg = {spec.substr(0, colon), spec.substr(colon + 1)};
    explicit_files.push_back(arg);
  }
  std::string base = dir;
  if (base.empty() && explicit_files.empty()) base = ".";
  inventory::Inventory inventory = inventory::build_inventory(base, explicit_files);
  for (const Diagnostic& warning : inventory.warnings) std::cerr << format_diagnostic(warning) << '\n';
  if (gate && !skip_unreadable && !inventory.unreadable.empty())
    throw Error(inventory.unreadable.front(), 0, 0,
                std::to_string(inventory.unreadable.size()) +
                    " director(y/ies) could not be listed, so their lockfiles were not checked and the gate cannot "
                    "pass; fix the permissions, or pass --skip-unreadable to accept that");
  return inventory;
}

std::pair<std::string, std::string> split_package_spec(const std::string& spec) {
  auto at = spec.rfind('@');
  if (at == std::string::npos || at == 0) return {spec, ""};
  return {spec.substr(0, at), spec.substr(at + 1)};
}

std::string display_name(const lockfile::Package& package) {
  std::string out = package.alias.empty() ? package.name : package.alias + " (npm:" + package.name + ")";
  if (!package.version.empty()) out += "@" + package.version;
  return out;
}

}  // namespace tocsin::cli
