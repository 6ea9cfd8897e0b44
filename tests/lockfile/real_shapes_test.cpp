// Issue 11: lockfile shapes found in the wild that were refused or misread.
#include <gtest/gtest.h>

#include <string>

#include "lockfile/lockfile.h"

namespace tocsin::lockfile {
namespace {

Lockfile read_as(std::string_view type, const std::string& text) {
  return reader_for_type(type)->read(std::string(type), text);
}

TEST(RealShapes, PackageLockV2WithOnlyDependenciesIsReadAsNpmDoes) {
  Lockfile lock = read_as("package-lock.json",
                          "{\"name\": \"app\", \"lockfileVersion\": 2,\n \"dependencies\": {\n"
                          "  \"a\": {\"version\": \"1.2.3\", \"requires\": {\"b\": \"^2\"}},\n"
                          "  \"b\": {\"version\": \"2.0.0\"}\n }\n}\n");
  ASSERT_EQ(lock.packages.size(), 3u);  // the project, a, b
  EXPECT_EQ(lock.packages[1].name, "a");
  EXPECT_EQ(lock.packages[1].version, "1.2.3");
  EXPECT_EQ(lock.packages[1].line, 3);
  ASSERT_EQ(lock.edges.size(), 1u);
  ASSERT_EQ(lock.warnings.size(), 1u);
  EXPECT_NE(lock.warnings[0].message.find("without a \"packages\" object"), std::string::npos);
}

TEST(RealShapes, PackageLockNumericVersionIsListedWithAWarning) {
  Lockfile lock = read_as("package-lock.json",
                          "{\"lockfileVersion\": 3, \"packages\": {\n  \"\": {\"name\": \"app\"},\n"
                          "  \"node_modules/a\": {\"version\": 1}\n}}\n");
  ASSERT_EQ(lock.packages.size(), 2u);
  EXPECT_EQ(lock.packages[1].version, "1");
  ASSERT_EQ(lock.warnings.size(), 1u);
  EXPECT_EQ(lock.warnings[0].location.line, 3);
  EXPECT_EQ(lock.warnings[0].location.column, 22);
  EXPECT_NE(lock.warnings[0].message.find("\"version\" is 1, not a string"), std::string::npos);
}

TEST(RealShapes, PipfileLockKeepsBothPinsOfOnePackage) {
  Lockfile lock = read_as("Pipfile.lock",
                          "{\"_meta\": {\"pipfile-spec\": 6},\n \"default\": {\"idna\": {\"version\": \"==3.7\"},"
                          " \"six\": {\"version\": \"==1.16.0\"}},\n \"develop\": {\"idna\": {\"version\": \"==2.10\"},"
                          " \"six\": {\"version\": \"==1.16.0\"}}}\n");
  ASSERT_EQ(lock.packages.size(), 3u);
  int idna = 0;
  for (const Package& package : lock.packages) {
    if (package.name != "idna") continue;
    ++idna;
    EXPECT_EQ((package.flags & kFlagDev) != 0, package.version == "2.10") << package.version;
  }
  EXPECT_EQ(idna, 2);
}

}  // namespace
}  // namespace tocsin::lockfile
