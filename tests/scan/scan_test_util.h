// Helpers shared by the scan tests (tests/scan/) and the `tocsin scan` CLI tests
// (tests/cli/scan_cli_test.cpp): the fixture advisory database (imported once per test binary from
// tests/fixtures/scan/advisories/) and independent oracles over fixture files. Scratch directories
// and whole-file reads and writes come from tests/support/.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "advisory/database.h"
#include "support/files.h"
#include "support/scratch_dir.h"

namespace tocsin::scan::testing {

inline const std::string kScanFixtures = std::string(TOCSIN_FIXTURES) + "/scan";
inline const std::string kAdvisories = kScanFixtures + "/advisories";

using tocsin::testing::ScratchDir;
using tocsin::testing::slurp;
using tocsin::testing::spit;

// Imports `paths` into a fresh database in `dir` (strict: a fixture that does not import is a
// broken fixture, not something to skip over).
inline void import_database(const std::string& dir, const std::vector<std::string>& paths) {
  std::vector<advisory::ImportRequest> requests;
  for (const std::string& path : paths) requests.push_back({path, nullptr, "", ""});
  advisory::ImportOptions options;
  options.strict = true;
  advisory::import_into(dir, requests, options);
}

// The database directory holding every fixture feed: RustSec checkout, OSV records, the KEV
// excerpt and the known-bad list. Imported on first use, removed at exit.
inline const std::string& fixture_database_dir() {
  static const std::unique_ptr<ScratchDir> dir = [] {
    auto scratch = std::make_unique<ScratchDir>();
    import_database(scratch->path(), {kAdvisories + "/rustsec", kAdvisories + "/osv", kAdvisories + "/kev.json",
                                      kAdvisories + "/known-bad.txt"});
    return scratch;
  }();
  return dir->path();
}

// 1-based number of the first line of `file` that equals `text` exactly; 0 when none does.
// The oracle for "the finding points at the package's declaration".
inline int line_of(const std::string& file, const std::string& text) {
  std::ifstream in(file);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number)
    if (line == text) return number;
  return 0;
}

// A copy of a fixture directory, so a test can add vex/ or tocsin.toml without touching the tree.
inline void copy_tree(const std::string& from, const std::string& to) {
  std::filesystem::create_directories(to);
  std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
}

}  // namespace tocsin::scan::testing
