// package.json manifest reader.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/text.h"
#include "manifest/manifest.h"

namespace tocsin::manifest {
namespace {

using lockfile::DepKind;
using ::testing::ElementsAre;

Manifest read_fixture(const std::string& name) {
  std::string path = std::string(TOCSIN_FIXTURES) + "/manifest/npm/" + name;
  return read_package_json(path, read_file(path));
}

const Dependency& dependency(const Manifest& manifest, std::string_view key, DepKind kind) {
  for (const Dependency& dep : manifest.dependencies)
    if (dep.key == key && dep.kind == kind) return dep;
  ADD_FAILURE() << "no dependency " << key;
  static const Dependency none;
  return none;
}

TEST(PackageJson, WorkspaceRootWithAliasAndSections) {
  Manifest manifest = read_fixture("workspace-root.package.json");
  EXPECT_EQ(manifest.ecosystem, Ecosystem::Npm);
  EXPECT_EQ(manifest.name, "tocsin-v3-fixture");
  EXPECT_EQ(manifest.version, "1.0.0");
  EXPECT_THAT(manifest.workspace_members, ElementsAre("packages/*"));
  ASSERT_EQ(manifest.dependencies.size(), 5u);
  const Dependency& alias = dependency(manifest, "string-width-cjs", DepKind::Normal);
  EXPECT_EQ(alias.name, "string-width");
  EXPECT_EQ(alias.requirement, "npm:string-width@^4.2.0");
  EXPECT_EQ(alias.line, 9);
  EXPECT_EQ(dependency(manifest, "debug", DepKind::Normal).line, 7);
  EXPECT_EQ(dependency(manifest, "once", DepKind::Dev).line, 12);
  const Dependency& optional = dependency(manifest, "is-number", DepKind::Optional);
  EXPECT_TRUE(optional.optional);
  EXPECT_EQ(optional.line, 15);
}

TEST(PackageJson, PeersOptionalPeersPathsAndWorkspaceObject) {
  Manifest manifest = read_fixture("peers-and-aliases.package.json");
  EXPECT_EQ(manifest.name, "@example/widget");
  EXPECT_THAT(manifest.workspace_members, ElementsAre("packages/*"));
  EXPECT_THAT(manifest.workspace_exclude, ElementsAre("packages/legacy"));
  EXPECT_EQ(manifest.dependencies.size(), 7u);
  const Dependency& react = dependency(manifest, "react", DepKind::Peer);
  EXPECT_FALSE(react.optional);
  EXPECT_EQ(react.line, 13);
  EXPECT_TRUE(dependency(manifest, "react-dom", DepKind::Peer).optional);
  const Dependency& old_react = dependency(manifest, "old-react", DepKind::Normal);
  EXPECT_EQ(old_react.name, "react");
  EXPECT_EQ(dependency(manifest, "local-helper", DepKind::Normal).path, "../helper");
  EXPECT_EQ(dependency(manifest, "lodash", DepKind::Normal).name, "lodash");
  EXPECT_EQ(dependency(manifest, "typescript", DepKind::Dev).requirement, "~5.4.0");
}

TEST(PackageJson, NamelessPrivateRootIsFine) {
  Manifest manifest = read_package_json("package.json", R"({"private": true, "workspaces": ["a", "b/*"]})");
  EXPECT_EQ(manifest.name, "");
  EXPECT_THAT(manifest.workspace_members, ElementsAre("a", "b/*"));
  EXPECT_TRUE(manifest.dependencies.empty());
}

TEST(PackageJson, ErrorsCarryLines) {
  try {
    read_package_json("package.json", "{\n  \"dependencies\": {\n    \"a\": 1\n  }\n}\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.column(), 5);
  }
  try {
    read_package_json("package.json", "{\n  \"name\": \"x\",\n  \"dependencies\": [\n}\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 4);
    EXPECT_THAT(e.message(), ::testing::HasSubstr("invalid JSON"));
  }
  try {
    read_package_json("package.json", "{\n<<<<<<< ours\n}\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 2);
  }
  EXPECT_THROW(read_package_json("package.json", R"({"devDependencies": "x"})"), Error);
  EXPECT_THROW(read_package_json("package.json", R"({"workspaces": 3})"), Error);
  EXPECT_THROW(read_package_json("package.json", R"({"name": 3})"), Error);
  EXPECT_THROW(read_package_json("package.json", "[1]"), Error);
}

}  // namespace
}  // namespace tocsin::manifest
