// Issue 12: every lockfile reader warning is a tocsin::Diagnostic of Severity::Warning with its
// line and column, a stable code per kind and, where the reader knows what was expected, a hint.
// One test per kind (lockfile/lockfile.h lists them); the printed form is format_diagnostic()'s.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "core/diagnostic.h"
#include "lockfile/lockfile.h"

namespace tocsin::lockfile {
namespace {

Lockfile read_as(std::string_view type, const std::string& text) {
  return reader_for_type(type)->read("dir/" + std::string(type), text);
}

// The one warning of `lock`, checked for the parts every kind shares.
const Diagnostic& only_warning(const Lockfile& lock, std::string_view code) {
  EXPECT_EQ(lock.warnings.size(), 1u);
  if (lock.warnings.empty()) std::abort();
  const Diagnostic& warning = lock.warnings[0];
  EXPECT_EQ(warning.severity, Severity::Warning);
  EXPECT_EQ(warning.code, code);
  EXPECT_EQ(warning.location.path, lock.path);
  return warning;
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

TEST(LockfileWarningKinds, DuplicateKeyInPackageLock) {
  Lockfile lock = read_as("package-lock.json",
                          "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {\"name\": \"app\"},\n"
                          "    \"node_modules/seroval\": {\"version\": \"1.0.8\", \"version\": \"1.0.7\"}\n  }\n}\n");
  const Diagnostic& warning = only_warning(lock, "duplicate-key");
  EXPECT_EQ(warning.location.line, 5);
  EXPECT_EQ(warning.location.column, 50);
  EXPECT_EQ(warning.message,
            "duplicate key \"version\" (first at line 5): npm (JSON.parse) keeps the last value, and so does tocsin");
  EXPECT_EQ(warning.hint, "no tool writes duplicate keys; regenerate the lockfile");
}

TEST(LockfileWarningKinds, DuplicateKeyInPipfileLockNamesPipenv) {
  Lockfile lock = read_as("Pipfile.lock",
                          "{\"_meta\": {\"pipfile-spec\": 6},\n \"default\": {\n  \"jinja2\": {\"version\": "
                          "\"==3.1.4\", \"version\": \"==2.10\"}\n },\n \"develop\": {}}\n");
  const Diagnostic& warning = only_warning(lock, "duplicate-key");
  EXPECT_EQ(warning.location.line, 3);
  EXPECT_EQ(warning.location.column, 36);
  EXPECT_TRUE(contains(warning.message, "pipenv")) << warning.message;
}

TEST(LockfileWarningKinds, DuplicateKeyInYarnLockHasTheFieldColumn) {
  Lockfile lock = read_as("yarn.lock", "# yarn lockfile v1\n\na@^1:\n  version \"1.0.8\"\n  version \"1.0.7\"\n");
  const Diagnostic& warning = only_warning(lock, "duplicate-key");
  EXPECT_EQ(warning.location.line, 5);
  EXPECT_EQ(warning.location.column, 3);  // the repeated `version`, after two spaces of indentation
  EXPECT_TRUE(contains(warning.message, "(first at line 4)")) << warning.message;
  EXPECT_TRUE(contains(warning.hint, "yarn install")) << warning.hint;
  // A repeated entry header starts its line.
  Lockfile headers = read_as("yarn.lock", "a@^1:\n  version \"1.0.0\"\n\na@^1:\n  version \"1.0.1\"\n");
  EXPECT_EQ(only_warning(headers, "duplicate-key").location.line, 4);
  EXPECT_EQ(headers.warnings[0].location.column, 1);
}

TEST(LockfileWarningKinds, DanglingDependencyInPnpmLock) {
  Lockfile lock = read_as("pnpm-lock.yaml",
                          "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      foo:\n        specifier: "
                          "^1\n        version: 1.0.0\npackages: {}\n");
  const Diagnostic& warning = only_warning(lock, "dangling-dependency");
  EXPECT_EQ(warning.location.line, 7);
  EXPECT_EQ(warning.location.column, 18);
  EXPECT_TRUE(contains(warning.message, "resolves to 'foo@1.0.0', which has no entry")) << warning.message;
  EXPECT_TRUE(contains(warning.hint, "expected a 'foo@1.0.0' entry under packages:")) << warning.hint;
}

TEST(LockfileWarningKinds, DanglingDependencyInCargoLock) {
  Lockfile lock = read_as("Cargo.lock",
                          "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n"
                          "dependencies = [\n \"b\",\n]\n");
  const Diagnostic& warning = only_warning(lock, "dangling-dependency");
  EXPECT_EQ(warning.location.line, 7);
  EXPECT_EQ(warning.location.column, 2);
  EXPECT_EQ(warning.message,
            "dependency \"b\" of `a 1.0.0` matches no [[package]] in this lockfile; the edge is left out");
  EXPECT_TRUE(contains(warning.hint, "expected a [[package]] that \"b\" names")) << warning.hint;
}

TEST(LockfileWarningKinds, AmbiguousDependencyInCargoLock) {
  Lockfile lock = read_as("Cargo.lock",
                          "version = 3\n\n[[package]]\nname = \"itoa\"\nversion = \"0.4.8\"\n\n[[package]]\nname = "
                          "\"itoa\"\nversion = \"1.0.9\"\n\n[[package]]\nname = \"app\"\nversion = "
                          "\"0.1.0\"\ndependencies = [\n \"itoa\",\n]\n");
  const Diagnostic& warning = only_warning(lock, "ambiguous-dependency");
  EXPECT_EQ(warning.location.line, 15);
  EXPECT_EQ(warning.location.column, 2);
  EXPECT_TRUE(contains(warning.message, "is ambiguous: several versions of `itoa` are locked")) << warning.message;
  EXPECT_EQ(warning.hint, "expected \"name version\"");
}

TEST(LockfileWarningKinds, MalformedDependencyInCargoLock) {
  Lockfile lock =
      read_as("Cargo.lock", "[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = [\n \"a 1 registry\",\n]\n");
  const Diagnostic& warning = only_warning(lock, "malformed-dependency");
  EXPECT_EQ(warning.location.line, 5);
  EXPECT_EQ(warning.location.column, 2);
  EXPECT_EQ(warning.hint, "expected \"name\", \"name version\" or \"name version (source)\"");
}

TEST(LockfileWarningKinds, UnpinnedRequirement) {
  Lockfile lock = read_as("requirements.txt", "bar==2.0\n  foo>=1.0 ; python_version > \"3\"\n");
  const Diagnostic& warning = only_warning(lock, "unpinned-requirement");
  EXPECT_EQ(warning.location.line, 2);
  EXPECT_EQ(warning.location.column, 3);
  EXPECT_TRUE(contains(warning.message, "'foo>=1.0 ; python_version > \"3\"' is not pinned (no ==VERSION)"))
      << warning.message;
  EXPECT_EQ(warning.hint, "pin it as foo==VERSION, e.g. with pip-compile or pip freeze");
}

TEST(LockfileWarningKinds, LocalPnpmPackageWithoutName) {
  Lockfile lock = read_as("pnpm-lock.yaml",
                          "lockfileVersion: '9.0'\nimporters:\n  .: {}\npackages:\n  file:../nameless-package:\n"
                          "    resolution: {directory: ../nameless-package, type: directory}\n"
                          "snapshots:\n  file:../nameless-package: {}\n");
  const Diagnostic& warning = only_warning(lock, "local-package-unnamed");
  EXPECT_EQ(warning.location.line, 5);
  EXPECT_EQ(warning.location.column, 3);
  EXPECT_TRUE(contains(warning.message, "listed as 'nameless-package'")) << warning.message;
  EXPECT_TRUE(contains(warning.hint, "expected a 'name' field")) << warning.hint;
}

TEST(LockfileWarningKinds, PackageLockVersionNotAString) {
  Lockfile lock = read_as("package-lock.json",
                          "{\"lockfileVersion\": 3, \"packages\": {\n  \"\": {\"name\": \"app\"},\n"
                          "  \"node_modules/a\": {\"version\": 1}\n}}\n");
  const Diagnostic& warning = only_warning(lock, "version-not-string");
  EXPECT_EQ(warning.location.line, 3);
  EXPECT_EQ(warning.location.column, 22);
  EXPECT_EQ(warning.hint, "expected a version string such as \"1.2.3\"");
}

TEST(LockfileWarningKinds, PackageLockWithoutPackagesObject) {
  Lockfile lock = read_as("package-lock.json",
                          "{\"name\": \"app\", \"lockfileVersion\": 2,\n \"dependencies\": {\n"
                          "  \"a\": {\"version\": \"1.2.3\"}\n }\n}\n");
  const Diagnostic& warning = only_warning(lock, "packages-object-missing");
  EXPECT_EQ(warning.location.line, 1);
  EXPECT_EQ(warning.location.column, 1);
  EXPECT_TRUE(contains(warning.hint, "\"packages\" object")) << warning.hint;
}

// The one printed form: location first, then severity, code, message and hint.
TEST(LockfileWarningKinds, PrintedThroughFormatDiagnostic) {
  ::setenv("NO_COLOR", "1", 1);
  Lockfile lock = read_as("requirements.txt", "foo>=1.0\n");
  ASSERT_EQ(lock.warnings.size(), 1u);
  EXPECT_EQ(format_diagnostic(lock.warnings[0]),
            "dir/requirements.txt:1:1: warning: [unpinned-requirement] 'foo>=1.0' is not pinned (no ==VERSION): pip "
            "installs whatever matches at install time, so it is listed without a version and cannot be checked "
            "against advisories exactly (pin it as foo==VERSION, e.g. with pip-compile or pip freeze)");
}

}  // namespace
}  // namespace tocsin::lockfile
