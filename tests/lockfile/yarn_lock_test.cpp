// yarn.lock reader. The fixtures were written by yarn itself (1.22.22, 3.8.7, 4.5.0; see
// tests/fixtures/lockfile/yarn/SOURCES.md); the v1 expectations come from @yarnpkg/lockfile's parse of
// the same file, committed as generated-v1.yarnpkg-lockfile-oracle.json.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <set>

#include "core/error.h"
#include "core/text.h"
#include "lockfile/lockfile.h"

namespace tocsin::lockfile::npm_testing {

// Defined in package_lock_test.cpp.
Lockfile read_fixture(std::string_view type, const std::string& relative);
std::vector<std::uint32_t> find_all(const Lockfile& lock, std::string_view name, std::string_view version);
std::uint32_t find_one(const Lockfile& lock, std::string_view name, std::string_view version);
std::vector<std::string> edges_from(const Lockfile& lock, std::uint32_t from);

namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

Lockfile read_yarn(const std::string& name) { return read_fixture("yarn.lock", "yarn/" + name); }
Lockfile read_inline(std::string_view content) { return reader_for_type("yarn.lock")->read("yarn.lock", content); }

// Every entry @yarnpkg/lockfile found is one package with the same version, resolved and
// integrity, and its dependencies are edges to the entries listing `name@range`.
TEST(YarnLockV1, AgreesWithYarnpkgLockfileOracle) {
  Lockfile lock = read_yarn("generated-v1.yarn.lock");
  EXPECT_EQ(lock.version, "v1");
  simdjson::dom::parser parser;
  simdjson::dom::element oracle =
      parser.load(std::string(TOCSIN_FIXTURES) + "/lockfile/yarn/generated-v1.yarnpkg-lockfile-oracle.json");
  simdjson::dom::array entries = oracle["entries"].get_array();
  ASSERT_EQ(lock.packages.size(), entries.size());

  auto package_for = [&](simdjson::dom::element entry) -> std::uint32_t {
    std::string_view resolved = entry["resolved"].is_string() ? entry["resolved"].get_string().value() : "";
    std::string_view version = entry["version"].get_string().value();
    std::uint32_t match = UINT32_MAX;
    for (std::uint32_t i = 0; i < lock.packages.size(); ++i)
      if (lock.packages[i].version == version && (resolved.empty() || lock.packages[i].source == resolved)) match = i;
    return match;
  };
  auto entry_listing = [&](const std::string& descriptor) -> simdjson::dom::element {
    for (simdjson::dom::element entry : entries)
      for (simdjson::dom::element listed : entry["descriptors"].get_array())
        if (listed.get_string().value() == descriptor) return entry;
    ADD_FAILURE() << "oracle lists no " << descriptor;
    return entries.at(0).value();
  };
  std::set<std::uint32_t> seen;
  for (simdjson::dom::element entry : entries) {
    std::uint32_t index = package_for(entry);
    ASSERT_NE(index, UINT32_MAX) << simdjson::to_string(entry);
    seen.insert(index);
    const Package& package = lock.packages[index];
    if (entry["integrity"].is_string()) {
      EXPECT_EQ(package.integrity, entry["integrity"].get_string().value());
    }
    std::multiset<std::uint32_t> expected;
    for (std::string_view section : {"dependencies", "optionalDependencies"}) {
      simdjson::dom::object deps;
      if (entry[section].get_object().get(deps) != simdjson::SUCCESS) continue;
      for (auto field : deps)
        expected.insert(
            package_for(entry_listing(std::string(field.key) + "@" + std::string(field.value.get_string().value()))));
    }
    std::multiset<std::uint32_t> actual;
    for (const Edge& edge : lock.edges)
      if (edge.from == index) actual.insert(edge.to);
    EXPECT_EQ(actual, expected) << package.name << "@" << package.version;
  }
  EXPECT_EQ(seen.size(), lock.packages.size());
}

TEST(YarnLockV1, NamesLinesAliasesAndLocalEntries) {
  Lockfile lock = read_yarn("generated-v1.yarn.lock");
  EXPECT_TRUE(std::none_of(lock.packages.begin(), lock.packages.end(), [](const Package& p) { return p.is_root; }));
  EXPECT_EQ(lock.packages[find_one(lock, "debug", "2.6.9")].line, 60);
  EXPECT_EQ(lock.packages[find_one(lock, "wrappy", "1.0.2")].line, 147);
  EXPECT_EQ(find_all(lock, "ms", "").size(), 2u);  // 2.0.0 for debug, 2.1.3 for the project
  EXPECT_THAT(edges_from(lock, find_one(lock, "debug", "2.6.9")), ElementsAre("ms@2.0.0:normal"));
  const Package& alias = lock.packages[find_one(lock, "string-width", "4.2.3")];
  EXPECT_EQ(alias.alias, "string-width-cjs");
  const Package& scoped = lock.packages[find_one(lock, "@babel/code-frame", "7.0.0")];
  EXPECT_EQ(scoped.line, 5);
  std::uint32_t local = find_one(lock, "local-thing", "0.0.1");
  EXPECT_TRUE(lock.packages[local].is_local);
  EXPECT_EQ(lock.packages[local].source, "file:./local-thing");
  EXPECT_EQ(lock.packages[local].line, 97);
  EXPECT_THAT(edges_from(lock, local), ElementsAre("wrappy@1.0.2:normal"));
}

TEST(YarnLockV1, HandWrittenQuirks) {
  Lockfile lock = read_inline(
      "# yarn lockfile v1\r\n"
      "\r\n"
      "\"a@^1.0.0\", a@^1.1.0:\r\n"
      "  version \"1.2.0\"\r\n"
      "  optionalDependencies:\r\n"
      "    \"@s/b\" \"~2\"\r\n"
      "\"@s/b@~2\":\r\n"
      "  # comments are allowed inside entries\r\n"
      "  version: \"2.0.1\"\r\n"
      "  resolved \"https://example.test/b.tgz#abc\"\r\n");
  ASSERT_EQ(lock.packages.size(), 2u);
  EXPECT_EQ(lock.packages[0].line, 3);
  EXPECT_THAT(edges_from(lock, 0), ElementsAre("@s/b@2.0.1:optional"));
  EXPECT_EQ(lock.packages[1].source, "https://example.test/b.tgz#abc");
}

void expect_berry_tree(const Lockfile& lock) {
  ASSERT_EQ(lock.packages.size(), 20u);
  std::uint32_t root = find_one(lock, "tocsin-berry-fixture", "0.0.0-use.local");
  EXPECT_TRUE(lock.packages[root].is_root && lock.packages[root].is_local);
  EXPECT_EQ(lock.packages[root].source, "workspace:.");
  EXPECT_EQ(lock.packages[root].line, 163);
  EXPECT_THAT(edges_from(lock, root),
              UnorderedElementsAre("@fixture/util@0.0.0-use.local:normal", "debug@2.6.9:normal",
                                   "is-number@7.0.0:optional", "ms@2.1.3:normal", "once@1.4.0:normal",
                                   "resolve@1.22.8:normal", "string-width@4.2.3:normal"));
  // The project's resolve edge goes to the builtin-patched entry yarn installs.
  for (const Edge& edge : lock.edges) {
    if (edge.from == root && lock.packages[edge.to].name == "resolve") {
      EXPECT_EQ(lock.packages[edge.to].line, 123);
      EXPECT_TRUE(starts_with(lock.packages[edge.to].source, "patch:resolve@npm%3A1.22.8#"));
    }
  }
  std::uint32_t util = find_one(lock, "@fixture/util", "");
  EXPECT_TRUE(lock.packages[util].is_root);
  EXPECT_EQ(lock.packages[util].source, "workspace:packages/util");
  EXPECT_EQ(lock.packages[util].line, 8);
  EXPECT_THAT(edges_from(lock, util), ElementsAre("ms@2.0.0:normal", "is-number@7.0.0:peer"));
  const Package& alias = lock.packages[find_one(lock, "string-width", "4.2.3")];
  EXPECT_EQ(alias.alias, "string-width-cjs");
  EXPECT_EQ(alias.source, "");                                // npm: the default registry
  EXPECT_EQ(find_all(lock, "resolve", "1.22.8").size(), 2u);  // plain and patched entries
}

TEST(YarnLockBerry, Version6Tree) {
  Lockfile lock = read_yarn("generated-berry-v6.yarn.lock");
  EXPECT_EQ(lock.version, "berry 6");
  expect_berry_tree(lock);
  EXPECT_EQ(
      lock.packages[find_one(lock, "ms", "2.1.3")].integrity,
      "aa92de608021b242401676e35cfa5aa42dd70cbdc082b916da7fb925c542173e36bce97ea3e804923fe92c0ad991434e4a38327e15a1"
      "b5b5f945d66df615ae6d");
}

TEST(YarnLockBerry, Version8Tree) {
  Lockfile lock = read_yarn("generated-berry-v8.yarn.lock");
  EXPECT_EQ(lock.version, "berry 8");
  expect_berry_tree(lock);
  EXPECT_TRUE(starts_with(lock.packages[find_one(lock, "ms", "2.1.3")].integrity, "10c0/d924b57e"));
}

TEST(YarnLockBerry, PortalsAndLinksAreLocal) {
  Lockfile lock = read_inline(
      "__metadata:\n  version: 8\n\n"
      "\"x@portal:../x::locator=app%40workspace%3A.\":\n  version: 0.0.0-use.local\n"
      "  resolution: \"x@portal:../x::locator=app%40workspace%3A.\"\n  linkType: soft\n");
  ASSERT_EQ(lock.packages.size(), 1u);
  EXPECT_TRUE(lock.packages[0].is_local);
  EXPECT_FALSE(lock.packages[0].is_root);
}

TEST(YarnLockErrors, ConflictMarkersAndMalformedLines) {
  try {
    read_inline("a@^1:\n  version \"1.0.0\"\n<<<<<<< HEAD\n=======\n>>>>>>> x\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 3);
    EXPECT_THAT(e.message(), ::testing::HasSubstr("merge conflict"));
  }
  try {
    read_inline("a@^1:\n  version \"1.0.0\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.column(), 11);
  }
  EXPECT_THROW(read_inline("a@^1\n  version 1\n"), Error);            // header without ':'
  EXPECT_THROW(read_inline("  version 1\n"), Error);                  // field outside an entry
  EXPECT_THROW(read_inline("a@^1:\n\tversion 1\n"), Error);           // tab indentation
  EXPECT_THROW(read_inline("a@^1:\n  dependencies \"x\"\n"), Error);  // block expected
}

}  // namespace
}  // namespace tocsin::lockfile::npm_testing
