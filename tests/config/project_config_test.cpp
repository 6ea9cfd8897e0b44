// Issue 12 item 1 / issue 10 item 15: tocsin.toml found by one rule, parsed once, every unknown
// table or key an error with file:line:col.
#include "config/project_config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "config/project_section.h"
#include "config/release_section.h"
#include "core/error.h"
#include "policy/policy.h"
#include "support/scratch_dir.h"

namespace tocsin::config {
namespace {

struct Located {
  int line = 0;
  int column = 0;
  std::string message;
};

Located error_of(const std::string& text) {
  try {
    ProjectConfig::parse(text, "tocsin.toml");
  } catch (const Error& error) {
    EXPECT_EQ(error.path(), "tocsin.toml");
    return {error.line(), error.column(), error.message()};
  }
  ADD_FAILURE() << "accepted:\n" << text;
  return {};
}

TEST(ProjectConfig, UnknownTopLevelTablesAndKeysAreErrorsWithLineAndColumn) {
  Located e = error_of("[policy]\nkev_minimum = \"high\"\n\n[polcy]\nunscored = \"low\"\n");
  EXPECT_EQ(e.line, 4);
  EXPECT_EQ(e.column, 2);  // the table's name inside the header
  EXPECT_NE(e.message.find("unknown table [polcy]"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("expected one of cna, incident, policy, project, release, roles"), std::string::npos)
      << e.message;

  e = error_of("cna = true\nfoo = 1\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 1);
  EXPECT_NE(e.message.find("unknown top-level key 'foo'"), std::string::npos) << e.message;

  e = error_of("[incidnet]\ndisclosure_days = 30\n");
  EXPECT_EQ(e.line, 1);
  EXPECT_NE(e.message.find("[incidnet]"), std::string::npos) << e.message;
}

// An unknown key in each section: the section's own reader names it, at its line and column.
TEST(ProjectConfig, UnknownKeysInEachSectionAreLocated) {
  struct Case {
    const char* text;
    int line;
    int column;
    const char* says;
  };
  for (const Case& c : {Case{"[policy]\nkev_minimum = \"high\"\n  kev_minimun = \"low\"\n", 3, 17, "in [policy]"},
                        Case{"[incident]\ndisclosure_dayz = 30\n", 2, 19, "in [incident]"},
                        Case{"[roles]\ntriage = \"@a\"\nrelease = \"@b\"\n", 3, 11, "in [roles]"},
                        Case{"[project]\nname = \"x\"\nrepo = \"https://x\"\n", 3, 8, "in [project]"},
                        Case{"[release]\nrepository = \"o/r\"\nworkflw = \"x\"\n", 3, 11, "in [release]"}}) {
    const Located e = error_of(c.text);
    EXPECT_EQ(e.line, c.line) << c.text;
    EXPECT_EQ(e.column, c.column) << c.text << e.message;
    EXPECT_NE(e.message.find(c.says), std::string::npos) << e.message;
  }
}

TEST(ProjectConfig, HandsEachModuleItsTypedSection) {
  const ProjectConfig config = ProjectConfig::parse(
      "cna = true\n[policy]\nkev_minimum = \"critical\"\n[incident]\ndisclosure_days = 30\n"
      "[roles]\ntriage = [\"@a\", \"@b\"]\n[project]\nname = \"bastion\"\necosystem = \"crates.io\"\n",
      "cfg/tocsin.toml");
  EXPECT_EQ(config.path(), "cfg/tocsin.toml");
  EXPECT_EQ(config.get<policy::Policy>().kev_minimum, policy::Level::Critical);
  EXPECT_EQ(config.get<ProjectInfo>().name, "bastion");
  const incident::Config incident = config.incident_config();
  EXPECT_TRUE(incident.cna);
  EXPECT_EQ(incident.disclosure_days, 30);
  EXPECT_EQ(incident.people("triage"), "@a, @b");
  EXPECT_EQ(incident.policy.kev_minimum, policy::Level::Critical) << "[policy] reaches the incident clocks";
  EXPECT_EQ(incident.source, "cfg/tocsin.toml");

  const ProjectConfig defaults = ProjectConfig::defaults();
  EXPECT_FALSE(defaults.from_file());
  EXPECT_EQ(defaults.describe(), "built-in defaults");
  EXPECT_EQ(defaults.get<policy::Policy>().kev_minimum, policy::default_policy().kev_minimum);
  EXPECT_FALSE(defaults.incident_config().cna);
}

TEST(ProjectConfig, OneRuleFindsTheFile) {
  const tocsin::testing::ScratchDir scratch;
  const std::string dir = scratch / "tocsin_config_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/sub");
  EXPECT_FALSE(ProjectConfig::load(dir).from_file()) << "no file: defaults";
  std::ofstream(dir + "/tocsin.toml") << "[policy]\nunscored = \"high\"\n";
  std::ofstream(dir + "/other.toml") << "[policy]\nunscored = \"low\"\n";
  EXPECT_EQ(ProjectConfig::load(dir).path(), dir + "/tocsin.toml");
  EXPECT_EQ(ProjectConfig::load(dir).get<policy::Policy>().unscored, policy::Level::High);
  EXPECT_EQ(ProjectConfig::load(dir, dir + "/other.toml").get<policy::Policy>().unscored, policy::Level::Low)
      << "--config wins";
  EXPECT_FALSE(ProjectConfig::load(dir + "/sub").from_file()) << "parent directories are not searched";
  EXPECT_THROW(ProjectConfig::load(dir, dir + "/missing.toml"), Error);
  std::filesystem::remove_all(dir);
}

TEST(ProjectConfig, EverySectionIsRegisteredOnceAndOwnsDistinctKeys) {
  std::set<std::string> keys;
  for (const SectionSpec& spec : registered_sections())
    for (const std::string& key : spec.keys) EXPECT_TRUE(keys.insert(key).second) << key << " owned twice";
  EXPECT_EQ(keys, (std::set<std::string>{"cna", "incident", "policy", "project", "release", "roles", "store"}));
}

}  // namespace
}  // namespace tocsin::config

namespace tocsin::config {
namespace {

TEST(ProjectConfig, ReleaseSectionIsReadTyped) {
  const ProjectConfig config = ProjectConfig::parse(
      "[release]\nrepository = \"o/r\"\nworkflow = \".github/workflows/release.yml\"\nrequire_signed_tags = true\n",
      "tocsin.toml");
  const ReleaseSection& release = config.get<ReleaseSection>();
  EXPECT_EQ(release.repository, "o/r");
  EXPECT_EQ(release.workflow, ".github/workflows/release.yml");
  EXPECT_TRUE(release.require_signed_tags);
  EXPECT_THROW(ProjectConfig::parse("[release]\nrequire_signed_tags = \"yes\"\n", "tocsin.toml"), Error);
}

}  // namespace
}  // namespace tocsin::config
