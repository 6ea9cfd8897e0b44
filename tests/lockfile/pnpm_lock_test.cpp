// pnpm-lock.yaml reader. Real lockfiles written by pnpm (tests/fixtures/lockfile/pnpm, see
// SOURCES.md) for 5.3, 5.4, 6.0, 6.1 and 9.0; expected lines are looked up in the file text.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/text.h"
#include "lockfile/lockfile.h"
#include "support/shared.h"

namespace tocsin::lockfile {
namespace {

const Reader& pnpm_reader() {
  const Reader* reader = reader_for_filename("pnpm-lock.yaml");
  EXPECT_NE(reader, nullptr);
  return *reader;
}

std::string fixture_path(const std::string& name) { return TOCSIN_FIXTURES "/lockfile/pnpm/" + name; }

Lockfile read_fixture(const std::string& name) {
  std::string path = fixture_path(name);
  return pnpm_reader().read(path, read_file(path));
}

Lockfile read_text(const std::string& text) { return pnpm_reader().read("pnpm-lock.yaml", text); }

// 1-based line of the first line of `text` equal to `line_text` (the independent oracle for lines).
int line_of(const std::string& text, std::string_view line_text) {
  int number = 0;
  for (std::string_view line : split(text, '\n')) {
    ++number;
    if (line == line_text) return number;
  }
  return 0;
}

std::optional<std::uint32_t> find(const Lockfile& lock, std::string_view name, std::string_view version) {
  for (std::size_t i = 0; i < lock.packages.size(); ++i)
    if (lock.packages[i].name == name && lock.packages[i].version == version) return static_cast<std::uint32_t>(i);
  return std::nullopt;
}

std::uint32_t must_find(const Lockfile& lock, std::string_view name, std::string_view version = "") {
  auto index = find(lock, name, version);
  EXPECT_TRUE(index) << name << "@" << version;
  return index.value_or(0);
}

int count_edges(const Lockfile& lock, std::uint32_t from, std::uint32_t to) {
  int count = 0;
  for (const Edge& edge : lock.edges)
    if (edge.from == from && edge.to == to) ++count;
  return count;
}

std::optional<DepKind> edge_kind(const Lockfile& lock, std::uint32_t from, std::uint32_t to) {
  for (const Edge& edge : lock.edges)
    if (edge.from == from && edge.to == to) return edge.kind;
  return std::nullopt;
}

Error read_error(const std::string& text) {
  try {
    read_text(text);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected an Error for:\n" << text;
  return Error("no error");
}

TEST(PnpmLock, Version53SingleProjectGroupsAndFlags) {
  Lockfile lock = read_fixture("v5.3-groups.yaml");
  std::string text = read_file(fixture_path("v5.3-groups.yaml"));
  EXPECT_EQ(lock.version, "5.3");
  EXPECT_EQ(lock.format, "pnpm-lock.yaml");
  ASSERT_EQ(lock.packages.size(), 14u);  // 13 keys under packages + the project
  std::uint32_t root = must_find(lock, ".");
  EXPECT_TRUE(lock.packages[root].is_root);
  EXPECT_EQ(edge_kind(lock, root, must_find(lock, "minimatch", "3.0.4")), DepKind::Normal);
  EXPECT_EQ(edge_kind(lock, root, must_find(lock, "rimraf", "2.5.1")), DepKind::Normal);
  EXPECT_EQ(edge_kind(lock, root, must_find(lock, "is-negative", "1.0.0")), DepKind::Optional);
  EXPECT_EQ(edge_kind(lock, root, must_find(lock, "is-positive", "1.0.0")), DepKind::Dev);
  EXPECT_EQ(lock.packages[must_find(lock, "is-positive", "1.0.0")].flags, kFlagDev);
  EXPECT_EQ(lock.packages[must_find(lock, "is-negative", "1.0.0")].flags, kFlagOptional);
  EXPECT_EQ(lock.packages[must_find(lock, "wrappy", "1.0.2")].flags, 0);
  const Package& balanced = lock.packages[must_find(lock, "balanced-match", "1.0.0")];
  EXPECT_EQ(balanced.line, line_of(text, "  /balanced-match/1.0.0:"));
  EXPECT_EQ(balanced.integrity, "sha1-ibTRmasr7kneFk6gK4nORi1xt2c=");
  EXPECT_TRUE(balanced.source.empty());
  EXPECT_FALSE(balanced.is_local);
  EXPECT_EQ(edge_kind(lock, must_find(lock, "glob", "6.0.4"), must_find(lock, "inflight", "1.0.6")), DepKind::Normal);
  // glob, inflight, brace-expansion, minimatch, once, rimraf: 5+2+2+1+1+1 package edges, 4 root edges.
  EXPECT_EQ(lock.edges.size(), 16u);
}

TEST(PnpmLock, PeerSuffixesAcrossVersions) {
  for (const char* name : {"v5.4-peer.yaml", "v6.0-peer.yaml", "v9.0-peer.yaml"}) {
    SCOPED_TRACE(name);
    Lockfile lock = read_fixture(name);
    ASSERT_EQ(lock.packages.size(), 8u);
    std::uint32_t root = must_find(lock, ".");
    std::uint32_t keywords = must_find(lock, "ajv-keywords", "3.4.1");
    std::uint32_t ajv = must_find(lock, "ajv", "6.10.2");
    EXPECT_EQ(edge_kind(lock, root, keywords), DepKind::Normal);
    EXPECT_EQ(edge_kind(lock, keywords, ajv), DepKind::Peer);
    EXPECT_EQ(edge_kind(lock, ajv, must_find(lock, "uri-js", "4.2.2")), DepKind::Normal);
    EXPECT_EQ(lock.packages[keywords].integrity,
              "sha512-RO1ibKvd27e6FEShVFfPALuHI3WjSVNeK5FIsmme/LYRNxjKuNj+Dt7bucLa6NdSv3JcVTyMlm9kGR84z1XpaQ==");
  }
  Lockfile v6 = read_fixture("v6.0-peer.yaml");
  EXPECT_EQ(v6.packages[must_find(v6, "ajv-keywords", "3.4.1")].line,
            line_of(read_file(fixture_path("v6.0-peer.yaml")), "  /ajv-keywords@3.4.1(ajv@6.10.2):"));
}

TEST(PnpmLock, NpmAliasesAcrossVersions) {
  for (const char* name : {"v5.4-alias.yaml", "v6.0-alias.yaml", "v9.0-alias.yaml"}) {
    SCOPED_TRACE(name);
    Lockfile lock = read_fixture(name);
    ASSERT_EQ(lock.packages.size(), 2u);
    std::uint32_t positive = must_find(lock, "is-positive", "1.0.0");
    EXPECT_EQ(lock.packages[positive].alias, "positive");
    EXPECT_EQ(edge_kind(lock, must_find(lock, "."), positive), DepKind::Normal);
  }
}

TEST(PnpmLock, LinkToDirectoryOutsideImporters) {
  for (const char* name : {"v5.4-file-dep.yaml", "v9.0-file-dep.yaml"}) {
    SCOPED_TRACE(name);
    Lockfile lock = read_fixture(name);
    ASSERT_EQ(lock.packages.size(), 3u);
    std::uint32_t general = must_find(lock, "general", "");
    EXPECT_EQ(lock.packages[general].source, "link:../general");
    EXPECT_TRUE(lock.packages[general].is_local);
    EXPECT_FALSE(lock.packages[general].is_root);
    EXPECT_EQ(edge_kind(lock, must_find(lock, "."), general), DepKind::Normal);
  }
}

TEST(PnpmLock, WorkspaceWithTwoVersionsOfOnePackage) {
  for (const char* name : {"v5.4-workspace-dupes.yaml", "v6.1-workspace-dupes.yaml"}) {
    SCOPED_TRACE(name);
    Lockfile lock = read_fixture(name);
    std::string text = read_file(fixture_path(name));
    std::uint32_t bar = must_find(lock, "packages/bar");
    std::uint32_t foo = must_find(lock, "packages/foo");
    EXPECT_TRUE(lock.packages[bar].is_root);
    EXPECT_TRUE(lock.packages[foo].is_local);
    EXPECT_EQ(lock.packages[bar].line, line_of(text, "  packages/bar:"));
    EXPECT_TRUE(lock.packages[must_find(lock, ".")].is_root);
    std::uint32_t old_ajv = must_find(lock, "ajv", "6.10.2");
    std::uint32_t new_ajv = must_find(lock, "ajv", "6.12.6");
    EXPECT_EQ(count_edges(lock, bar, old_ajv), 1);
    EXPECT_EQ(count_edges(lock, foo, new_ajv), 1);
    EXPECT_EQ(count_edges(lock, bar, new_ajv), 0);
    EXPECT_EQ(edge_kind(lock, old_ajv, must_find(lock, "uri-js", "4.2.2")), DepKind::Normal);
    EXPECT_EQ(edge_kind(lock, new_ajv, must_find(lock, "uri-js", "4.4.1")), DepKind::Normal);
    EXPECT_EQ(lock.packages.size(), 3u + 11u);  // importers + keys under packages
  }
}

TEST(PnpmLock, GitDependencies) {
  Lockfile v6 = read_fixture("v6.0-git.yaml");
  std::uint32_t negative = must_find(v6, "is-negative", "2.0.0");
  EXPECT_EQ(v6.packages[negative].source,
            "https://codeload.github.com/kevva/is-negative/tar.gz/219c424611ff4a2af15f7deeff4f93c62558c43d");
  EXPECT_EQ(v6.packages[negative].integrity, "");
  EXPECT_EQ(edge_kind(v6, must_find(v6, "."), negative), DepKind::Normal);
  EXPECT_EQ(edge_kind(v6, negative, must_find(v6, "is-positive", "3.1.0")), DepKind::Normal);
  EXPECT_EQ(v6.packages[negative].line,
            line_of(read_file(fixture_path("v6.0-git.yaml")),
                    "  github.com/kevva/is-negative/219c424611ff4a2af15f7deeff4f93c62558c43d:"));

  Lockfile v9 = read_fixture("v9.0-git.yaml");
  std::uint32_t negative9 = must_find(v9, "is-negative", "2.1.0");
  EXPECT_EQ(v9.packages[negative9].source,
            "https://codeload.github.com/kevva/is-negative/tar.gz/1d7e288222b53a0cab90a331f1865220ec29560c");
  EXPECT_EQ(edge_kind(v9, must_find(v9, "."), negative9), DepKind::Normal);
}

TEST(PnpmLock, Version9GroupsAndSnapshotFlags) {
  Lockfile lock = read_fixture("v9.0-groups.yaml");
  ASSERT_EQ(lock.packages.size(), 14u);
  std::uint32_t root = must_find(lock, ".");
  EXPECT_EQ(edge_kind(lock, root, must_find(lock, "is-negative", "1.0.0")), DepKind::Optional);
  EXPECT_EQ(edge_kind(lock, root, must_find(lock, "is-positive", "1.0.0")), DepKind::Dev);
  EXPECT_EQ(lock.packages[must_find(lock, "is-negative", "1.0.0")].flags, kFlagOptional);
  EXPECT_EQ(lock.packages[must_find(lock, "is-positive", "1.0.0")].flags, 0);
  std::string text = read_file(fixture_path("v9.0-groups.yaml"));
  EXPECT_EQ(lock.packages[must_find(lock, "glob", "6.0.4")].line, line_of(text, "  glob@6.0.4:"));
}

TEST(PnpmLock, Version9PeerVariantsWorkspaceLinksGitAndDirectories) {
  Lockfile lock = read_fixture("v9.0-peers-workspace.yaml");
  std::string text = read_file(fixture_path("v9.0-peers-workspace.yaml"));
  std::uint32_t root = must_find(lock, ".");
  std::uint32_t web = must_find(lock, "apps/web");
  std::uint32_t ui = must_find(lock, "packages/ui");
  std::uint32_t lib = must_find(lock, "lib", "1.0.0");
  std::uint32_t react17 = must_find(lock, "react", "17.0.2");
  std::uint32_t react18 = must_find(lock, "react", "18.2.0");
  // One lib for both peer variants; its edges are the union of the variants' edges.
  EXPECT_EQ(count_edges(lock, root, lib) + count_edges(lock, web, lib), 2);
  EXPECT_EQ(edge_kind(lock, lib, react17), DepKind::Peer);
  EXPECT_EQ(edge_kind(lock, lib, react18), DepKind::Peer);
  EXPECT_EQ(edge_kind(lock, lib, must_find(lock, "@types/react", "18.0.0")), DepKind::Peer);
  EXPECT_EQ(lock.packages[lib].flags, 0);  // optional in one variant only
  EXPECT_EQ(lock.packages[react17].flags, kFlagOptional);
  EXPECT_EQ(lock.packages[lib].line, line_of(text, "  lib@1.0.0:"));
  // link: to an importer reaches that root.
  EXPECT_EQ(edge_kind(lock, web, ui), DepKind::Normal);
  EXPECT_TRUE(lock.packages[ui].is_root);
  std::uint32_t outside = must_find(lock, "outside");
  EXPECT_EQ(lock.packages[outside].source, "link:../elsewhere");
  EXPECT_FALSE(lock.packages[outside].is_root);
  // git resolution.
  std::uint32_t mydep = must_find(lock, "mydep", "2.0.0");
  EXPECT_EQ(lock.packages[mydep].source, "git+https://github.com/a/mydep.git#abc123");
  EXPECT_EQ(edge_kind(lock, root, mydep), DepKind::Dev);
  EXPECT_EQ(edge_kind(lock, mydep, react18), DepKind::Normal);
  // directory resolution.
  std::uint32_t local = must_find(lock, "local", "0.1.0");
  EXPECT_EQ(lock.packages[local].source, "file:vendor/local");
  EXPECT_TRUE(lock.packages[local].is_local);
  EXPECT_EQ(edge_kind(lock, web, local), DepKind::Normal);
  // 3 importers, 6 package entries, 1 link outside the workspace.
  EXPECT_EQ(lock.packages.size(), 10u);
}

// Issue 11: pnpm 10's env document (first) holds what runs in every install; its packages are
// listed under their own root "env:.", reached through Build edges; the main document is read
// as before.
TEST(PnpmLock, EnvDocumentFirstIsListedUnderItsOwnRoot) {
  Lockfile lock = read_fixture("v10-env-document.yaml");
  std::string text = read_file(fixture_path("v10-env-document.yaml"));
  ASSERT_EQ(lock.packages.size(), 4u);
  std::uint32_t plugin = must_find(lock, "pnpm-plugin-x", "1.0.0");
  EXPECT_EQ(lock.packages[plugin].line, line_of(text, "  pnpm-plugin-x@1.0.0:"));
  std::uint32_t env_root = must_find(lock, "env:.");
  EXPECT_TRUE(lock.packages[env_root].is_root);
  EXPECT_EQ(edge_kind(lock, env_root, plugin), DepKind::Build);
  std::uint32_t positive = must_find(lock, "is-positive", "3.1.0");
  EXPECT_EQ(lock.packages[positive].line, line_of(text, "  is-positive@3.1.0:"));
  EXPECT_EQ(edge_kind(lock, must_find(lock, "."), positive), DepKind::Normal);
  EXPECT_FALSE(edge_kind(lock, env_root, positive));
  EXPECT_TRUE(lock.warnings.empty());
}

// Issue 11: osv-scalibr's file: keys, one without `name`: every entry is listed (local), the
// nameless one by its directory, with a warning at its key.
TEST(PnpmLock, ScalibrFileKeysAreListed) {
  Lockfile lock = read_fixture("scalibr-files.yaml");
  std::string text = read_file(fixture_path("scalibr-files.yaml"));
  for (const char* name :
       {"a-local-package", "a-nested-local-package", "one-up", "one-up-with-peer", "nameless-package"}) {
    std::uint32_t index = must_find(lock, name, "1.0.0");
    EXPECT_TRUE(lock.packages[index].is_local) << name;
  }
  std::uint32_t tarball = must_find(lock, "my-file-package", "0.0.0");
  EXPECT_TRUE(lock.packages[tarball].is_local);
  EXPECT_EQ(edge_kind(lock, must_find(lock, "."), tarball), DepKind::Normal);  // a `file:./projects/…` reference
  std::uint32_t nameless = must_find(lock, "nameless-package", "1.0.0");
  EXPECT_EQ(lock.packages[nameless].line, line_of(text, "  file:../nameless-package:"));
  ASSERT_EQ(lock.warnings.size(), 1u);
  EXPECT_EQ(lock.warnings[0].location.line, lock.packages[nameless].line);
  EXPECT_NE(lock.warnings[0].message.find("no 'name' field"), std::string::npos);
}

TEST(PnpmLock, Version6DevFlagIsSetOnlyWhenEveryVariantIsDev) {
  Lockfile lock = read_text(
      "lockfileVersion: '6.0'\n"
      "packages:\n"
      "  /a@1.0.0(x@1.0.0):\n"
      "    dev: true\n"
      "  /a@1.0.0(x@2.0.0):\n"
      "    dev: false\n"
      "  /@s/b@1.0.0(x@1.0.0):\n"
      "    dev: true\n"
      "  /@s/b@1.0.0(x@2.0.0):\n"
      "    dev: true\n"
      "    optional: true\n");
  ASSERT_EQ(lock.packages.size(), 3u);
  EXPECT_EQ(lock.packages[must_find(lock, "a", "1.0.0")].flags, 0);
  EXPECT_EQ(lock.packages[must_find(lock, "@s/b", "1.0.0")].flags, kFlagDev);
  EXPECT_EQ(lock.packages[must_find(lock, "a", "1.0.0")].line, 3);
}

TEST(PnpmLock, LockfileVersionAsNumberOrString) {
  EXPECT_EQ(read_text("lockfileVersion: 5.4\n").version, "5.4");
  EXPECT_EQ(read_text("lockfileVersion: '5.4-inlineSpecifiers'\n").version, "5.4-inlineSpecifiers");
  EXPECT_EQ(read_text("lockfileVersion: 6.1\n").version, "6.1");
  EXPECT_EQ(read_text("lockfileVersion: \"9.0\"\n").version, "9.0");
}

TEST(PnpmLock, MalformedInputsPointAtTheLine) {
  Error conflict = read_error("lockfileVersion: '9.0'\nimporters:\n<<<<<<< HEAD\n  .: {}\n=======\n>>>>>>> b\n");
  EXPECT_EQ(conflict.line(), 3);
  EXPECT_NE(conflict.message().find("conflict"), std::string::npos);

  Error not_map = read_error("- a\n- b\n");
  EXPECT_EQ(not_map.line(), 1);
  EXPECT_NE(not_map.message().find("expected a mapping"), std::string::npos) << not_map.message();

  Error unknown = read_error("lockfileVersion: '7.0'\n");
  EXPECT_EQ(unknown.line(), 1);
  EXPECT_EQ(unknown.column(), 18);
  EXPECT_NE(unknown.message().find("'7.0'"), std::string::npos);
  EXPECT_NE(unknown.message().find("5.x"), std::string::npos);
  EXPECT_NE(unknown.message().find("9.x"), std::string::npos);

  Error missing = read_error("packages: {}\n");
  EXPECT_NE(missing.message().find("lockfileVersion"), std::string::npos);

  Error bad_key =
      read_error("lockfileVersion: 5.4\n\npackages:\n\n  /ok/1.0.0: {}\n\n  /no-version:\n    dev: false\n");
  EXPECT_EQ(bad_key.line(), 7);
  EXPECT_EQ(bad_key.column(), 3);
  EXPECT_NE(bad_key.message().find("'/no-version'"), std::string::npos) << bad_key.message();

  // Issue 11: a dangling reference is a warning at the reference; the package it names is listed.
  Lockfile dangling = read_text(
      "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      foo:\n        specifier: ^1\n"
      "        version: 1.0.0\npackages: {}\n");
  ASSERT_EQ(dangling.warnings.size(), 1u);
  EXPECT_EQ(dangling.warnings[0].location.line, 7);
  EXPECT_EQ(dangling.warnings[0].location.column, 18);
  EXPECT_NE(dangling.warnings[0].message.find("foo@1.0.0"), std::string::npos) << dangling.warnings[0].message;
  std::uint32_t foo = must_find(dangling, "foo", "1.0.0");
  EXPECT_EQ(dangling.packages[foo].line, 7);
  EXPECT_EQ(edge_kind(dangling, must_find(dangling, "."), foo), DepKind::Normal);

  Error entry_not_map = read_error("lockfileVersion: '9.0'\npackages:\n  foo@1.0.0: [a]\n");
  EXPECT_EQ(entry_not_map.line(), 3);

  Error yaml = read_error("lockfileVersion: '9.0'\npackages:\n  foo@1.0.0: {resolution: {integrity: x}\n");
  EXPECT_EQ(yaml.line(), 4);
  EXPECT_NE(yaml.message().find("invalid YAML"), std::string::npos) << yaml.message();

  EXPECT_EQ(read_error("").line(), 1);
}

// Independent count: keys at indentation 2 between "packages:" and the next top-level key.
std::size_t count_package_keys(const std::string& text) {
  std::size_t count = 0;
  bool inside = false;
  for (std::string_view line : split(text, '\n')) {
    if (!line.empty() && line[0] != ' ')
      inside = line == "packages:";
    else if (inside && starts_with(line, "  ") && line.size() > 2 && line[2] != ' ')
      ++count;
  }
  return count;
}

TEST(PnpmLock, SpringtaleWorkspace) {
  std::string path = TOCSIN_SHARED "/fixtures/springtale/tauri/pnpm-lock.yaml";
  TOCSIN_NEED_SHARED(path);
  Lockfile lock = read_lockfile(path);
  std::string text = read_file(path);
  EXPECT_EQ(lock.version, "9.0");
  std::size_t roots = 0, registry = 0;
  for (const Package& package : lock.packages) {
    if (package.is_root)
      ++roots;
    else
      ++registry;
  }
  EXPECT_EQ(registry, count_package_keys(text));
  EXPECT_EQ(registry, 189u);
  for (const char* importer : {".", "apps/dashboard", "apps/desktop", "packages/types", "packages/ui"}) {
    auto index = find(lock, importer, "");
    ASSERT_TRUE(index) << importer;
    EXPECT_TRUE(lock.packages[*index].is_root) << importer;
  }
  EXPECT_EQ(roots, 5u);
  std::uint32_t dashboard = must_find(lock, "apps/dashboard");
  EXPECT_EQ(edge_kind(lock, dashboard, must_find(lock, "packages/types")), DepKind::Normal);
  EXPECT_EQ(edge_kind(lock, dashboard, must_find(lock, "vite", "6.4.2")), DepKind::Dev);
  EXPECT_EQ(edge_kind(lock, must_find(lock, "."), must_find(lock, "@solid-primitives/resize-observer", "2.1.5")),
            DepKind::Normal);
  const Package& code_frame = lock.packages[must_find(lock, "@babel/code-frame", "7.29.7")];
  EXPECT_EQ(code_frame.line, line_of(text, "  '@babel/code-frame@7.29.7':"));
  EXPECT_TRUE(starts_with(code_frame.integrity, "sha512-"));
  // Every snapshot dependency resolved: each non-root package is reachable from some edge.
  std::vector<bool> reached(lock.packages.size(), false);
  for (const Edge& edge : lock.edges) reached[edge.to] = true;
  for (std::size_t i = 0; i < lock.packages.size(); ++i) {
    if (!lock.packages[i].is_root) {
      EXPECT_TRUE(reached[i]) << lock.packages[i].name << "@" << lock.packages[i].version;
    }
  }
}

}  // namespace
}  // namespace tocsin::lockfile
