// Issue 10 items 7-10, 19, 20 and 22 at the inventory level: trees and lockfiles as an attacker
// or a careless user leaves them. Each test builds its tree in a fresh temporary directory.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/diagnostic.h"
#include "core/error.h"
#include "inventory/inventory.h"
#include "support/files.h"
#include "support/scratch_dir.h"

namespace tocsin::inventory {
namespace {

namespace fs = std::filesystem;

class HostileTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(::tocsin::testing::process_temp_dir()) /
            ("tocsin-hostile-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override {
    std::error_code ignored;
    for (auto& entry : fs::recursive_directory_iterator(root_, fs::directory_options::skip_permission_denied, ignored))
      fs::permissions(entry.path(), fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(root_, ignored);
  }
  void write(const std::string& relative, const std::string& text) { tocsin::testing::spit(root_ / relative, text); }
  std::string dir() const { return root_.string(); }
  static bool mentions(const std::vector<Diagnostic>& warnings, const std::string& path, const std::string& text) {
    for (const auto& warning : warnings)
      if (warning.location.path == path && warning.message.find(text) != std::string::npos) return true;
    return false;
  }

  fs::path root_;
};

// Item 7: a directory named like a lockfile is not an empty lockfile.
TEST_F(HostileTree, DirectoryAsLockfileIsAnError) {
  fs::create_directories(root_ / "d" / "Cargo.lock");
  fs::create_directories(root_ / "d" / "package-lock.json");
  for (const char* name : {"d/Cargo.lock", "d/package-lock.json"}) {
    try {
      build_inventory(dir(), {{"", name}});
      ADD_FAILURE() << name << ": no error";
    } catch (const Error& e) {
      EXPECT_NE(e.message().find("not a regular file (a directory)"), std::string::npos) << e.what();
    }
  }
  // Discovered: a directory named Cargo.lock is descended into, never read as a lockfile.
  Inventory inventory = build_inventory(dir());
  EXPECT_TRUE(inventory.lockfiles.empty());
}

// Item 8: a FIFO named like a lockfile would block the read forever.
TEST_F(HostileTree, FifoNamedLikeALockfileIsSkippedWithAWarning) {
  write("app/Cargo.lock", "version = 3\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n");
  ASSERT_EQ(::mkfifo((root_ / "app" / "package-lock.json").c_str(), 0644), 0);
  Inventory inventory = build_inventory(dir());  // returns: never opens the FIFO
  ASSERT_EQ(inventory.lockfiles.size(), 1u);
  EXPECT_EQ(inventory.lockfiles[0].path, "app/Cargo.lock");
  EXPECT_TRUE(mentions(inventory.warnings, "app/package-lock.json", "a FIFO, not a regular file"));
  try {
    build_inventory(dir(), {{"", "app/package-lock.json"}});
    ADD_FAILURE() << "no error for an explicit FIFO";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("a FIFO"), std::string::npos) << e.what();
  }
}

// Item 9 (in-process; the CLI test runs it as an unprivileged user when started as root).
TEST_F(HostileTree, UnreadableDirectoryIsReported) {
  if (::geteuid() == 0) GTEST_SKIP() << "running as root, which reads any directory; see the CLI test";
  write("locked/Cargo.lock", "version = 3\n");
  fs::permissions(root_ / "locked", fs::perms::none);
  Inventory inventory = build_inventory(dir());
  EXPECT_EQ(inventory.unreadable, std::vector<std::string>{"locked"});
  EXPECT_TRUE(mentions(inventory.warnings, "locked", "cannot list this directory"));
}

// Item 22: a tree without any lockfile says so.
TEST_F(HostileTree, NoLockfileWarns) {
  write("README.md", "nothing\n");
  Inventory inventory = build_inventory(dir());
  EXPECT_TRUE(inventory.lockfiles.empty());
  EXPECT_TRUE(mentions(inventory.warnings, dir(), "no lockfile found"));
}

// Item 10: -r includes are read relative to the including file, once, inside the tree.
TEST_F(HostileTree, RequirementsIncludesAreFollowedInsideTheTree) {
  write("requirements.txt", "-r deps/base.in\n-c constraints.txt\nflask==3.0.0\n-r ../outside.txt\n");
  write("deps/base.in", "jinja2==3.1.4\n-r ../requirements.txt\n-r common.in\n");
  write("deps/common.in", "markupsafe==2.1.5\n-r missing.in\n");
  write("constraints.txt", "werkzeug==3.0.0\n");
  std::ofstream(root_.parent_path() / "outside.txt") << "evil==1.0\n";
  Inventory inventory = build_inventory(dir());
  std::vector<std::string> paths;
  for (const auto& lock : inventory.lockfiles) paths.push_back(lock.path);
  // constraints.txt is itself not discovered (not a requirements file name); the cycle back to
  // requirements.txt is read once.
  EXPECT_EQ(paths, (std::vector<std::string>{"requirements.txt", "deps/base.in", "deps/common.in"}));
  EXPECT_EQ(find_packages(inventory, "jinja2", "3.1.4").size(), 1u);
  EXPECT_EQ(inventory.package(find_packages(inventory, "jinja2").front()).line, 1);
  EXPECT_EQ(find_packages(inventory, "markupsafe", "2.1.5").size(), 1u);
  EXPECT_TRUE(find_packages(inventory, "werkzeug").empty());
  EXPECT_TRUE(find_packages(inventory, "evil").empty());
  EXPECT_TRUE(mentions(inventory.warnings, "requirements.txt", "-c constraints.txt: a constraints file"));
  EXPECT_TRUE(mentions(inventory.warnings, "requirements.txt", "-r ../outside.txt: not followed: it lies outside"));
  EXPECT_TRUE(mentions(inventory.warnings, "deps/common.in", "-r missing.in: not followed: no such file"));
  for (const auto& warning : inventory.warnings) {
    if (warning.location.path == "requirements.txt" && warning.message.find("outside") != std::string::npos) {
      EXPECT_EQ(warning.location.line, 4);
    }
  }
}

// Issue 12: the inventory's own warnings are Severity::Warning diagnostics with a code each,
// at the line and column of what caused them (0 for a whole file or directory).
const Diagnostic* with_code(const std::vector<Diagnostic>& warnings, std::string_view code, std::string_view path) {
  for (const Diagnostic& warning : warnings)
    if (warning.code == code && warning.location.path == path) return &warning;
  return nullptr;
}

TEST_F(HostileTree, IncludeWarningsHaveCodesLinesAndColumns) {
  write("requirements.txt", "flask==3.0.0\n  -c constraints.txt\n-r ../outside.txt\n-r https://example.org/r.txt\n");
  write("constraints.txt", "werkzeug==3.0.0\n");
  Inventory inventory = build_inventory(dir());
  std::size_t kinds = 0;
  for (const Diagnostic& warning : inventory.warnings) {
    EXPECT_EQ(warning.severity, Severity::Warning) << warning.message;
    EXPECT_EQ(warning.location.path, "requirements.txt") << warning.message;
    if (warning.code == "constraints-file") {
      ++kinds;
      EXPECT_EQ(warning.location.line, 2);
      EXPECT_EQ(warning.location.column, 3);
      EXPECT_EQ(warning.message.rfind("-c constraints.txt: a constraints file", 0), 0u) << warning.message;
    } else if (warning.code == "include-not-followed" && warning.location.line == 3) {
      ++kinds;
      EXPECT_EQ(warning.location.column, 1);
      EXPECT_NE(warning.message.find("it lies outside"), std::string::npos) << warning.message;
      EXPECT_EQ(warning.hint, "to read it, name it and the other lockfiles with --lockfile requirements.txt:FILE");
    } else if (warning.code == "include-not-followed" && warning.location.line == 4) {
      ++kinds;
      EXPECT_EQ(warning.location.column, 1);
      EXPECT_NE(warning.message.find("a URL include is not fetched"), std::string::npos) << warning.message;
      EXPECT_EQ(warning.hint,
                "download it; to read it, name it and the other lockfiles with --lockfile requirements.txt:FILE");
    } else {
      ADD_FAILURE() << "unexpected warning: " << format_diagnostic(warning);
    }
  }
  EXPECT_EQ(kinds, 3u);
}

TEST_F(HostileTree, DiscoveryWarningsHaveCodes) {
  ASSERT_EQ(::mkfifo((root_ / "package-lock.json").c_str(), 0644), 0);
  Inventory inventory = build_inventory(dir());
  const Diagnostic* fifo = with_code(inventory.warnings, "not-a-regular-file", "package-lock.json");
  ASSERT_NE(fifo, nullptr);
  EXPECT_EQ(fifo->severity, Severity::Warning);
  EXPECT_EQ(fifo->location.line, 0);  // the whole file
  EXPECT_EQ(fifo->location.column, 0);
  // The FIFO was the only lockfile-named entry: nothing was read, and that is said too.
  const Diagnostic* none = with_code(inventory.warnings, "no-lockfile", dir());
  ASSERT_NE(none, nullptr);
  EXPECT_EQ(none->location.line, 0);
  EXPECT_EQ(none->message, "no lockfile found: nothing was checked");
  EXPECT_NE(none->hint.find("Cargo.lock, package-lock.json"), std::string::npos) << none->hint;
  if (::geteuid() == 0) return;  // root lists any directory; the CLI test covers it as another user
  write("locked/Cargo.lock", "version = 3\n");
  fs::permissions(root_ / "locked", fs::perms::none);
  Inventory locked = build_inventory(dir());
  const Diagnostic* unreadable = with_code(locked.warnings, "unreadable-directory", "locked");
  ASSERT_NE(unreadable, nullptr);
  EXPECT_EQ(unreadable->location.line, 0);
  EXPECT_EQ(unreadable->hint, "fix its permissions, or pass --skip-unreadable to accept that");
}

TEST_F(HostileTree, RequirementsIncludeDepthIsBounded) {
  for (int i = 0; i < 12; ++i)
    write("r" + std::to_string(i) + ".in", "p" + std::to_string(i) + "==1.0\n-r r" + std::to_string(i + 1) + ".in\n");
  write("r12.in", "last==1.0\n");
  Inventory inventory = build_inventory(dir(), {{"requirements.txt", "r0.in"}});
  EXPECT_EQ(inventory.lockfiles.size(), static_cast<std::size_t>(kMaxRequirementsIncludeDepth) + 1);
  EXPECT_TRUE(mentions(inventory.warnings, "r8.in", "nested deeper than"));
}

// Issue 11: unpinned lines are listed, with a warning each.
TEST_F(HostileTree, UnpinnedRequirementsWarn) {
  write("requirements.txt", "foo>=1.0\nbar==2.0\nbaz\n");
  Inventory inventory = build_inventory(dir());
  EXPECT_EQ(find_packages(inventory, "foo").size(), 1u);
  int unpinned = 0;
  for (const auto& warning : inventory.warnings) unpinned += warning.message.find("is not pinned") != std::string::npos;
  EXPECT_EQ(unpinned, 2);
  EXPECT_TRUE(mentions(inventory.warnings, "requirements.txt", "'foo>=1.0' is not pinned"));
}

// Item 20 / issue 11 `why`: the number of paths is counted, not enumerated. A ladder of n rungs
// (two parallel packages per level) has 2^n paths from the root to the bottom.
TEST_F(HostileTree, PathCountOfALadder) {
  const int rungs = 40;
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
  write("Cargo.lock", lock);
  Inventory inventory = build_inventory(dir());
  PackageRef bottom = find_packages(inventory, "bottom").front();
  PathSearch search = search_paths(inventory, bottom, 32);
  // 2^40 paths of one length: breadth-first exhausts its budget on prefixes, depth-first then
  // finds the 32 paths (each root-first, ending at bottom), so the search is not exhausted.
  EXPECT_FALSE(search.budget_exhausted);
  ASSERT_EQ(search.paths.size(), 32u);
  for (const auto& path : search.paths) {
    EXPECT_EQ(path.size(), static_cast<std::size_t>(rungs) + 2);
    EXPECT_EQ(inventory.package(path.front()).name, "root");
    EXPECT_EQ(path.back(), bottom);
  }
  ASSERT_TRUE(search.total.has_value());
  EXPECT_EQ(*search.total, std::uint64_t{1} << rungs);
  EXPECT_EQ(paths_to(inventory, bottom, 32).size(), 32u);
  // One level up: 2^(rungs-1) paths to a39.
  EXPECT_EQ(*search_paths(inventory, find_packages(inventory, "a39").front(), 1).total,
            std::uint64_t{1} << (rungs - 1));
}

TEST_F(HostileTree, PathCountIsUnknownOnACycleAndExactOtherwise) {
  write("Cargo.lock",
        "version = 3\n\n[[package]]\nname = \"root\"\nversion = \"0.1.0\"\ndependencies = [\"a\"]\n\n"
        "[[package]]\nname = \"a\"\nversion = \"1.0.0\"\nsource = "
        "\"registry+https://github.com/rust-lang/crates.io-index\"\n"
        "dependencies = [\"b\"]\n\n"
        "[[package]]\nname = \"b\"\nversion = \"1.0.0\"\nsource = "
        "\"registry+https://github.com/rust-lang/crates.io-index\"\n"
        "dependencies = [\"a\"]\n");
  Inventory inventory = build_inventory(dir());
  PathSearch search = search_paths(inventory, find_packages(inventory, "b").front(), 32);
  EXPECT_EQ(search.paths.size(), 1u);  // root -> a -> b
  EXPECT_FALSE(search.total.has_value());
  EXPECT_FALSE(search.budget_exhausted);
}

// Issue 11: a Cargo.lock dependency with no [[package]] is a warning; every package is listed
// and the lost edge leaves its target unreached, hence assumed to ship.
TEST_F(HostileTree, CargoDanglingDependencyKeepsEveryPackage) {
  write("Cargo.lock",
        "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"addr2line\"]\n\n"
        "[[package]]\nname = \"addr2line\"\nversion = \"0.21.0\"\nsource = "
        "\"registry+https://github.com/rust-lang/crates.io-index\"\ndependencies = [\n \"gimli\",\n]\n");
  Inventory inventory = build_inventory(dir());
  ASSERT_EQ(inventory.lockfiles.size(), 1u);
  EXPECT_EQ(find_packages(inventory, "addr2line").size(), 1u);
  bool warned = false;
  for (const auto& warning : inventory.warnings) {
    if (warning.message.find("\"gimli\"") != std::string::npos) {
      warned = true;
      EXPECT_EQ(warning.location.path, "Cargo.lock");
      EXPECT_EQ(warning.location.line, 13);
    }
  }
  EXPECT_TRUE(warned);
}

}  // namespace
}  // namespace tocsin::inventory
