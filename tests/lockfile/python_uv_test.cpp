// uv.lock: roots, sources, forks with versioned dependencies, optional and dev edges.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/error.h"
#include "lockfile/lockfile.h"
#include "lockfile/lockfile_test_util.h"

namespace tocsin::lockfile {
namespace {

const std::string kDir = std::string(TOCSIN_FIXTURES) + "/lockfile/python/";

using testing::has_edge;
using testing::index_of;

Lockfile read_text(std::string_view content) { return reader_for_type("uv.lock")->read("uv.lock", content); }

TEST(UvLock, RealProjectWithDevGroup) {
  // bernikr/pre-commit-ruff-version-sync; expected values computed with Python's tomllib.
  Lockfile lockfile = read_lockfile(kDir + "real_uv/uv.lock");
  EXPECT_EQ(lockfile.format, "uv.lock");
  EXPECT_EQ(lockfile.version, "1 revision 3");
  ASSERT_EQ(lockfile.packages.size(), 16u);
  EXPECT_EQ(lockfile.edges.size(), 16u);
  std::uint32_t root = index_of(lockfile, "pre-commit-ruff-version-sync");
  EXPECT_TRUE(lockfile.packages[root].is_root);
  EXPECT_TRUE(lockfile.packages[root].is_local);
  EXPECT_EQ(lockfile.packages[root].line, 119);
  EXPECT_EQ(
      std::count_if(lockfile.packages.begin(), lockfile.packages.end(), [](const Package& p) { return p.is_root; }), 1);
  const Package& pyyaml = lockfile.packages[index_of(lockfile, "pyyaml")];
  EXPECT_EQ(pyyaml.line, 146);
  EXPECT_EQ(pyyaml.version, "6.0.3");
  EXPECT_EQ(pyyaml.source, "");  // the default registry
  EXPECT_EQ(pyyaml.integrity.rfind("sha256:d76623373421df22fb4cf8817020cbb7ef15c725b9d5e45f17e189bfc384190f", 0), 0u);
  EXPECT_EQ(std::count(pyyaml.integrity.begin(), pyyaml.integrity.end(), ' '), 28);  // sdist + 28 wheels
  EXPECT_TRUE(has_edge(lockfile, root, index_of(lockfile, "pyyaml"), DepKind::Normal));
  EXPECT_TRUE(has_edge(lockfile, root, index_of(lockfile, "mypy"), DepKind::Dev));
  EXPECT_FALSE(has_edge(lockfile, root, index_of(lockfile, "mypy"), DepKind::Normal));
}

TEST(UvLock, WrittenWorkspaceForkAndSources) {
  Lockfile lockfile = read_lockfile(kDir + "written/uv.lock");
  EXPECT_EQ(lockfile.version, "1 revision 2");
  ASSERT_EQ(lockfile.packages.size(), 7u);
  std::uint32_t app = index_of(lockfile, "app");
  std::uint32_t tools = index_of(lockfile, "tools");
  EXPECT_TRUE(lockfile.packages[app].is_root);
  EXPECT_EQ(lockfile.packages[app].line, 14);
  EXPECT_TRUE(lockfile.packages[tools].is_root);  // virtual member without a version
  EXPECT_EQ(lockfile.packages[tools].version, "");
  EXPECT_EQ(lockfile.packages[tools].source, "tools");

  const Package& flask = lockfile.packages[index_of(lockfile, "flask")];
  EXPECT_EQ(flask.source, "git+https://github.com/pallets/flask?rev=3.0.0#9a1c9ab8da9fa2ee0d1a5d6c1fa6e8a3b6aa6d2b");
  EXPECT_FALSE(flask.is_local);
  const Package& wheel = lockfile.packages[index_of(lockfile, "localwheel")];
  EXPECT_TRUE(wheel.is_local);
  EXPECT_FALSE(wheel.is_root);
  EXPECT_EQ(wheel.integrity, "sha256:1111111111111111111111111111111111111111111111111111111111111111");
  EXPECT_EQ(lockfile.packages[index_of(lockfile, "private-lib")].source, "https://pypi.example.com/simple");

  std::uint32_t numpy1 = index_of(lockfile, "numpy", "1.26.4");
  std::uint32_t numpy2 = index_of(lockfile, "numpy", "2.0.1");
  EXPECT_EQ(lockfile.packages[numpy1].line, 48);
  EXPECT_EQ(lockfile.packages[numpy2].line, 60);
  ASSERT_EQ(lockfile.edges.size(), 7u);
  EXPECT_TRUE(has_edge(lockfile, app, numpy1, DepKind::Normal));
  EXPECT_TRUE(has_edge(lockfile, app, numpy2, DepKind::Normal));
  EXPECT_TRUE(has_edge(lockfile, app, index_of(lockfile, "private-lib"), DepKind::Normal));  // "Private_Lib"
  EXPECT_TRUE(has_edge(lockfile, app, index_of(lockfile, "flask"), DepKind::Optional));
  EXPECT_TRUE(has_edge(lockfile, app, index_of(lockfile, "localwheel"), DepKind::Dev));
  EXPECT_TRUE(has_edge(lockfile, app, tools, DepKind::Dev));
  EXPECT_TRUE(has_edge(lockfile, tools, numpy2, DepKind::Normal));  // the fork's version picks one
  EXPECT_FALSE(has_edge(lockfile, tools, numpy1, DepKind::Normal));
}

TEST(UvLock, LegacyDistributionTables) {
  Lockfile lockfile = read_text(
      "version = 1\n\n[[distribution]]\nname = \"idna\"\nversion = \"3.6\"\n"
      "source = { registry = \"https://pypi.org/simple\" }\n");
  ASSERT_EQ(lockfile.packages.size(), 1u);
  EXPECT_EQ(lockfile.packages[0].line, 3);
  EXPECT_EQ(lockfile.version, "1");
}

TEST(UvLock, MalformedInputsGiveExactLines) {
  struct Case {
    std::string content;
    int line;
    int column;
  };
  const std::string registry = "source = { registry = \"https://pypi.org/simple\" }\n";
  for (const Case& c : {
           Case{"version = 1\n[[package]]\nname = \"a\"\n" + registry, 2, 1},  // registry package without version
           Case{"[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = [{ name = \"ghost\" }]\n", 4, 17},
           Case{"[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = [\"b\"]\n", 4, 17},
           Case{"[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = [{ name = \"a\", version = \"2\" }]\n", 4,
                17},
           Case{"version = 1\n[[package]\n", 2, 11},
       }) {
    try {
      read_text(c.content);
      ADD_FAILURE() << "no error for: " << c.content;
    } catch (const Error& error) {
      EXPECT_EQ(error.path(), "uv.lock");
      EXPECT_EQ(error.line(), c.line) << c.content << ": " << error.what();
      EXPECT_EQ(error.column(), c.column) << c.content << ": " << error.what();
    }
  }
}

}  // namespace
}  // namespace tocsin::lockfile
