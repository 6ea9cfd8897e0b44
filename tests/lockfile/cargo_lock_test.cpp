// Cargo.lock reader. Expected values come from the fixture text itself (scanned independently
// here) or from the cargo source's rules; every canonical file is also re-read with CRLF line
// endings, which sends it through the general TOML path, and both paths must agree exactly.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "lockfile/lockfile.h"
#include "support/shared.h"

namespace tocsin::lockfile {
namespace {

const std::string kFixtures = std::string(TOCSIN_FIXTURES) + "/lockfile/cargo/";
const std::string kCratesIo = "registry+https://github.com/rust-lang/crates.io-index";

const Reader& cargo_reader() {
  const Reader* reader = reader_for_type("Cargo.lock");
  EXPECT_NE(reader, nullptr);
  return *reader;
}

Lockfile parse(const std::string& text, const std::string& path = "Cargo.lock") {
  return cargo_reader().read(path, text);
}

std::string with_crlf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

void expect_same(const Lockfile& a, const Lockfile& b) {
  EXPECT_EQ(a.format, b.format);
  EXPECT_EQ(a.version, b.version);
  ASSERT_EQ(a.packages.size(), b.packages.size());
  for (std::size_t i = 0; i < a.packages.size(); ++i) {
    const Package& x = a.packages[i];
    const Package& y = b.packages[i];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.version, y.version);
    EXPECT_EQ(x.source, y.source);
    EXPECT_EQ(x.integrity, y.integrity);
    EXPECT_EQ(x.line, y.line) << x.name;
    EXPECT_EQ(x.is_root, y.is_root);
    EXPECT_EQ(x.is_local, y.is_local);
  }
  ASSERT_EQ(a.edges.size(), b.edges.size());
  for (std::size_t i = 0; i < a.edges.size(); ++i) {
    EXPECT_EQ(a.edges[i].from, b.edges[i].from);
    EXPECT_EQ(a.edges[i].to, b.edges[i].to);
  }
}

// Both front ends: canonical text (line scanner) and CRLF text (toml++) must give one answer.
Lockfile parse_both_ways(const std::string& text) {
  Lockfile lock = parse(text);
  expect_same(lock, parse(with_crlf(text)));
  return lock;
}

std::size_t index_of(const Lockfile& lock, const std::string& name, const std::string& version) {
  for (std::size_t i = 0; i < lock.packages.size(); ++i)
    if (lock.packages[i].name == name && lock.packages[i].version == version) return i;
  ADD_FAILURE() << "no package " << name << " " << version;
  return 0;
}

std::vector<std::pair<std::string, std::string>> edge_names(const Lockfile& lock) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Edge& edge : lock.edges) {
    const Package& from = lock.packages[edge.from];
    const Package& to = lock.packages[edge.to];
    EXPECT_EQ(edge.kind, DepKind::Normal);
    out.emplace_back(from.name + "@" + from.version, to.name + "@" + to.version);
  }
  return out;
}

// ---- Real lockfiles ---------------------------------------------------------------------------

struct RealCase {
  const char* file;
  const char* version;
};

class RealLockfile : public ::testing::TestWithParam<RealCase> {};

std::string unquote(std::string_view value) {
  value = trim(value);
  return std::string(value.substr(1, value.size() - 2));
}

// Everything below is read from the text line by line, independently of the reader.
TEST_P(RealLockfile, MatchesTheTextLineByLine) {
  std::string text = read_file(kFixtures + GetParam().file);
  Lockfile lock = parse_both_ways(text);
  EXPECT_EQ(lock.format, "Cargo.lock");
  EXPECT_EQ(lock.version, GetParam().version);
  EXPECT_EQ(lock.ecosystem, Ecosystem::CratesIo);

  std::vector<std::string_view> lines = split(text, '\n');
  std::map<std::string, std::string> metadata;  // "name version (source)" -> checksum
  std::size_t headers = 0, dependency_lines = 0;
  for (std::string_view line : lines) {
    if (line == "[[package]]" || line == "[root]") ++headers;
    if (starts_with(line, " \"")) ++dependency_lines;
    if (starts_with(line, "\"checksum ")) {
      std::size_t eq = line.find("\" = \"");
      metadata[std::string(line.substr(10, eq - 10))] = unquote(line.substr(eq + 4));
    }
  }
  ASSERT_EQ(lock.packages.size(), headers);
  ASSERT_EQ(lock.edges.size(), dependency_lines);

  std::size_t edge = 0;
  for (std::size_t p = 0; p < lock.packages.size(); ++p) {
    const Package& package = lock.packages[p];
    ASSERT_GE(package.line, 1);
    EXPECT_TRUE(lines[package.line - 1] == "[[package]]" || lines[package.line - 1] == "[root]");
    std::string source, checksum, name, version;
    for (std::size_t l = package.line; l < lines.size() && !lines[l].empty(); ++l) {
      std::string_view line = lines[l];
      if (starts_with(line, "name = ")) name = unquote(line.substr(7));
      if (starts_with(line, "version = ")) version = unquote(line.substr(10));
      if (starts_with(line, "source = ")) source = unquote(line.substr(9));
      if (starts_with(line, "checksum = ")) checksum = unquote(line.substr(11));
      if (!starts_with(line, " \"")) continue;
      // The i-th dependency line is the i-th edge: its target is named by the string.
      std::string dependency = unquote(line.substr(0, line.rfind('"') + 1));
      std::vector<std::string_view> id = split(dependency, ' ');
      ASSERT_LT(edge, lock.edges.size());
      EXPECT_EQ(lock.edges[edge].from, p);
      const Package& target = lock.packages[lock.edges[edge].to];
      EXPECT_EQ(target.name, id[0]) << line;
      if (id.size() > 1) {
        EXPECT_EQ(target.version, id[1]) << line;
      }
      ++edge;
    }
    EXPECT_EQ(package.name, name);
    EXPECT_EQ(package.version, version);
    EXPECT_EQ(package.source, source == kCratesIo ? "" : source);
    EXPECT_EQ(package.is_local, source.empty());
    EXPECT_EQ(package.is_root, source.empty());
    if (checksum.empty()) {
      auto it = metadata.find(name + " " + version + " (" + source + ")");
      if (it != metadata.end()) checksum = it->second;
    }
    EXPECT_EQ(package.integrity, checksum) << name;
  }
}

INSTANTIATE_TEST_SUITE_P(Cargo, RealLockfile,
                         ::testing::Values(RealCase{"real-hexyl-v1.lock", "1"}, RealCase{"real-hexyl-v2.lock", "2"},
                                           RealCase{"real-hexyl-v3.lock", "3"}, RealCase{"real-hexyl-v4.lock", "4"},
                                           RealCase{"real-cargo-2014-root.lock", "1"}));

TEST(CargoLock, OldLockfileDependsOnGitSourceWithoutItsRevision) {
  // "hamcrest 0.1.0 (git+https://github.com/carllerche/hamcrest-rust.git)" names the package whose
  // source carries "#4ae58da…": cargo matches git sources without the revision.
  Lockfile lock = parse(read_file(kFixtures + "real-cargo-2014-root.lock"));
  std::size_t cargo = index_of(lock, "cargo", "0.1.0");
  std::size_t hamcrest = index_of(lock, "hamcrest", "0.1.0");
  EXPECT_EQ(lock.packages[hamcrest].source,
            "git+https://github.com/carllerche/hamcrest-rust.git#4ae58daf0b3a853ffd3109e63f94d43e8e623769");
  EXPECT_EQ(cargo, 0u);  // [root] first, as cargo reads it
  EXPECT_TRUE(lock.packages[cargo].is_root);
  bool found = false;
  for (const Edge& edge : lock.edges) found = found || (edge.from == cargo && edge.to == hamcrest);
  EXPECT_TRUE(found);
}

// ---- Hand-written fixtures --------------------------------------------------------------------

TEST(CargoLock, Version1TakesChecksumsFromMetadata) {
  Lockfile lock = parse_both_ways(read_file(kFixtures + "v1-metadata.lock"));
  EXPECT_EQ(lock.version, "1");
  ASSERT_EQ(lock.packages.size(), 5u);
  const Package& old_itoa = lock.packages[index_of(lock, "itoa", "0.4.8")];
  EXPECT_EQ(old_itoa.integrity, "b71991ff56294aa922b450139ee08b3bfc70982c6b2c7562771375cf73542dd4");
  EXPECT_EQ(old_itoa.source, "");  // crates.io is the default registry
  EXPECT_EQ(old_itoa.line, 18);
  EXPECT_FALSE(old_itoa.is_local);
  const Package& private_crate = lock.packages[index_of(lock, "private", "2.0.0")];
  EXPECT_EQ(private_crate.integrity, "");  // "<none>"
  EXPECT_EQ(private_crate.source, "registry+https://example.com/index");
  const Package& helper = lock.packages[index_of(lock, "helper", "0.1.0")];
  EXPECT_TRUE(helper.is_local);
  EXPECT_TRUE(helper.is_root);
  using E = std::pair<std::string, std::string>;
  EXPECT_EQ(edge_names(lock), (std::vector<E>{{"app@0.1.0", "helper@0.1.0"},
                                              {"app@0.1.0", "itoa@0.4.8"},
                                              {"app@0.1.0", "itoa@1.0.9"},
                                              {"app@0.1.0", "private@2.0.0"},
                                              {"helper@0.1.0", "itoa@1.0.9"}}));
}

TEST(CargoLock, Version2HasInlineChecksumsAndShortIds) {
  Lockfile lock = parse_both_ways(read_file(kFixtures + "v2.lock"));
  EXPECT_EQ(lock.version, "2");
  EXPECT_EQ(lock.packages[index_of(lock, "ryu", "1.0.15")].integrity,
            "1ad4cc8da4ef723ed60bced201181d83791ad433213d8c24efffda1eec85d741");
  using E = std::pair<std::string, std::string>;
  EXPECT_EQ(edge_names(lock),
            (std::vector<E>{{"app@0.1.0", "itoa@0.4.8"}, {"app@0.1.0", "itoa@1.0.9"}, {"app@0.1.0", "ryu@1.0.15"}}));
}

TEST(CargoLock, Version3DisambiguatesByVersionThenSource) {
  Lockfile lock = parse_both_ways(read_file(kFixtures + "v3-sources.lock"));
  EXPECT_EQ(lock.version, "3");
  ASSERT_EQ(lock.packages.size(), 6u);
  std::size_t app = index_of(lock, "app", "0.1.0");
  std::vector<std::size_t> targets;
  for (const Edge& edge : lock.edges)
    if (edge.from == app) targets.push_back(edge.to);
  ASSERT_EQ(targets.size(), 5u);
  EXPECT_EQ(lock.packages[targets[0]].version, "1.3.2");
  EXPECT_EQ(lock.packages[targets[1]].version, "2.4.1");
  EXPECT_EQ(lock.packages[targets[2]].source,
            "git+https://github.com/rust-lang/log?branch=master#4c1e8a0b0d3e5f4a9b2c6d7e8f9a0b1c2d3e4f5a");
  EXPECT_EQ(lock.packages[targets[2]].line, 31);
  EXPECT_EQ(lock.packages[targets[3]].source, "");
  EXPECT_EQ(lock.packages[targets[3]].line, 36);
  EXPECT_EQ(lock.packages[targets[4]].name, "serde");
  EXPECT_FALSE(lock.packages[targets[2]].is_local);  // git is remote code, not a local path
}

TEST(CargoLock, Version4WorkspaceMembersAndPathCratesAreLocalRoots) {
  Lockfile lock = parse_both_ways(read_file(kFixtures + "v4-workspace.lock"));
  EXPECT_EQ(lock.version, "4");
  std::vector<std::string> roots;
  for (const Package& package : lock.packages) {
    EXPECT_EQ(package.is_root, package.is_local);
    if (package.is_root) roots.push_back(package.name);
  }
  EXPECT_EQ(roots, (std::vector<std::string>{"member-a", "member-b", "vendored-util"}));
  EXPECT_EQ(lock.packages[index_of(lock, "rand", "0.8.5")].source, "");  // sparse crates.io
  EXPECT_EQ(lock.packages[index_of(lock, "internal-crate", "1.0.0")].source,
            "sparse+https://registry.example.com/index/");
  EXPECT_EQ(lock.packages[index_of(lock, "tool", "0.9.0")].source,
            "git+https://github.com/example/tool?tag=v0.9.0#9d1b7c0e4f3a2b6c8d0e1f2a3b4c5d6e7f8a9b0c");
  EXPECT_EQ(lock.edges.size(), 6u);
}

TEST(CargoLock, HandEditedLayoutMeansTheSameAsCargosLayout) {
  std::string canonical = read_file(kFixtures + "v3-sources.lock");
  std::string edited = canonical;
  // Same document, written in ways only the general TOML path accepts.
  edited.replace(edited.find("version = 3"), 11, "version = 3 # bumped by hand");
  edited.replace(edited.find("name = \"serde\""), 14, "name='serde'");
  const std::string array = "dependencies = [\n \"serde\",\n]";
  edited.replace(edited.find(array), array.size(), "dependencies = [ \"serde\", # kept\n\n]");
  Lockfile from_edit = parse(edited);
  expect_same(parse(canonical), from_edit);
}

TEST(CargoLock, ReplaceAddsAnEdgeToTheReplacement) {
  Lockfile lock = parse_both_ways(
      "[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"foo 1.0.0 "
      "(registry+https://github.com/rust-lang/crates.io-index)\",\n]\n\n"
      "[[package]]\nname = \"foo\"\nversion = \"1.0.0\"\nsource = "
      "\"registry+https://github.com/rust-lang/crates.io-index\"\nreplace = \"foo 1.0.0 "
      "(git+https://example.com/foo#abc)\"\n\n"
      "[[package]]\nname = \"foo\"\nversion = \"1.0.0\"\nsource = \"git+https://example.com/foo#abc\"\n");
  using E = std::pair<std::string, std::string>;
  EXPECT_EQ(edge_names(lock), (std::vector<E>{{"app@0.1.0", "foo@1.0.0"}, {"foo@1.0.0", "foo@1.0.0"}}));
  EXPECT_EQ(lock.packages[lock.edges[1].to].source, "git+https://example.com/foo#abc");
}

TEST(CargoLock, UnusedPatchesAreNotPackages) {
  Lockfile lock = parse(
      "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n\n"
      "[[patch.unused]]\nname = \"bar\"\nversion = \"0.2.0\"\nsource = \"git+https://example.com/bar#1\"\n");
  ASSERT_EQ(lock.packages.size(), 1u);
  EXPECT_EQ(lock.packages[0].name, "app");
}

TEST(CargoLock, VersionWithoutMarkerFollowsCargosRules) {
  // No `version`, no checksum, full ids: cargo reads v1 ...
  EXPECT_EQ(parse("[[package]]\nname = \"a\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"b\"\nversion = "
                  "\"0.1.0\"\ndependencies = [\n \"a 0.1.0\",\n]\n")
                .version,
            "1");
  // ... except a single package ending in exactly one newline, which only v2 writes.
  EXPECT_EQ(parse("[[package]]\nname = \"a\"\nversion = \"0.1.0\"\n").version, "2");
  EXPECT_EQ(parse("[[package]]\nname = \"a\"\nversion = \"0.1.0\"\n\n").version, "1");
  // A name-only dependency is a v2 id.
  EXPECT_EQ(parse("[[package]]\nname = \"a\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"b\"\nversion = "
                  "\"0.1.0\"\ndependencies = [\n \"a\",\n]\n")
                .version,
            "2");
  EXPECT_EQ(parse("").packages.size(), 0u);
}

// ---- Errors -----------------------------------------------------------------------------------

TEST(CargoLock, ConflictMarkersAreReportedFirst) {
  try {
    parse(read_file(kFixtures + "conflict.lock"), "Cargo.lock");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.line(), 14);
    EXPECT_NE(error.message().find("merge conflict"), std::string::npos) << error.what();
  }
}

struct BadCase {
  const char* name;
  const char* text;
  int line;
  int column;  // 0: not checked (toml++ decides)
  const char* message;
};

class MalformedLockfile : public ::testing::TestWithParam<BadCase> {};

TEST_P(MalformedLockfile, ReportsWhereAndWhat) {
  const BadCase& bad = GetParam();
  for (const std::string& text : {std::string(bad.text), with_crlf(bad.text)}) {
    try {
      parse(text, "x/Cargo.lock");
      ADD_FAILURE() << bad.name << ": expected an error";
    } catch (const Error& error) {
      EXPECT_EQ(error.path(), "x/Cargo.lock");
      EXPECT_EQ(error.line(), bad.line) << error.what();
      if (bad.column != 0) {
        EXPECT_EQ(error.column(), bad.column) << error.what();
      }
      EXPECT_NE(error.message().find(bad.message), std::string::npos) << error.what();
    }
  }
}

class DependencyWarning : public ::testing::TestWithParam<BadCase> {};

TEST_P(DependencyWarning, ListsEveryPackageAndWarnsAtTheDependency) {
  const BadCase& bad = GetParam();
  for (const std::string& text : {std::string(bad.text), with_crlf(bad.text)}) {
    Lockfile lock = parse(text, "x/Cargo.lock");
    std::size_t headers = 0;
    for (std::string_view line : split(text, '\n')) headers += trim(line) == "[[package]]";
    EXPECT_EQ(lock.packages.size(), headers) << bad.name;
    EXPECT_TRUE(lock.edges.empty()) << bad.name;
    ASSERT_EQ(lock.warnings.size(), 1u) << bad.name;
    EXPECT_EQ(lock.warnings[0].location.path, "x/Cargo.lock");
    EXPECT_EQ(lock.warnings[0].location.line, bad.line) << lock.warnings[0].message;
    EXPECT_EQ(lock.warnings[0].location.column, bad.column) << lock.warnings[0].message;
    EXPECT_NE(lock.warnings[0].message.find(bad.message), std::string::npos) << lock.warnings[0].message;
  }
}

const char* const kTwoItoa =
    "version = 3\n\n[[package]]\nname = \"itoa\"\nversion = \"0.4.8\"\n\n[[package]]\nname = \"itoa\"\nversion = "
    "\"1.0.9\"\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"itoa\",\n]\n";

INSTANTIATE_TEST_SUITE_P(
    Cargo, MalformedLockfile,
    ::testing::Values(
        BadCase{"BadToml", "version = 4\n\n[[package]]\nname = \"a\"\nversion = \n", 5, 0, "invalid TOML"},
        BadCase{"MissingName", "version = 4\n\n[[package]]\nversion = \"1.0.0\"\n", 3, 1, "no `name`"},
        BadCase{"MissingVersion", "version = 4\n\n[[package]]\nname = \"a\"\n", 3, 1, "no `version`"},
        BadCase{"NameNotString", "version = 4\n\n[[package]]\nname = 5\nversion = \"1\"\n", 4, 0,
                "`name` to be a string"},
        BadCase{"Duplicate",
                "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n\n[[package]]\nname = "
                "\"a\"\nversion = \"1.0.0\"\n",
                7, 1, "declared twice (first at line 3)"},
        BadCase{"DependenciesNotArray", "[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = \"b\"\n", 4, 0,
                "array of strings"},
        BadCase{"FutureVersion", "version = 5\n", 1, 1, "version 5 is not supported"},
        BadCase{"UnknownSourceKind",
                "[[package]]\nname = \"a\"\nversion = \"1\"\nsource = \"svn+https://example.com\"\n\n", 1, 1,
                "unsupported source"}));

// Issue 11: a dependency that names no package, several, or is malformed is a Warning at its
// line and column; every package is still listed and only that edge is left out.
INSTANTIATE_TEST_SUITE_P(
    Cargo, DependencyWarning,
    ::testing::Values(
        BadCase{"UnknownDependency",
                "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\ndependencies = [\n \"b\",\n]\n", 7, 2,
                "dependency \"b\" of `a 1.0.0` matches no [[package]]"},
        BadCase{"AmbiguousDependency", kTwoItoa, 15, 2, "is ambiguous"},
        BadCase{"MalformedDependency",
                "[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = [\n \"a 1 registry\",\n]\n", 5, 2,
                "is malformed"}));

// ---- Shared real-world data -------------------------------------------------------------------

TEST(CargoLock, SpringtaleLockfileHasEveryPackage) {
  std::string path = std::string(TOCSIN_SHARED) + "/fixtures/springtale/Cargo.lock";
  TOCSIN_NEED_SHARED(path);
  std::string text = read_file(path);
  std::size_t headers = 0;
  for (std::string_view line : split(text, '\n')) headers += line == "[[package]]";
  Lockfile lock = read_lockfile(path);
  EXPECT_EQ(lock.packages.size(), headers);
  EXPECT_EQ(lock.version, "4");
  expect_same(lock, parse(with_crlf(text)));
}

}  // namespace
}  // namespace tocsin::lockfile
