// The scanner: matches every package of an inventory against the advisory database and
// known-bad lists, and turns the hits into findings (one per package version and vulnerability,
// aliases merged across sources). Triage (policy levels) and VEX suppression are applied by the
// caller on the findings, so each stage can be tested alone.
#pragma once

#include <vector>

#include "advisory/advisory.h"
#include "advisory/database.h"
#include "inventory/inventory.h"
#include "scan/finding.h"

namespace tocsin::scan {

struct ScanOptions {
  std::size_t max_paths = 3;                  // dependency paths kept per finding
  std::vector<advisory::KnownBad> known_bad;  // lists read at scan time, besides the database's
};

// Findings in inventory order (lockfile, then package); the caller sorts after triage.
// `database` may be null: only the known-bad lists of `options` are checked then.
std::vector<Finding> find_vulnerabilities(const inventory::Inventory& inventory, const advisory::Database* database,
                                          const ScanOptions& options);

// Known-bad lists are npm-only: one warning ("FILE:LINE: …") per entry whose name no npm package
// of the inventory has while a package of another ecosystem does (a crate, a PyPI project) —
// such an entry can never match, and silence would read as "not installed".
std::vector<std::string> known_bad_out_of_scope(const inventory::Inventory& inventory,
                                                const std::vector<advisory::KnownBad>& entries);

// The smallest version that fixes `affected` and is above `installed`, or "" when none is known.
// A fixed version that cannot be compared with `installed` (either does not parse) is never
// silently dropped: it is returned when no comparable one is above `installed`, and a note
// saying so is appended to `notes` (when given).
std::string nearest_fixed_version(const advisory::Affected& affected, Ecosystem ecosystem, std::string_view installed,
                                  std::vector<std::string>* notes = nullptr);

// The id a finding is filed under when several ids name one vulnerability: the ecosystem's own
// database first (RUSTSEC for crates.io, GHSA for npm, PYSEC for PyPI), then GHSA, then the rest.
std::string preferred_id(Ecosystem ecosystem, const std::vector<std::string>& ids);

}  // namespace tocsin::scan
