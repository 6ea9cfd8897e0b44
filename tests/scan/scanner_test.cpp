// The scanner on the fixture repository (tests/fixtures/scan/repo): alias groups across sources,
// KEV through any alias, one finding per (package version, vulnerability), nearest fixes,
// withdrawn and informational records, dev-only packages. Exactness of known-bad lists across
// lockfile formats is in known_bad_test.cpp.
#include "scan/scanner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "advisory/parsers.h"
#include "inventory/inventory.h"
#include "policy/policy.h"
#include "scan/scan_test_util.h"
#include "scan/triage.h"

namespace tocsin::scan {
namespace {

namespace fx = tocsin::scan::testing;

std::vector<Finding> scan_repo() {
  inventory::Inventory inventory = inventory::build_inventory(fx::kScanFixtures + "/repo");
  advisory::Database database = advisory::Database::open(fx::fixture_database_dir());
  std::vector<Finding> findings = find_vulnerabilities(inventory, &database, ScanOptions{});
  apply_policy(findings, policy::default_policy());
  return findings;
}

class ScanRepoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { findings_ = new std::vector<Finding>(scan_repo()); }
  static void TearDownTestSuite() {
    delete findings_;
    findings_ = nullptr;
  }

  static std::vector<const Finding*> of(const std::string& name, const std::string& version = "") {
    std::vector<const Finding*> out;
    for (const Finding& finding : *findings_)
      if (finding.name == name && (version.empty() || finding.version == version)) out.push_back(&finding);
    return out;
  }
  // The only finding of a package; fails the test when there is not exactly one.
  static const Finding& only(const std::string& name) {
    auto found = of(name);
    if (found.size() != 1)
      throw std::runtime_error(name + ": expected one finding, got " + std::to_string(found.size()));
    return *found.front();
  }

  static std::vector<Finding>* findings_;
};
std::vector<Finding>* ScanRepoTest::findings_ = nullptr;

std::set<std::string> all_ids(const Finding& finding) {
  std::set<std::string> ids(finding.aliases.begin(), finding.aliases.end());
  ids.insert(finding.id);
  return ids;
}

advisory::KevCatalog fixture_kev() {
  std::string path = fx::kAdvisories + "/kev.json";
  return advisory::parse_kev(path, fx::slurp(path));
}

TEST_F(ScanRepoTest, RustSecAndItsGhsaFromOsvAreOneFinding) {
  const Finding& finding = only("aliascrate");
  EXPECT_EQ(finding.id, "RUSTSEC-2099-0101");  // crates.io: RustSec's own id is preferred
  EXPECT_EQ(finding.aliases, (std::vector<std::string>{"CVE-2099-1002", "GHSA-c2c2-c2c2-c2c2"}));
  EXPECT_EQ(finding.sources, (std::vector<std::string>{"osv", "rustsec"}));
  // The CWE only the GHSA record carries is merged in.
  EXPECT_EQ(finding.cwes, (std::vector<std::string>{"CWE-444"}));
  ASSERT_TRUE(finding.kev.has_value());
  EXPECT_EQ(finding.kev->cve, "CVE-2099-1002");
}

TEST_F(ScanRepoTest, KevFoundThroughAnAliasOnlyAnotherSourceCarries) {
  // Precondition that makes the test meaningful: the GHSA record carrying the KEV CVE does not
  // match the installed version, so only the alias group links RUSTSEC-2099-0102 to the CVE.
  advisory::Database database = advisory::Database::open(fx::fixture_database_dir());
  std::vector<advisory::Match> matches = database.matches(Ecosystem::CratesIo, "hiddenkev", "2.1.0");
  ASSERT_EQ(matches.size(), 1u);
  ASSERT_EQ(matches[0].advisory.id, "RUSTSEC-2099-0102");
  ASSERT_EQ(matches[0].advisory.aliases, std::vector<std::string>{"GHSA-f3f3-f3f3-f3f3"});

  const Finding& finding = only("hiddenkev");
  EXPECT_EQ(finding.id, "RUSTSEC-2099-0102");
  EXPECT_EQ(finding.sources, std::vector<std::string>{"rustsec"});
  EXPECT_EQ(finding.aliases, (std::vector<std::string>{"CVE-2099-1003", "GHSA-f3f3-f3f3-f3f3"}));
  ASSERT_TRUE(finding.kev.has_value());
  EXPECT_EQ(finding.kev->cve, "CVE-2099-1003");
  EXPECT_EQ(finding.level, "high");  // no CVSS (unscored: medium), raised by KEV to kev_minimum
}

TEST_F(ScanRepoTest, KevFoundThroughTheRecordsOwnCveAlias) {
  const Finding& finding = only("kevpkg");
  EXPECT_EQ(finding.id, "GHSA-g4g4-g4g4-g4g4");
  ASSERT_TRUE(finding.kev.has_value());
  EXPECT_EQ(finding.kev->cve, "CVE-2099-1001");
  EXPECT_EQ(finding.level, "critical");  // CVSS 9.8 beats the KEV minimum
}

TEST_F(ScanRepoTest, KevEntriesAreCopiedFromTheCatalogAndNoneIsMissed) {
  std::map<std::string, advisory::KevEntry> catalog;
  for (const advisory::KevEntry& entry : fixture_kev().entries) catalog[entry.cve_id] = entry;
  std::size_t with_kev = 0;
  for (const Finding& finding : *findings_) {
    std::set<std::string> ids = all_ids(finding);
    bool listed = std::any_of(ids.begin(), ids.end(), [&](const std::string& id) { return catalog.count(id) > 0; });
    EXPECT_EQ(finding.kev.has_value(), listed) << finding.name << " " << finding.id;
    if (!finding.kev) continue;
    ++with_kev;
    ASSERT_TRUE(ids.count(finding.kev->cve)) << finding.id;
    const advisory::KevEntry& entry = catalog.at(finding.kev->cve);
    EXPECT_EQ(finding.kev->vulnerability_name, entry.vulnerability_name);
    EXPECT_EQ(finding.kev->date_added, entry.date_added);
    EXPECT_EQ(finding.kev->due_date, entry.due_date);
    EXPECT_EQ(finding.kev->ransomware_use, entry.known_ransomware_campaign_use);
  }
  EXPECT_EQ(with_kev, 3u);  // kevpkg, aliascrate, hiddenkev: one per fictional CVE of the excerpt
}

TEST_F(ScanRepoTest, OneFindingPerPackageVersionAndVulnerability) {
  std::map<std::string, std::vector<const Finding*>> per_package;
  for (const Finding& finding : *findings_)
    per_package[std::string(ecosystem_name(finding.ecosystem)) + "/" + finding.name + "@" + finding.version].push_back(
        &finding);
  for (const auto& [package, list] : per_package)
    for (std::size_t i = 0; i < list.size(); ++i)
      for (std::size_t j = i + 1; j < list.size(); ++j) {
        std::set<std::string> a = all_ids(*list[i]), b = all_ids(*list[j]);
        std::vector<std::string> shared;
        std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(shared));
        EXPECT_TRUE(shared.empty()) << package << ": " << list[i]->id << " and " << list[j]->id
                                    << " name one vulnerability";
      }
}

TEST_F(ScanRepoTest, PyPiRecordsOfOneVulnerabilityMergeUnderPysec) {
  // requirements.txt pins Py_Pkg; the records name it py-pkg and Py.Pkg (PEP 503: one name).
  const Finding& finding = only("py-pkg");
  EXPECT_EQ(finding.ecosystem, Ecosystem::PyPI);
  EXPECT_EQ(finding.id, "PYSEC-2099-0101");
  EXPECT_EQ(finding.aliases, (std::vector<std::string>{"CVE-2099-2001", "GHSA-p8p8-p8p8-p8p8"}));
  EXPECT_EQ(finding.sources, std::vector<std::string>{"osv"});
  // The CVSS vector only the GHSA record carries is kept.
  EXPECT_EQ(finding.cvss, std::vector<std::string>{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"});
  // Fixes: 1.0.post1 (PYSEC) and 1.0.1 (GHSA); PEP 440 orders 1.0 < 1.0.post1 < 1.0.1.
  EXPECT_EQ(finding.fixed_version, "1.0.post1");
  EXPECT_FALSE(finding.kev.has_value());
}

TEST_F(ScanRepoTest, NearestFixedVersionAboveTheInstalledOne) {
  EXPECT_EQ(only("vulncrate").fixed_version, "1.5.3");   // patched 0.9.8 / 1.4.2 / 1.5.3, installed 1.5.1
  EXPECT_EQ(only("multi-fix").fixed_version, "1.10.0");  // fixed 1.2.0 / 1.10.0 / 2.0.1, installed 1.9.0
  EXPECT_EQ(only("aliascrate").fixed_version, "0.3.5");
  EXPECT_EQ(only("hiddenkev").fixed_version, "2.2.0");  // not the GHSA record's 3.0.2 (other line)
  EXPECT_EQ(only("oldcrate").fixed_version, "");        // patched = []
  EXPECT_EQ(only("evil-pkg").fixed_version, "");
}

TEST_F(ScanRepoTest, WithdrawnRecordsAreNeverReported) {
  inventory::Inventory inventory = inventory::build_inventory(fx::kScanFixtures + "/repo");
  ASSERT_EQ(inventory::find_packages(inventory, "gonecrate", "1.0.0").size(), 1u);
  ASSERT_EQ(inventory::find_packages(inventory, "gone-npm", "1.0.0").size(), 1u);
  EXPECT_TRUE(of("gonecrate").empty());
  EXPECT_TRUE(of("gone-npm").empty());
  for (const Finding& finding : *findings_) {
    EXPECT_FALSE(all_ids(finding).count("RUSTSEC-2099-0105")) << finding.name;
    EXPECT_FALSE(all_ids(finding).count("GHSA-j6j6-j6j6-j6j6")) << finding.name;
  }
}

TEST_F(ScanRepoTest, DevOnlyPackagesAreReportedOffTheReleasePath) {
  const Finding& devcrate = only("devcrate");  // [dev-dependencies] of Cargo.toml
  EXPECT_FALSE(devcrate.release_path);
  ASSERT_FALSE(devcrate.paths.empty());
  EXPECT_EQ(devcrate.paths.front(), (std::vector<std::string>{"demo-app@0.1.0", "devcrate@0.2.0"}));
  EXPECT_EQ(devcrate.level, "high");  // dev-only does not lower the level; gates decide

  const Finding& devtool = only("devtool");  // package-lock "dev": true
  EXPECT_FALSE(devtool.release_path);
  EXPECT_EQ(devtool.lockfile, "web/package-lock.json");

  for (const char* shipped : {"aliascrate", "hiddenkev", "vulncrate", "oldcrate", "kevpkg", "evil-pkg", "multi-fix"})
    EXPECT_TRUE(only(shipped).release_path) << shipped;
}

TEST_F(ScanRepoTest, InformationalAdvisoriesAreLevelInfo) {
  const Finding& finding = only("oldcrate");
  EXPECT_EQ(finding.id, "RUSTSEC-2099-0104");
  EXPECT_EQ(finding.informational, "unmaintained");
  EXPECT_EQ(finding.level, "info");
  EXPECT_EQ(finding.sla_hours, 0);
  for (const Finding& other : *findings_)
    if (other.informational.empty()) {
      EXPECT_NE(other.level, "info") << other.name;
    }
}

TEST_F(ScanRepoTest, MaliciousRecordIsCriticalAndFiledUnderMal) {
  const Finding& finding = only("evil-pkg");
  EXPECT_EQ(finding.id, "MAL-2099-0101");
  EXPECT_TRUE(finding.malicious);
  EXPECT_FALSE(finding.known_bad.has_value());
  EXPECT_EQ(finding.level, "critical");
}

TEST_F(ScanRepoTest, EveryVulnerablePackageIsFoundAndNothingElse) {
  std::set<std::string> found;
  for (const Finding& finding : *findings_) found.insert(finding.name + "@" + finding.version + " " + finding.id);
  EXPECT_EQ(found, (std::set<std::string>{"aliascrate@0.3.0 RUSTSEC-2099-0101", "devcrate@0.2.0 RUSTSEC-2099-0106",
                                          "hiddenkev@2.1.0 RUSTSEC-2099-0102", "oldcrate@0.1.0 RUSTSEC-2099-0104",
                                          "vulncrate@1.5.1 RUSTSEC-2099-0103", "devtool@4.0.0 GHSA-m7m7-m7m7-m7m7",
                                          "evil-pkg@6.6.6 MAL-2099-0101", "kevpkg@1.0.0 GHSA-g4g4-g4g4-g4g4",
                                          "multi-fix@1.9.0 GHSA-h5h5-h5h5-h5h5", "py-pkg@1.0 PYSEC-2099-0101"}));
}

TEST_F(ScanRepoTest, FindingsPointAtTheCargoLockDeclaration) {
  std::string lock = fx::kScanFixtures + "/repo/Cargo.lock";
  for (const char* name : {"aliascrate", "hiddenkev", "vulncrate", "oldcrate", "devcrate"}) {
    const Finding& finding = only(name);
    EXPECT_EQ(finding.lockfile, "Cargo.lock");
    // The [[package]] header right above `name = "…"`.
    EXPECT_EQ(finding.line, fx::line_of(lock, std::string("name = \"") + name + "\"") - 1) << name;
  }
}

TEST(ScannerDuplicates, CopiesOfOnePackageVersionInALockfileAreOneFinding) {
  // package-lock nests kevpkg@1.0.0 under a (dev-only, declared first) and under b (shipped).
  std::string dir = fx::kScanFixtures + "/nested";
  inventory::Inventory inventory = inventory::build_inventory(dir);
  ASSERT_EQ(inventory::find_packages(inventory, "kevpkg", "1.0.0").size(), 2u);
  advisory::Database database = advisory::Database::open(fx::fixture_database_dir());
  std::vector<Finding> findings = find_vulnerabilities(inventory, &database, ScanOptions{});
  ASSERT_EQ(findings.size(), 1u);  // kevpkg@2.0.0 is fixed
  const Finding& finding = findings[0];
  EXPECT_EQ(finding.version, "1.0.0");
  EXPECT_EQ(finding.line, fx::line_of(dir + "/package-lock.json", "    \"node_modules/a/node_modules/kevpkg\": {"));
  EXPECT_TRUE(finding.release_path);  // the copy under b ships
  EXPECT_EQ(finding.paths, (std::vector<std::vector<std::string>>{{"nested@1.0.0", "a@1.0.0", "kevpkg@1.0.0"},
                                                                  {"nested@1.0.0", "b@1.0.0", "kevpkg@1.0.0"}}));
}

TEST(ScannerWithoutDatabase, ChecksOnlyTheKnownBadLists) {
  inventory::Inventory inventory = inventory::build_inventory(fx::kScanFixtures + "/repo");
  EXPECT_TRUE(find_vulnerabilities(inventory, nullptr, ScanOptions{}).empty());
}

// --- nearest_fixed_version and preferred_id on their own ---

advisory::Affected semver_ranges(Ecosystem ecosystem, const std::vector<std::pair<std::string, std::string>>& spans) {
  advisory::Affected affected;
  affected.ecosystem = ecosystem;
  for (const auto& [introduced, fixed] : spans) {
    version::OsvRange range;
    range.type = ecosystem == Ecosystem::Npm ? version::OsvRange::Type::Semver : version::OsvRange::Type::Ecosystem;
    range.events.push_back({version::OsvEvent::Kind::Introduced, introduced});
    range.events.push_back({version::OsvEvent::Kind::Fixed, fixed});
    affected.ranges.push_back(range);
  }
  return affected;
}

TEST(NearestFixedVersion, ComparesVersionsNotStrings) {
  auto affected = semver_ranges(Ecosystem::Npm, {{"0", "1.2.0"}, {"1.5.0", "1.10.0"}, {"2.0.0", "2.0.1"}});
  EXPECT_EQ(nearest_fixed_version(affected, Ecosystem::Npm, "1.9.0"), "1.10.0");
  EXPECT_EQ(nearest_fixed_version(affected, Ecosystem::Npm, "1.1.9"), "1.2.0");
  EXPECT_EQ(nearest_fixed_version(affected, Ecosystem::Npm, "2.0.0"), "2.0.1");
  EXPECT_EQ(nearest_fixed_version(affected, Ecosystem::Npm, "2.0.1"), "");  // nothing above
}

TEST(NearestFixedVersion, Pep440PostReleases) {
  auto affected = semver_ranges(Ecosystem::PyPI, {{"0", "1.0.1"}, {"0", "1.0.post1"}});
  EXPECT_EQ(nearest_fixed_version(affected, Ecosystem::PyPI, "1.0"), "1.0.post1");
  EXPECT_EQ(nearest_fixed_version(affected, Ecosystem::PyPI, "1.0.post1"), "1.0.1");
}

TEST(NearestFixedVersion, CargoPatchedRequirementsGiveTheirLowerBound) {
  advisory::Affected affected;
  affected.ecosystem = Ecosystem::CratesIo;
  affected.uses_requirements = true;
  affected.patched = {">= 1.4.2, < 1.5.0", ">= 1.5.3", "^0.9.8", "< 0.9.0, >= 0.8.6", "~2.1"};
  EXPECT_EQ(nearest_fixed_version(affected, Ecosystem::CratesIo, "1.5.1"), "1.5.3");
  EXPECT_EQ(nearest_fixed_version(affected, Ecosystem::CratesIo, "1.4.0"), "1.4.2");
  EXPECT_EQ(nearest_fixed_version(affected, Ecosystem::CratesIo, "0.9.0"), "0.9.8");
  EXPECT_EQ(nearest_fixed_version(affected, Ecosystem::CratesIo, "0.8.5"), "0.8.6");
  EXPECT_EQ(nearest_fixed_version(affected, Ecosystem::CratesIo, "2.0.0"), "2.1.0");  // "~2.1" is 2.1.0
  EXPECT_EQ(nearest_fixed_version(affected, Ecosystem::CratesIo, "3.0.0"), "");
}

TEST(NearestFixedVersion, GitRangesAreNotVersions) {
  advisory::Affected affected;
  affected.ecosystem = Ecosystem::Npm;
  version::OsvRange git;
  git.type = version::OsvRange::Type::Git;
  git.events = {{version::OsvEvent::Kind::Introduced, "0"},
                {version::OsvEvent::Kind::Fixed, "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432"}};
  affected.ranges.push_back(git);
  EXPECT_EQ(nearest_fixed_version(affected, Ecosystem::Npm, "1.0.0"), "");
}

// A fix that cannot be compared with the installed version used to vanish (is_greater swallowed
// the error): "no fix known" while the advisory names one.
TEST(NearestFixedVersion, AFixThatCannotBeComparedIsShownWithANote) {
  advisory::Affected affected;
  affected.ecosystem = Ecosystem::Npm;
  version::OsvRange range;
  range.type = version::OsvRange::Type::Ecosystem;
  range.events = {{version::OsvEvent::Kind::Introduced, "0"}, {version::OsvEvent::Kind::Fixed, "2.0.0-final!"}};
  affected.ranges.push_back(range);
  std::vector<std::string> notes;
  EXPECT_EQ(nearest_fixed_version(affected, Ecosystem::Npm, "1.0.0", &notes), "2.0.0-final!");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0], "fixed version '2.0.0-final!' cannot be compared with 1.0.0: it is shown as the fix");

  // With a comparable fix above the installed version, that one is shown, and the note says so.
  range.events.push_back({version::OsvEvent::Kind::Fixed, "1.5.0"});
  affected.ranges = {range};
  notes.clear();
  EXPECT_EQ(nearest_fixed_version(affected, Ecosystem::Npm, "1.0.0", &notes), "1.5.0");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("the nearest comparable fix is shown"), std::string::npos);
  // Comparable fixes only: no note.
  notes.clear();
  EXPECT_EQ(nearest_fixed_version(semver_ranges(Ecosystem::Npm, {{"0", "1.2.0"}}), Ecosystem::Npm, "1.0.0", &notes),
            "1.2.0");
  EXPECT_TRUE(notes.empty());
}

TEST(PreferredId, EcosystemsOwnDatabaseFirstThenGhsaThenCve) {
  std::vector<std::string> ids = {"CVE-2099-1", "GHSA-aaaa-bbbb-cccc", "RUSTSEC-2099-0001", "PYSEC-2099-1"};
  EXPECT_EQ(preferred_id(Ecosystem::CratesIo, ids), "RUSTSEC-2099-0001");
  EXPECT_EQ(preferred_id(Ecosystem::PyPI, ids), "PYSEC-2099-1");
  EXPECT_EQ(preferred_id(Ecosystem::Npm, ids), "GHSA-aaaa-bbbb-cccc");
  EXPECT_EQ(preferred_id(Ecosystem::CratesIo, {"CVE-2099-1", "GHSA-aaaa-bbbb-cccc"}), "GHSA-aaaa-bbbb-cccc");
  EXPECT_EQ(preferred_id(Ecosystem::Npm, {"CVE-2099-1", "OSV-2099-7"}), "OSV-2099-7");
  EXPECT_EQ(preferred_id(Ecosystem::Npm, {"GHSA-aaaa-bbbb-cccc", "MAL-2099-1"}), "MAL-2099-1");
  // Ties go to the smallest id, so the choice does not depend on input order.
  EXPECT_EQ(preferred_id(Ecosystem::CratesIo, {"RUSTSEC-2099-0002", "RUSTSEC-2099-0001"}), "RUSTSEC-2099-0001");
  EXPECT_EQ(preferred_id(Ecosystem::CratesIo, {"RUSTSEC-2099-0001", "RUSTSEC-2099-0002"}), "RUSTSEC-2099-0001");
}

}  // namespace
}  // namespace tocsin::scan
