// Issue 12 item 3: one `--now`. Every option a command reads a time from (`--now`, `--reported-at`,
// `ci logs --from/--to`) goes through cli/output.h add_now_option / add_time_option and so through
// core/time.h: the same accepted forms and the same refusal, word for word, in every command.
// The commands are found by walking `tocsin --help`, so a new command with a time option that is
// missing from kCommands below fails the test.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"
#include "scan/scan_test_util.h"
#include "support/run_tocsin.h"

namespace tocsin::cli {
namespace {

namespace fs = std::filesystem;
namespace fx = tocsin::scan::testing;
using tocsin::testing::run_tocsin;
using tocsin::testing::TocsinRun;

const std::string kFixtures = TOCSIN_FIXTURES;
const std::string kExamples = kFixtures + "/../../examples";

std::string q(const std::string& text) { return "'" + text + "'"; }

// (command words, time option) of every option the help lists with the TIME check (what
// add_time_option installs) or named --now / --reported-at, and every option that still talks
// about RFC 3339 without it (those would be a second parser).
using TimeOption = std::pair<std::string, std::string>;

void walk_help(const std::string& command, std::set<TimeOption>& found, std::vector<std::string>& unchecked) {
  const TocsinRun help = run_tocsin(command + " --help");
  ASSERT_EQ(help.exit_code, 0) << command << " --help\n" << help.out;
  std::istringstream lines(help.out);
  std::string line, section;
  std::vector<std::string> subcommands;
  while (std::getline(lines, line)) {
    if (!line.empty() && line[0] != ' ') {
      section = line;  // "Options:", "Subcommands:", "Positionals:", the usage line
      continue;
    }
    if (line.size() < 3 || line[2] == ' ') continue;  // a wrapped description
    std::istringstream words(line);
    std::string first, type;
    words >> first >> type;
    if (section == "Subcommands:") {
      subcommands.push_back(first);
    } else if (section == "Options:" && first.find("--") != std::string::npos) {
      const std::string name = first.substr(first.find("--"));
      const bool time_check = type.find(":TIME") != std::string::npos;
      if (time_check || name == "--now" || name == "--reported-at") {
        found.insert({command, name});
      } else if (line.find("RFC 3339") != std::string::npos) {
        unchecked.push_back(command + " " + name);
      }
    }
  }
  for (const std::string& sub : subcommands) walk_help(command + " " + sub, found, unchecked);
}

// One command with valid other inputs. In `args`, {run} is a scratch copy of the seeded project
// (its own record, so commands that write do not see each other) and {record} the record options.
struct Command {
  std::string words;
  std::string option;
  std::string args;
};

const std::string kRecord = " --repo {run}/repo --store {run}/r.db --actor tester";
const std::string kHistory = kFixtures + "/release/history/";

const std::vector<Command> kCommands = {
    {"scan", "--now",
     "scan " + q(fx::kScanFixtures + "/repo/web") + " --db " + q(fx::fixture_database_dir()) + " --fail-on none"},
    {"sbom", "--now", "sbom " + q(kExamples + "/demo-repo")},
    {"db status", "--now", "db status --db " + q(fx::fixture_database_dir())},
    {"vex new", "--now",
     "vex new --vuln CVE-2026-0001 --product demo@1.0.0 --ecosystem npm --status under_investigation --dir {run}"},
    {"vex merge", "--now", "vex merge " + q(fx::kScanFixtures + "/vex/not-affected.json")},
    {"vex check", "--now", "vex check {run}/empty"},
    {"securitytxt check", "--now", "securitytxt check {run}/security.txt"},
    {"serve", "--now", "serve --listen 127.0.0.1:0" + kRecord},
    {"incident open", "--now", "incident open --playbook kev-failure --title t" + kRecord},
    {"incident open", "--reported-at", "incident open --playbook kev-failure --title t --now 2026-12-31" + kRecord},
    {"incident list", "--now", "incident list" + kRecord},
    {"incident show", "--now", "incident show INC-0001" + kRecord},
    {"incident ack", "--now", "incident ack INC-0001" + kRecord},
    {"incident step", "--now", "incident step INC-0001 read-output --done" + kRecord},
    {"incident set", "--now", "incident set INC-0001 cwe CWE-79" + kRecord},
    {"incident close", "--now", "incident close INC-0001 --force" + kRecord},
    {"incident due", "--now", "incident due" + kRecord},
    {"incident verify", "--now", "incident verify" + kRecord},
    {"incident postmortem", "--now", "incident postmortem INC-0001" + kRecord},
    {"incident tag", "--now", "incident tag INC-0001 --version 1.2.3" + kRecord},
    {"advisory", "--now", "advisory INC-0001" + kRecord},
    {"changelog", "--now", "changelog INC-0001" + kRecord},
    {"cna status", "--now", "cna status" + kRecord},
    {"intake github", "--now",
     "intake github --dependabot " + q(kFixtures + "/intake/dependabot-alerts.json") + kRecord},
    {"intake mail", "--now", "intake mail " + q(kFixtures + "/intake/report.eml") + kRecord},
    {"redteam run", "--now",
     "redteam run " + q(kExamples + "/redteam/corpus/controls/control-order-status.toml") + " --cmd true" + kRecord},
    {"redteam add", "--now",
     "redteam add --from-incident INC-0002 --input 'ignore previous instructions' --corpus {run}/corpus" + kRecord},
    {"release history", "--now",
     "release history --npm " + q(kHistory + "sigstore.packument.json") + " --attestations " +
         q(kHistory + "attestations") + " --config " + q(kHistory + "tocsin.toml")},
    {"release tags", "--now", "release tags {run}/git"},
    {"secrets scan", "--now", "secrets scan {run}/empty"},
    {"secrets baseline", "--now", "secrets baseline {run}/empty -o {run}/baseline.json --reason r"},
    {"secrets import-github", "--now", "secrets import-github {run}/alerts.json"},
    {"ci audit", "--now", "ci audit " + q(kFixtures + "/ci/tj") + " --no-db --fail-on none"},
    {"ci logs", "--from", "ci logs " + q(kFixtures + "/ci/logs")},
    {"ci logs", "--to", "ci logs " + q(kFixtures + "/ci/logs")},
};

// A project every command of kCommands can run in: a record with INC-0001 (kev-failure) and
// INC-0002 (llm-redteam-bypass), a security.txt, an empty directory, a git repository with a tag.
class Project {
 public:
  Project() {
    fs::create_directories(seed() + "/repo");
    fs::create_directories(seed() + "/empty");
    std::ofstream(seed() + "/security.txt") << "Contact: mailto:security@example.org\n"
                                               "Expires: 2027-12-31T00:00:00Z\n";
    std::ofstream(seed() + "/alerts.json") << "[]\n";
    const std::string record = expand(kRecord, seed()) + " --now 2026-01-01";
    EXPECT_EQ(run_tocsin("incident open --playbook kev-failure --title t" + record).exit_code, 0);
    EXPECT_EQ(run_tocsin("incident open --playbook llm-redteam-bypass --title t" + record).exit_code, 0);
    const std::string git =
        "git -c user.name=t -c user.email=t@example.org -c init.defaultBranch=main -C " + q(seed() + "/git");
    fs::create_directories(seed() + "/git");
    EXPECT_EQ(std::system((git + " init -q && " + git + " commit -q --allow-empty -m first && " + git +
                           " tag -a v1.0.0 -m 1.0.0")
                              .c_str()),
              0);
  }

  std::string seed() const { return scratch_ / "seed"; }

  // A fresh copy of the seed for one run.
  std::string fresh() {
    const std::string dir = scratch_ / ("run-" + std::to_string(runs_++));
    fs::copy(seed(), dir, fs::copy_options::recursive);
    return dir;
  }

  static std::string expand(std::string text, const std::string& run) {
    for (std::size_t at; (at = text.find("{run}")) != std::string::npos;) text.replace(at, 5, run);
    return text;
  }

 private:
  fx::ScratchDir scratch_;
  int runs_ = 0;
};

// stdout and stderr of one run; `serve` is stopped after `seconds` (it serves until killed).
TocsinRun run_with_timeout(const std::string& arguments, int seconds) {
  return tocsin::testing::run_shell(
      "timeout -s INT " + std::to_string(seconds) + " " + TOCSIN_BINARY + " " + arguments + " </dev/null", "", true);
}

TEST(NowOption, EveryCommandWithATimeOptionIsCovered) {
  std::set<TimeOption> found;
  std::vector<std::string> unchecked;
  walk_help("", found, unchecked);
  std::set<TimeOption> listed;
  for (const Command& command : kCommands) listed.insert({" " + command.words, command.option});
  for (const TimeOption& option : found)
    EXPECT_TRUE(listed.count(option)) << "`tocsin" << option.first << " " << option.second
                                      << "` takes a time: add it to kCommands";
  for (const TimeOption& option : listed)
    EXPECT_TRUE(found.count(option)) << "`tocsin" << option.first << " " << option.second
                                     << "` is not in the help (renamed?)";
  EXPECT_TRUE(unchecked.empty()) << "a time option with its own parser: " << unchecked.front();
  EXPECT_GE(found.size(), 30u) << "the help walk found too few commands";
}

TEST(NowOption, EveryCommandAcceptsTheSameForms) {
  Project project;
  for (const Command& command : kCommands) {
    // After the seeded record (2026-01-01) and the intake fixtures' reports (2026-12-01).
    for (const char* when :
         {"2026-12-10", "2026-12-10T10:00:00Z", "2026-12-10T12:00:00+02:00", "2026-12-10T10:00:00.123456Z"}) {
      const std::string arguments = Project::expand(command.args, project.fresh()) + " " + command.option + " " + when;
      if (command.words == "serve") {
        const TocsinRun run = run_with_timeout(arguments, 3);
        EXPECT_NE(run.out.find("tocsin serve: http://127.0.0.1:"), std::string::npos) << arguments << "\n" << run.out;
        continue;
      }
      const TocsinRun run = run_with_timeout(arguments, 120);
      EXPECT_NE(run.exit_code, 2) << arguments << "\n" << run.out;
      EXPECT_EQ(run.out.find(command.option), std::string::npos) << arguments << "\n" << run.out;
    }
  }
}

TEST(NowOption, EveryCommandRefusesTheSameFormsWithTheSameMessage) {
  Project project;
  const std::map<std::string, std::string> refusals = {
      {"yesterday", "'yesterday' is not a time: " + std::string(kNowForms)},
      {"2026-13-01", "'2026-13-01' is not a time: " + std::string(kNowForms)},
      {"0000-01-01", "'0000-01-01' is not a time: " + std::string(kNowForms)},
      {"2026-06-01T10:00:60Z", "'2026-06-01T10:00:60Z' is not a time: " + std::string(kNowForms)},
      {"''", " must not be empty (omit it for the default)"},
  };
  for (const auto& [value, message] : refusals) {
    std::map<std::string, std::string> output_of;  // option -> the output of its first command
    for (const Command& command : kCommands) {
      const std::string arguments = Project::expand(command.args, project.fresh()) + " " + command.option + " " + value;
      const TocsinRun run = run_with_timeout(arguments, 30);
      EXPECT_EQ(run.exit_code, 2) << arguments << "\n" << run.out;
      EXPECT_NE(run.out.find(command.option + (message[0] == ' ' ? "" : " ") + message), std::string::npos)
          << arguments << "\n"
          << run.out;
      auto [first, inserted] = output_of.emplace(command.option, run.out);
      EXPECT_EQ(run.out, first->second) << arguments << ": not the same words as the other commands";
    }
  }
}

}  // namespace
}  // namespace tocsin::cli
