// requirements.txt: pip's line joining and comment rules, pins, URLs, hashes, dev file names.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/error.h"
#include "core/text.h"
#include "lockfile/lockfile.h"
#include "lockfile/python_names.h"

namespace tocsin::lockfile {
namespace {

const std::string kWritten = std::string(TOCSIN_FIXTURES) + "/lockfile/python/written/requirements.txt";

const Reader& reader() {
  const Reader* found = reader_for_type("requirements.txt");
  EXPECT_NE(found, nullptr);
  return *found;
}

Lockfile read_text(const std::string& path, std::string_view content) { return reader().read(path, content); }

const Package& package_named(const Lockfile& lockfile, std::string_view name) {
  auto it = std::find_if(lockfile.packages.begin(), lockfile.packages.end(),
                         [&](const Package& package) { return package.name == name; });
  if (it == lockfile.packages.end()) throw std::runtime_error("no package " + std::string(name));
  return *it;
}

TEST(RequirementsTxt, FileNamesThatSelectTheReader) {
  for (std::string_view name : {"requirements.txt", "requirements-dev.txt", "requirements_test.txt",
                                "requirements.prod.txt", "dev-requirements.txt", "test_requirements.txt"}) {
    const Reader* found = reader_for_filename(name);
    ASSERT_NE(found, nullptr) << name;
    EXPECT_EQ(found->canonical_name(), "requirements.txt") << name;
  }
  for (std::string_view name : {"requirements.in", "notes.txt", "requirements", "myrequirements.txt"})
    EXPECT_TRUE(reader_for_filename(name) == nullptr ||
                reader_for_filename(name)->canonical_name() != "requirements.txt")
        << name;
}

TEST(RequirementsTxt, WrittenFixtureEveryLineKind) {
  Lockfile lockfile = read_lockfile(kWritten);
  EXPECT_EQ(lockfile.format, "requirements.txt");
  EXPECT_EQ(lockfile.ecosystem, Ecosystem::PyPI);
  EXPECT_TRUE(lockfile.edges.empty());
  ASSERT_EQ(lockfile.packages.size(), 12u);  // "-e ." names no package; -r/-c/--index-url are options

  const Package& certifi = package_named(lockfile, "certifi");
  EXPECT_EQ(certifi.version, "2024.2.2");
  EXPECT_EQ(certifi.line, 6);
  EXPECT_EQ(certifi.integrity,
            "sha256:0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f "
            "sha256:dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c6ca24a754d1cdd1");
  EXPECT_EQ(certifi.ecosystem, Ecosystem::PyPI);
  EXPECT_EQ(certifi.flags, 0);

  const Package& drf = package_named(lockfile, "django-rest-framework");  // PEP 503 normalized
  EXPECT_EQ(drf.version, "3.15.1");                                       // "===" arbitrary equality
  EXPECT_EQ(drf.line, 10);
  EXPECT_EQ(package_named(lockfile, "requests").version, "2.31.0");
  EXPECT_EQ(package_named(lockfile, "requests").line, 11);
  EXPECT_EQ(package_named(lockfile, "urllib3").version, "");  // unpinned: not locked
  EXPECT_EQ(package_named(lockfile, "idna").version, "");
  EXPECT_EQ(package_named(lockfile, "numpy").version, "");  // "==1.*" is a range, not a pin

  const Package& flask = package_named(lockfile, "flask");
  EXPECT_EQ(flask.source, "git+https://github.com/pallets/flask.git@3.0.0#egg=Flask");
  EXPECT_EQ(flask.version, "");
  EXPECT_FALSE(flask.is_local);
  const Package& local = package_named(lockfile, "local-pkg");
  EXPECT_EQ(local.source, "./libs/local_pkg");
  EXPECT_TRUE(local.is_local);

  const Package& six = package_named(lockfile, "six");  // sdist file name gives the version
  EXPECT_EQ(six.version, "1.16.0");
  EXPECT_FALSE(six.is_local);
  const Package& pillow = package_named(lockfile, "pillow");  // wheel file name too
  EXPECT_EQ(pillow.version, "10.2.0");
  EXPECT_TRUE(pillow.is_local);
  const Package& attrs = package_named(lockfile, "attrs");
  EXPECT_EQ(attrs.source, "https://github.com/python-attrs/attrs/archive/refs/tags/23.2.0.zip");
  EXPECT_EQ(attrs.version, "");

  const Package& tomli = package_named(lockfile, "tomli");
  EXPECT_EQ(tomli.version, "2.0.1");
  EXPECT_EQ(tomli.integrity, "sha256:939de3e7a6161af0c887ef91b7d41a53e7c5a415");
  EXPECT_EQ(tomli.line, 21);
}

TEST(RequirementsTxt, IncludesAreListedRelativeToTheFileNotFollowed) {
  std::string content = read_file(kWritten);
  std::vector<std::string> includes = requirements_txt_includes(kWritten, content);
  ASSERT_EQ(includes.size(), 1u);
  EXPECT_EQ(includes[0], std::string(TOCSIN_FIXTURES) + "/lockfile/python/written/base.txt");
  EXPECT_EQ(requirements_txt_includes("a/r.txt", "--requirement=../b.txt\n-r c.txt\n-c d.txt\n"),
            (std::vector<std::string>{"b.txt", "a/c.txt"}));
}

TEST(RequirementsTxt, DevAndTestFileNamesMarkPackagesDev) {
  for (std::string_view path : {"requirements-dev.txt", "ci/test-requirements.txt", "requirements_tests.txt"})
    EXPECT_EQ(read_text(std::string(path), "pytest==8.0.0\n").packages.at(0).flags, kFlagDev) << path;
  for (std::string_view path : {"requirements.txt", "requirements-devices.txt", "latest-requirements.txt"})
    EXPECT_EQ(read_text(std::string(path), "pytest==8.0.0\n").packages.at(0).flags, 0) << path;
}

TEST(RequirementsTxt, ContinuationsCommentsAndLineEndings) {
  // A comment line ends a continuation; CRLF is tolerated; "#" inside a URL is not a comment.
  Lockfile lockfile = read_text("requirements.txt",
                                "a==1 \\\r\n  --hash=sha256:aa\r\n# b==2 \\\nc==3\n"
                                "d @ https://x.test/d-4.tar.gz#sha256=ff\n"
                                "e==5 \\");
  ASSERT_EQ(lockfile.packages.size(), 4u);
  EXPECT_EQ(lockfile.packages[0].integrity, "sha256:aa");
  EXPECT_EQ(lockfile.packages[1].name, "c");
  EXPECT_EQ(lockfile.packages[1].line, 4);
  EXPECT_EQ(lockfile.packages[2].source, "https://x.test/d-4.tar.gz#sha256=ff");
  EXPECT_EQ(lockfile.packages[2].version, "4");
  EXPECT_EQ(lockfile.packages[3].version, "5");  // a file may end inside a continuation
}

TEST(RequirementsTxt, MalformedRequirementsGiveTheirLineAndColumn) {
  struct Case {
    std::string content;
    int line;
    int column;
  };
  for (const Case& c :
       {Case{"ok==1\n\n  [broken]==1\n", 3, 3}, Case{"a==1\nrequests==\n", 2, 9}, Case{"flask>=2 ;\n", 1, 10},
        Case{"x==1\n-e\n", 2, 1}, Case{"pkg (>=1\n", 1, 5}, Case{"a==1\n<<<<<<< HEAD\n", 2, 1}}) {
    try {
      read_text("requirements.txt", c.content);
      ADD_FAILURE() << "no error for: " << c.content;
    } catch (const Error& error) {
      EXPECT_EQ(error.path(), "requirements.txt");
      EXPECT_EQ(error.line(), c.line) << c.content;
      EXPECT_EQ(error.column(), c.column) << c.content << ": " << error.what();
    }
  }
}

TEST(RequirementsTxt, EmptyAndCommentOnlyFilesHaveNoPackages) {
  EXPECT_TRUE(read_text("requirements.txt", "").packages.empty());
  EXPECT_TRUE(read_text("requirements.txt", "# nothing\n\n   \n--pre\n").packages.empty());
}

}  // namespace
}  // namespace tocsin::lockfile
