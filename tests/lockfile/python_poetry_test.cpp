// poetry.lock: lock-version 1.1 (category, [metadata.files]) and 2.1 (groups, files).
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

Lockfile read_text(std::string_view content) { return reader_for_type("poetry.lock")->read("poetry.lock", content); }

TEST(PoetryLock, RealLockVersion11FromPoetry1) {
  // 000hcl/tictactoe; expected values computed with Python's tomllib (see SOURCES.md).
  Lockfile lockfile = read_lockfile(kDir + "real_poetry/poetry.lock");
  EXPECT_EQ(lockfile.format, "poetry.lock");
  EXPECT_EQ(lockfile.version, "1.1");
  EXPECT_EQ(lockfile.ecosystem, Ecosystem::PyPI);
  ASSERT_EQ(lockfile.packages.size(), 24u);
  EXPECT_EQ(lockfile.edges.size(), 24u);
  auto dev = std::count_if(lockfile.packages.begin(), lockfile.packages.end(),
                           [](const Package& package) { return package.flags & kFlagDev; });
  EXPECT_EQ(dev, 23);
  const Package& invoke = lockfile.packages[index_of(lockfile, "invoke")];
  EXPECT_EQ(invoke.flags, 0);
  EXPECT_EQ(invoke.line, 93);
  const Package& astroid = lockfile.packages[index_of(lockfile, "astroid")];
  EXPECT_EQ(astroid.line, 1);
  EXPECT_EQ(astroid.version, "2.6.5");
  EXPECT_EQ(astroid.integrity,  // from [metadata.files]
            "sha256:7b963d1c590d490f60d2973e57437115978d3a2529843f160b5003b721e1e925 "
            "sha256:83e494b02d75d07d4e347b27c066fd791c0c74fc96c613d1ea3de0c82c48168f");
  EXPECT_TRUE(has_edge(lockfile, index_of(lockfile, "pylint"), index_of(lockfile, "astroid"), DepKind::Normal));
  for (const Package& package : lockfile.packages) {
    EXPECT_FALSE(package.is_root);
    EXPECT_TRUE(package.source.empty());
  }
}

TEST(PoetryLock, WrittenLockVersion21) {
  Lockfile lockfile = read_lockfile(kDir + "written/poetry.lock");
  EXPECT_EQ(lockfile.version, "2.1");
  ASSERT_EQ(lockfile.packages.size(), 8u);
  const Package& certifi = lockfile.packages[index_of(lockfile, "certifi")];  // written "Certifi"
  EXPECT_EQ(certifi.line, 3);
  EXPECT_EQ(certifi.integrity,
            "sha256:dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c6ca24a754d1cdd1 "
            "sha256:0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f");
  EXPECT_EQ(certifi.flags, 0);
  EXPECT_EQ(lockfile.packages[index_of(lockfile, "pysocks")].flags, kFlagOptional);
  EXPECT_EQ(lockfile.packages[index_of(lockfile, "pytest")].flags, kFlagDev);
  EXPECT_EQ(lockfile.packages[index_of(lockfile, "flask")].flags, 0);  // in "main" and "dev"

  const Package& mylib = lockfile.packages[index_of(lockfile, "mylib")];
  EXPECT_EQ(mylib.source, "libs/mylib");
  EXPECT_TRUE(mylib.is_local);
  EXPECT_EQ(mylib.flags, kFlagDev);
  const Package& flask = lockfile.packages[index_of(lockfile, "flask")];
  EXPECT_EQ(flask.source, "git+https://github.com/pallets/flask.git#9a1c9ab8da9fa2ee0d1a5d6c1fa6e8a3b6aa6d2b");
  EXPECT_FALSE(flask.is_local);

  std::uint32_t requests = index_of(lockfile, "requests");
  EXPECT_EQ(lockfile.edges.size(), 5u);
  EXPECT_TRUE(has_edge(lockfile, requests, index_of(lockfile, "certifi"), DepKind::Normal));
  EXPECT_TRUE(has_edge(lockfile, requests, index_of(lockfile, "urllib3", "1.26.18"), DepKind::Normal));
  EXPECT_TRUE(has_edge(lockfile, requests, index_of(lockfile, "urllib3", "2.2.1"), DepKind::Normal));
  EXPECT_TRUE(has_edge(lockfile, requests, index_of(lockfile, "pysocks"), DepKind::Optional));
  EXPECT_TRUE(has_edge(lockfile, index_of(lockfile, "pytest"), index_of(lockfile, "mylib"), DepKind::Normal));
}

TEST(PoetryLock, MalformedInputsGiveExactLines) {
  struct Case {
    std::string content;
    int line;
    int column;
  };
  for (const Case& c : {
           Case{"[[package]]\nname = \"a\"\nversion = \"1\"\n\n[[package]]\nname = \"b\"\n", 5, 1},  // no version
           Case{"[[package]]\nversion = \"1\"\n", 1, 1},                                             // no name
           Case{"[[package]]\nname = \"a\"\nversion = 1 2\n", 3, 13},                                // bad TOML
           Case{"[[package]]\nname = \"a\"\n<<<<<<< ours\n", 3, 1},                                  // conflict
           Case{"package = 3\n", 1, 11},                                                             // not tables
       }) {
    try {
      read_text(c.content);
      ADD_FAILURE() << "no error for: " << c.content;
    } catch (const Error& error) {
      EXPECT_EQ(error.path(), "poetry.lock");
      EXPECT_EQ(error.line(), c.line) << c.content << ": " << error.what();
      if (c.column != 1) {
        EXPECT_EQ(error.column(), c.column) << error.what();
      }
    }
  }
}

TEST(PoetryLock, EmptyLockHasNoPackages) {
  Lockfile lockfile = read_text("[metadata]\nlock-version = \"2.0\"\n");
  EXPECT_EQ(lockfile.version, "2.0");
  EXPECT_TRUE(lockfile.packages.empty());
}

}  // namespace
}  // namespace tocsin::lockfile
