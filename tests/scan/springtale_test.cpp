// Integration: the Springtale fixture scanned against the real RustSec, CISA KEV and OSV PyPI
// data of ../shared. Every advisory its `.cargo/audit.toml` / `deny.toml` ignore must be a
// finding whenever the advisory's crate is in Cargo.lock; the ignores whose crate is absent are
// stale (they suppress nothing) and must be exactly the ones without a finding. Which crate an
// advisory is about, and which crates Cargo.lock holds, are read independently of the scanner.
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "inventory/inventory.h"
#include "policy/policy.h"
#include "scan/scan_test_util.h"
#include "scan/scanner.h"
#include "scan/triage.h"
#include "support/shared.h"
#include "vex/ignore_lists.h"

namespace tocsin::scan {
namespace {

namespace fs = std::filesystem;
namespace fx = tocsin::scan::testing;

const std::string kShared = TOCSIN_SHARED;
const std::string kSpringtale = kShared + "/fixtures/springtale";
const std::string kData = kShared + "/data";

// Imported once per test binary: it is the slow part (~0.2 s).
const std::string& shared_database_dir() {
  static const std::unique_ptr<fx::ScratchDir> dir = [] {
    auto scratch = std::make_unique<fx::ScratchDir>();
    std::vector<advisory::ImportRequest> requests;
    for (const char* feed : {"/rustsec", "/kev/known_exploited_vulnerabilities.json", "/osv-pypi"})
      requests.push_back({kData + feed, nullptr, "", ""});
    advisory::import_into(scratch->path(), requests, advisory::ImportOptions{});
    return scratch;
  }();
  return dir->path();
}

// The crate a RustSec advisory is about: the `package` key of its front matter, checked against
// the advisory-db layout crates/<crate>/<ID>.md. Empty when the advisory is not in the checkout.
std::string rustsec_package(const std::string& id) {
  for (const auto& crate : fs::directory_iterator(kData + "/rustsec/crates")) {
    fs::path file = crate.path() / (id + ".md");
    if (!fs::exists(file)) continue;
    std::string text = fx::slurp(file.string());
    std::string key = "\npackage = \"";
    auto at = text.find(key);
    if (at == std::string::npos) return "";
    at += key.size();
    std::string package = text.substr(at, text.find('"', at) - at);
    EXPECT_EQ(package, crate.path().filename().string()) << file;
    return package;
  }
  return "";
}

std::set<std::string> cargo_lock_crates(const std::string& path) {
  std::set<std::string> names;
  toml::table lock = toml::parse_file(path);
  if (const toml::array* packages = lock["package"].as_array())
    for (const toml::node& package : *packages)
      if (auto name = package.as_table()->get_as<std::string>("name")) names.insert(name->get());
  return names;
}

class SpringtaleScan : public ::testing::Test {
 protected:
  void SetUp() override { TOCSIN_NEED_SHARED(kSpringtale, kData); }
};

TEST_F(SpringtaleScan, IgnoredAdvisoriesAreFoundUnlessTheirCrateIsGone) {
  std::map<std::string, std::string> ignored;  // id -> "file:line" of one ignore entry
  for (const vex::IgnoreList& list : vex::load_ignore_lists(kSpringtale)) {
    if (list.kind == vex::IgnoreListKind::OsvScanner) continue;
    for (const vex::IgnoreEntry& entry : list.entries) ignored[entry.id] = list.path + ":" + std::to_string(entry.line);
  }
  ASSERT_FALSE(ignored.empty());

  inventory::Inventory inventory = inventory::build_inventory(kSpringtale);
  advisory::Database database = advisory::Database::open(shared_database_dir());
  std::vector<Finding> findings = find_vulnerabilities(inventory, &database, ScanOptions{});
  std::set<std::string> crates = cargo_lock_crates(kSpringtale + "/Cargo.lock");
  ASSERT_GT(crates.size(), 100u);

  std::set<std::string> stale, without_finding;
  for (const auto& [id, where] : ignored) {
    std::string package = rustsec_package(id);
    ASSERT_FALSE(package.empty()) << id << " (" << where << ") is not in the RustSec checkout";
    bool present = crates.count(package) > 0;
    if (!present) stale.insert(id);
    bool found = false;
    for (const Finding& finding : findings) {
      if (finding.ecosystem != Ecosystem::CratesIo || finding.name != package) continue;
      if (finding.id == id || std::count(finding.aliases.begin(), finding.aliases.end(), id) > 0) found = true;
    }
    if (!found) without_finding.insert(id);
    EXPECT_EQ(found, present) << id << " (" << package << ", ignored at " << where << ")";
  }
  EXPECT_EQ(without_finding, stale);
  // The rsa ignore outlived the crate (the Marvin Attack advisory of audit.toml).
  EXPECT_TRUE(stale.count("RUSTSEC-2023-0071")) << "rsa is expected to be absent from Springtale's Cargo.lock";
}

TEST_F(SpringtaleScan, FindingsAreTriagedAndUnique) {
  inventory::Inventory inventory = inventory::build_inventory(kSpringtale);
  advisory::Database database = advisory::Database::open(shared_database_dir());
  std::vector<Finding> findings = find_vulnerabilities(inventory, &database, ScanOptions{});
  apply_policy(findings, policy::default_policy());
  ASSERT_FALSE(findings.empty());
  std::set<std::string> keys;
  for (const Finding& finding : findings) {
    EXPECT_TRUE(keys.insert(finding.name + "@" + finding.version + " " + finding.id).second) << finding.id;
    EXPECT_FALSE(finding.level.empty());
    EXPECT_GT(finding.line, 0) << finding.name;
    // Informational RustSec notices never come out above info by themselves.
    if (!finding.informational.empty() && !finding.kev && !finding.malicious && finding.cvss.empty()) {
      EXPECT_EQ(finding.level, "info") << finding.id;
    }
  }
}

}  // namespace
}  // namespace tocsin::scan
