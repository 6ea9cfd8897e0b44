// package-lock.json reader. Expected trees come from npm itself: the v3 fixture was written by
// `npm install --package-lock-only` and its edges checked against `npm ls --all` (see
// tests/fixtures/lockfile/npm/SOURCES.md); the v1/v2 fixtures are @npmcli/arborist's own.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/text.h"
#include "lockfile/lockfile.h"

namespace tocsin::lockfile::npm_testing {

// Shared with yarn_lock_test.cpp (declared there): the npm-family tests query trees alike.
Lockfile read_fixture(std::string_view type, const std::string& relative) {
  std::string path = std::string(TOCSIN_FIXTURES) + "/lockfile/" + relative;
  return reader_for_type(type)->read(path, read_file(path));
}

std::vector<std::uint32_t> find_all(const Lockfile& lock, std::string_view name, std::string_view version) {
  std::vector<std::uint32_t> found;
  for (std::uint32_t i = 0; i < lock.packages.size(); ++i)
    if (lock.packages[i].name == name && (version.empty() || lock.packages[i].version == version)) found.push_back(i);
  return found;
}

std::uint32_t find_one(const Lockfile& lock, std::string_view name, std::string_view version) {
  auto found = find_all(lock, name, version);
  EXPECT_EQ(found.size(), 1u) << name << "@" << version;
  return found.empty() ? 0 : found.front();
}

// "name@version:kind" of each edge out of `from`, in lockfile order.
std::vector<std::string> edges_from(const Lockfile& lock, std::uint32_t from) {
  std::vector<std::string> out;
  for (const Edge& edge : lock.edges)
    if (edge.from == from) {
      const Package& to = lock.packages[edge.to];
      out.push_back(to.name + "@" + to.version + ":" + std::string(dep_kind_name(edge.kind)));
    }
  return out;
}

namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

Lockfile read_npm(const std::string& name) { return read_fixture("package-lock.json", "npm/" + name); }
Lockfile read_inline(std::string_view content) { return reader_for_type("package-lock.json")->read("p.json", content); }

TEST(PackageLockV3, NpmGeneratedWorkspaceTreeMatchesNpmLs) {
  Lockfile lock = read_npm("generated-workspace-v3.package-lock.json");
  EXPECT_EQ(lock.format, "package-lock.json");
  EXPECT_EQ(lock.version, "3");
  EXPECT_EQ(lock.ecosystem, Ecosystem::Npm);
  // 15 entries in "packages", minus the link entry.
  ASSERT_EQ(lock.packages.size(), 14u);

  std::uint32_t root = find_one(lock, "tocsin-v3-fixture", "1.0.0");
  EXPECT_TRUE(lock.packages[root].is_root);
  EXPECT_EQ(lock.packages[root].line, 7);
  // npm ls: @fixture/util (workspace), debug, is-number, ms@2.1.3, once, string-width-cjs.
  EXPECT_THAT(edges_from(lock, root),
              ElementsAre("debug@2.6.9:normal", "ms@2.1.3:normal", "string-width@4.2.3:normal",
                          "is-number@7.0.0:optional", "once@1.4.0:dev", "@fixture/util@0.2.0:normal"));

  std::uint32_t util = find_one(lock, "@fixture/util", "0.2.0");
  EXPECT_TRUE(lock.packages[util].is_root);
  EXPECT_TRUE(lock.packages[util].is_local);
  EXPECT_EQ(lock.packages[util].source, "file:packages/util");
  EXPECT_EQ(lock.packages[util].line, 116);
  // The workspace's own nested ms@2.0.0 wins over the hoisted ms@2.1.3; its peer is hoisted.
  EXPECT_THAT(edges_from(lock, util), ElementsAre("ms@2.0.0:normal", "is-number@7.0.0:peer"));
  EXPECT_EQ(lock.packages[lock.edges[0].to].name, "debug");

  // ms is installed three times: hoisted 2.1.3, and 2.0.0 under debug and under the workspace.
  EXPECT_EQ(find_all(lock, "ms", "").size(), 3u);
  EXPECT_EQ(find_all(lock, "ms", "2.0.0").size(), 2u);
  std::uint32_t debug = find_one(lock, "debug", "2.6.9");
  ASSERT_THAT(edges_from(lock, debug), ElementsAre("ms@2.0.0:normal"));
  for (const Edge& edge : lock.edges) {
    if (edge.from == debug) {
      EXPECT_EQ(lock.packages[edge.to].line, 45);  // debug/node_modules/ms
    }
  }

  std::uint32_t alias = find_one(lock, "string-width", "4.2.3");
  EXPECT_EQ(lock.packages[alias].alias, "string-width-cjs");
  EXPECT_THAT(edges_from(lock, alias), ElementsAre("emoji-regex@8.0.0:normal", "is-fullwidth-code-point@3.0.0:normal",
                                                   "strip-ansi@6.0.1:normal"));
  std::uint32_t once = find_one(lock, "once", "1.4.0");
  EXPECT_EQ(lock.packages[once].flags, kFlagDev);
  EXPECT_EQ(lock.packages[once].integrity,
            "sha512-lNaJgI+2Q5URQBkccEKHTQOPaXdUxnZZElQTZY0MFUAuaEqe1E+Nyvgdz/aIyNi6Z9MzO5dv1H8n58/GELp3+w==");
  EXPECT_THAT(edges_from(lock, once), ElementsAre("wrappy@1.0.2:normal"));
}

TEST(PackageLockV3, FlagsScopesNestedLookupAndSources) {
  Lockfile lock = read_npm("handwritten-flags-v3.package-lock.json");
  std::uint32_t root = find_one(lock, "flags", "2.0.0");
  // not-installed is an optional dependency npm did not install: no edge, no error.
  EXPECT_THAT(edges_from(lock, root),
              UnorderedElementsAre("@scope/a@1.2.0:normal", "from-git@1.0.0:normal", "native@1.0.1:optional",
                                   "host@5.1.0:peer", "tester@3.0.0:dev"));
  std::uint32_t scoped = find_one(lock, "@scope/a", "1.2.0");
  EXPECT_EQ(lock.packages[scoped].source, "https://registry.npmjs.org/@scope/a/-/a-1.2.0.tgz");
  EXPECT_EQ(lock.packages[scoped].integrity, "sha512-AAAA");
  EXPECT_THAT(edges_from(lock, scoped), ElementsAre("b@2.1.0:normal", "shared@1.5.0:normal"));
  // b sits in @scope/a/node_modules: its sibling c@1.0.0 shadows the hoisted c@9.0.0.
  std::uint32_t b = find_one(lock, "b", "2.1.0");
  EXPECT_THAT(edges_from(lock, b), ElementsAre("c@1.0.0:normal", "shared@1.5.0:normal"));

  EXPECT_EQ(lock.packages[find_one(lock, "host", "5.1.0")].flags, kFlagPeer);
  EXPECT_EQ(lock.packages[find_one(lock, "native", "1.0.1")].flags, kFlagOptional);
  EXPECT_EQ(lock.packages[find_one(lock, "shared", "1.5.0")].flags, kFlagDevOptional);
  EXPECT_THAT(edges_from(lock, find_one(lock, "native", "1.0.1")), ElementsAre("host@5.1.0:peer"));

  const Package& git = lock.packages[find_one(lock, "from-git", "1.0.0")];
  EXPECT_EQ(git.source, "git+ssh://git@github.com/example/from-git.git#0123456789abcdef0123456789abcdef01234567");
  EXPECT_FALSE(git.is_local);
  const Package& tarball = lock.packages[find_one(lock, "tarball", "0.1.0")];
  EXPECT_TRUE(tarball.is_local);
  EXPECT_EQ(tarball.flags, kFlagDev);
  EXPECT_EQ(tarball.line, 66);
}

TEST(PackageLockV2, ArboristWorkspacesWithThreeAbbrevs) {
  Lockfile lock = read_npm("arborist-workspaces-v2.package-lock.json");
  EXPECT_EQ(lock.version, "2");
  // Only "packages" is read: root, abbrev x3, two workspaces (links folded into them).
  ASSERT_EQ(lock.packages.size(), 6u);
  std::uint32_t root = find_one(lock, "workspaces-conflicting-deps", "1.0.0");
  EXPECT_THAT(edges_from(lock, root), UnorderedElementsAre("abbrev@1.1.1:normal", "a@1.0.0:normal", "b@1.0.0:normal"));
  std::uint32_t a = find_one(lock, "a", "1.0.0");
  std::uint32_t b = find_one(lock, "b", "1.0.0");
  EXPECT_TRUE(lock.packages[a].is_root && lock.packages[a].is_local);
  EXPECT_EQ(lock.packages[a].line, 33);
  EXPECT_THAT(edges_from(lock, a), ElementsAre("abbrev@1.0.4:normal"));
  EXPECT_THAT(edges_from(lock, b), ElementsAre("abbrev@1.1.0:normal"));
}

TEST(PackageLockV2, LinksToFoldersOutsideTheProject) {
  Lockfile lock = read_npm("arborist-external-link-v2.package-lock.json");
  std::uint32_t root = find_one(lock, "external-link-dep", "");
  EXPECT_TRUE(lock.packages[root].is_root);
  // aaaaaa and zzzzzz are links to node_modules/abbrev; monorepo links to ../cli-750.
  std::uint32_t monorepo = find_one(lock, "monorepo", "");
  EXPECT_TRUE(lock.packages[monorepo].is_local);
  EXPECT_FALSE(lock.packages[monorepo].is_root);
  std::vector<std::string> edges = edges_from(lock, root);
  EXPECT_THAT(edges, UnorderedElementsAre("abbrev@:normal", "abbrev@:normal", "abbrev@:normal", "monorepo@:normal"));
}

TEST(PackageLockV1, ArboristDevDepsTree) {
  Lockfile lock = read_npm("arborist-dev-deps-v1.package-lock.json");
  EXPECT_EQ(lock.version, "1");
  ASSERT_EQ(lock.packages.size(), 6u);
  std::uint32_t root = find_one(lock, "dev-deps", "1.0.0");
  EXPECT_TRUE(lock.packages[root].is_root);
  EXPECT_EQ(lock.packages[root].line, 2);
  EXPECT_TRUE(edges_from(lock, root).empty());  // v1 keeps the project's edges in package.json
  std::uint32_t inflight = find_one(lock, "inflight", "1.0.6");
  EXPECT_EQ(lock.packages[inflight].flags, kFlagOptional);
  EXPECT_EQ(lock.packages[inflight].line, 13);
  EXPECT_EQ(lock.packages[inflight].integrity, "sha1-Sb1jMdfQLQwJvJEKEHW6gWW1bfk=");
  EXPECT_THAT(edges_from(lock, inflight), ElementsAre("once@1.4.0:normal", "wrappy@1.0.2:normal"));
  EXPECT_EQ(lock.packages[find_one(lock, "tcompare", "4.0.1")].flags, kFlagDev);
  EXPECT_THAT(edges_from(lock, find_one(lock, "tcompare", "4.0.1")), ElementsAre("diff-frag@1.0.1:normal"));
}

TEST(PackageLockV1, NestedScopesAliasesAndLocalSpecs) {
  Lockfile lock = read_inline(R"({
  "name": "nest", "version": "1.0.0", "lockfileVersion": 1,
  "dependencies": {
    "a": {
      "version": "1.0.0",
      "requires": {"b": "^2.0.0", "c": "^1.0.0"},
      "dependencies": {
        "b": {"version": "2.0.0", "requires": {"c": "^1.0.0"}},
        "c": {"version": "1.1.0"}
      }
    },
    "b": {"version": "1.0.0"},
    "c": {"version": "3.0.0"},
    "my-lodash": {"version": "npm:lodash@4.17.21"},
    "local": {"version": "file:../local", "requires": {"c": "*"}}
  }
})");
  ASSERT_EQ(lock.packages.size(), 8u);
  EXPECT_THAT(edges_from(lock, find_one(lock, "a", "1.0.0")), ElementsAre("b@2.0.0:normal", "c@1.1.0:normal"));
  EXPECT_THAT(edges_from(lock, find_one(lock, "b", "2.0.0")), ElementsAre("c@1.1.0:normal"));
  const Package& lodash = lock.packages[find_one(lock, "lodash", "4.17.21")];
  EXPECT_EQ(lodash.alias, "my-lodash");
  EXPECT_EQ(lodash.line, 14);
  std::uint32_t local = find_one(lock, "local", "");
  EXPECT_TRUE(lock.packages[local].is_local);
  EXPECT_EQ(lock.packages[local].source, "file:../local");
  EXPECT_THAT(edges_from(lock, local), ElementsAre("c@3.0.0:normal"));
}

TEST(PackageLockErrors, ConflictMarkerIsReportedWithItsLine) {
  try {
    read_inline("{\n  \"lockfileVersion\": 3,\n<<<<<<< HEAD\n  \"packages\": {}\n=======\n>>>>>>> branch\n}\n");
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.column(), 1);
    EXPECT_THAT(e.message(), ::testing::HasSubstr("merge conflict"));
  }
}

TEST(PackageLockErrors, MalformedJsonHasLineAndColumn) {
  try {
    read_inline("{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {]\n  }\n}\n");
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 4);
    EXPECT_EQ(e.column(), 10);
    EXPECT_THAT(e.message(), ::testing::HasSubstr("invalid JSON"));
  }
}

TEST(PackageLockErrors, WrongShapesAreErrorsWithLines) {
  EXPECT_THROW(read_inline("[]"), Error);
  EXPECT_THROW(read_inline("{\"packages\": {}}"), Error);  // no lockfileVersion
  EXPECT_THROW(read_inline("{\"lockfileVersion\": 3}"), Error);
  try {
    read_inline("{\n\"lockfileVersion\": 2,\n\"packages\": {\n  \"node_modules/x\": 7\n}}");
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 4);
    EXPECT_EQ(e.column(), 3);
  }
}

TEST(PackageLockReader, MatchesShrinkwrapToo) {
  EXPECT_NE(reader_for_filename("npm-shrinkwrap.json"), nullptr);
  EXPECT_EQ(reader_for_filename("npm-shrinkwrap.json"), reader_for_filename("package-lock.json"));
}

}  // namespace
}  // namespace tocsin::lockfile::npm_testing
