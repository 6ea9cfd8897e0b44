// Pipfile.lock: default/develop sections, dev flags, sources, lines found in the raw JSON.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/error.h"
#include "lockfile/lockfile.h"

namespace tocsin::lockfile {
namespace {

const std::string kDir = std::string(TOCSIN_FIXTURES) + "/lockfile/python/";

const Package& package_named(const Lockfile& lockfile, std::string_view name) {
  auto it = std::find_if(lockfile.packages.begin(), lockfile.packages.end(),
                         [&](const Package& package) { return package.name == name; });
  if (it == lockfile.packages.end()) throw std::runtime_error("no package " + std::string(name));
  return *it;
}

Lockfile read_text(std::string_view content) { return reader_for_type("Pipfile.lock")->read("Pipfile.lock", content); }

TEST(PipfileLock, RealDjangoProject) {
  // chukaibejih/todo_app; expected values from Python's json module.
  Lockfile lockfile = read_lockfile(kDir + "real_pipfile/Pipfile.lock");
  EXPECT_EQ(lockfile.format, "Pipfile.lock");
  EXPECT_EQ(lockfile.version, "6");
  EXPECT_EQ(lockfile.ecosystem, Ecosystem::PyPI);
  ASSERT_EQ(lockfile.packages.size(), 13u);
  EXPECT_TRUE(lockfile.edges.empty());
  const Package& asgiref = package_named(lockfile, "asgiref");
  EXPECT_EQ(asgiref.version, "3.5.2");
  EXPECT_EQ(asgiref.line, 19);
  EXPECT_EQ(asgiref.integrity,
            "sha256:1d2880b792ae8757289136f1db2b7b99100ce959b2aa57fd69dab783d05afac4 "
            "sha256:4a29362a6acebe09bf1d6640db38c1dc3d9217c68e6f9f6204d72667fc19a424");
  EXPECT_EQ(package_named(lockfile, "tzdata").line, 115);
  EXPECT_EQ(package_named(lockfile, "django").source, "");  // index "pypi"
  for (const Package& package : lockfile.packages) EXPECT_EQ(package.flags, 0) << package.name;
}

TEST(PipfileLock, WrittenSectionsSourcesAndDevFlags) {
  Lockfile lockfile = read_lockfile(kDir + "written/Pipfile.lock");
  ASSERT_EQ(lockfile.packages.size(), 6u);  // six is in both sections: once
  const Package& django = package_named(lockfile, "django");
  EXPECT_EQ(django.version, "5.0.2");
  EXPECT_EQ(django.line, 24);
  EXPECT_EQ(django.flags, 0);
  const Package& corp = package_named(lockfile, "corp-tool");
  EXPECT_EQ(corp.source, "https://pypi.internal.example/simple");
  EXPECT_EQ(corp.integrity, "");
  const Package& mylib = package_named(lockfile, "mylib");
  EXPECT_EQ(mylib.version, "");
  EXPECT_EQ(mylib.source, "./libs/mylib");
  EXPECT_TRUE(mylib.is_local);
  const Package& requests = package_named(lockfile, "requests");
  EXPECT_EQ(requests.source, "git+https://github.com/psf/requests.git#0e322af87745eff34caffe4df68456ebc20d9068");
  EXPECT_FALSE(requests.is_local);
  const Package& six = package_named(lockfile, "six");
  EXPECT_EQ(six.flags, 0);
  EXPECT_EQ(six.line, 46);
  const Package& pytest = package_named(lockfile, "pytest");
  EXPECT_EQ(pytest.flags, kFlagDev);
  EXPECT_EQ(pytest.line, 54);
  EXPECT_EQ(pytest.version, "8.0.0");
}

TEST(PipfileLock, MalformedInputsGiveExactLines) {
  struct Case {
    std::string content;
    int line;
  };
  for (const Case& c : {
           Case{"{\n  \"default\": {\n    \"a\": {\"version\": \"==1\"},\n  }\n}\n", 4},  // trailing comma
           Case{"{\n  \"default\": [1]\n}\n", 2},
           Case{"{\n  \"default\": {\n    \"a\": 3\n  }\n}\n", 3},
           Case{"{\n  \"develop\": {\n    \"bad name!\": {}\n  }\n}\n", 3},
           Case{"[1, 2]\n", 1},
           Case{"{\n<<<<<<< HEAD\n}\n", 2},
       }) {
    try {
      read_text(c.content);
      ADD_FAILURE() << "no error for: " << c.content;
    } catch (const Error& error) {
      EXPECT_EQ(error.path(), "Pipfile.lock");
      EXPECT_EQ(error.line(), c.line) << c.content << ": " << error.what();
    }
  }
}

TEST(PipfileLock, MissingSectionsAreEmpty) {
  EXPECT_TRUE(read_text("{\"_meta\": {}}").packages.empty());
  EXPECT_EQ(read_text("{\"default\": {\"A_b\": {\"version\": \"===2\"}}}").packages.at(0).version, "2");
}

}  // namespace
}  // namespace tocsin::lockfile
