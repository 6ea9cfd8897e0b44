#include "scan/vex_check.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "advisory/database.h"
#include "core/text.h"
#include "inventory/inventory.h"
#include "scan/scanner.h"

namespace tocsin::scan {
namespace {

using vex::LockedPackage;

// The lockfile packages of the inventory, for the repository checks.
std::vector<LockedPackage> lockfile_packages(const inventory::Inventory& inventory) {
  std::vector<LockedPackage> out;
  for (std::size_t l = 0; l < inventory.lockfiles.size(); ++l) {
    const auto& lock = inventory.lockfiles[l];
    for (std::size_t p = 0; p < lock.packages.size(); ++p) {
      const auto& package = lock.packages[p];
      if (package.synthetic) continue;
      out.push_back({package.ecosystem, package.name, package.version, lock.path, package.line,
                     inventory.on_release_path({l, p})});
    }
  }
  return out;
}

}  // namespace

vex::CheckReport check_vex_repository(const std::string& dir, std::int64_t now, const std::string& db_dir) {
  vex::CheckOptions options;
  options.now = now;
  auto inventory = std::make_shared<std::optional<inventory::Inventory>>();
  auto inventory_of_dir = [inventory, dir]() -> const inventory::Inventory& {
    if (!*inventory) inventory->emplace(inventory::build_inventory(dir));
    return **inventory;
  };
  options.lockfile_packages = [inventory_of_dir] { return lockfile_packages(inventory_of_dir()); };
  // With an advisory database, statements and ignores are also checked against what it knows:
  // unknown vulnerabilities, and ignores whose advisory no longer matches any package (stale).
  std::string database_dir = advisory::default_database_dir(db_dir);
  auto database = std::make_shared<std::optional<advisory::Database>>();
  if (std::filesystem::exists(advisory::database_file(database_dir))) {
    database->emplace(advisory::Database::open(database_dir));
    options.known_vulnerability = [database](const std::string& id) {
      const advisory::Database& db = **database;
      return db.advisory(id).has_value() || db.aliases_of(id).size() > 1 || db.kev_for(id).has_value();
    };
    // The same alias groups `scan` uses, so that the check and the scan agree on what one
    // vulnerability is (RUSTSEC-2023-0060 and CVE-2023-4863, for instance).
    options.alias_group = [database](const std::string& id) { return (**database).aliases_of(id); };
    // Every id the scan's findings answer to, with the packages they were found in.
    using Matches = std::map<std::string, std::vector<LockedPackage>>;
    auto matches = std::make_shared<std::optional<Matches>>();
    auto matches_of = [database, matches, inventory_of_dir]() -> const Matches& {
      if (!*matches) {
        Matches by_id;
        for (const scan::Finding& finding : scan::find_vulnerabilities(inventory_of_dir(), &**database, {})) {
          LockedPackage package{finding.ecosystem, finding.name, finding.version,
                                finding.lockfile,  finding.line, finding.release_path};
          by_id[to_lower(finding.id)].push_back(package);
          for (const std::string& alias : finding.aliases) by_id[to_lower(alias)].push_back(package);
        }
        matches->emplace(std::move(by_id));
      }
      return **matches;
    };
    options.advisory_matches_a_package = [matches_of](const std::string& id) {
      return matches_of().count(to_lower(id)) > 0;
    };
    options.advisory_packages = [matches_of](const std::string& id) {
      auto it = matches_of().find(to_lower(id));
      return it == matches_of().end() ? std::vector<LockedPackage>{} : it->second;
    };
  }
  return vex::check_repository(dir, options);
}

}  // namespace tocsin::scan
