#include "vex/check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/error.h"
#include "core/time.h"

namespace tocsin::vex {
namespace {

using ::testing::HasSubstr;

const std::string kRepo = std::string(TOCSIN_FIXTURES) + "/vex/check-repo";

// What the inventory would say about the fixture repository (it has no lockfile of its own).
std::vector<LockedPackage> fake_lockfile() {
  return {{Ecosystem::CratesIo, "app", "1.0.0", "Cargo.lock", 2, true},
          {Ecosystem::CratesIo, "alpha", "1.0.0", "Cargo.lock", 10, true},
          {Ecosystem::CratesIo, "beta", "0.3.1", "Cargo.lock", 20, true},
          {Ecosystem::CratesIo, "gamma", "0.5.0", "Cargo.lock", 30, true},
          {Ecosystem::CratesIo, "epsilon", "1.1.0", "Cargo.lock", 40, true},
          {Ecosystem::CratesIo, "zeta", "0.9.4", "Cargo.lock", 50, true}};
}

CheckOptions full_options() {
  CheckOptions options;
  options.now = *parse_rfc3339("2025-01-01T00:00:00Z");
  options.lockfile_packages = fake_lockfile;
  options.known_vulnerability = [](const std::string& id) {
    static const std::set<std::string> kKnown = {"RUSTSEC-2024-0001", "RUSTSEC-2024-0002", "CVE-2024-1111",
                                                 "RUSTSEC-2024-0004", "RUSTSEC-2024-0006", "CVE-2024-3333"};
    return kKnown.count(id) > 0;
  };
  options.advisory_matches_a_package = [](const std::string& id) { return id != "RUSTSEC-2024-0004"; };
  return options;
}

std::vector<Problem> of_kind(const CheckReport& report, ProblemKind kind) {
  std::vector<Problem> out;
  for (const auto& p : report.problems)
    if (p.kind == kind) out.push_back(p);
  return out;
}

std::vector<std::string> messages(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics) out.push_back(d.message);
  return out;
}

std::set<std::string> sides(const std::vector<Problem>& problems) {
  std::set<std::string> out;
  for (const auto& p : problems)
    out.insert(p.ignore.path + ":" + std::to_string(p.ignore.line) + "|" + p.vex.path + ":" +
               std::to_string(p.vex.line));
  return out;
}

class CheckRepository : public ::testing::Test {
 protected:
  void SetUp() override { report = check_repository(kRepo, full_options()); }
  CheckReport report;
};

TEST_F(CheckRepository, MalformedFilesAndSpecViolations) {
  auto malformed = of_kind(report, ProblemKind::MalformedFile);
  ASSERT_EQ(malformed.size(), 1u);
  EXPECT_EQ(malformed[0].diagnostic.location.path, "vex/broken.json");
  EXPECT_EQ(malformed[0].vex.path, "vex/broken.json");
  EXPECT_GT(malformed[0].diagnostic.location.line, 0);
  bool bad_status = false;
  for (const auto& p : of_kind(report, ProblemKind::SpecViolation)) {
    if (p.vex.path == "vex/bad-status.json") {
      bad_status = true;
      EXPECT_FALSE(p.warning());
      EXPECT_EQ(p.vex.line, 11);  // the "status" line
      EXPECT_EQ(p.vex.column, 7);
      EXPECT_EQ(p.diagnostic.location.field_path, "$.statements[0].status");
      EXPECT_EQ(p.diagnostic.code, "spec");
      EXPECT_THAT(p.diagnostic.hint, HasSubstr("write \"not_affected\""));
    }
  }
  EXPECT_TRUE(bad_status);
  EXPECT_TRUE(report.out_of_step());
}

TEST_F(CheckRepository, IgnoreWithoutVex) {
  EXPECT_EQ(sides(of_kind(report, ProblemKind::IgnoreWithoutVex)),
            (std::set<std::string>{".cargo/audit.toml:8|:0", "deny.toml:6|:0"}));
}

TEST_F(CheckRepository, ProblemsNameLineAndColumnOfBothSides) {
  const auto without = of_kind(report, ProblemKind::IgnoreWithoutVex);
  auto audit = std::find_if(without.begin(), without.end(),
                            [](const Problem& p) { return p.ignore.path == ".cargo/audit.toml"; });
  ASSERT_NE(audit, without.end());
  const Diagnostic& d = audit->diagnostic;
  EXPECT_EQ(d.location.path, ".cargo/audit.toml");
  EXPECT_EQ(d.location.line, 8);
  EXPECT_EQ(d.location.column, 5);  // the string "RUSTSEC-2024-0099", indented by four spaces
  EXPECT_EQ(d.code, "ignore-without-vex");
  EXPECT_THAT(d.hint, HasSubstr("tocsin vex new --vuln RUSTSEC-2024-0099"));
  EXPECT_THAT(format_diagnostic(d), ::testing::StartsWith(".cargo/audit.toml:8:5: "));

  // Both sides: the diagnostic is at the ignore entry and names the statement as related.
  const auto hidden = of_kind(report, ProblemKind::IgnoredButNotSuppressed);
  ASSERT_EQ(hidden.size(), 1u);
  EXPECT_EQ(hidden[0].diagnostic.location.line, 4);
  EXPECT_EQ(hidden[0].diagnostic.location.column, 5);
  EXPECT_EQ(hidden[0].diagnostic.related.path, "vex/beta-rustsec-2024-0002.json");
  EXPECT_EQ(hidden[0].diagnostic.related.line, 8);
  EXPECT_GT(hidden[0].diagnostic.related.column, 0);
  EXPECT_THAT(format_diagnostic(hidden[0].diagnostic), HasSubstr("; see vex/beta-rustsec-2024-0002.json:8:"));
}

// A malformed ignore list is a problem at its line and column, and does not hide the other lists.
TEST(CheckIgnoreLists, MalformedListIsReportedAndTheOthersStillChecked) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("tocsin-vex-check-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / ".cargo");
  std::ofstream(dir / ".cargo" / "audit.toml") << "[advisories]\nignore = [\"RUSTSEC-2024-0042\"]\n";
  std::ofstream(dir / "deny.toml") << "[advisories]\nignore = [\n  42,\n]\n";
  CheckReport report = check_repository(dir.string(), {});
  std::filesystem::remove_all(dir);

  auto malformed = of_kind(report, ProblemKind::MalformedFile);
  ASSERT_EQ(malformed.size(), 1u);
  EXPECT_EQ(malformed[0].ignore.path, "deny.toml");
  EXPECT_EQ(malformed[0].diagnostic.location.line, 3);
  EXPECT_EQ(malformed[0].diagnostic.location.column, 3);
  EXPECT_THAT(malformed[0].diagnostic.message, HasSubstr("an ignore entry must be"));
  EXPECT_EQ(sides(of_kind(report, ProblemKind::IgnoreWithoutVex)), (std::set<std::string>{".cargo/audit.toml:2|:0"}));
}

TEST_F(CheckRepository, IgnoredButNotSuppressed) {
  auto problems = of_kind(report, ProblemKind::IgnoredButNotSuppressed);
  EXPECT_EQ(sides(problems), (std::set<std::string>{".cargo/audit.toml:4|vex/beta-rustsec-2024-0002.json:8"}));
  EXPECT_THAT(problems[0].diagnostic.message, HasSubstr("affected/vulnerable_code_not_present"));
}

TEST_F(CheckRepository, VexWithoutIgnorePerListAndEcosystem) {
  // zeta: deny.toml and osv-scanner.toml lack it; gamma: osv-scanner.toml lacks it; alpha is in
  // osv-scanner.toml through its GHSA alias; delta is in no lockfile, so no tool would flag it.
  EXPECT_EQ(sides(of_kind(report, ProblemKind::VexWithoutIgnore)),
            (std::set<std::string>{"deny.toml:0|vex/zeta-rustsec-2024-0006.json:8",
                                   "osv-scanner.toml:0|vex/zeta-rustsec-2024-0006.json:8",
                                   "osv-scanner.toml:0|vex/gamma-cve-2024-1111.json:8"}));
}

TEST_F(CheckRepository, IgnoreListsDisagree) {
  EXPECT_EQ(sides(of_kind(report, ProblemKind::IgnoreListsDisagree)),
            (std::set<std::string>{".cargo/audit.toml:4|:0", ".cargo/audit.toml:7|:0"}));
}

TEST_F(CheckRepository, ExpiredIgnoreThroughAlias) {
  auto problems = of_kind(report, ProblemKind::ExpiredIgnore);
  EXPECT_EQ(sides(problems), (std::set<std::string>{"osv-scanner.toml:1|vex/alpha-rustsec-2024-0001.json:8"}));
  EXPECT_THAT(problems[0].diagnostic.message, HasSubstr("2024-08-02T00:00:00Z"));
  CheckOptions before = full_options();
  before.now = *parse_rfc3339("2024-08-01T00:00:00Z");
  EXPECT_TRUE(of_kind(check_repository(kRepo, before), ProblemKind::ExpiredIgnore).empty());
}

TEST_F(CheckRepository, StaleIgnoreNeedsTheCallback) {
  EXPECT_EQ(sides(of_kind(report, ProblemKind::StaleIgnore)),
            (std::set<std::string>{".cargo/audit.toml:6|:0", "deny.toml:5|:0"}));
  CheckOptions without = full_options();
  without.advisory_matches_a_package = nullptr;
  CheckReport skipped = check_repository(kRepo, without);
  EXPECT_TRUE(of_kind(skipped, ProblemKind::StaleIgnore).empty());
  EXPECT_THAT(messages(skipped.notes), ::testing::Contains(HasSubstr("stale-ignore check skipped")));
}

TEST_F(CheckRepository, StatusJustificationDisagreement) {
  auto problems = of_kind(report, ProblemKind::StatusJustificationDisagreement);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].vex.path, "vex/beta-rustsec-2024-0002.json");
  EXPECT_THAT(problems[0].diagnostic.message, HasSubstr("most likely meant \"not_affected\""));
  EXPECT_THAT(problems[0].diagnostic.message, HasSubstr("suppresses nothing"));
}

TEST_F(CheckRepository, ComponentPresentOnReleasePath) {
  EXPECT_EQ(sides(of_kind(report, ProblemKind::ComponentPresent)),
            (std::set<std::string>{"Cargo.lock:30|vex/gamma-cve-2024-1111.json:8"}));
  // The same package only in dev dependencies does not contradict component_not_present.
  CheckOptions dev_only = full_options();
  dev_only.lockfile_packages = [] {
    auto packages = fake_lockfile();
    for (auto& p : packages)
      if (p.name == "gamma") p.on_release_path = false;
    return packages;
  };
  EXPECT_TRUE(of_kind(check_repository(kRepo, dev_only), ProblemKind::ComponentPresent).empty());
}

TEST_F(CheckRepository, VulnerableCodeNotPresentForAbsentPackageIsStale) {
  EXPECT_EQ(sides(of_kind(report, ProblemKind::CodeNotPresentStale)),
            (std::set<std::string>{":0|vex/delta-rustsec-2024-0004.json:8"}));
}

TEST_F(CheckRepository, LockfileChecksToleratesMissingInventory) {
  CheckOptions failing = full_options();
  failing.lockfile_packages = []() -> std::vector<LockedPackage> { throw Error("not implemented"); };
  CheckReport skipped = check_repository(kRepo, failing);
  EXPECT_TRUE(of_kind(skipped, ProblemKind::ComponentPresent).empty());
  EXPECT_TRUE(of_kind(skipped, ProblemKind::CodeNotPresentStale).empty());
  EXPECT_THAT(messages(skipped.notes), ::testing::Contains(HasSubstr("not implemented")));
  // Without lockfile knowledge every not_affected statement is expected in every list (delta too).
  EXPECT_EQ(of_kind(skipped, ProblemKind::VexWithoutIgnore).size(), 4u);
}

TEST_F(CheckRepository, UnknownVulnerabilityAndPlaceholders) {
  EXPECT_EQ(sides(of_kind(report, ProblemKind::UnknownVulnerability)),
            (std::set<std::string>{":0|vex/epsilon-cve-2024-2222.json:8"}));
  auto placeholders = of_kind(report, ProblemKind::PlaceholderId);
  ASSERT_EQ(placeholders.size(), 2u);
  EXPECT_THAT(placeholders[0].diagnostic.message, HasSubstr("CVE-2025-XXXXX"));
  EXPECT_THAT(placeholders[1].diagnostic.message, HasSubstr("GHSA-PLACEHOLDER-epsilon"));
}

TEST_F(CheckRepository, ReviewOverdue) {
  auto problems = of_kind(report, ProblemKind::ReviewOverdue);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_THAT(problems[0].diagnostic.message, HasSubstr("next_review"));
  EXPECT_THAT(problems[1].diagnostic.message, HasSubstr("re-evaluate on 2024-12-01"));
  CheckOptions early = full_options();
  early.now = *parse_rfc3339("2024-05-01T00:00:00Z");
  EXPECT_TRUE(of_kind(check_repository(kRepo, early), ProblemKind::ReviewOverdue).empty());
}

TEST(CheckRules, PlaceholderGrammar) {
  EXPECT_EQ(placeholder_reason("CVE-2021-44228"), "");
  EXPECT_EQ(placeholder_reason("GHSA-2qrg-x229-3v8q"), "");
  EXPECT_EQ(placeholder_reason("RUSTSEC-2023-0071"), "");
  EXPECT_EQ(placeholder_reason("PYSEC-2021-19"), "");
  EXPECT_EQ(placeholder_reason("OSV-2020-111"), "");  // schemes tocsin has no grammar for pass
  EXPECT_NE(placeholder_reason("CVE-2025-XXXXX"), "");
  EXPECT_NE(placeholder_reason("CVE-0000-0000"), "");
  EXPECT_NE(placeholder_reason("CVE-2024-0000"), "");
  EXPECT_NE(placeholder_reason("TBD"), "");
  EXPECT_NE(placeholder_reason("CVE-2024-123"), "");         // fewer than 4 digits
  EXPECT_NE(placeholder_reason("GHSA-aaaa-bbbb-cccc"), "");  // a, b not in the GHSA alphabet
  EXPECT_NE(placeholder_reason("RUSTSEC-2024-12"), "");
}

TEST(CheckRules, ReviewDatesInProse) {
  Statement s;
  s.action_statement = "Review by 2026-06-01. Upstream verified 2026-01-02.";
  s.status_notes = "We will revisit before 2026-07-15; next review: 2026-08-01";
  auto dates = review_dates(s);
  ASSERT_EQ(dates.size(), 3u);
  EXPECT_EQ(dates[0].field, "status_notes");
  EXPECT_EQ(dates[0].when, *parse_rfc3339("2026-07-15", true));
  EXPECT_EQ(dates[1].when, *parse_rfc3339("2026-08-01", true));
  EXPECT_EQ(dates[2].field, "action_statement");
  EXPECT_EQ(dates[2].when, *parse_rfc3339("2026-06-01", true));
}

TEST(CheckRules, InStepRepositoryIsClean) {
  LoadedDocument doc = read_openvex("vex/a.json", R"({"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x",
    "author": "a", "timestamp": "2024-01-01T00:00:00Z", "version": 1, "statements": [{"vulnerability":
    {"name": "RUSTSEC-2024-0001"}, "products": [{"@id": "pkg:cargo/alpha@1.0.0"}], "status": "not_affected",
    "justification": "vulnerable_code_not_in_execute_path"}]})");
  IgnoreList audit{IgnoreListKind::CargoAudit, ".cargo/audit.toml", {{"RUSTSEC-2024-0001", "", {}, "", 3}}};
  CheckOptions options;
  options.lockfile_packages = fake_lockfile;
  CheckReport report = check_vex({doc}, {}, {audit}, options);
  EXPECT_FALSE(report.out_of_step());
  EXPECT_TRUE(report.problems.empty());
}

}  // namespace
}  // namespace tocsin::vex

namespace tocsin::vex {
namespace {

LoadedDocument statement_document(const std::string& vulnerability, const std::string& product,
                                  const std::string& status) {
  std::string justification = status == "not_affected" ? R"(, "justification": "vulnerable_code_not_present")" : "";
  return read_openvex("vex/doc.json", R"({"@context": "https://openvex.dev/ns/v0.2.0",
    "@id": "https://example.org/vex/1", "author": "t", "timestamp": "2026-01-01T00:00:00Z", "version": 1,
    "statements": [{"vulnerability": {"name": ")" +
                                          vulnerability + R"("}, "products": [{"@id": ")" + product +
                                          R"("}], "status": ")" + status + "\"" + justification + "}]}");
}

IgnoreList audit_ignoring(const std::string& id) {
  return read_cargo_audit_toml(".cargo/audit.toml", "[advisories]\nignore = [\"" + id + "\"]\n");
}

// Issue 11: the database's alias groups join an ignore and a statement under different ids.
TEST(CheckAliases, AliasGroupMakesOneVulnerability) {
  std::vector<LoadedDocument> documents = {
      statement_document("CVE-2023-4863", "pkg:cargo/libwebp-sys2@0.1.7", "not_affected")};
  std::vector<IgnoreList> lists = {audit_ignoring("RUSTSEC-2023-0060")};
  CheckOptions options;
  options.lockfile_packages = [] {
    return std::vector<LockedPackage>{{Ecosystem::CratesIo, "libwebp-sys2", "0.1.7", "Cargo.lock", 5, true}};
  };
  CheckReport without = check_vex(documents, {}, lists, options);
  EXPECT_EQ(of_kind(without, ProblemKind::IgnoreWithoutVex).size(), 1u);
  EXPECT_EQ(of_kind(without, ProblemKind::VexWithoutIgnore).size(), 1u);

  options.alias_group = [](const std::string& id) {
    const std::vector<std::string> group = {"CVE-2023-4863", "GHSA-j7hp-h8jx-5ppr", "RUSTSEC-2023-0060"};
    return std::find(group.begin(), group.end(), id) != group.end() ? group : std::vector<std::string>{id};
  };
  CheckReport with = check_vex(documents, {}, lists, options);
  EXPECT_TRUE(of_kind(with, ProblemKind::IgnoreWithoutVex).empty());
  EXPECT_TRUE(of_kind(with, ProblemKind::VexWithoutIgnore).empty());
  EXPECT_FALSE(with.out_of_step()) << (with.problems.empty() ? "" : with.problems.front().diagnostic.message);
}

// Issue 11: an ignore that also hides versions VEX does not speak for (Springtale's rand).
TEST(CheckHidden, IgnoreHidesAFindingNoStatementResolves) {
  std::vector<LoadedDocument> documents = {
      statement_document("RUSTSEC-2026-0097", "pkg:cargo/rand@0.8.5", "not_affected")};
  std::vector<IgnoreList> lists = {audit_ignoring("RUSTSEC-2026-0097")};
  CheckOptions options;
  CheckReport unchecked = check_vex(documents, {}, lists, options);
  EXPECT_TRUE(of_kind(unchecked, ProblemKind::IgnoreHidesUnresolved).empty()) << "needs the database";
  options.advisory_packages = [](const std::string& id) {
    if (id != "RUSTSEC-2026-0097") return std::vector<LockedPackage>{};
    return std::vector<LockedPackage>{{Ecosystem::CratesIo, "rand", "0.8.5", "Cargo.lock", 4599, true},
                                      {Ecosystem::CratesIo, "rand", "0.9.2", "Cargo.lock", 4610, true}};
  };
  CheckReport report = check_vex(documents, {}, lists, options);
  auto hidden = of_kind(report, ProblemKind::IgnoreHidesUnresolved);
  ASSERT_EQ(hidden.size(), 1u);
  EXPECT_THAT(hidden[0].diagnostic.message, HasSubstr("rand@0.9.2 (Cargo.lock:4610, release path)"));
  EXPECT_EQ(hidden[0].ignore.path, ".cargo/audit.toml");
  EXPECT_TRUE(report.out_of_step());
  EXPECT_EQ(problem_kind_name(ProblemKind::IgnoreHidesUnresolved), "ignore-hides-unresolved");

  // A statement for 0.9.2 too: nothing hidden any more.
  documents.push_back(statement_document("RUSTSEC-2026-0097", "pkg:cargo/rand@0.9.2", "not_affected"));
  EXPECT_TRUE(of_kind(check_vex(documents, {}, lists, options), ProblemKind::IgnoreHidesUnresolved).empty());
}

}  // namespace
}  // namespace tocsin::vex
