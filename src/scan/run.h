// The scan pipeline as one engine call, shared by `tocsin scan` and `tocsin sbom --with-vex`:
//   known-bad lists + advisory database -> find_vulnerabilities -> policy (tocsin.toml, by
//   config::ProjectConfig's one rule) -> VEX (DIR/vex/*.json and extra files) -> urgency order.
// The inventory is built by the caller (its warnings and --skip-unreadable are the caller's);
// the report is written by a report::Writer from the result.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "inventory/inventory.h"
#include "scan/finding.h"
#include "vex/openvex.h"

namespace tocsin::scan {

struct Request {
  const inventory::Inventory* inventory = nullptr;  // required
  std::string dir = ".";                            // the scanned directory: tocsin.toml, vex/
  std::string config;                               // explicit tocsin.toml (default: DIR/tocsin.toml)
  std::string db_dir;                               // explicit database directory (default: $TOCSIN_DB, …)
  bool no_db = false;                               // known-bad lists only
  std::vector<std::string> known_bad_files;
  bool no_vex = false;
  std::vector<std::string> vex_files;  // besides DIR/vex/*.json
  // Non-fatal problems, as they happen ("FILE:LINE: …" or a sentence; not yet escaped for a
  // terminal): known-bad entries out of scope, an absent database, unreadable vex/ files, and
  // each finding's notes (Finding::notes). Default: dropped.
  std::function<void(const std::string&)> warn;
};

struct Result {
  std::vector<Finding> findings;  // triaged, VEX applied, most urgent first
  std::vector<vex::LoadedDocument> vex_documents;
  ScanSummary summary;  // summary.database is empty when no database was read
  // SARIF locations (report::Report::source_root / lockfile_uris): the git work tree's top
  // level holding DIR (else DIR), absolute, and each lockfile relative to it when inside it.
  std::string source_root;
  std::map<std::string, std::string> lockfile_uris;
};

// Throws Error when the database is needed and absent (no --known-bad list to fall back on),
// on --no-db without a list, and on unreadable known-bad, VEX (--vex) or config files. A
// database that is absent while known-bad lists are given is a warning: the lists are checked.
Result run(const Request& request);

}  // namespace tocsin::scan
