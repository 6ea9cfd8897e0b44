#include "incident/playbook.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/text.h"
#include "drill.h"

namespace tocsin::incident {
namespace {

std::string fixture(const std::string& name) { return std::string(TOCSIN_FIXTURES) + "/incident/" + name; }

// Kept alive for the whole test: get() returns references into it.
const PlaybookCatalog& builtin() {
  static const PlaybookCatalog catalog = PlaybookCatalog::builtin();
  return catalog;
}

bool contains(const std::vector<std::string>& items, const std::string& wanted) {
  return std::find(items.begin(), items.end(), wanted) != items.end();
}

TEST(Playbooks, TheRunbooksSixAreBuiltIn) {
  const std::vector<std::string> expected = {"vulnerable-dependency", "leaked-credentials", "compromised-ci",
                                             "user-safety-report",    "kev-failure",        "llm-redteam-bypass"};
  const auto& playbooks = builtin_playbooks();
  // The runbook's six first, then reported-vulnerability (Playbook 4 without the user-safety class).
  ASSERT_EQ(playbooks.size(), expected.size() + 1);
  EXPECT_EQ(playbooks.back().name, "reported-vulnerability");
  EXPECT_FALSE(playbooks.back().severity.has_value());  // the report's CVSS decides, not the playbook
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(playbooks[i].name, expected[i]);
    EXPECT_FALSE(playbooks[i].trigger.empty());
    EXPECT_EQ(playbooks[i].runbook,
              "INCIDENT-RUNBOOK.md, Playbook " + std::to_string(i + 1) +
                  (i == 3 ? "; SECURITY.md, Special handling for user-safety vulnerabilities" : ""));
    for (const Step& step : playbooks[i].steps) {
      EXPECT_FALSE(step.text.empty()) << step.id;
      EXPECT_NE(std::find(kRoles.begin(), kRoles.end(), step.role), kRoles.end()) << step.id;
    }
  }
}

// The step counts and the artifacts are the runbook's (INCIDENT-RUNBOOK.md, review 2026-05-13).
TEST(Playbooks, VulnerableDependencyFollowsPlaybookOne) {
  const Playbook& p = builtin().get("vulnerable-dependency");
  // Runbook steps 1-8, with step 1's "No" arm (open a cargo-deny issue) as its own step.
  ASSERT_EQ(p.steps.size(), 9u);
  ASSERT_EQ(p.branches.size(), 1u);
  EXPECT_EQ(p.branches[0].id, "release-path");
  EXPECT_EQ(p.branches[0].choices, (std::vector<std::string>{"yes", "no"}));
  EXPECT_EQ(p.steps[0].decides, "release-path");
  EXPECT_TRUE(contains(p.find_step("audit-usage")->commands, "cargo tree -i <crate>"));
  EXPECT_TRUE(contains(p.find_step("issue-vex")->artifacts, "vex/<crate>-<cve>.json"));
  EXPECT_TRUE(contains(p.find_step("patch-release")->artifacts, "tag vX.Y.Z-secfix.N"));
  EXPECT_EQ(p.find_step("ban")->when->choice, "no");
  for (const char* id :
       {"pin-rollback", "confirm-green", "audit-usage", "issue-vex", "patch-release", "publish-advisory"})
    EXPECT_EQ(p.find_step(id)->when->choice, "yes") << id;
  EXPECT_FALSE(p.find_step("long-term")->when.has_value());  // both arms end there
  EXPECT_TRUE(p.disclosure);
  EXPECT_TRUE(p.cve_assignment);
}

TEST(Playbooks, UserSafetyReportCarriesItsClocks) {
  const Playbook& p = builtin().get("user-safety-report");
  EXPECT_EQ(p.steps.size(), 8u);
  EXPECT_EQ(p.severity, policy::Level::Critical);
  EXPECT_EQ(p.acknowledge, std::chrono::hours(24));
  EXPECT_EQ(p.fix, std::chrono::hours(24 * 14));
  EXPECT_EQ(p.find_step("acknowledge")->milestone, Milestone::Acknowledged);
  EXPECT_EQ(p.find_step("publish")->milestone, Milestone::Disclosed);
}

TEST(Playbooks, KevFailureBranchesOnFalsePositive) {
  const Playbook& p = builtin().get("kev-failure");
  EXPECT_EQ(p.find_step("confirm")->decides, "kev-match");
  EXPECT_EQ(p.find_step("vex-not-affected")->when->choice, "false-positive");
  // "If real: follow Playbook 1 from step 2": its steps 2-7 are inlined under kev-match=real.
  const Playbook& one = builtin().get("vulnerable-dependency");
  for (const char* id :
       {"pin-rollback", "confirm-green", "audit-usage", "issue-vex", "patch-release", "publish-advisory"}) {
    ASSERT_NE(p.find_step(id), nullptr) << id;
    EXPECT_EQ(p.find_step(id)->when->choice, "real");
    EXPECT_EQ(p.find_step(id)->text, one.find_step(id)->text) << id;
    EXPECT_EQ(p.find_step(id)->commands, one.find_step(id)->commands) << id;
  }
}

TEST(Playbooks, OtherPlaybooksHaveTheRunbooksSteps) {
  const PlaybookCatalog& catalog = builtin();
  EXPECT_EQ(catalog.get("leaked-credentials").steps.size(), 7u);
  EXPECT_EQ(catalog.get("compromised-ci").steps.size(), 8u);
  EXPECT_EQ(catalog.get("kev-failure").steps.size(), 9u);  // 4 steps, step 3 being Playbook 1's 2-7
  EXPECT_EQ(catalog.get("llm-redteam-bypass").steps.size(), 6u);
  EXPECT_EQ(catalog.get("llm-redteam-bypass").find_step("release-advisory")->when->choice, "yes");
  EXPECT_THROW(catalog.get("no-such-playbook"), Error);
}

struct Malformed {
  const char* file;
  int line;
  const char* reason;
};

TEST(Playbooks, MalformedFilesNameFileLineAndReason) {
  const Malformed cases[] = {
      {"bad_role.toml", 9, "unknown role 'janitor'"},
      {"bad_unknown_key.toml", 8, "unknown key 'owner' in [[step]]"},
      {"bad_when_before_decides.toml", 14, "before the step that decides it"},
      {"bad_when_choice.toml", 14, "'maybe' is not a choice of branch 'real'"},
      {"bad_syntax.toml", 3, "invalid TOML"},
      {"bad_duplicate_step.toml", 10, "step id 'one' is used twice"},
      {"bad_milestone.toml", 8, "step.milestone 'done' is not one of"},
  };
  for (const Malformed& c : cases) {
    const std::string path = fixture(c.file);
    try {
      parse_playbook(read_file(path), path);
      ADD_FAILURE() << c.file << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.path(), path);
      EXPECT_EQ(e.line(), c.line) << c.file << ": " << e.what();
      EXPECT_NE(e.message().find(c.reason), std::string::npos) << c.file << ": " << e.what();
    }
  }
}

TEST(Playbooks, RepositoryFilesOverrideAndAdd) {
  const std::string repo = testing::fresh_dir("overrides");
  std::filesystem::create_directories(repo + "/.tocsin/playbooks");
  std::filesystem::copy_file(fixture("kev-failure.toml"), repo + "/.tocsin/playbooks/kev-failure.toml");
  std::ofstream(repo + "/.tocsin/playbooks/lost-laptop.toml")
      << "name = \"lost-laptop\"\ntitle = \"Lost laptop\"\ntrigger = \"A maintainer's laptop is lost\"\n"
         "[[step]]\nid = \"revoke\"\ntitle = \"Revoke keys\"\nrole = \"release_engineer\"\ntext = \"Revoke.\"\n";
  const PlaybookCatalog catalog = PlaybookCatalog::load(repo);
  EXPECT_EQ(catalog.all().size(), 8u);
  EXPECT_EQ(catalog.get("kev-failure").source, repo + "/.tocsin/playbooks/kev-failure.toml");
  EXPECT_EQ(catalog.get("kev-failure").steps.size(), 2u);
  EXPECT_EQ(catalog.get("lost-laptop").steps[0].role, "release_engineer");
  EXPECT_EQ(catalog.get("vulnerable-dependency").source, "built-in");

  std::ofstream(repo + "/.tocsin/playbooks/misnamed.toml")
      << "name = \"other\"\ntitle = \"t\"\ntrigger = \"t\"\n[[step]]\nid = \"a\"\ntitle = \"a\"\nrole = \"triage\"\n"
         "text = \"a\"\n";
  EXPECT_THROW(PlaybookCatalog::load(repo), Error);
}

TEST(Playbooks, ShownTomlParsesBackToTheSamePlaybook) {
  for (const Playbook& p : builtin_playbooks()) {
    const Playbook again = parse_playbook(p.text, "copy.toml");
    EXPECT_EQ(again.name, p.name);
    ASSERT_EQ(again.steps.size(), p.steps.size());
    for (std::size_t i = 0; i < p.steps.size(); ++i) EXPECT_EQ(again.steps[i].id, p.steps[i].id);
  }
}

}  // namespace
}  // namespace tocsin::incident
