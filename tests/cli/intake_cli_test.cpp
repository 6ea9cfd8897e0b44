// `tocsin intake`: GitHub exports and mailed reports into the incident record, end to end.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/run_tocsin.h"
#include "support/scratch_dir.h"

namespace {

using tocsin::testing::run_tocsin;
namespace fs = std::filesystem;

std::string fixture(const std::string& name) { return std::string(TOCSIN_FIXTURES) + "/intake/" + name; }

class IntakeCli : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = ::tocsin::testing::process_temp_dir() + "tocsin_intake_cli_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" + std::to_string(::getpid());
    fs::remove_all(repo_);
    fs::create_directories(repo_);
  }
  void TearDown() override { fs::remove_all(repo_); }
  std::string record() const {
    return " --actor tester --repo " + repo_ + " --store " + repo_ + "/record.db --db " + repo_ + "/nodb";
  }
  std::string incidents() const {
    return run_tocsin("incident list --format json --repo " + repo_ + " --store " + repo_ + "/record.db").out;
  }
  std::string repo_;
};

TEST_F(IntakeCli, DependabotExportOpensIncidentsOnceAndFollowsThem) {
  fs::create_directories(repo_ + "/nodb");  // an empty --db directory: no database, no error
  auto first = run_tocsin("intake github --dependabot " + fixture("dependabot-alerts.json") + record() +
                          " --now 2026-12-05T00:00:00Z --format json");
  ASSERT_EQ(first.exit_code, 0) << first.out;
  const auto result = nlohmann::json::parse(first.out);
  EXPECT_EQ(result["opened"], nlohmann::json::parse(R"(["INC-0001","INC-0002"])"));
  EXPECT_EQ(result["ignored"], 1);

  auto again = run_tocsin("intake github --dependabot " + fixture("dependabot-slurp.json") + record() +
                          " --now 2026-12-05T01:00:00Z --format json");
  ASSERT_EQ(again.exit_code, 0);
  EXPECT_TRUE(nlohmann::json::parse(again.out)["opened"].empty());

  auto later = run_tocsin("intake github --dependabot " + fixture("dependabot-alerts-later.json") + record() +
                          " --now 2026-12-06T00:00:00Z");
  ASSERT_EQ(later.exit_code, 0);
  EXPECT_NE(later.out.find("state changes recorded on: INC-0001, INC-0002"), std::string::npos) << later.out;

  auto shown = run_tocsin("incident show INC-0001 --format json --repo " + repo_ + " --store " + repo_ +
                          "/record.db --now 2026-12-06T00:00:00Z");
  ASSERT_EQ(shown.exit_code, 0) << shown.out;
  const auto incident = nlohmann::json::parse(shown.out);
  EXPECT_EQ(incident["reported_at"], "2022-06-15T07:43:03Z");
  EXPECT_EQ(incident["external"]["state"], "fixed");
  EXPECT_EQ(incident["milestones"]["fixed"], "2022-09-01T10:00:00Z");
}

TEST_F(IntakeCli, BadInputIsExitTwoAndWritesNothing) {
  for (const char* bad : {"github-error.json", "dependabot-no-package.json", "report.eml"}) {
    auto run =
        run_tocsin("intake github --dependabot " + fixture(bad) + record() + " --now 2026-12-05T00:00:00Z", "", true);
    EXPECT_EQ(run.exit_code, 2) << bad << ": " << run.out;
    EXPECT_NE(run.out.find(fixture(bad)), std::string::npos) << run.out;
  }
  EXPECT_FALSE(fs::exists(repo_ + "/record.db") && incidents().find("INC-") != std::string::npos);
  auto both = run_tocsin("intake github" + record(), "", true);
  EXPECT_EQ(both.exit_code, 2);
}

TEST_F(IntakeCli, AdvisoriesThenTheGhsaBodyGoesBackOut) {
  auto run =
      run_tocsin("intake github --advisories " + fixture("advisories.json") + record() + " --now 2026-12-02T14:00:00Z");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  auto due = run_tocsin("incident due --repo " + repo_ + " --store " + repo_ + "/record.db --now 2026-12-02T14:00:00Z");
  EXPECT_EQ(due.exit_code, 1) << due.out;  // the acknowledgement of the private report is overdue at once
  auto ghsa = run_tocsin("advisory INC-0002 --format ghsa --repo " + repo_ + " --store " + repo_ + "/record.db");
  const auto body = nlohmann::json::parse(ghsa.out);
  EXPECT_EQ(body["summary"], "Stored XSS in the connector settings page");
  EXPECT_EQ(body["cvss_vector_string"], "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N");
  EXPECT_EQ(body["vulnerabilities"][0]["vulnerable_version_range"], ">= 0.3.0, < 0.4.3");
  // The advisory's own package (no [project] in this repository) and the finder credited by handle.
  EXPECT_EQ(body["vulnerabilities"][0]["package"],
            nlohmann::json::parse(R"({"ecosystem":"rust","name":"springtale-vault"})"));
  EXPECT_EQ(body["credits"], nlohmann::json::parse(R"([{"login":"bob","type":"reporter"}])"));
}

TEST_F(IntakeCli, MailOpensAUserSafetyReport) {
  auto run = run_tocsin("intake mail " + fixture("report.eml") + " --actor tester --repo " + repo_ + " --store " +
                        repo_ + "/record.db --now 2026-12-05T00:00:00Z --format json");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(nlohmann::json::parse(run.out)["opened"].size(), 1u);
  EXPECT_NE(incidents().find("user-safety-report"), std::string::npos);
}

}  // namespace
