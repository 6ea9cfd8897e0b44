#include "advisory/database.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "advisory_test_util.h"
#include "core/error.h"

namespace tocsin::advisory {
namespace {

using ::testing::ElementsAre;
using testing::kFixtures;
using testing::ScratchDir;

std::vector<std::string> ids(const std::vector<Match>& matches) {
  std::vector<std::string> out;
  for (const auto& match : matches) out.push_back(match.advisory.id);
  return out;
}

// Imports every fixture feed once for the whole suite.
class FixtureDatabase : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = new ScratchDir();
    reports_ = new std::vector<ImportReport>(import_into(scratch_->path(),
                                                         {{kFixtures + "/osv"},
                                                          {kFixtures + "/rustsec"},
                                                          {kFixtures + "/kev-excerpt.json"},
                                                          {kFixtures + "/known-bad.txt"}},
                                                         {}));
  }
  static void TearDownTestSuite() {
    delete reports_;
    delete scratch_;
  }
  Database open() const { return Database::open(scratch_->path()); }
  static ScratchDir* scratch_;
  static std::vector<ImportReport>* reports_;
};
ScratchDir* FixtureDatabase::scratch_ = nullptr;
std::vector<ImportReport>* FixtureDatabase::reports_ = nullptr;

TEST_F(FixtureDatabase, ReportsWhatEachImporterRead) {
  const auto& reports = *reports_;
  ASSERT_EQ(reports.size(), 4u);
  EXPECT_EQ(reports[0].kind, "osv");
  EXPECT_EQ(reports[0].records, 9u);  // 10 JSON files, DEBIAN-CVE-2099-1 has no supported ecosystem
  EXPECT_EQ(reports[0].skipped_ecosystems.at("Debian:12"), 1u);
  EXPECT_EQ(reports[0].skipped_ecosystems.at("Go"), 1u);
  EXPECT_EQ(reports[0].ignored_files, 1u);  // nested/README.txt
  EXPECT_EQ(reports[0].snapshot, "2099-08-02T00:00:00Z");
  EXPECT_EQ(reports[1].kind, "rustsec");
  EXPECT_EQ(reports[1].records, 4u);        // crates/ only; rust/ and .duplicates/ left out
  EXPECT_EQ(reports[1].ignored_files, 1u);  // rust/std
  EXPECT_EQ(reports[1].snapshot, "2099-09-09 10:00:00 +0000");
  EXPECT_EQ(reports[2].kind, "kev");
  EXPECT_EQ(reports[2].records, 3u);
  EXPECT_EQ(reports[3].kind, "known-bad");
  EXPECT_EQ(reports[3].records, 3u);
  for (const auto& report : reports) EXPECT_TRUE(report.diagnostics.empty()) << report.path;
}

TEST_F(FixtureDatabase, VersionsListsMatchExactly) {
  Database db = open();
  EXPECT_THAT(ids(db.matches(Ecosystem::PyPI, "onlylisted", "0.1")), ElementsAre("PYSEC-2099-2"));
  EXPECT_TRUE(db.matches(Ecosystem::PyPI, "onlylisted", "0.3").empty());
  EXPECT_TRUE(db.matches(Ecosystem::PyPI, "notapackage", "0.1").empty());
  EXPECT_THAT(ids(db.matches(Ecosystem::Npm, "multi-pkg", "0.0.1")), ElementsAre("GHSA-multi-0001"));
}

TEST_F(FixtureDatabase, MaliciousRecordsAreFlagged) {
  auto matches = open().matches(Ecosystem::Npm, "evil-pkg", "1.0.1");
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_TRUE(matches[0].advisory.malicious);
  EXPECT_EQ(open().status().malicious, 2u);  // MAL-2099-1 and RUSTSEC-2099-0005 (category malicious)
}

// The tests below need real version semantics (src/version), not the stub.
TEST_F(FixtureDatabase, OsvRangesMatchPerEventKind) {
  Database db = open();
  EXPECT_THAT(ids(db.matches(Ecosystem::Npm, "demo-pkg", "1.0.0")),
              ElementsAre("GHSA-demo-0001"));                            // not withdrawn 0004
  EXPECT_TRUE(db.matches(Ecosystem::Npm, "demo-pkg", "1.2.3").empty());  // fixed
  EXPECT_THAT(ids(db.matches(Ecosystem::Npm, "demo-pkg", "2.4.1")), ElementsAre("GHSA-demo-0001"));  // last_affected
  EXPECT_TRUE(db.matches(Ecosystem::Npm, "demo-pkg", "2.4.2").empty());
  EXPECT_THAT(ids(db.matches(Ecosystem::Npm, "@scope/lib", "2.4.9")), ElementsAre("GHSA-demo-0002"));
  EXPECT_TRUE(db.matches(Ecosystem::Npm, "@scope/lib", "2.5.0").empty());
  EXPECT_THAT(ids(db.matches(Ecosystem::PyPI, "Django-REST-framework", "1.2")), ElementsAre("PYSEC-2099-1"));
  EXPECT_TRUE(db.matches(Ecosystem::PyPI, "django_rest_framework", "1.5").empty());
}

TEST_F(FixtureDatabase, RustSecRequirementsDecide) {
  Database db = open();
  EXPECT_TRUE(db.matches(Ecosystem::CratesIo, "vulncrate", "0.1.2").empty());  // unaffected
  EXPECT_THAT(ids(db.matches(Ecosystem::CratesIo, "vulncrate", "0.1.3")),
              ElementsAre("GHSA-rust-0001", "RUSTSEC-2099-0001"));
  EXPECT_TRUE(db.matches(Ecosystem::CratesIo, "vulncrate", "1.2.3").empty());
  EXPECT_THAT(ids(db.matches(Ecosystem::CratesIo, "vulncrate", "1.3.0")), ElementsAre("RUSTSEC-2099-0001"));
  EXPECT_TRUE(db.matches(Ecosystem::CratesIo, "vulncrate", "1.3.4").empty());
  EXPECT_TRUE(db.matches(Ecosystem::CratesIo, "gonecrate", "1.0.0").empty());  // withdrawn
  EXPECT_TRUE(db.matches(Ecosystem::CratesIo, "unsoundcrate", "0.9.5").empty());
  auto unsound = db.matches(Ecosystem::CratesIo, "unsoundcrate", "0.9.0");
  ASSERT_EQ(unsound.size(), 1u);
  EXPECT_EQ(unsound[0].advisory.informational, Informational::Unsound);
  auto unmaintained = db.matches(Ecosystem::CratesIo, "oldcrate", "3.1.4");
  ASSERT_EQ(unmaintained.size(), 1u);
  EXPECT_EQ(unmaintained[0].advisory.informational, Informational::Unmaintained);
  EXPECT_TRUE(db.matches(Ecosystem::CratesIo, "std", "1.0.0").empty());
}

TEST_F(FixtureDatabase, AliasGroupsAreTransitiveAcrossSources) {
  Database db = open();
  EXPECT_THAT(db.aliases_of("RUSTSEC-2099-0001"), ElementsAre("CVE-2099-2000", "GHSA-rust-0001", "RUSTSEC-2099-0001"));
  EXPECT_THAT(db.aliases_of("CVE-2099-2000"), ElementsAre("CVE-2099-2000", "GHSA-rust-0001", "RUSTSEC-2099-0001"));
  EXPECT_THAT(db.aliases_of("GHSA-demo-0002"), ElementsAre("CVE-2099-1000", "GHSA-demo-0001", "GHSA-demo-0002"));
  EXPECT_THAT(db.aliases_of("UNKNOWN-1"), ElementsAre("UNKNOWN-1"));
}

TEST_F(FixtureDatabase, KevLookupByCve) {
  Database db = open();
  auto entry = db.kev_for("CVE-2025-48384");
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->vendor_project, "Git");
  EXPECT_EQ(entry->date_added, "2025-08-25");
  EXPECT_EQ(entry->catalog_version, "2025.08.25");
  EXPECT_FALSE(db.kev_for("CVE-2099-1000").has_value());
}

TEST_F(FixtureDatabase, KnownBadIsExactNameAndVersion) {
  Database db = open();
  auto hit = db.known_bad(Ecosystem::Npm, "foo", "1.2.3");
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->reference, "TEST-REF-1");
  EXPECT_EQ(hit->line, 8);
  EXPECT_FALSE(db.known_bad(Ecosystem::Npm, "foo", "1.2.30"));
  EXPECT_FALSE(db.known_bad(Ecosystem::Npm, "foo", "1.2"));
  EXPECT_FALSE(db.known_bad(Ecosystem::Npm, "xfoo", "1.2.3"));
  EXPECT_FALSE(db.known_bad(Ecosystem::Npm, "@x/foo", "1.2.3"));
  EXPECT_FALSE(db.known_bad(Ecosystem::PyPI, "foo", "1.2.3"));
  EXPECT_TRUE(db.known_bad(Ecosystem::Npm, "@scope/bar", "2.0.0-beta.1"));
  EXPECT_FALSE(db.known_bad(Ecosystem::Npm, "debug", "4.4.2"));  // commented-out example
}

TEST_F(FixtureDatabase, StatusCountsPerEcosystem) {
  DatabaseStatus status = open().status();
  EXPECT_EQ(status.sources.size(), 4u);
  EXPECT_EQ(status.advisories, 13u);
  EXPECT_EQ(status.withdrawn, 2u);
  EXPECT_EQ(status.advisories_per_ecosystem.at("npm"), 5u);
  EXPECT_EQ(status.advisories_per_ecosystem.at("PyPI"), 2u);
  EXPECT_EQ(status.advisories_per_ecosystem.at("crates.io"), 6u);
  EXPECT_EQ(status.kev_entries, 3u);
  EXPECT_EQ(status.kev_catalog_version, "2025.08.25");
  EXPECT_EQ(status.known_bad, 3u);
}

TEST(DatabaseImport, ReimportReplacesTheSourceAndKeepsOthers) {
  ScratchDir scratch;
  import_into(scratch.path(), {{kFixtures + "/osv"}, {kFixtures + "/known-bad.txt"}}, {});
  import_into(scratch.path(), {{kFixtures + "/osv"}}, {});
  DatabaseStatus status = Database::open(scratch.path()).status();
  EXPECT_EQ(status.advisories, 9u);
  EXPECT_EQ(status.known_bad, 3u);
  EXPECT_EQ(status.sources.size(), 2u);
}

TEST(DatabaseImport, CorruptFilesAreDiagnosedAndTheRestImported) {
  ScratchDir scratch;
  auto reports = import_into(scratch.path(), {{kFixtures + "/osv-bad"}, {kFixtures + "/rustsec-bad"}}, {});
  EXPECT_EQ(reports[0].records, 1u);
  ASSERT_EQ(reports[0].diagnostics.size(), 2u);
  EXPECT_EQ(reports[0].diagnostics[0].location.path, kFixtures + "/osv-bad/corrupt.json");
  EXPECT_EQ(reports[0].diagnostics[1].location.path, kFixtures + "/osv-bad/wrong-shape.json");
  EXPECT_EQ(reports[1].records, 1u);
  ASSERT_EQ(reports[1].diagnostics.size(), 1u);
  EXPECT_EQ(reports[1].diagnostics[0].location.path, kFixtures + "/rustsec-bad/crates/badcrate/RUSTSEC-2099-0007.md");
  // The TOML error keeps its line (in the .md, past the ```toml fence) and column; the file is skipped.
  const Diagnostic& bad_toml = reports[1].diagnostics[0];
  EXPECT_EQ(bad_toml.severity, tocsin::Severity::Warning);
  EXPECT_EQ(bad_toml.location.line, 8);  // [versions], where the unterminated array needed a comma
  EXPECT_EQ(bad_toml.location.column, 1);
  EXPECT_EQ(bad_toml.hint, "the file was skipped");
  EXPECT_EQ(Database::open(scratch.path()).status().advisories, 2u);
}

TEST(DatabaseImport, AMalformedKnownBadLineIsAWarningAtItsLineAndColumn) {
  ScratchDir scratch;
  const std::string list = scratch / "known-bad.txt";
  testing::spit(list, "# compromised releases\nfoo@1.2.3\n    left pad@1.0.0\nbar@\n");
  auto reports = import_into(scratch / "db", {{list}}, {});
  EXPECT_EQ(reports[0].records, 1u);
  ASSERT_EQ(reports[0].diagnostics.size(), 2u);
  const Diagnostic& space = reports[0].diagnostics[0];
  EXPECT_EQ(space.severity, tocsin::Severity::Warning);
  EXPECT_EQ(space.location.path, list);
  EXPECT_EQ(space.location.line, 3);
  EXPECT_EQ(space.location.column, 5);  // the entry, after four spaces
  EXPECT_EQ(reports[0].diagnostics[1].location.line, 4);
  EXPECT_EQ(reports[0].diagnostics[1].location.column, 5);  // after "bar@": the missing version
  EXPECT_EQ(format_diagnostic(space).rfind(list + ":3:5: ", 0), 0u) << format_diagnostic(space);
}

TEST(DatabaseImport, StrictStopsAtTheFirstProblemAndLeavesTheDatabaseUntouched) {
  ScratchDir scratch;
  import_into(scratch.path(), {{kFixtures + "/known-bad.txt"}}, {});
  std::string before = testing::slurp(database_file(scratch.path()));
  Database reader = Database::open(scratch.path());
  ImportOptions strict;
  strict.strict = true;
  EXPECT_THROW(import_into(scratch.path(), {{kFixtures + "/osv"}, {kFixtures + "/osv-bad"}}, strict), Error);
  EXPECT_EQ(testing::slurp(database_file(scratch.path())), before);
  EXPECT_TRUE(reader.known_bad(Ecosystem::Npm, "foo", "1.2.3"));
  EXPECT_EQ(Database::open(scratch.path()).status().advisories, 0u);
  for (const auto& entry : std::filesystem::directory_iterator(scratch.path())) {
    if (entry.path().filename() == "advisories.db.lock") continue;  // the writers' lock stays
    EXPECT_EQ(entry.path().filename(), "advisories.db");            // no temporary left behind
  }
}

TEST(DatabaseImport, ZipArchivesImportAndATruncatedOneKeepsThePreviousRecords) {
  ScratchDir scratch;
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures + "/osv"))
    if (entry.is_regular_file()) files[entry.path().filename().string()] = testing::slurp(entry.path().string());
  std::string zip = scratch / "all.zip";
  testing::write_zip(zip, files);
  std::string db_dir = scratch / "db";
  auto reports = import_into(db_dir, {{zip}}, {});
  EXPECT_EQ(reports[0].records, files.size());

  std::string bytes = testing::slurp(zip);
  testing::spit(zip, bytes.substr(0, bytes.size() / 2));
  reports = import_into(db_dir, {{zip}}, {});
  EXPECT_TRUE(reports[0].failed);
  ASSERT_EQ(reports[0].diagnostics.size(), 1u);
  EXPECT_EQ(reports[0].diagnostics[0].location.path, zip);
  Database db = Database::open(db_dir);
  EXPECT_EQ(db.status().advisories, files.size());
  EXPECT_THAT(ids(db.matches(Ecosystem::PyPI, "onlylisted", "0.2")), ElementsAre("PYSEC-2099-2"));

  ImportOptions strict;
  strict.strict = true;
  EXPECT_THROW(import_into(db_dir, {{zip}}, strict), Error);
}

TEST(DatabaseImport, DetectsEachKindOfPath) {
  EXPECT_EQ(detect_importer(kFixtures + "/rustsec")->kind(), "rustsec");
  EXPECT_EQ(detect_importer(kFixtures + "/osv")->kind(), "osv");
  EXPECT_EQ(detect_importer(kFixtures + "/osv/MAL-2099-1.json")->kind(), "osv");
  EXPECT_EQ(detect_importer(kFixtures + "/kev-excerpt.json")->kind(), "kev");
  EXPECT_EQ(detect_importer(kFixtures + "/known-bad.txt")->kind(), "known-bad");
  EXPECT_THROW(detect_importer(kFixtures + "/does-not-exist"), Error);
  EXPECT_THROW(detect_importer(kFixtures + "/SOURCES.md"), Error);
}

TEST(DatabaseOpen, MissingDatabaseIsAClearError) {
  ScratchDir scratch;
  try {
    Database::open(scratch.path());
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.path(), database_file(scratch.path()));
  }
}

}  // namespace
}  // namespace tocsin::advisory
