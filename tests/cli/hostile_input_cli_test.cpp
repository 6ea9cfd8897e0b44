// Issue 10 (items 1, 7, 8, 9, 18, 20, 21, 22) and issue 11 (`why` counts) end to end: what a
// user sees on stdout/stderr and the exit code, for trees and lockfiles nobody wrote for tocsin.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/run_tocsin.h"

namespace {

namespace fs = std::filesystem;
using tocsin::testing::run_tocsin;

// A fresh directory readable by everyone (the unprivileged run needs to enter it).
fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::path("/tmp") / ("tocsin-cli-hostile-" + std::to_string(::getpid()) + "-" + name);
  std::error_code ignored;
  fs::permissions(dir / "locked", fs::perms::owner_all, fs::perm_options::add, ignored);
  fs::remove_all(dir, ignored);
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::all & ~fs::perms::others_write & ~fs::perms::group_write);
  return dir;
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
  fs::permissions(path,
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
}

// Runs a shell command line, stdout and stderr together.
tocsin::testing::TocsinRun shell(const std::string& command) { return tocsin::testing::run_shell(command, "", true); }

const char* const kCargoLock = "version = 3\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n";

// Item 7.
TEST(HostileCli, DirectoryAsLockfileIsAClearError) {
  fs::path dir = fresh_dir("dir-lockfile");
  fs::create_directories(dir / "d" / "Cargo.lock");
  fs::create_directories(dir / "d" / "package-lock.json");
  for (const char* name : {"Cargo.lock", "package-lock.json"}) {
    auto run = run_tocsin("scan --no-db --fail-on any --lockfile " + (dir / "d" / name).string(), "", true);
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_NE(run.out.find("not a regular file (a directory)"), std::string::npos) << run.out;
    EXPECT_EQ(run.out.find("unexpected end of input"), std::string::npos) << run.out;
  }
}

// Item 8: would block forever before; `timeout` turns a hang into a failure.
TEST(HostileCli, FifoInTheTreeIsSkippedAndNamed) {
  fs::path dir = fresh_dir("fifo");
  write(dir / "Cargo.lock", kCargoLock);
  fs::create_directories(dir / "sub");
  ASSERT_EQ(::mkfifo((dir / "sub" / "package-lock.json").c_str(), 0644), 0);
  auto run = shell("timeout 20 " + std::string(TOCSIN_BINARY) + " deps " + dir.string());
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_NE(run.out.find("sub/package-lock.json: warning: [not-a-regular-file] skipped: named like a lockfile but is a "
                         "FIFO, not a regular file\n"),
            std::string::npos)
      << run.out;
}

// Item 9, as an unprivileged user: root reads any directory, so when the test runs as root it
// runs tocsin as `nobody` through setpriv.
TEST(HostileCli, UnreadableDirectoryWarnsAndFailsTheGate) {
  fs::path dir = fresh_dir("unreadable");
  write(dir / "Cargo.lock", kCargoLock);
  write(dir / "locked" / "Cargo.lock", kCargoLock);
  fs::permissions(dir / "locked", fs::perms::none);
  std::string prefix;
  if (::geteuid() == 0) {
    prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    auto probe = shell(prefix + "true");
    if (probe.exit_code != 0) GTEST_SKIP() << "cannot drop privileges here (" << probe.out << ")";
    auto reach = shell(prefix + "test -x " + std::string(TOCSIN_BINARY));
    if (reach.exit_code != 0) GTEST_SKIP() << "the binary is not reachable by nobody: " << TOCSIN_BINARY;
  }
  write(dir / "known-bad.txt", "nothing@0.0.0\n");
  std::string tocsin = prefix + std::string(TOCSIN_BINARY);
  auto deps = shell(tocsin + " deps " + dir.string());
  EXPECT_EQ(deps.exit_code, 0) << deps.out;
  EXPECT_NE(deps.out.find("locked: warning: [unreadable-directory] cannot list this directory ("), std::string::npos)
      << deps.out;
  EXPECT_NE(deps.out.find("): lockfiles in it are not read (fix its permissions, or pass --skip-unreadable to accept "
                          "that)\n"),
            std::string::npos)
      << deps.out;
  auto gated = shell(tocsin + " scan --no-db --known-bad " + (dir / "known-bad.txt").string() + " --fail-on any " +
                     dir.string());
  EXPECT_EQ(gated.exit_code, 2) << gated.out;
  EXPECT_NE(gated.out.find("could not be listed"), std::string::npos) << gated.out;
  auto skipped = shell(tocsin + " scan --no-db --known-bad " + (dir / "known-bad.txt").string() +
                       " --fail-on any --skip-unreadable " + dir.string());
  EXPECT_EQ(skipped.exit_code, 0) << skipped.out;
  fs::permissions(dir / "locked", fs::perms::owner_all);
}

// Item 1 through the CLI: the version npm installs, and the warning with its location.
TEST(HostileCli, DuplicateKeyWarningCarriesTheLocation) {
  fs::path dir = fresh_dir("dupes");
  write(dir / "package-lock.json",
        "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"name\": \"x\"},\n"
        "\"node_modules/seroval\": {\"version\": \"1.0.8\", \"version\": \"1.0.7\"}}}\n");
  auto run = run_tocsin("deps --format json " + dir.string(), "", false);
  ASSERT_EQ(run.exit_code, 0);
  auto document = nlohmann::json::parse(run.out);
  bool found = false;
  for (const auto& package : document["packages"])
    if (package["name"] == "seroval") found = package["version"] == "1.0.7";
  EXPECT_TRUE(found) << run.out;
  auto with_stderr = run_tocsin("deps " + dir.string(), "", true);
  EXPECT_NE(with_stderr.out.find("package-lock.json:2:46: warning: [duplicate-key] duplicate key \"version\" (first at "
                                 "line 2): npm (JSON.parse) keeps the last value, and so does tocsin (no tool writes "
                                 "duplicate keys; regenerate the lockfile)\n"),
            std::string::npos)
      << with_stderr.out;
}

// Item 18: a BOM is accepted as npm accepts it; deep nesting fails fast with a position.
TEST(HostileCli, BomAcceptedAndDeepJsonLocated) {
  fs::path dir = fresh_dir("bom");
  write(dir / "package-lock.json",
        "\xEF\xBB\xBF{\"lockfileVersion\": 3, \"packages\": {\"\": {\"name\": \"x\"}, \"node_modules/a\": "
        "{\"version\": \"1.0.0\"}}}\n");
  auto run = run_tocsin("deps --format json " + dir.string());
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(nlohmann::json::parse(run.out)["packages"].size(), 2u);

  fs::path deep = fresh_dir("deep") / "package-lock.json";
  write(deep, std::string(20 * 1024 * 1024, '['));
  // 20 MB of '[' once peaked at 1.6 GB: under a 200 MB address-space limit it must still fail cleanly.
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer reserves terabytes of address space: an address-space limit cannot apply to it.
  const std::string limit;
#else
  const std::string limit = "ulimit -v 400000; ";
#endif
  auto failed = shell(limit + std::string(TOCSIN_BINARY) + " deps --lockfile " + deep.string());
  EXPECT_EQ(failed.exit_code, 2) << failed.out.substr(0, 500);
  EXPECT_NE(failed.out.find(deep.string() + ":1:513: JSON nested deeper than 512 levels"), std::string::npos)
      << failed.out.substr(0, 500);
}

// Items 21 and 22: bytes that are not UTF-8, and control characters, in names and versions.
TEST(HostileCli, InvalidNameBytesAreLocatedErrorsInEveryFormat) {
  fs::path dir = fresh_dir("bytes");
  write(dir / "yarn.lock", "# yarn lockfile v1\n\n\"ev\xFFil@^1\":\n  version \"1.0.0\"\n");
  for (const char* format : {"table", "json"}) {
    auto run = run_tocsin("deps --format " + std::string(format) + " " + dir.string(), "", true);
    EXPECT_EQ(run.exit_code, 2) << run.out;
    EXPECT_NE(run.out.find("yarn.lock:3: invalid package name (byte 0xFF at offset 2 is not UTF-8)"), std::string::npos)
        << run.out;
    EXPECT_EQ(run.out.find("json.exception"), std::string::npos) << run.out;
  }
  fs::path control = fresh_dir("control");
  write(control / "Cargo.lock",
        "version = 3\n\n[[package]]\nname = \"evil\\u001b]0;pwned\\u0007\"\nversion = \"1.0.0\"\n");
  auto run = run_tocsin("deps " + control.string(), "", true);
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.out.find("Cargo.lock:3: invalid package name (control character 0x1B at offset 4)"), std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find('\x1b'), std::string::npos);
  write(control / "Cargo.lock", "version = 3\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\\r\\nforged\"\n");
  run = run_tocsin("deps " + control.string(), "", true);
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.out.find("invalid package version (control character 0x0D"), std::string::npos) << run.out;
}

// Item 22: an empty tree is not a clean bill of health without a word.
TEST(HostileCli, NoLockfileWarns) {
  fs::path dir = fresh_dir("empty");
  write(dir / "known-bad.txt", "nothing@0.0.0\n");  // not a lockfile name
  auto run = run_tocsin("scan " + dir.string() + " --no-db --known-bad " + (dir / "known-bad.txt").string(), "", true);
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_NE(run.out.find(dir.string() + ": warning: [no-lockfile] no lockfile found: nothing was checked (tocsin reads "
                                        "Cargo.lock, "),
            std::string::npos)
      << run.out;
}

// Item 20 / issue 11: `why` says how many paths it left out and how to see them.
TEST(HostileCli, WhySaysHowManyPathsWereLeftOut) {
  fs::path dir = fresh_dir("why");
  const int rungs = 20;
  std::string lock =
      "version = 3\n\n[[package]]\nname = \"root\"\nversion = \"0.1.0\"\ndependencies = [\"a0\", \"b0\"]\n";
  for (int i = 0; i < rungs; ++i) {
    std::string next = i + 1 < rungs
                           ? "dependencies = [\"a" + std::to_string(i + 1) + "\", \"b" + std::to_string(i + 1) + "\"]\n"
                           : "dependencies = [\"bottom\"]\n";
    for (const char* side : {"a", "b"})
      lock += "\n[[package]]\nname = \"" + std::string(side) + std::to_string(i) +
              "\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n" + next;
  }
  lock +=
      "\n[[package]]\nname = \"bottom\"\nversion = \"1.0.0\"\nsource = "
      "\"registry+https://github.com/rust-lang/crates.io-index\"\n";
  write(dir / "Cargo.lock", lock);
  auto table = run_tocsin("why bottom " + dir.string());
  ASSERT_EQ(table.exit_code, 0) << table.out;
  // 2^20 = 1048576 paths, 32 shown.
  EXPECT_NE(table.out.find("… and 1048544 more path(s) (1048576 in all); see more with --max-paths N"),
            std::string::npos)
      << table.out;
  auto json = run_tocsin("why bottom --format json " + dir.string());
  auto document = nlohmann::json::parse(json.out);
  EXPECT_EQ(document["matches"][0]["paths_total"], 1048576);
  EXPECT_EQ(document["matches"][0]["paths"].size(), 32u);
  EXPECT_EQ(document["matches"][0]["search_exhausted"], false);
}

// Item 20: when the search budget runs out, `why` says so instead of a bare verdict. A ladder
// of 20 rungs that no root reaches sits in front of the one real path (root -> zlink -> target),
// so both searches spend their budgets on the ladder's 2^20 dead ends.
TEST(HostileCli, WhySaysWhenTheSearchBudgetRanOut) {
  fs::path dir = fresh_dir("why-budget");
  const char* registry = "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
  std::string lock = "version = 3\n";
  for (int i = 0; i < 20; ++i) {
    std::string next = i + 1 < 20
                           ? "dependencies = [\"a" + std::to_string(i + 1) + "\", \"b" + std::to_string(i + 1) + "\"]\n"
                           : "dependencies = [\"target\"]\n";
    for (const char* side : {"a", "b"})
      lock += "\n[[package]]\nname = \"" + std::string(side) + std::to_string(i) + "\"\nversion = \"1.0.0\"\n" +
              registry + next;
  }
  lock += "\n[[package]]\nname = \"target\"\nversion = \"1.0.0\"\n" + std::string(registry);
  lock += "\n[[package]]\nname = \"zlink\"\nversion = \"1.0.0\"\n" + std::string(registry) +
          "dependencies = [\"target\"]\n";
  lock += "\n[[package]]\nname = \"zroot\"\nversion = \"0.1.0\"\ndependencies = [\"zlink\"]\n";
  write(dir / "Cargo.lock", lock);
  auto table = run_tocsin("why target " + dir.string());
  ASSERT_EQ(table.exit_code, 0) << table.out;
  EXPECT_NE(table.out.find("zroot@0.1.0 → zlink@1.0.0 → target@1.0.0"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("the search stopped at its budget after 1 path(s)"), std::string::npos) << table.out;
  auto json = nlohmann::json::parse(run_tocsin("why target --format json " + dir.string()).out);
  EXPECT_EQ(json["matches"][0]["search_exhausted"], true);
  EXPECT_EQ(json["matches"][0]["paths_total"], 1);
}

}  // namespace
