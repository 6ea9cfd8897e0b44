// pyproject.toml: PEP 621 / 518 / 735 tables, Poetry and uv tables, errors with positions.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/error.h"
#include "core/text.h"
#include "manifest/manifest.h"
#include "support/shared.h"

namespace tocsin::manifest {
namespace {

using lockfile::DepKind;

const std::string kDir = std::string(TOCSIN_FIXTURES) + "/manifest/python/";

Manifest read_fixture(const std::string& name) {
  std::string path = kDir + name;
  return read_pyproject_toml(path, read_file(path));
}

std::vector<const Dependency*> named(const Manifest& manifest, std::string_view name) {
  std::vector<const Dependency*> out;
  for (const Dependency& dependency : manifest.dependencies)
    if (dependency.name == name) out.push_back(&dependency);
  return out;
}

const Dependency& one(const Manifest& manifest, std::string_view name) {
  auto found = named(manifest, name);
  if (found.size() != 1) throw std::runtime_error("expected one dependency " + std::string(name));
  return *found[0];
}

TEST(PyprojectToml, WrittenEveryTable) {
  Manifest manifest = read_fixture("written.pyproject.toml");
  EXPECT_EQ(manifest.ecosystem, Ecosystem::PyPI);
  EXPECT_EQ(manifest.name, "Demo_App");  // the project's own name, as written
  EXPECT_EQ(manifest.version, "1.2.3");
  EXPECT_EQ(manifest.workspace_members, std::vector<std::string>{"packages/*"});
  EXPECT_EQ(manifest.workspace_exclude, std::vector<std::string>{"packages/legacy"});
  EXPECT_EQ(manifest.dependencies.size(), 18u);
  EXPECT_TRUE(named(manifest, "python").empty());

  const Dependency& requests = one(manifest, "requests");
  EXPECT_EQ(requests.kind, DepKind::Normal);
  EXPECT_EQ(requests.requirement, ">=2.31,<3");
  EXPECT_EQ(requests.target, "python_version >= '3.8'");
  EXPECT_EQ(requests.line, 10);
  const Dependency& drf = one(manifest, "django-rest-framework");
  EXPECT_EQ(drf.key, "Django_Rest.Framework");
  EXPECT_EQ(drf.requirement, "==3.15.1");
  EXPECT_EQ(one(manifest, "localpkg").path, "file:///opt/src/localpkg");
  EXPECT_EQ(one(manifest, "attrs").requirement, "@ https://github.com/python-attrs/attrs/archive/refs/tags/23.2.0.zip");

  const Dependency& psycopg = one(manifest, "psycopg");
  EXPECT_EQ(psycopg.kind, DepKind::Optional);
  EXPECT_TRUE(psycopg.optional);
  EXPECT_EQ(psycopg.group, "postgres");
  EXPECT_EQ(psycopg.line, 17);

  EXPECT_EQ(one(manifest, "hatchling").kind, DepKind::Build);
  EXPECT_EQ(one(manifest, "hatch-vcs").requirement, "");
  EXPECT_EQ(one(manifest, "hatch-vcs").line, 3);

  const Dependency& pytest = one(manifest, "pytest");
  EXPECT_EQ(pytest.kind, DepKind::Dev);
  EXPECT_EQ(pytest.group, "test");
  EXPECT_EQ(one(manifest, "ruff").group, "lint");
  EXPECT_EQ(one(manifest, "ruff").line, 21);

  const Dependency& pendulum = one(manifest, "pendulum");
  EXPECT_EQ(pendulum.key, "Pendulum");
  EXPECT_EQ(pendulum.requirement, "^3.0");
  EXPECT_EQ(pendulum.kind, DepKind::Normal);
  EXPECT_EQ(pendulum.line, 28);
  const Dependency& rich = one(manifest, "rich");
  EXPECT_EQ(rich.kind, DepKind::Optional);
  EXPECT_TRUE(rich.optional);
  EXPECT_EQ(rich.target, "sys_platform != 'win32'");
  EXPECT_EQ(one(manifest, "mylib").path, "../mylib");
  EXPECT_EQ(one(manifest, "flask").requirement, "@ git+https://github.com/pallets/flask.git@3.0.0");
  auto numpy = named(manifest, "numpy");
  ASSERT_EQ(numpy.size(), 2u);
  EXPECT_EQ(numpy[0]->requirement, "<2");
  EXPECT_EQ(numpy[0]->target, "python <3.10");
  EXPECT_EQ(numpy[0]->line, 33);

  EXPECT_EQ(one(manifest, "black").kind, DepKind::Dev);
  EXPECT_EQ(one(manifest, "black").group, "dev");
  EXPECT_EQ(one(manifest, "mkdocs").group, "docs");
  EXPECT_EQ(one(manifest, "mypy").kind, DepKind::Dev);
  EXPECT_EQ(one(manifest, "mypy").line, 44);
}

TEST(PyprojectToml, RealUvProject) {
  // bernikr/pre-commit-ruff-version-sync (see tests/fixtures/lockfile/python/SOURCES.md).
  Manifest manifest = read_fixture("uv_project.pyproject.toml");
  EXPECT_EQ(manifest.name, "pre-commit-ruff-version-sync");
  EXPECT_EQ(one(manifest, "pyyaml").kind, DepKind::Normal);
  EXPECT_EQ(one(manifest, "setuptools").kind, DepKind::Build);
  for (const Dependency& dependency : manifest.dependencies)
    if (dependency.name != "pyyaml" && dependency.name != "setuptools") {
      EXPECT_EQ(dependency.kind, DepKind::Dev) << dependency.name;
      EXPECT_EQ(dependency.group, "dev");
    }
}

TEST(PyprojectToml, RealPoetryProject) {
  // 000hcl/tictactoe: poetry 1.1 layout.
  Manifest manifest = read_fixture("poetry_project.pyproject.toml");
  EXPECT_EQ(manifest.name, "ttt");
  EXPECT_EQ(manifest.version, "0.1.0");
  ASSERT_EQ(manifest.dependencies.size(), 6u);  // invoke, 4 dev, poetry-core
  EXPECT_EQ(one(manifest, "invoke").kind, DepKind::Normal);
  EXPECT_EQ(one(manifest, "invoke").requirement, "^1.6.0");
  EXPECT_EQ(one(manifest, "pytest").kind, DepKind::Dev);
  EXPECT_EQ(one(manifest, "poetry-core").kind, DepKind::Build);
  EXPECT_EQ(one(manifest, "poetry-core").requirement, ">=1.0.0");
}

TEST(PyprojectToml, SpringtaleSharedFixture) {
  std::string path = std::string(TOCSIN_SHARED) + "/fixtures/springtale/crates/springtale-py/pyproject.toml";
  TOCSIN_NEED_SHARED(path);
  Manifest manifest;
  ASSERT_TRUE(read_manifest(path, manifest));
  EXPECT_EQ(manifest.name, "springtale");
  EXPECT_EQ(manifest.version, "");  // dynamic = ["version"]
  ASSERT_EQ(manifest.dependencies.size(), 1u);
  EXPECT_EQ(manifest.dependencies[0].name, "maturin");
  EXPECT_EQ(manifest.dependencies[0].requirement, ">=1.7,<2.0");
  EXPECT_EQ(manifest.dependencies[0].kind, DepKind::Build);
}

TEST(PyprojectToml, MalformedInputsGiveExactPositions) {
  struct Case {
    std::string content;
    int line;
    int column;
  };
  for (const Case& c : {
           Case{"[project]\nname = \"x\"\ndependencies = [\n  \"ok\",\n  \"bad name==1\",\n]\n", 5, 8},
           Case{"[project]\ndependencies = \"requests\"\n", 2, 16},
           Case{"[project]\ndependencies = [3]\n", 2, 17},
           Case{"[project.optional-dependencies]\nx = [\"a >=\"]\n", 2, 9},
           Case{"[tool.poetry.dependencies]\nrequests = 3\n", 2, 12},
           Case{"[tool.poetry.dependencies]\n\"bad name\" = \"^1\"\n", 2, 1},
           Case{"[project]\nname = \"x\"\nname = \"y\"\n", 3, 8},
           Case{"[build-system]\nrequires = [\"a\" \"b\"]\n", 2, 17},
       }) {
    try {
      read_pyproject_toml("pyproject.toml", c.content);
      ADD_FAILURE() << "no error for: " << c.content;
    } catch (const Error& error) {
      EXPECT_EQ(error.path(), "pyproject.toml");
      EXPECT_EQ(error.line(), c.line) << c.content << ": " << error.what();
      EXPECT_EQ(error.column(), c.column) << c.content << ": " << error.what();
    }
  }
}

}  // namespace
}  // namespace tocsin::manifest
