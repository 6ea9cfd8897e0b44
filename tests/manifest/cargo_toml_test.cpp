// Cargo.toml manifests. Real manifests are checked against a line scan of their own text done
// here; hand-written ones against the cargo reference's rules (renames, inheritance, kinds).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "manifest/manifest.h"
#include "support/shared.h"

namespace tocsin::manifest {
namespace {

using lockfile::DepKind;

const std::string kFixtures = std::string(TOCSIN_FIXTURES) + "/manifest/cargo/";

Manifest read_fixture(const std::string& name) {
  return read_cargo_toml(kFixtures + name, read_file(kFixtures + name));
}

const Dependency& find(const Manifest& manifest, const std::string& key, DepKind kind = DepKind::Normal) {
  for (const Dependency& dependency : manifest.dependencies)
    if (dependency.key == key && dependency.kind == kind) return dependency;
  static const Dependency missing;
  ADD_FAILURE() << "no dependency " << key;
  return missing;
}

// The sections of a manifest that declare dependencies, as a line scanner sees them: a header
// "[dependencies]" (keys follow), or "[dependencies.foo]" (the header itself declares foo).
struct Section {
  DepKind kind = DepKind::Normal;
  std::string target;
  bool declares_keys = false;
};

std::optional<Section> dependency_section(std::string_view header, std::string& single_key) {
  std::string inner(header.substr(1, header.size() - 2));
  Section section;
  if (starts_with(inner, "target.")) {
    // target.'cfg(…)'.kind or target.triple.kind
    std::size_t end = inner[7] == '\'' ? inner.find('\'', 8) + 1 : inner.find('.', 7);
    section.target = inner.substr(7, end - 7);
    if (section.target.front() == '\'') section.target = section.target.substr(1, section.target.size() - 2);
    inner = inner.substr(end + 1);
  }
  std::size_t dot = inner.find('.');
  std::string table = inner.substr(0, dot);
  if (table == "dependencies")
    section.kind = DepKind::Normal;
  else if (table == "dev-dependencies" || table == "dev_dependencies")
    section.kind = DepKind::Dev;
  else if (table == "build-dependencies" || table == "build_dependencies")
    section.kind = DepKind::Build;
  else
    return std::nullopt;
  section.declares_keys = dot == std::string::npos;
  single_key = section.declares_keys ? "" : inner.substr(dot + 1);
  return section;
}

class RealManifest : public ::testing::TestWithParam<const char*> {};

TEST_P(RealManifest, DeclaresExactlyTheDependenciesItsSectionsList) {
  std::string text = read_file(kFixtures + GetParam());
  Manifest manifest = read_fixture(GetParam());
  std::vector<Dependency> expected;
  std::optional<Section> section;
  int line_number = 0;
  for (std::string_view line : split(text, '\n')) {
    ++line_number;
    if (starts_with(line, "[")) {
      std::string single_key;
      section = dependency_section(trim(line), single_key);
      if (section && !section->declares_keys) {
        Dependency dependency;
        dependency.key = single_key;
        dependency.kind = section->kind;
        dependency.target = section->target;
        dependency.line = line_number;
        expected.push_back(dependency);
      }
      continue;
    }
    if (!section || !section->declares_keys || line.empty() || line.front() == '#' || line.front() == ' ') continue;
    Dependency dependency;
    dependency.key = std::string(trim(line.substr(0, line.find_first_of(".= "))));
    dependency.kind = section->kind;
    dependency.target = section->target;
    dependency.line = line_number;
    dependency.workspace = line.find("workspace = true") != std::string_view::npos;
    expected.push_back(dependency);
  }
  ASSERT_EQ(manifest.dependencies.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Dependency& got = manifest.dependencies[i];
    EXPECT_EQ(got.key, expected[i].key) << "line " << expected[i].line;
    EXPECT_EQ(got.kind, expected[i].kind) << got.key;
    EXPECT_EQ(got.target, expected[i].target) << got.key;
    EXPECT_EQ(got.line, expected[i].line) << got.key;
    if (expected[i].workspace) {
      EXPECT_TRUE(got.workspace) << got.key;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cargo, RealManifest, ::testing::Values("real-cargo-workspace.toml", "real-hexyl.toml"));

TEST(CargoToml, RealWorkspaceRootResolvesInheritanceFromItsOwnTable) {
  Manifest manifest = read_fixture("real-cargo-workspace.toml");
  EXPECT_EQ(manifest.ecosystem, Ecosystem::CratesIo);
  EXPECT_EQ(manifest.name, "cargo");
  EXPECT_EQ(manifest.version, "0.101.0");
  EXPECT_EQ(manifest.workspace_members,
            (std::vector<std::string>{"crates/*", "credential/*", "benches/benchsuite", "benches/capture"}));
  EXPECT_EQ(manifest.workspace_exclude, (std::vector<std::string>{"target/"}));
  // Values from [workspace.dependencies] (lines 42, 51, 80 and 128 of the fixture).
  EXPECT_EQ(find(manifest, "clap").requirement, "4.6.0");
  EXPECT_EQ(find(manifest, "clap").line, 173);
  const Dependency& openssl = find(manifest, "openssl");
  EXPECT_EQ(openssl.requirement, "0.10.76");
  EXPECT_TRUE(openssl.optional);
  EXPECT_EQ(openssl.target, "cfg(not(windows))");
  const Dependency& windows = find(manifest, "windows-sys");
  EXPECT_EQ(windows.requirement, "0.61");
  EXPECT_EQ(windows.line, 254);
  EXPECT_EQ(windows.target, "cfg(windows)");
  const Dependency& support = find(manifest, "cargo-test-support", DepKind::Dev);
  EXPECT_EQ(support.requirement, "0.11.4");
  EXPECT_EQ(support.path, "crates/cargo-test-support");
  EXPECT_EQ(find(manifest, "flate2", DepKind::Build).requirement, "1.1.9");
}

TEST(CargoToml, RealPackageWithDottedTableDependency) {
  Manifest manifest = read_fixture("real-hexyl.toml");
  EXPECT_EQ(manifest.name, "hexyl");
  EXPECT_EQ(manifest.version, "0.17.0");
  EXPECT_TRUE(manifest.workspace_members.empty());
  EXPECT_EQ(find(manifest, "clap").requirement, "4");
  EXPECT_EQ(find(manifest, "anyhow").requirement, "1.0");
  EXPECT_EQ(find(manifest, "pretty_assertions", DepKind::Dev).requirement, "1.4.0");
}

TEST(CargoToml, WorkspaceRootWithEveryDependencyForm) {
  Manifest manifest = read_fixture("workspace-root.toml");
  EXPECT_EQ(manifest.name, "app");
  EXPECT_EQ(manifest.version, "1.4.0");  // version.workspace = true, from [workspace.package]
  EXPECT_EQ(manifest.workspace_members, (std::vector<std::string>{"crates/*", "tools/cli"}));
  EXPECT_EQ(manifest.workspace_exclude, (std::vector<std::string>{"crates/experimental"}));

  std::vector<std::string> keys;
  for (const Dependency& dependency : manifest.dependencies) keys.push_back(dependency.key);
  // File order; the [workspace.dependencies] table (serde, log, json, shared at lines 9-12) is not listed.
  EXPECT_EQ(keys, (std::vector<std::string>{"serde", "json", "rand", "ureq", "shared", "tool", "http1", "proptest",
                                            "cc", "winapi", "log"}));

  const Dependency& serde = find(manifest, "serde");
  EXPECT_TRUE(serde.workspace);
  EXPECT_EQ(serde.requirement, "1.0.190");
  EXPECT_EQ(serde.line, 19);
  const Dependency& json = find(manifest, "json");
  EXPECT_EQ(json.name, "serde_json");  // the rename lives in the workspace table
  EXPECT_EQ(json.requirement, "1");
  EXPECT_TRUE(json.optional);
  EXPECT_EQ(find(manifest, "rand").requirement, "0.8");
  EXPECT_FALSE(find(manifest, "rand").optional);
  EXPECT_TRUE(find(manifest, "ureq").optional);
  EXPECT_EQ(find(manifest, "shared").path, "crates/shared");
  EXPECT_EQ(find(manifest, "shared").requirement, "");
  EXPECT_EQ(find(manifest, "tool").requirement, "");  // git, no version
  const Dependency& http = find(manifest, "http1");
  EXPECT_EQ(http.name, "http");
  EXPECT_EQ(http.requirement, "1.1");
  EXPECT_EQ(find(manifest, "proptest", DepKind::Dev).line, 28);
  EXPECT_EQ(find(manifest, "cc", DepKind::Build).requirement, "1.0.83");
  const Dependency& winapi = find(manifest, "winapi");
  EXPECT_EQ(winapi.target, "cfg(windows)");
  const Dependency& log = find(manifest, "log", DepKind::Dev);
  EXPECT_EQ(log.target, "x86_64-unknown-linux-gnu");
  EXPECT_EQ(log.requirement, "0.4");
  for (const Dependency& dependency : manifest.dependencies)
    if (dependency.key != "json" && dependency.key != "http1") {
      EXPECT_EQ(dependency.name, dependency.key);
    }
}

TEST(CargoToml, MemberLeavesInheritanceToTheInventory) {
  Manifest manifest = read_fixture("member.toml");
  EXPECT_EQ(manifest.name, "member");
  EXPECT_EQ(manifest.version, "");  // the workspace root is another file
  ASSERT_EQ(manifest.dependencies.size(), 4u);
  EXPECT_TRUE(find(manifest, "serde").workspace);
  EXPECT_EQ(find(manifest, "serde").requirement, "");
  EXPECT_TRUE(find(manifest, "anyhow").workspace);
  EXPECT_EQ(find(manifest, "local").path, "../local");
  EXPECT_EQ(find(manifest, "local").requirement, "0.2");
  const Dependency& tokio = find(manifest, "tokio", DepKind::Dev);
  EXPECT_EQ(tokio.requirement, "1.35");
  EXPECT_EQ(tokio.line, 10);
}

TEST(CargoToml, VirtualManifestHasNoName) {
  Manifest manifest = read_cargo_toml("Cargo.toml", "[workspace]\nmembers = [\"a\"]\n");
  EXPECT_EQ(manifest.name, "");
  EXPECT_EQ(manifest.workspace_members, (std::vector<std::string>{"a"}));
  EXPECT_TRUE(manifest.dependencies.empty());
}

struct BadCase {
  const char* name;
  const char* text;
  int line;
  const char* message;
};

class MalformedManifest : public ::testing::TestWithParam<BadCase> {};

TEST_P(MalformedManifest, ReportsWhereAndWhat) {
  try {
    read_cargo_toml("x/Cargo.toml", GetParam().text);
    ADD_FAILURE() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.path(), "x/Cargo.toml");
    EXPECT_EQ(error.line(), GetParam().line) << error.what();
    EXPECT_NE(error.message().find(GetParam().message), std::string::npos) << error.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cargo, MalformedManifest,
    ::testing::Values(
        BadCase{"BadToml", "[package]\nname = \"a\"\n\n[dependencies]\nserde = \n", 5, "invalid TOML"},
        BadCase{"DependencyNumber", "[dependencies]\nserde = 1\n", 2, "dependency `serde`"},
        BadCase{"OptionalNotBool", "[dependencies]\nx = { version = \"1\", optional = \"yes\" }\n", 2, "true or false"},
        BadCase{"MembersNotArray", "[workspace]\nmembers = \"a\"\n", 2, "array of strings"},
        BadCase{"DependenciesNotTable", "dependencies = 3\n", 1, "[dependencies]"},
        BadCase{"Conflict", "[package]\n<<<<<<< HEAD\nname = \"a\"\n=======\nname = \"b\"\n>>>>>>> x\n", 2,
                "merge conflict"},
        BadCase{"WorkspaceEntry", "[workspace.dependencies]\nfoo = 1\n", 2, "workspace dependency `foo`"}));

TEST(CargoToml, SpringtaleRootManifestParses) {
  std::string path = std::string(TOCSIN_SHARED) + "/fixtures/springtale/Cargo.toml";
  TOCSIN_NEED_SHARED(path);
  Manifest manifest = read_cargo_toml(path, read_file(path));
  EXPECT_EQ(manifest.name, "");  // a virtual workspace
  EXPECT_FALSE(manifest.workspace_members.empty());
  EXPECT_EQ(manifest.workspace_exclude.size(), 3u);
  EXPECT_TRUE(manifest.dependencies.empty());  // [workspace.dependencies] is for inheritance only
}

}  // namespace
}  // namespace tocsin::manifest
