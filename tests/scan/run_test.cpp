// scan::run (src/scan/run.h): the pipeline `tocsin scan` and `tocsin sbom --with-vex` share, and
// the finding -> incident mapping beside it (src/scan/incidents.h).
#include "scan/run.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/error.h"
#include "scan/incidents.h"
#include "scan/scan_test_util.h"

namespace tocsin::scan {
namespace {

namespace fx = tocsin::scan::testing;

const Finding* find(const Result& result, const std::string& name) {
  for (const Finding& finding : result.findings)
    if (finding.name == name) return &finding;
  return nullptr;
}

// A scratch copy of the fixture repository and a request for it against the fixture database.
struct RepoCopy {
  RepoCopy()
      : inventory([this] {
          fx::copy_tree(fx::kScanFixtures + "/repo", scratch.path());
          return inventory::build_inventory(scratch.path());
        }()) {}
  Request request() const {
    Request request;
    request.inventory = &inventory;
    request.dir = scratch.path();
    request.db_dir = fx::fixture_database_dir();
    return request;
  }
  fx::ScratchDir scratch;
  const inventory::Inventory inventory;
};

TEST(ScanRun, AppliesDirVexAndTheDirectorysPolicyAndSortsByUrgency) {
  RepoCopy copy;
  Request request = copy.request();
  const Result plain = run(request);
  const Finding* kev = find(plain, "kevpkg");
  ASSERT_NE(kev, nullptr);
  EXPECT_FALSE(kev->suppressed.has_value());
  EXPECT_EQ(plain.summary.database, fx::fixture_database_dir());
  EXPECT_EQ(plain.summary.lockfiles, copy.inventory.lockfiles.size());
  EXPECT_TRUE(std::is_sorted(plain.findings.begin(), plain.findings.end(),
                             [](const Finding& a, const Finding& b) { return a.urgency > b.urgency; }));

  // DIR/vex/*.json is read without being named; the statement suppresses kevpkg@1.0.0.
  fx::spit(copy.scratch / "vex/not-affected.json", fx::slurp(fx::kScanFixtures + "/vex/not-affected.json"));
  const Result with_vex = run(request);
  ASSERT_NE(find(with_vex, "kevpkg"), nullptr);
  ASSERT_TRUE(find(with_vex, "kevpkg")->suppressed.has_value());
  EXPECT_EQ(find(with_vex, "kevpkg")->suppressed->status, "not_affected");
  EXPECT_EQ(with_vex.vex_documents.size(), 1u);
  request.no_vex = true;
  EXPECT_FALSE(find(run(request), "kevpkg")->suppressed.has_value());

  // DIR/tocsin.toml is the policy (config::ProjectConfig's rule); a misspelt table is an error.
  fx::spit(copy.scratch / "tocsin.toml", "[polcy]\n");
  EXPECT_THROW(run(request), Error);
}

TEST(ScanRun, NoDatabaseIsAnErrorUnlessKnownBadListsAreGiven) {
  fx::ScratchDir empty_db;
  const inventory::Inventory inventory = inventory::build_inventory(fx::kScanFixtures + "/repo");
  Request request;
  request.inventory = &inventory;
  request.dir = fx::kScanFixtures + "/repo";
  request.db_dir = empty_db.path();
  request.no_vex = true;
  EXPECT_THROW(run(request), Error);

  std::vector<std::string> warnings;
  request.warn = [&warnings](const std::string& warning) { warnings.push_back(warning); };
  request.known_bad_files = {fx::kAdvisories + "/known-bad.txt"};
  const Result result = run(request);
  ASSERT_FALSE(warnings.empty());
  EXPECT_NE(warnings.back().find("no advisory database at " + empty_db.path()), std::string::npos);
  EXPECT_EQ(result.summary.database, "");
  for (const Finding& finding : result.findings) EXPECT_TRUE(finding.known_bad.has_value()) << finding.id;

  request.no_db = true;
  request.known_bad_files.clear();
  EXPECT_THROW(run(request), Error);  // --no-db with nothing to check
}

TEST(ScanRun, SarifLocationsAreRelativeToTheScannedTree) {
  RepoCopy copy;
  Request request = copy.request();
  request.no_vex = true;
  const Result result = run(request);
  // No .git above a mkdtemp directory: the scanned directory is %SRCROOT%.
  EXPECT_EQ(result.source_root, std::filesystem::weakly_canonical(copy.scratch.path()).generic_string());
  ASSERT_TRUE(result.lockfile_uris.count("Cargo.lock"));
  EXPECT_EQ(result.lockfile_uris.at("Cargo.lock"), "Cargo.lock");
}

Finding sample_finding() {
  Finding finding;
  finding.ecosystem = Ecosystem::CratesIo;
  finding.name = "time";
  finding.version = "0.1.45";
  finding.id = "RUSTSEC-2020-0071";
  finding.aliases = {"CVE-2020-26235", "GHSA-wcg3-cvx6-7396"};
  finding.summary = "Segfault";
  finding.cvss = {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H",
                  "CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N"};
  finding.cwes = {"CWE-476", "CWE-20"};
  finding.fixed_version = "0.2.23";
  finding.level = "medium";
  finding.urgency = static_cast<int>(policy::Level::Medium);
  finding.why = "CVSS 5.9";
  return finding;
}

TEST(FindingIncidents, ObservationCarriesWhatTheIncidentRecords) {
  const incident::FindingObservation observation = observation_of(sample_finding());
  EXPECT_EQ(observation.key, incident::finding_key("crates.io", "time", "0.1.45", "RUSTSEC-2020-0071"));
  EXPECT_EQ(observation.title, "RUSTSEC-2020-0071 in time@0.1.45: Segfault");
  EXPECT_EQ(observation.severity, policy::Level::Medium);
  EXPECT_EQ(observation.severity_why, "CVSS 5.9");
  EXPECT_EQ(observation.cve, "CVE-2020-26235");
  EXPECT_EQ(observation.cwe, "CWE-476");
  EXPECT_EQ(observation.cvss, "CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N");
  EXPECT_EQ(observation.affected, "0.1.45");
  EXPECT_EQ(observation.patched, "0.2.23");
  EXPECT_FALSE(observation.kev);
}

TEST(FindingIncidents, OnlyUnsuppressedFindingsAtOrAboveTheLevel) {
  Finding medium = sample_finding();
  Finding high = sample_finding();
  high.name = "openssl";
  high.level = "high";
  high.urgency = static_cast<int>(policy::Level::High);
  high.summary.clear();
  high.kev = KevMatch{};
  Finding suppressed = high;
  suppressed.name = "rsa";
  suppressed.suppressed = Suppression{"not_affected", "", "", "vex/x.json"};
  const auto observations = incident_observations({medium, high, suppressed}, policy::Level::High);
  ASSERT_EQ(observations.size(), 1u);
  EXPECT_EQ(observations[0].title, "RUSTSEC-2020-0071 in openssl@0.1.45");  // no summary: no ": "
  EXPECT_TRUE(observations[0].kev);
  EXPECT_EQ(incident_observations({medium, high, suppressed}, policy::Level::Medium).size(), 2u);
}

}  // namespace
}  // namespace tocsin::scan
