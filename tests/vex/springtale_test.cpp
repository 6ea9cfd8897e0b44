// Integration: the ten VEX files of the Springtale fixture, as found in the wild.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "core/time.h"
#include "support/shared.h"
#include "vex/check.h"
#include "vex/match.h"

namespace tocsin::vex {
namespace {

const std::string kSpringtale = std::string(TOCSIN_SHARED) + "/fixtures/springtale";

class Springtale : public ::testing::Test {
 protected:
  void SetUp() override {
    TOCSIN_NEED_SHARED(kSpringtale + "/vex");
    vex = load_vex_directory(kSpringtale + "/vex");
  }
  VexDirectory vex;
};

TEST_F(Springtale, AllTenReadLenientlyWithoutSpecErrors) {
  EXPECT_TRUE(vex.failures.empty());
  ASSERT_EQ(vex.documents.size(), 10u);
  for (const auto& doc : vex.documents) EXPECT_FALSE(doc.has_errors()) << doc.path;
}

TEST_F(Springtale, SuppressionFollowsTheStatusAsWritten) {
  // rand: not_affected -> suppresses rand 0.8.5 only.
  auto rand = find_applicable_statement(vex.documents, {Ecosystem::CratesIo, "rand", "0.8.5"}, "RUSTSEC-2026-0097", {});
  ASSERT_TRUE(rand.has_value());
  EXPECT_TRUE(rand->suppresses);
  EXPECT_FALSE(
      find_applicable_statement(vex.documents, {Ecosystem::CratesIo, "rand", "0.9.2"}, "RUSTSEC-2026-0097", {}));
  // atomic-polyfill: "affected" with a not_affected justification -> does not suppress.
  auto atomic = find_applicable_statement(vex.documents, {Ecosystem::CratesIo, "atomic-polyfill", "1.0.3"},
                                          "RUSTSEC-2023-0089", {});
  ASSERT_TRUE(atomic.has_value());
  EXPECT_FALSE(atomic->suppresses);
  // rusqlite 0.37.x through connector-matrix's subcomponent prefix; 0.39.0 is not covered.
  auto rusqlite =
      find_applicable_statement(vex.documents, {Ecosystem::CratesIo, "rusqlite", "0.37.0"}, "CVE-2025-70873", {});
  ASSERT_TRUE(rusqlite.has_value());
  EXPECT_TRUE(rusqlite->via_subcomponent);
  EXPECT_FALSE(
      find_applicable_statement(vex.documents, {Ecosystem::CratesIo, "rusqlite", "0.39.0"}, "CVE-2025-70873", {}));
}

TEST_F(Springtale, CheckFindsTheKnownInconsistencies) {
  CheckOptions options;
  options.now = *parse_rfc3339("2026-11-25T00:00:00Z");
  CheckReport report = check_repository(kSpringtale, options);
  std::size_t disagreements = 0, placeholders = 0, overdue = 0;
  for (const auto& p : report.problems) {
    disagreements += p.kind == ProblemKind::StatusJustificationDisagreement;
    placeholders += p.kind == ProblemKind::PlaceholderId;
    overdue += p.kind == ProblemKind::ReviewOverdue;
  }
  EXPECT_EQ(disagreements, 7u);  // seven "affected" + vulnerable_code_not_present statements
  EXPECT_EQ(placeholders, 1u);   // GHSA-PLACEHOLDER-rusqlite-2025-70873
  EXPECT_EQ(overdue, 1u);        // next_review 2026-09-01
  EXPECT_TRUE(report.out_of_step());
}

}  // namespace
}  // namespace tocsin::vex
