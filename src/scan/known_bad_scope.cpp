// Known-bad lists name npm packages only (`name@version`, Springtale's known-bad-npm.txt): an
// entry meant for another ecosystem is read as npm and can never match. Said, not guessed.
#include <fmt/format.h>

#include <map>
#include <set>

#include "core/text.h"
#include "scan/scanner.h"

namespace tocsin::scan {

std::vector<std::string> known_bad_out_of_scope(const inventory::Inventory& inventory,
                                                const std::vector<advisory::KnownBad>& entries) {
  std::set<std::string> npm_names;
  std::map<std::string, std::string> other;  // lookup name -> ecosystem of a non-npm package
  for (const lockfile::Lockfile& lock : inventory.lockfiles)
    for (const lockfile::Package& package : lock.packages) {
      if (package.ecosystem == Ecosystem::Npm) {
        npm_names.insert(package.name);
      } else {
        other.emplace(to_lower(package.name), std::string(ecosystem_name(package.ecosystem)));
      }
    }
  std::vector<std::string> warnings;
  for (const advisory::KnownBad& entry : entries) {
    if (entry.ecosystem != Ecosystem::Npm || npm_names.count(entry.name)) continue;
    auto found = other.find(to_lower(entry.name));
    if (found == other.end()) continue;
    warnings.push_back(
        fmt::format("{}:{}: known-bad entry '{}@{}' is read as npm (known-bad lists are npm-only) and can never match: "
                    "'{}' is a {} package here",
                    entry.file, entry.line, entry.name, entry.version, entry.name, found->second));
  }
  return warnings;
}

}  // namespace tocsin::scan
