#include "advisory/parsers.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "advisory_test_util.h"
#include "core/error.h"
#include "support/shared.h"

namespace tocsin::advisory {
namespace {

using testing::kFixtures;
using testing::slurp;

Advisory osv_fixture(const std::string& name, std::map<std::string, std::size_t>* skipped = nullptr) {
  std::string path = kFixtures + "/" + name;
  return parse_osv(path, slurp(path), skipped);
}

Advisory rustsec_fixture(const std::string& name) {
  std::string path = kFixtures + "/" + name;
  return parse_rustsec(path, slurp(path));
}

TEST(NormalizeName, FollowsPep503ForPyPI) {
  EXPECT_EQ(normalize_name(Ecosystem::PyPI, "Django_Rest.Framework"), "django-rest-framework");
  EXPECT_EQ(normalize_name(Ecosystem::PyPI, "a-_.-b"), "a-b");
  EXPECT_EQ(normalize_name(Ecosystem::PyPI, "Foo__Bar"), "foo-bar");
  EXPECT_EQ(normalize_name(Ecosystem::Npm, "@Scope/JSONStream"), "@Scope/JSONStream");
  EXPECT_EQ(normalize_name(Ecosystem::CratesIo, "Serde_JSON"), "serde_json");
}

TEST(OsvParse, ReadsEveryRangeEventKind) {
  Advisory advisory = osv_fixture("osv/GHSA-demo-0001.json");
  EXPECT_EQ(advisory.id, "GHSA-demo-0001");
  EXPECT_EQ(advisory.aliases, std::vector<std::string>{"CVE-2099-1000"});
  ASSERT_EQ(advisory.affected.size(), 1u);
  const Affected& affected = advisory.affected[0];
  EXPECT_EQ(affected.ecosystem, Ecosystem::Npm);
  EXPECT_EQ(affected.name, "demo-pkg");
  ASSERT_EQ(affected.ranges.size(), 2u);
  EXPECT_EQ(affected.ranges[0].type, version::OsvRange::Type::Semver);
  ASSERT_EQ(affected.ranges[1].events.size(), 2u);
  EXPECT_EQ(affected.ranges[1].events[1].kind, version::OsvEvent::Kind::LastAffected);
  EXPECT_EQ(affected.ranges[1].events[1].value, "2.4.1");
  ASSERT_EQ(advisory.severity.size(), 1u);
  EXPECT_EQ(advisory.severity[0].type, "CVSS_V3");
  EXPECT_EQ(advisory.cwes, std::vector<std::string>{"CWE-1321"});
  EXPECT_FALSE(advisory.malicious);

  Advisory limited = osv_fixture("osv/GHSA-demo-0002.json");
  ASSERT_EQ(limited.affected[0].ranges[0].events.size(), 3u);
  EXPECT_EQ(limited.affected[0].ranges[0].events[1].kind, version::OsvEvent::Kind::Limit);
  EXPECT_EQ(limited.affected[0].name, "@scope/lib");
}

TEST(OsvParse, NormalizesPyPINamesAndKeepsGitRanges) {
  Advisory advisory = osv_fixture("osv/PYSEC-2099-1.json");
  ASSERT_EQ(advisory.affected.size(), 1u);
  EXPECT_EQ(advisory.affected[0].name, "django-rest-framework");
  ASSERT_EQ(advisory.affected[0].ranges.size(), 2u);
  EXPECT_EQ(advisory.affected[0].ranges[1].type, version::OsvRange::Type::Git);
  EXPECT_EQ(advisory.affected[0].versions.size(), 3u);
}

TEST(OsvParse, FlagsWithdrawnMaliciousAndInformational) {
  EXPECT_EQ(osv_fixture("osv/GHSA-demo-0004.json").withdrawn, "2099-04-02T00:00:00Z");
  EXPECT_TRUE(osv_fixture("osv/MAL-2099-1.json").malicious);
  Advisory rustsec_export = osv_fixture("osv/RUSTSEC-2099-0010.json");
  EXPECT_EQ(rustsec_export.informational, Informational::Unsound);
  EXPECT_EQ(rustsec_export.affected[0].name, "unsound_crate");
  EXPECT_EQ(rustsec_export.affected[0].os, std::vector<std::string>{"windows"});
  EXPECT_EQ(rustsec_export.affected[0].functions, std::vector<std::string>{"unsound_crate::f"});
}

TEST(OsvParse, CountsAndDropsUnsupportedEcosystems) {
  std::map<std::string, std::size_t> skipped;
  EXPECT_TRUE(osv_fixture("osv/nested/DEBIAN-CVE-2099-1.json", &skipped).affected.empty());
  Advisory mixed = osv_fixture("osv/nested/GHSA-multi-0001.json", &skipped);
  ASSERT_EQ(mixed.affected.size(), 1u);
  EXPECT_EQ(mixed.affected[0].name, "multi-pkg");
  EXPECT_EQ(skipped["Debian:12"], 1u);
  EXPECT_EQ(skipped["Go"], 1u);
}

TEST(OsvParse, ReportsCorruptAndWrongShapedRecordsWithTheirFile) {
  std::string corrupt = kFixtures + "/osv-bad/corrupt.json";
  try {
    parse_osv(corrupt, slurp(corrupt));
    FAIL() << "expected an Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.path(), corrupt);
    EXPECT_GT(error.line(), 0);
  }
  std::string wrong = kFixtures + "/osv-bad/wrong-shape.json";
  EXPECT_THROW(parse_osv(wrong, slurp(wrong)), Error);
  EXPECT_THROW(parse_osv("x.json", R"({"affected": []})"), Error);  // no id
  EXPECT_THROW(parse_osv("x.json", R"([1, 2])"), Error);
  EXPECT_THROW(parse_osv("x.json", R"({"id": "X", "affected": [{"package": {"ecosystem": "npm", "name": "a"},
      "ranges": [{"type": "SEMVER", "events": [{"bogus": "1"}]}]}]})"),
               Error);
}

TEST(OsvParse, ReadsARealPyPAAdvisory) {
  Advisory advisory = osv_fixture("real/PYSEC-2023-121.json");
  EXPECT_EQ(advisory.id, "PYSEC-2023-121");
  EXPECT_EQ(advisory.aliases, std::vector<std::string>{"CVE-2022-4899"});
  ASSERT_EQ(advisory.affected.size(), 1u);
  EXPECT_EQ(advisory.affected[0].name, "zstd");
  EXPECT_EQ(advisory.affected[0].versions.size(), 39u);  // counted in the file
  EXPECT_EQ(advisory.references.size(), 3u);
}

TEST(RustSecParse, KeepsRequirementListsAndNarrowing) {
  Advisory advisory = rustsec_fixture("rustsec/crates/vulncrate/RUSTSEC-2099-0001.md");
  EXPECT_EQ(advisory.id, "RUSTSEC-2099-0001");
  EXPECT_EQ(advisory.source, Source::RustSec);
  EXPECT_EQ(advisory.published, "2099-01-15");
  EXPECT_EQ(advisory.summary, "Buffer overflow in `Buffer::grow`");
  EXPECT_EQ(advisory.details.substr(0, 22), "Affected versions did ");
  EXPECT_EQ(advisory.aliases, std::vector<std::string>{"GHSA-rust-0001"});
  ASSERT_EQ(advisory.severity.size(), 1u);
  EXPECT_EQ(advisory.severity[0].type, "CVSS_V3");
  ASSERT_EQ(advisory.affected.size(), 1u);
  const Affected& affected = advisory.affected[0];
  EXPECT_TRUE(affected.uses_requirements);
  EXPECT_EQ(affected.patched, (std::vector<std::string>{">= 1.2.3, < 1.3.0", ">= 1.3.4"}));
  EXPECT_EQ(affected.unaffected, std::vector<std::string>{"<= 0.1.2"});
  EXPECT_EQ(affected.functions, std::vector<std::string>{"vulncrate::Buffer::grow"});
  EXPECT_EQ(affected.os, std::vector<std::string>{"linux"});
}

TEST(RustSecParse, InformationalWithdrawnAndTomlDates) {
  EXPECT_EQ(rustsec_fixture("rustsec/crates/oldcrate/RUSTSEC-2099-0002.md").informational, Informational::Unmaintained);
  EXPECT_EQ(rustsec_fixture("rustsec/crates/gonecrate/RUSTSEC-2099-0003.md").withdrawn, "2099-03-05");
  Advisory unsound = rustsec_fixture("rustsec/crates/unsoundcrate/RUSTSEC-2099-0005.md");
  EXPECT_EQ(unsound.informational, Informational::Unsound);
  EXPECT_EQ(unsound.published, "2099-05-01");
  EXPECT_TRUE(unsound.malicious);
  EXPECT_EQ(unsound.related, std::vector<std::string>{"RUSTSEC-2099-0001"});
}

TEST(RustSecParse, ReadsARealAdvisory) {
  Advisory advisory = rustsec_fixture("real/RUSTSEC-2026-0074.md");
  EXPECT_EQ(advisory.affected[0].name, "libcrux-sha3");
  EXPECT_EQ(advisory.affected[0].patched, std::vector<std::string>{">= 0.0.8"});  // trailing space trimmed
  EXPECT_EQ(advisory.affected[0].functions.size(), 2u);
  EXPECT_EQ(advisory.summary, "Incorrect Output of Incremental Portable SHAKE API");
}

TEST(RustSecParse, BadTomlNamesFileAndLineOfTheMarkdown) {
  std::string path = kFixtures + "/rustsec-bad/crates/badcrate/RUSTSEC-2099-0007.md";
  try {
    parse_rustsec(path, slurp(path));
    FAIL() << "expected an Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.path(), path);
    EXPECT_GE(error.line(), 6);  // the unterminated array starts on line 6 of the .md file
    EXPECT_LE(error.line(), 8);
  }
  EXPECT_THROW(parse_rustsec("a.md", "# no front matter\n"), Error);
  EXPECT_THROW(parse_rustsec("a.md", "```toml\n[advisory]\nid = \"RUSTSEC-1\"\n"), Error);
  EXPECT_THROW(parse_rustsec("a.md", "```toml\n[advisory]\nid = \"RUSTSEC-1\"\npackage = \"x\"\n```\n"), Error);
}

TEST(KevParse, ReadsTheCatalogExcerpt) {
  std::string path = kFixtures + "/kev-excerpt.json";
  KevCatalog catalog = parse_kev(path, slurp(path));
  EXPECT_EQ(catalog.catalog_version, "2025.08.25");
  EXPECT_EQ(catalog.date_released, "2025-08-25T17:04:19.9796Z");
  ASSERT_EQ(catalog.entries.size(), 3u);
  EXPECT_EQ(catalog.entries[0].cve_id, "CVE-2025-48384");
  EXPECT_EQ(catalog.entries[0].vendor_project, "Git");
  EXPECT_EQ(catalog.entries[0].due_date, "2025-09-15");
  EXPECT_EQ(catalog.entries[0].catalog_version, "2025.08.25");
  EXPECT_THROW(parse_kev("k.json", R"({"vulnerabilities": []})"), Error);
}

TEST(KnownBadParse, CommentedExamplesAreNotEntries) {
  std::string path = kFixtures + "/known-bad.txt";
  auto entries = parse_known_bad(path, slurp(path));
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].name, "foo");
  EXPECT_EQ(entries[0].version, "1.2.3");
  EXPECT_EQ(entries[0].reference, "TEST-REF-1");
  EXPECT_EQ(entries[0].line, 8);
  EXPECT_EQ(entries[1].name, "@scope/bar");
  EXPECT_EQ(entries[1].version, "2.0.0-beta.1");
  EXPECT_EQ(entries[2].reference, "");
}

TEST(KnownBadParse, SpringtaleListHasNoEntries) {
  std::string path = std::string(TOCSIN_SHARED) + "/fixtures/springtale/.github/known-bad-npm.txt";
  TOCSIN_NEED_SHARED(path);
  EXPECT_TRUE(parse_known_bad(path, slurp(path)).empty());
}

TEST(KnownBadParse, MalformedLinesAreReportedWithTheirLine) {
  std::string path = kFixtures + "/known-bad-malformed.txt";
  EXPECT_THROW(parse_known_bad(path, slurp(path)), Error);
  std::vector<Error> errors;
  auto entries = parse_known_bad(path, slurp(path), Ecosystem::Npm, &errors);
  EXPECT_EQ(entries.size(), 2u);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].line(), 2);
  EXPECT_EQ(errors[1].line(), 3);
}

}  // namespace
}  // namespace tocsin::advisory
