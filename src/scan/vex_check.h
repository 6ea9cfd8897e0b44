// `tocsin vex check DIR` with the repository's own evidence: vex::check_repository (src/vex/)
// given the lockfiles' packages (built lazily, only when a check needs them) and, when an
// advisory database exists, what it knows: unknown vulnerabilities, ignores whose advisory no
// longer matches any package (stale), and the alias groups `scan` uses, so that the check and
// the scan agree on what one vulnerability is (RUSTSEC-2023-0060 and CVE-2023-4863).
#pragma once

#include <cstdint>
#include <string>

#include "vex/check.h"

namespace tocsin::scan {

// `db_dir`: explicit database directory (default: $TOCSIN_DB, $XDG_CACHE_HOME/tocsin); an absent
// database skips the database checks.
vex::CheckReport check_vex_repository(const std::string& dir, std::int64_t now, const std::string& db_dir);

}  // namespace tocsin::scan
