// Known-bad lists match the exact name and version, in every lockfile format: `foo@1.2.3` hits
// pnpm 5.x (`/foo/1.2.3`), 6.x (`/foo@1.2.3`), 9.x (`foo@1.2.3`), yarn v1 and Berry, and
// package-lock entries, and never `foo@1.2.30`, `xfoo@1.2.3`, `@x/foo@1.2.3` or a peer suffix
// `host@1.0.0(foo@1.2.3)` — the substring matches Springtale's `grep -F` glue made.
#include <gtest/gtest.h>

#include <set>

#include "advisory/parsers.h"
#include "inventory/inventory.h"
#include "scan/scan_test_util.h"
#include "scan/scanner.h"

namespace tocsin::scan {
namespace {

namespace fx = tocsin::scan::testing;

const std::string kList = fx::kAdvisories + "/known-bad.txt";

struct FormatCase {
  std::string dir;       // under tests/fixtures/scan/exact/
  std::string lockfile;  // file name
  std::string format_version;
  std::string foo_key;  // the line declaring foo@1.2.3
  std::string bar_key;  // the line declaring @y/bar@3.0.0
};

std::ostream& operator<<(std::ostream& out, const FormatCase& c) { return out << c.dir; }

const FormatCase kCases[] = {
    {"pnpm5", "pnpm-lock.yaml", "5.4", "  /foo/1.2.3:", "  /@y/bar/3.0.0:"},
    {"pnpm6", "pnpm-lock.yaml", "6.0", "  /foo@1.2.3:", "  /@y/bar@3.0.0:"},
    {"pnpm9", "pnpm-lock.yaml", "9.0", "  foo@1.2.3:", "  '@y/bar@3.0.0':"},
    {"yarn1", "yarn.lock", "v1", "foo@^1.2.0, foo@~1.2.3:", "\"@y/bar@^3.0.0\":"},
    {"berry", "yarn.lock", "berry 8", "\"foo@npm:^1.2.0, foo@npm:~1.2.3\":", "\"@y/bar@npm:^3.0.0\":"},
    {"npm", "package-lock.json", "3", "    \"node_modules/foo\": {", "    \"node_modules/@y/bar\": {"},
};

std::vector<Finding> known_bad_findings(const std::vector<Finding>& findings) {
  std::vector<Finding> out;
  for (const Finding& finding : findings)
    if (finding.known_bad) out.push_back(finding);
  return out;
}

class KnownBadExactness : public ::testing::TestWithParam<FormatCase> {
 protected:
  std::string dir() const { return fx::kScanFixtures + "/exact/" + GetParam().dir; }
  std::string lock_path() const { return dir() + "/" + GetParam().lockfile; }

  void expect_exact_hits(const std::vector<Finding>& findings) const {
    std::vector<Finding> hits = known_bad_findings(findings);
    std::set<std::string> hit_names;
    for (const Finding& hit : hits) hit_names.insert(hit.name + "@" + hit.version);
    EXPECT_EQ(hit_names, (std::set<std::string>{"foo@1.2.3", "@y/bar@3.0.0"}));
    ASSERT_EQ(hits.size(), 2u);
    for (const Finding& hit : hits) {
      bool is_foo = hit.name == "foo";
      EXPECT_EQ(hit.lockfile, GetParam().lockfile);
      EXPECT_EQ(hit.line, fx::line_of(lock_path(), is_foo ? GetParam().foo_key : GetParam().bar_key)) << hit.name;
      EXPECT_GT(hit.line, 0);
      EXPECT_TRUE(hit.malicious);
      EXPECT_EQ(hit.sources, std::vector<std::string>{"known-bad"});
      // The reference and the list line come from the list itself.
      std::string entry = is_foo ? "foo@1.2.3                   # TEST-FOO-1 compromised maintainer token"
                                 : "@y/bar@3.0.0                # TEST-BAR-2 scoped package";
      EXPECT_EQ(hit.known_bad->line, fx::line_of(kList, entry));
      EXPECT_NE(hit.known_bad->reference.find(is_foo ? "TEST-FOO-1" : "TEST-BAR-2"), std::string::npos);
    }
    // Nothing else is a finding: the decoys have no advisory either.
    EXPECT_EQ(findings.size(), hits.size());
  }
};

TEST_P(KnownBadExactness, FixtureHoldsEveryDecoy) {
  inventory::Inventory inventory = inventory::build_inventory(dir());
  ASSERT_EQ(inventory.lockfiles.size(), 1u);
  EXPECT_EQ(inventory.lockfiles[0].version, GetParam().format_version);
  for (const auto& [name, version] : std::vector<std::pair<std::string, std::string>>{{"foo", "1.2.3"},
                                                                                      {"foo", "1.2.30"},
                                                                                      {"xfoo", "1.2.3"},
                                                                                      {"@x/foo", "1.2.3"},
                                                                                      {"@y/bar", "3.0.0"},
                                                                                      {"bar", "3.0.0"},
                                                                                      {"host", "1.0.0"}})
    EXPECT_EQ(inventory::find_packages(inventory, name, version).size(), 1u) << name << "@" << version;
}

TEST_P(KnownBadExactness, ThroughTheDatabase) {
  inventory::Inventory inventory = inventory::build_inventory(dir());
  advisory::Database database = advisory::Database::open(fx::fixture_database_dir());
  expect_exact_hits(find_vulnerabilities(inventory, &database, ScanOptions{}));
}

TEST_P(KnownBadExactness, ThroughAListReadAtScanTime) {
  inventory::Inventory inventory = inventory::build_inventory(dir());
  ScanOptions options;
  options.known_bad = advisory::parse_known_bad(kList, fx::slurp(kList));
  expect_exact_hits(find_vulnerabilities(inventory, nullptr, options));
}

INSTANTIATE_TEST_SUITE_P(EveryLockfileFormat, KnownBadExactness, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return info.param.dir; });

TEST(KnownBadNpmAlias, TheRegistryNameCountsNotTheInstallName) {
  // node_modules/foo-alias is foo@1.2.3 ("npm:foo@1.2.3"); node_modules/foo is xfoo@1.2.3.
  std::string dir = fx::kScanFixtures + "/exact/npm-alias";
  inventory::Inventory inventory = inventory::build_inventory(dir);
  ScanOptions options;
  options.known_bad = advisory::parse_known_bad(kList, fx::slurp(kList));
  std::vector<Finding> findings = find_vulnerabilities(inventory, nullptr, options);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].name, "foo");
  EXPECT_EQ(findings[0].version, "1.2.3");
  EXPECT_EQ(findings[0].line, fx::line_of(dir + "/package-lock.json", "    \"node_modules/foo-alias\": {"));
}

TEST(KnownBadList, CommentedOutExamplesAreNotEntries) {
  // The list comments out `xfoo@1.2.3`; the exact fixtures install it.
  auto entries = advisory::parse_known_bad(kList, fx::slurp(kList));
  ASSERT_EQ(entries.size(), 2u);
  inventory::Inventory inventory = inventory::build_inventory(fx::kScanFixtures + "/exact/npm");
  ScanOptions options;
  options.known_bad = entries;
  for (const Finding& finding : find_vulnerabilities(inventory, nullptr, options)) EXPECT_NE(finding.name, "xfoo");
}

}  // namespace
}  // namespace tocsin::scan

namespace tocsin::scan {
namespace {

// A hand-built inventory: one crates.io lockfile with `serde`, one npm lockfile with `left-pad`.
inventory::Inventory mixed_inventory() {
  inventory::Inventory inventory;
  lockfile::Lockfile cargo;
  cargo.path = "Cargo.lock";
  cargo.packages.push_back(lockfile::Package{Ecosystem::CratesIo, "serde", "1.0.188"});
  lockfile::Lockfile npm;
  npm.path = "package-lock.json";
  npm.packages.push_back(lockfile::Package{Ecosystem::Npm, "left-pad", "1.3.0"});
  inventory.lockfiles = {cargo, npm};
  return inventory;
}

TEST(KnownBadScope, AnEntryForAnotherEcosystemIsNamedNotSilentlyIgnored) {
  const auto entries =
      advisory::parse_known_bad("bad.txt", "serde@1.0.188  # a crate\nleft-pad@1.3.0\nnowhere@1.0.0\n");
  const std::vector<std::string> warnings = known_bad_out_of_scope(mixed_inventory(), entries);
  ASSERT_EQ(warnings.size(), 1u);  // left-pad is an npm package; nowhere is simply not installed
  EXPECT_NE(warnings[0].find("bad.txt:1: known-bad entry 'serde@1.0.188' is read as npm"), std::string::npos)
      << warnings[0];
  EXPECT_NE(warnings[0].find("'serde' is a crates.io package here"), std::string::npos) << warnings[0];
}

}  // namespace
}  // namespace tocsin::scan
