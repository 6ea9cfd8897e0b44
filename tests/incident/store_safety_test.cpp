// Issue 10 items 3 and 4: the store's permissions are checked, and only creating commands create.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "core/error.h"
#include "drill.h"
#include "incident/sqlite_store.h"

namespace tocsin::incident {
namespace {

std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(StoreSafety, OpeningAMissingStoreDoesNotCreateIt) {
  const std::string dir = testing::fresh_dir("missing");
  const std::string path = dir + "/typo/x.db";
  const std::string message = message_of([&] { open_sqlite_store(path); });
  EXPECT_NE(message.find("no incident record at " + path), std::string::npos) << message;
  EXPECT_FALSE(std::filesystem::exists(dir + "/typo"));
  open_sqlite_store(path, StoreMode::Create);
  EXPECT_NO_THROW(open_sqlite_store(path));
}

TEST(StoreSafety, RefusesAStoreOthersCanReadWithTheChmodToRun) {
  const std::string dir = testing::fresh_dir("loose");
  const std::string path = dir + "/incidents.db";
  open_sqlite_store(path, StoreMode::Create);
  ASSERT_EQ(::chmod(path.c_str(), 0666), 0);
  std::string message = message_of([&] { open_sqlite_store(path); });
  EXPECT_NE(message.find("mode 0666"), std::string::npos) << message;
  EXPECT_NE(message.find("chmod 600 " + path), std::string::npos) << message;
  EXPECT_NE(message_of([&] { open_sqlite_store(path, StoreMode::Create); }), "(no error)");

  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  ASSERT_EQ(::chmod(dir.c_str(), 0777), 0);
  message = message_of([&] { open_sqlite_store(path); });
  EXPECT_NE(message.find("chmod go-w " + dir), std::string::npos) << message;
  ASSERT_EQ(::chmod(dir.c_str(), 01777), 0);  // sticky, as /tmp: others cannot swap our file
  EXPECT_NO_THROW(open_sqlite_store(path));
  ASSERT_EQ(::chmod(dir.c_str(), 0755), 0);  // readable only: the 0600 file keeps its contents private
  EXPECT_NO_THROW(open_sqlite_store(path));

  ::setenv("TOCSIN_ALLOW_SHARED_STORE", "1", 1);
  ASSERT_EQ(::chmod(path.c_str(), 0660), 0);
  EXPECT_NO_THROW(open_sqlite_store(path)) << "the documented override";
  ::unsetenv("TOCSIN_ALLOW_SHARED_STORE");
}

TEST(StoreSafety, RefusesAPlantedSymlinkAsTheStore) {
  const std::string dir = testing::fresh_dir("link");
  open_sqlite_store(dir + "/real.db", StoreMode::Create);
  std::filesystem::create_symlink(dir + "/real.db", dir + "/incidents.db");
  EXPECT_NE(message_of([&] { open_sqlite_store(dir + "/incidents.db"); }).find("symbolic link"), std::string::npos);
  std::filesystem::create_symlink(dir + "/elsewhere.db", dir + "/dangling.db");
  EXPECT_NE(message_of([&] { open_sqlite_store(dir + "/dangling.db", StoreMode::Create); }).find("symbolic link"),
            std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir + "/elsewhere.db"));
}

// A store another user owns (planted before we first used the path) is refused. Needs root to
// hand the file to `nobody`; skipped otherwise.
TEST(StoreSafety, RefusesAStoreAnotherUserOwns) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to chown a file to nobody (65534)";
  const std::string dir = testing::fresh_dir("foreign");
  const std::string path = dir + "/incidents.db";
  open_sqlite_store(path, StoreMode::Create);
  ASSERT_EQ(::chown(path.c_str(), 65534, 65534), 0);
  const std::string message = message_of([&] { open_sqlite_store(path); });
  EXPECT_NE(message.find("owned by uid 65534, not by you"), std::string::npos) << message;
}

}  // namespace
}  // namespace tocsin::incident
