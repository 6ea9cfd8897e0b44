#include "core/file_write.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/hash.h"
#include "support/files.h"
#include "support/scratch_dir.h"

namespace tocsin {
namespace {

namespace fs = std::filesystem;

using Scratch = testing::ScratchDir;
using testing::slurp;

std::size_t entries(const std::string& dir) {
  std::size_t count = 0;
  for (auto it = fs::directory_iterator(dir); it != fs::directory_iterator(); ++it) ++count;
  return count;
}

// Issue 10 item 2: a planted link (dangling, or to a file) must not redirect a write.
TEST(WriteFileAtomic, RefusesASymlinkAtTheDestination) {
  Scratch scratch;
  fs::create_symlink(scratch / "outside.txt", scratch / "dangling.json");
  EXPECT_THROW(write_file_atomic(scratch / "dangling.json", "x"), Error);
  EXPECT_FALSE(fs::exists(scratch / "outside.txt")) << "the link's target was created";

  std::ofstream(scratch / "victim.txt") << "precious";
  fs::create_symlink(scratch / "victim.txt", scratch / "link.json");
  try {
    write_file_atomic(scratch / "link.json", "overwritten");
    FAIL() << "wrote through a symlink";
  } catch (const Error& error) {
    EXPECT_NE(error.message().find("symbolic link"), std::string::npos) << error.message();
  }
  EXPECT_EQ(slurp(scratch / "victim.txt"), "precious");
  EXPECT_EQ(entries(scratch.path()), 3u) << "no temporary file left behind: dangling.json, victim.txt, link.json";
}

TEST(WriteFileAtomic, ReplacesOrRefusesAndLeavesNoTemporaryFile) {
  Scratch scratch;
  write_file_atomic(scratch / "a.json", "one");
  EXPECT_EQ(slurp(scratch / "a.json"), "one");
  write_file_atomic(scratch / "a.json", "two");
  EXPECT_EQ(slurp(scratch / "a.json"), "two");
  EXPECT_THROW(write_file_atomic(scratch / "a.json", "three", {.replace = false}), Error);
  EXPECT_EQ(slurp(scratch / "a.json"), "two");
  EXPECT_EQ(entries(scratch.path()), 1u);
  EXPECT_THROW(write_file_atomic(scratch / "missing-dir/a.json", "x"), Error);
}

// Issue 10 item 13: a full device is an error naming the reason, not a silent success.
TEST(WriteFileAtomic, AFullDeviceIsAnErrorWithTheReason) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  try {
    write_file_atomic("/dev/full", std::string(100000, 'x'));
    FAIL() << "writing to /dev/full succeeded";
  } catch (const Error& error) {
    EXPECT_NE(error.message().find("No space left on device"), std::string::npos) << error.message();
  }
}

// Issue 10 item 16: scratch files of dead writers go, those of live ones stay.
TEST(RemoveStalePidFiles, RemovesOnlyThoseOfDeadProcesses) {
  Scratch scratch;
  const std::string mine = ".tmp-" + std::to_string(::getpid());
  std::ofstream(scratch / mine) << "live";
  std::ofstream(scratch / ".tmp-999999999") << "dead";  // above any pid_max
  fs::create_directories(scratch / ".tmp-999999998/sub");
  std::ofstream(scratch / ".tmp-1") << "init is alive";
  std::ofstream(scratch / "other-999999999") << "not ours";
  EXPECT_EQ(remove_stale_pid_files(scratch.path(), ".tmp-"), 2);
  EXPECT_TRUE(fs::exists(scratch / mine));
  EXPECT_TRUE(fs::exists(scratch / ".tmp-1"));
  EXPECT_TRUE(fs::exists(scratch / "other-999999999"));
  EXPECT_FALSE(fs::exists(scratch / ".tmp-999999999"));
  EXPECT_FALSE(fs::exists(scratch / ".tmp-999999998"));
}

TEST(TruncateForMessage, CutsLongValuesOnACharacterBoundary) {
  EXPECT_EQ(truncate_for_message("short"), "short");
  const std::string cut = truncate_for_message(std::string(100000, 'a'), 10);
  EXPECT_EQ(cut, "aaaaaaaaaa… (100000 bytes)");
  EXPECT_EQ(truncate_for_message("aaaaaaaaa\xc3\xa9zzz", 10), "aaaaaaaaa… (14 bytes)");
}

TEST(Sha256Hex, MatchesTheFips180Example) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace tocsin

namespace tocsin {
namespace {

// Issue 10 item 22: an error quoting a 100 KB input is cut, with the real size.
TEST(ErrorMessages, NeverEchoAHugeInputInFull) {
  const Error error("list.txt", 1, 1, "expected `name@version`, found '" + std::string(100000, 'x') + "'");
  EXPECT_LE(error.message().size(), 2048u + 32);
  EXPECT_NE(error.message().find("bytes)"), std::string::npos);
  EXPECT_EQ(std::string(error.what()).rfind("list.txt:1:1: expected", 0), 0u);
  EXPECT_EQ(Error("short").message(), "short");
}

}  // namespace
}  // namespace tocsin
