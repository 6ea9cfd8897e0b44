// Start-up cost (issue 11): main registers with CLI11 only the command being run, and the
// executable names no shared library that static archives, built-in sources or delay-loading
// replaced (CMakeLists.txt, "Start-up cost of the tocsin executable"; figures: README).
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/run_tocsin.h"

using tocsin::testing::run_shell;
using tocsin::testing::run_tocsin;

namespace {

// The command words of `tocsin --help` (CLI11 lists them after "Subcommands:", two spaces in).
std::vector<std::string> listed_commands(const std::string& help) {
  std::vector<std::string> out;
  std::istringstream lines(help.substr(help.find("Subcommands:")));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line) && line.rfind("  ", 0) == 0) {
    std::istringstream words(line);
    std::string word;
    words >> word;
    out.push_back(word);
  }
  return out;
}

}  // namespace

TEST(Startup, EveryCommandWorksWhenItIsTheOnlyOneRegistered) {
  auto help = run_tocsin("--help");
  ASSERT_EQ(help.exit_code, 0);
  std::vector<std::string> commands = listed_commands(help.out);
  ASSERT_GE(commands.size(), 20u) << help.out;  // deps, why, scan, … ci
  for (const std::string& command : commands) {
    auto run = run_tocsin(command + " --help");
    EXPECT_EQ(run.exit_code, 0) << command;
    EXPECT_NE(run.out.find("Usage: tocsin " + command), std::string::npos) << command << "\n" << run.out;
  }
}

TEST(Startup, TheIncidentCommandKeepsTheDocumentsItsRecordGives) {
  // `incident postmortem|tag` are added by the documents commands, registered after incident.
  auto help = run_tocsin("incident --help");
  ASSERT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("postmortem"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("  tag "), std::string::npos) << help.out;
  EXPECT_EQ(run_tocsin("incident postmortem --help").exit_code, 0);
}

TEST(Startup, VersionIsOneLineAndAFullDiskIsAnError) {
  auto version = run_tocsin("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(std::regex_match(version.out, std::regex("tocsin [0-9]+\\.[0-9]+\\.[0-9]+\n"))) << version.out;
  EXPECT_EQ(run_tocsin("--version >/dev/full").exit_code, 2);
}

#ifdef TOCSIN_FULLY_STATIC
// Outside the sanitizer builds `tocsin` is linked fully statically: no program interpreter (the
// dynamic loader) and no shared library, so nothing is loaded or relocated before main.
TEST(Startup, TheExecutableIsStaticAndLoadsNoSharedObject) {
  const auto headers = run_shell(std::string("readelf -l -d ") + TOCSIN_BINARY + " 2>&1");
  if (headers.exit_code != 0 || headers.out.find("Program Headers") == std::string::npos) GTEST_SKIP() << "no readelf";
  EXPECT_EQ(headers.out.find("INTERP"), std::string::npos) << headers.out;
  EXPECT_EQ(headers.out.find("NEEDED"), std::string::npos) << headers.out;
  // What needs a shared library runs in tocsin-full: the CLI tests of `db update` (libcurl,
  // libzip) and of the PostgreSQL store (libpq) go through that hand-over.
}
#elif defined(TOCSIN_STATIC_NAMES)
TEST(Startup, TheExecutableNeedsNoLibraryItLinksStaticallyOrLoadsLazily) {
  const auto readelf = run_shell(std::string("readelf -d ") + TOCSIN_BINARY);
  const std::string& dynamic = readelf.out;
  if (readelf.exit_code != 0 || dynamic.find("NEEDED") == std::string::npos) GTEST_SKIP() << "no readelf";
  // Delay-loaded (src/link/), built in (toml++, fmt), and the archives CMake found.
  std::istringstream names("zip pq curl hs tomlplusplus fmt " TOCSIN_STATIC_NAMES);
  std::string name;
  while (names >> name)
    EXPECT_EQ(dynamic.find("[lib" + name + ".so"), std::string::npos) << "lib" << name << " is loaded by every "
                                                                      << "process:\n"
                                                                      << dynamic;
}
#endif

// libcrypto, libgit2 and cpp-httplib serve only `release`, `secrets scan --git` and `serve`,
// which run in tocsin-full (src/link/full_launcher.cpp): none of their code is in `tocsin`.
TEST(Startup, TheExecutableLeavesSignaturesGitAndHttpToItsSibling) {
  const auto nm = run_shell(std::string("nm ") + TOCSIN_BINARY);
  const std::string& symbols = nm.out;
  if (nm.exit_code != 0 || symbols.empty()) GTEST_SKIP() << "no nm";
  ASSERT_NE(symbols.find(" main\n"), std::string::npos);  // the listing is the executable's
  // Defined (linked statically) or undefined (a shared library's, `name@VERSION`): neither.
  for (const char* symbol :
       {" EVP_DigestVerify", " EVP_sha256", " git_repository_open", " git_libgit2_init", " libssh2_init"})
    EXPECT_EQ(symbols.find(symbol), std::string::npos) << symbol;
  EXPECT_EQ(symbols.find("httplib"), std::string::npos);
}

TEST(Startup, TheCommandsOfTheSiblingRunThroughTocsin) {
  auto release = run_tocsin("release --help");
  EXPECT_EQ(release.exit_code, 0) << release.out;
  EXPECT_NE(release.out.find("verify"), std::string::npos) << release.out;  // the real command's help
  EXPECT_EQ(run_tocsin("release no-such-subcommand").exit_code, 2);
}
