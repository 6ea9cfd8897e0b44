// `tocsin incident` and `tocsin playbook` end to end through the built binary: a drill with
// --now, the due list's exit code, the record's verification, playbook overrides.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_tocsin.h"
#include "support/scratch_dir.h"

namespace {

using tocsin::testing::run_tocsin;

struct CliDrill {
  CliDrill() {
    std::filesystem::remove_all(repo);
    std::filesystem::create_directories(repo);
    std::ofstream(repo + "/tocsin.toml") << "cna = true\n[roles]\ntriage = \"@radicalkjax\"\n"
                                            "release_engineer = [\"@rel1\", \"@rel2\"]\n";
  }
  // Runs `tocsin incident ARGS` against this drill's store at the given instant.
  tocsin::testing::TocsinRun incident(const std::string& args, const std::string& now, bool with_stderr = false) {
    return run_tocsin(
        "incident " + args + " --repo " + repo + " --store " + repo + "/record.db --actor drill --now " + now, "",
        with_stderr);
  }
  std::string repo = ::tocsin::testing::process_temp_dir() + "tocsin_incident_cli_" + std::to_string(::getpid());
};

TEST(IncidentCli, DrillWithClocksOwnersAndExitCodes) {
  CliDrill drill;
  auto r = drill.incident(
      "open --playbook user-safety-report --title 'Panic wipe leaves the vault key' --user-safety panic-wipe-defeat "
      "--reporter Jo --reported-at 2026-05-01T10:00:00Z",
      "2026-05-01T10:30:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Opened INC-0001"), std::string::npos) << r.out;

  r = drill.incident("due --format json", "2026-05-01T13:00:00Z");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  nlohmann::json due = nlohmann::json::parse(r.out);
  ASSERT_EQ(due.size(), 4u);  // first-action, acknowledge, fix, disclosure (no CVE before triage)
  EXPECT_EQ(due[0]["clock"], "first-action");
  EXPECT_EQ(due[0]["deadline"], "2026-05-01T14:00:00Z");
  EXPECT_EQ(due[0]["owner"], "@radicalkjax");
  EXPECT_EQ(due[3]["clock"], "disclosure");
  EXPECT_EQ(due[3]["owner"], "@rel1, @rel2");

  r = drill.incident("due", "2026-05-01T15:00:00Z");
  EXPECT_EQ(r.exit_code, 1) << r.out;  // first action overdue
  EXPECT_NE(r.out.find("OVERDUE by 1h"), std::string::npos) << r.out;

  EXPECT_EQ(drill.incident("ack INC-0001 --note 'mailed Jo'", "2026-05-01T15:30:00Z").exit_code, 0);
  EXPECT_EQ(drill.incident("due", "2026-05-01T16:00:00Z").exit_code, 0);
  r = drill.incident("step INC-0001 nonexistent --done", "2026-05-01T16:00:00Z", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("has no step 'nonexistent'"), std::string::npos) << r.out;
  EXPECT_EQ(drill.incident("step INC-0001 verify --done", "2026-05-02T10:00:00Z").exit_code, 0);
  EXPECT_EQ(drill.incident("step INC-0001 triage --done", "2026-05-02T11:00:00Z").exit_code, 0);
  r = drill.incident("due --format json", "2026-05-05T11:00:01Z");
  EXPECT_EQ(r.exit_code, 1) << r.out;  // cna = true: CVE 72h after triage
  due = nlohmann::json::parse(r.out);
  EXPECT_EQ(due[0]["clock"], "cve");
  EXPECT_EQ(due[0]["overdue"], true);
  EXPECT_EQ(drill.incident("set INC-0001 cve CVE-2026-4242", "2026-05-05T12:00:00Z").exit_code, 0);
  EXPECT_EQ(drill.incident("set INC-0001 credit anonymous", "2026-05-05T12:00:00Z").exit_code, 0);
  EXPECT_EQ(drill.incident("set INC-0001 credit famous", "2026-05-05T12:00:00Z").exit_code, 2);

  r = drill.incident("show INC-0001 --format json", "2026-05-05T12:00:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const nlohmann::json shown = nlohmann::json::parse(r.out);
  EXPECT_EQ(shown["severity"], "critical");
  EXPECT_EQ(shown["cve"], "CVE-2026-4242");
  EXPECT_EQ(shown["credit"], "anonymous");
  EXPECT_EQ(shown["milestones"]["acknowledged"], "2026-05-01T15:30:00Z");
  EXPECT_EQ(shown["milestones"]["triaged"], "2026-05-02T11:00:00Z");
  EXPECT_EQ(shown["steps"][0]["status"], "done");
  EXPECT_EQ(shown["steps"][0]["by"], "drill");
  EXPECT_EQ(shown["events"].size(), 7u);  // opened, acknowledged + its step, 2 steps, 2 sets

  EXPECT_EQ(drill.incident("close INC-0001", "2026-05-06T00:00:00Z").exit_code, 2);  // steps open
  EXPECT_EQ(drill.incident("close INC-0001 --force --note drill", "2026-05-06T00:00:00Z").exit_code, 0);
  r = drill.incident("due", "2026-09-01T00:00:00Z");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Nothing due"), std::string::npos);

  r = drill.incident("verify --format json", "2026-05-06T00:00:00Z");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out)["ok"], true);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((drill.repo + "/record.db").c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "UPDATE events SET actor = 'someone-else' WHERE seq = 2", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  r = drill.incident("verify", "2026-05-06T00:00:00Z");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("seq 2 (INC-0001): edited"), std::string::npos) << r.out;
}

TEST(IncidentCli, ActorComesFromTheEnvironmentAndNowMustBeRfc3339) {
  CliDrill drill;
  const std::string base = "incident open --playbook leaked-credentials --title leak --repo " + drill.repo +
                           " --store " + drill.repo + "/record.db";
  auto r = run_tocsin(base + " --now yesterday", "", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--now 'yesterday' is not a time"), std::string::npos) << r.out;
  // The refused open created no store (only a successful `open` does).
  r = run_tocsin("incident list --format json --repo " + drill.repo + " --store " + drill.repo + "/record.db");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(setenv("TOCSIN_ACTOR", "env-actor", 1), 0);
  r = run_tocsin(base + " --now 2026-05-01T00:00:00Z --format json");
  unsetenv("TOCSIN_ACTOR");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out)["opened_by"], "env-actor");
}

TEST(PlaybookCli, ListShowAndOverrideErrors) {
  CliDrill drill;
  auto r = run_tocsin("playbook list --format json --repo " + drill.repo);
  ASSERT_EQ(r.exit_code, 0);
  const nlohmann::json list = nlohmann::json::parse(r.out);
  ASSERT_EQ(list.size(), 7u);
  EXPECT_EQ(list[0]["name"], "vulnerable-dependency");
  r = run_tocsin("playbook show kev-failure --repo " + drill.repo);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("when kev-match=false-positive"), std::string::npos) << r.out;
  EXPECT_EQ(run_tocsin("playbook show nope", "", true).exit_code, 2);

  std::filesystem::create_directories(drill.repo + "/.tocsin/playbooks");
  std::filesystem::copy_file(std::string(TOCSIN_FIXTURES) + "/incident/bad_role.toml",
                             drill.repo + "/.tocsin/playbooks/bad-role.toml");
  r = run_tocsin("playbook list --repo " + drill.repo, "", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find(drill.repo + "/.tocsin/playbooks/bad-role.toml:9:8: unknown role 'janitor'"), std::string::npos)
      << r.out;
}

}  // namespace
