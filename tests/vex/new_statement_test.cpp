// `vex new`'s engine (src/vex/new_statement.h): ecosystem inference from the lockfile readers'
// own ecosystems and the vex/<package>-<id>.json naming rule.
#include "vex/new_statement.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "support/files.h"
#include "support/scratch_dir.h"

namespace tocsin::vex {
namespace {

std::function<std::vector<std::string>()> files(std::vector<std::string> paths, int* calls = nullptr) {
  return [paths, calls] {
    if (calls != nullptr) ++*calls;
    return paths;
  };
}

TEST(InferEcosystem, ExplicitThenIdSchemeThenScopeWithoutReadingTheRepository) {
  int calls = 0;
  EXPECT_EQ(infer_ecosystem("npm", "RUSTSEC-2020-0071", "x", files({}, &calls)), Ecosystem::Npm);
  EXPECT_EQ(infer_ecosystem("", "RUSTSEC-2020-0071", "time", files({}, &calls)), Ecosystem::CratesIo);
  EXPECT_EQ(infer_ecosystem("", "PYSEC-2021-1", "jinja2", files({}, &calls)), Ecosystem::PyPI);
  EXPECT_EQ(infer_ecosystem("", "GHSA-xxxx-yyyy-zzzz", "@scope/pkg", files({}, &calls)), Ecosystem::Npm);
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(infer_ecosystem("cargo", "CVE-1", "x", files({})), Ecosystem::CratesIo);  // an alias parse_ecosystem knows
  EXPECT_THROW(infer_ecosystem("maven", "CVE-1", "x", files({})), Error);
}

TEST(InferEcosystem, TheOnlyEcosystemOfTheLockfiles) {
  EXPECT_EQ(infer_ecosystem("", "CVE-2024-1", "x", files({"a/Cargo.lock"})), Ecosystem::CratesIo);
  EXPECT_EQ(infer_ecosystem("", "CVE-2024-1", "x", files({"package-lock.json", "sub/yarn.lock", "pnpm-lock.yaml"})),
            Ecosystem::Npm);
  EXPECT_EQ(infer_ecosystem("", "CVE-2024-1", "x", files({"uv.lock", "requirements-dev.txt", "poetry.lock"})),
            Ecosystem::PyPI);
  EXPECT_THROW(infer_ecosystem("", "CVE-2024-1", "x", files({"Cargo.lock", "package-lock.json"})), Error);
  EXPECT_THROW(infer_ecosystem("", "CVE-2024-1", "x", files({})), Error);
}

// An SBOM or a file no reader knows names no ecosystem: it must not be filed under PyPI (the
// CLI's old fallback for anything that was not a Cargo or npm lockfile).
TEST(InferEcosystem, FilesOfNoEcosystemCountForNone) {
  EXPECT_THROW(infer_ecosystem("", "CVE-2024-1", "x", files({"bom.cdx.json"})), Error);
  EXPECT_THROW(infer_ecosystem("", "CVE-2024-1", "x", files({"notes.txt"})), Error);
  EXPECT_EQ(infer_ecosystem("", "CVE-2024-1", "x", files({"Cargo.lock", "bom.cdx.json", "sbom.spdx.json"})),
            Ecosystem::CratesIo);
}

TEST(StatementPath, LowerCaseStemsJoinedByDashes) {
  EXPECT_EQ(statement_path("repo", "@Scope/Pkg_Name", "GHSA-AbCd-1234"), "repo/vex/scope-pkg-name-ghsa-abcd-1234.json");
  EXPECT_EQ(statement_path(".", "zope.interface", "PYSEC-2021-1"), "./vex/zope.interface-pysec-2021-1.json");
  EXPECT_THROW(statement_path(".", "..", "CVE-1"), Error);
  EXPECT_THROW(statement_path(".", "pkg", "--"), Error);
}

TEST(WriteNewStatement, WritesOnceThenSaysUnchangedThenRefusesADifferentOne) {
  const tocsin::testing::ScratchDir scratch;
  const std::filesystem::path dir = scratch.path();
  std::ofstream(dir / "Cargo.lock") << "version = 3\n";
  NewStatement request;
  request.vuln = "CVE-2024-0001";
  request.product = "time@0.1.45";
  request.status = "not_affected";
  request.justification = "vulnerable_code_not_present";
  request.dir = dir.string();
  request.now = 1767323045;
  request.tooling = "tocsin test";
  NewStatementOutcome first = write_new_statement(request);
  EXPECT_EQ(first.path, (dir / "vex" / "time-cve-2024-0001.json").string());
  EXPECT_FALSE(first.unchanged);
  const std::string text = tocsin::testing::slurp(first.path);
  EXPECT_NE(text.find("\"pkg:cargo/time@0.1.45\""), std::string::npos);  // inferred from Cargo.lock

  request.now += 3600;  // a rewrite at another time says the same
  EXPECT_TRUE(write_new_statement(request).unchanged);
  request.status = "affected";
  request.justification.clear();
  request.action = "upgrade";
  EXPECT_THROW(write_new_statement(request), Error);
  request.force = true;
  EXPECT_FALSE(write_new_statement(request).unchanged);

  // An existing file that is not OpenVEX is said to be unreadable, not "a different statement".
  std::ofstream(first.path, std::ios::trunc) << "{ not json";
  request.force = false;
  try {
    write_new_statement(request);
    ADD_FAILURE() << "overwrote an unreadable file without --force";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot be read as OpenVEX"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace tocsin::vex
