// Agreement with the reference implementations on the generated corpora in
// tests/fixtures/version/ (node-semver for npm, Python packaging for PyPI; see
// tools/oracles/version/). Every row must agree; a failure lists the first disagreements.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "version/pep440.h"
#include "version/version.h"

namespace tocsin::version {
namespace {

std::vector<std::vector<std::string>> read_table(const std::string& name) {
  std::string text = read_file(std::string(TOCSIN_FIXTURES) + "/version/" + name);
  std::vector<std::vector<std::string>> rows;
  for (auto line : split(text, '\n')) {
    if (line.empty()) continue;
    std::vector<std::string> row;
    for (auto cell : split(line, '\t')) row.emplace_back(cell);
    rows.push_back(std::move(row));
  }
  return rows;
}

class Disagreements {
 public:
  void add(const std::string& what) {
    if (++count_ <= 12) listing_ += "  " + what + "\n";
  }
  void expect_none(std::size_t rows, std::size_t at_least = 1000) const {
    EXPECT_GE(rows, at_least) << "corpus unexpectedly small";
    EXPECT_EQ(count_, 0u) << count_ << " of " << rows << " rows disagree, first ones:\n" << listing_;
  }

 private:
  std::size_t count_ = 0;
  std::string listing_;
};

std::string quoted(const std::string& s) { return "'" + s + "'"; }

void check_validity(Ecosystem ecosystem, const std::string& table) {
  auto rows = read_table(table);
  Disagreements bad;
  for (const auto& row : rows) {
    ASSERT_GE(row.size(), 2u);
    bool expected = row[1] == "1";
    if (is_valid(ecosystem, row[0]) != expected) bad.add(quoted(row[0]) + " valid should be " + row[1]);
  }
  bad.expect_none(rows.size(), 800);
}

void check_compare(Ecosystem ecosystem, const std::string& table) {
  auto rows = read_table(table);
  Disagreements bad;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 3u);
    try {
      int got = compare(ecosystem, row[0], row[1]);
      if (std::to_string(got) != row[2])
        bad.add(quoted(row[0]) + " vs " + quoted(row[1]) + ": got " + std::to_string(got) + ", oracle " + row[2]);
    } catch (const Error& e) {
      bad.add(quoted(row[0]) + " vs " + quoted(row[1]) + ": threw " + e.what());
    }
  }
  bad.expect_none(rows.size());
}

void check_satisfies(Ecosystem ecosystem, const std::string& table) {
  auto rows = read_table(table);
  Disagreements bad;
  for (const auto& row : rows) {
    ASSERT_GE(row.size(), 2u);
    const std::string& version = row[0];
    const std::string range = row.size() == 3 ? row[1] : "";
    const std::string& expected = row.back();
    std::string got;
    try {
      got = satisfies(ecosystem, version, range) ? "true" : "false";
    } catch (const Error&) {
      got = "invalid";
    }
    if (got != expected) bad.add(quoted(version) + " in " + quoted(range) + ": got " + got + ", oracle " + expected);
  }
  bad.expect_none(rows.size());
}

TEST(NpmOracle, VersionValidityMatchesNodeSemver) { check_validity(Ecosystem::Npm, "npm_versions.tsv"); }
TEST(NpmOracle, CompareMatchesNodeSemver) { check_compare(Ecosystem::Npm, "npm_compare.tsv"); }
TEST(NpmOracle, SatisfiesMatchesNodeSemver) { check_satisfies(Ecosystem::Npm, "npm_satisfies.tsv"); }
TEST(PypiOracle, VersionValidityMatchesPackaging) { check_validity(Ecosystem::PyPI, "pypi_versions.tsv"); }
TEST(PypiOracle, NormalizedFormMatchesPackagingStr) {
  auto rows = read_table("pypi_versions.tsv");
  Disagreements bad;
  for (const auto& row : rows) {
    if (row.size() < 3 || row[1] != "1") continue;
    auto parsed = pep440::parse(row[0]);
    std::string got = parsed ? pep440::normalize(*parsed) : "(invalid)";
    if (got != row[2]) bad.add(quoted(row[0]) + ": got " + got + ", packaging " + row[2]);
  }
  bad.expect_none(rows.size(), 800);
}

TEST(PypiOracle, CompareMatchesPackaging) { check_compare(Ecosystem::PyPI, "pypi_compare.tsv"); }
TEST(PypiOracle, SatisfiesMatchesPackaging) { check_satisfies(Ecosystem::PyPI, "pypi_satisfies.tsv"); }

}  // namespace
}  // namespace tocsin::version
