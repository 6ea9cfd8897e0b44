// Helpers shared by the scan tests (tests/scan/) and the `tocsin scan` CLI tests
// (tests/cli/scan_cli_test.cpp): scratch directories, the fixture advisory database (imported once
// per test binary from tests/fixtures/scan/advisories/) and independent oracles over fixture files.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "advisory/database.h"

namespace tocsin::scan::testing {

inline const std::string kScanFixtures = std::string(TOCSIN_FIXTURES) + "/scan";
inline const std::string kAdvisories = kScanFixtures + "/advisories";

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tocsin-scan-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code error;
    std::filesystem::remove_all(path_, error);
  }
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (std::filesystem::path(path_) / name).string(); }

 private:
  std::string path_;
};

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

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void spit(const std::string& path, const std::string& bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
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
