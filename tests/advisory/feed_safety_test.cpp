// Issue 10 items 11, 12, 14, 16, 17 and 22 (symlinks), issue 11 (a KEV catalog's directory):
// what a hostile or broken feed, a second writer or a killed one cannot do to the database.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "advisory/database.h"
#include "advisory/update.h"
#include "advisory_test_util.h"
#include "core/error.h"
#include "http_test_server.h"
#include "support/shared.h"

namespace tocsin::advisory {
namespace {

using testing::kFixtures;
using testing::ScratchDir;
using testing::slurp;
using testing::spit;

std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  return "(no error)";
}

std::string kev_with(std::size_t entries) {
  std::string catalog = slurp(kFixtures + "/kev-excerpt.json");
  if (entries == 0) {
    // As CISA would publish an emptied catalog: count 0, an empty list.
    const auto start = catalog.find("\"vulnerabilities\": [");
    catalog = catalog.substr(0, start) + "\"vulnerabilities\": []\n}\n";
    catalog.replace(catalog.find("\"count\": 3"), 10, "\"count\": 0");
  }
  return catalog;
}

// Item 11: an empty catalog used to replace three KEV entries by none, exit 0.
TEST(ShrinkGuard, AnEmptyFeedDoesNotWipeTheSource) {
  ScratchDir scratch;
  const std::string feed = scratch / "kev.json";
  spit(feed, kev_with(3));
  import_into(scratch / "db", {{feed}}, {});
  spit(feed, kev_with(0));
  auto reports = import_into(scratch / "db", {{feed}}, {});
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].failed);
  ASSERT_FALSE(reports[0].diagnostics.empty());
  EXPECT_NE(reports[0].diagnostics.back().message.find("--allow-shrink"), std::string::npos)
      << reports[0].diagnostics.back().message;
  EXPECT_EQ(Database::open(scratch / "db").status().kev_entries, 3u) << "previous records kept";

  ImportOptions allow;
  allow.allow_shrink = true;
  reports = import_into(scratch / "db", {{feed}}, allow);
  EXPECT_FALSE(reports[0].failed);
  EXPECT_EQ(Database::open(scratch / "db").status().kev_entries, 0u);
}

TEST(ShrinkGuard, AnAllMalformedDirectoryOrABigShrinkIsRefused) {
  ScratchDir scratch;
  std::filesystem::copy(kFixtures + "/osv", scratch / "osv", std::filesystem::copy_options::recursive);
  ASSERT_FALSE(import_into(scratch / "db", {{scratch / "osv"}}, {})[0].failed);
  const std::size_t before = Database::open(scratch / "db").status().advisories;
  ASSERT_GE(before, 4u);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(scratch / "osv"))
    if (entry.is_regular_file()) spit(entry.path().string(), "{not json");
  auto reports = import_into(scratch / "db", {{scratch / "osv"}}, {});
  EXPECT_TRUE(reports[0].failed) << "every file malformed must not wipe the source";
  EXPECT_EQ(Database::open(scratch / "db").status().advisories, before);

  // One record left of several: more than the default 50 % shrink.
  std::filesystem::remove_all(scratch / "osv");
  std::filesystem::create_directories(scratch / "osv");
  std::filesystem::copy_file(kFixtures + "/osv/MAL-2099-1.json", scratch / "osv/MAL-2099-1.json");
  reports = import_into(scratch / "db", {{scratch / "osv"}}, {});
  ASSERT_TRUE(reports[0].failed);
  EXPECT_NE(reports[0].diagnostics.back().message.find("shrinks by more than 50%"), std::string::npos)
      << reports[0].diagnostics.back().message;
  ImportOptions tolerant;
  tolerant.max_shrink = 0.95;  // configurable fraction
  reports = import_into(scratch / "db", {{scratch / "osv"}}, tolerant);
  EXPECT_FALSE(reports[0].failed);
  EXPECT_EQ(reports[0].records, 1u);
}

TEST(ShrinkGuard, UpdateThroughAMirrorRefusesAnEmptyCatalog) {
  ScratchDir scratch;
  testing::HttpTestServer server;
  auto zip = [&](const std::string& name) {
    testing::write_zip(scratch / "f.zip", {{name, slurp(kFixtures + "/osv/" + name)}});
    return slurp(scratch / "f.zip");
  };
  server.set("/crates.io/all.zip", {zip("RUSTSEC-2099-0010.json")});
  server.set("/npm/all.zip", {zip("MAL-2099-1.json")});
  server.set("/PyPI/all.zip", {zip("PYSEC-2099-2.json")});
  const std::string kev_path = "/sites/default/files/feeds/known_exploited_vulnerabilities.json";
  server.set(kev_path, {kev_with(3)});
  UpdateOptions options;
  options.mirror = server.base_url();
  options.stall_timeout_seconds = 5;
  update_database(scratch / "db", options);
  server.set(kev_path, {kev_with(0)});
  const std::string message = message_of([&] { update_database(scratch / "db", options); });
  EXPECT_NE(message.find("refusing to replace 3 records"), std::string::npos) << message;
  EXPECT_EQ(Database::open(scratch / "db").status().kev_entries, 3u);
}

// Item 12: two writers at once; the second waits, or fails naming the first.
TEST(WriterLock, ASecondWriterWaitsOrFailsClearly) {
  ScratchDir scratch;
  ImportOptions options;
  WriterLock held = lock_database(scratch / "db", options);
  ImportOptions impatient;
  impatient.lock_wait_seconds = 0;
  const std::string message =
      message_of([&] { import_into(scratch / "db", {{kFixtures + "/kev-excerpt.json"}}, impatient); });
  EXPECT_NE(message.find("another tocsin process (pid " + std::to_string(::getpid()) + ")"), std::string::npos)
      << message;

  // A patient writer waits for the lock and then imports.
  std::string waited;
  ImportOptions patient;
  patient.lock_wait_seconds = 30;
  patient.on_lock_wait = [&](const std::string& text) { waited = text; };
  std::thread writer([&] { import_into(scratch / "db", {{kFixtures + "/kev-excerpt.json"}}, patient); });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  { WriterLock released = std::move(held); }
  writer.join();
  EXPECT_NE(waited.find("waiting for another tocsin process"), std::string::npos) << waited;
  EXPECT_EQ(Database::open(scratch / "db").status().kev_entries, 3u);
}

// Item 16: a killed import's scratch copy and a killed update's downloads are cleaned up.
TEST(WriterLock, RemovesScratchFilesOfKilledWriters) {
  ScratchDir scratch;
  std::filesystem::create_directories(scratch / "db/.downloads-999999999");
  spit(scratch / "db/.downloads-999999999/0-all.zip", "partial");
  spit(scratch / "db/.advisories.db.tmp-999999998", "hundreds of MB");
  import_into(scratch / "db", {{kFixtures + "/kev-excerpt.json"}}, {});
  EXPECT_FALSE(std::filesystem::exists(scratch / "db/.downloads-999999999"));
  EXPECT_FALSE(std::filesystem::exists(scratch / "db/.advisories.db.tmp-999999998"));
}

// Item 17: the sum of the entries' sizes is capped before anything is inflated.
TEST(ZipBudget, AnArchiveDeclaringFarMoreThanItsSizeIsRefused) {
  ScratchDir scratch;
  std::string padded = slurp(kFixtures + "/osv/MAL-2099-1.json");
  padded.insert(padded.rfind('}'), ", \"database_specific\": {\"pad\": \"" + std::string(3 << 20, 'a') + "\"}");
  testing::write_zip(scratch / "bomb.zip", {{"MAL-2099-1.json", padded}});
  ASSERT_LT(std::filesystem::file_size(scratch / "bomb.zip"), 64u << 10);  // ~3 MiB in a few KB
  ImportOptions options;  // default: 100x the archive but at least 256 MiB: accepted
  EXPECT_FALSE(import_into(scratch / "db", {{scratch / "bomb.zip"}}, options)[0].failed);
  options.archive_budget_floor = 1 << 20;
  options.strict = true;
  const std::string message = message_of([&] { import_into(scratch / "db2", {{scratch / "bomb.zip"}}, options); });
  EXPECT_NE(message.find("decompression bomb"), std::string::npos) << message;
  EXPECT_FALSE(std::filesystem::exists(scratch / "db2/advisories.db"));
}

// Issue 11: `db import ../shared/data/kev` — the catalog's directory, with its schema beside it.
TEST(FeedDetection, AKevCatalogsDirectoryIsRecognisedByContent) {
  const std::string dir = kFixtures + "/kev-dir";
  EXPECT_EQ(detect_importer(dir)->kind(), "kev");
  EXPECT_EQ(detect_importer(dir + "/known_exploited_vulnerabilities_schema.json")->kind(), "osv")
      << "the schema is not a catalog";
  ScratchDir scratch;
  auto reports = import_into(scratch / "db", {{dir}}, {});
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].kind, "kev");
  EXPECT_EQ(reports[0].records, 3u);
  EXPECT_TRUE(reports[0].diagnostics.empty());
  EXPECT_EQ(reports[0].ignored_files, 2u);  // the schema and SNAPSHOT
  EXPECT_EQ(Database::open(scratch / "db").status().kev_entries, 3u);
  EXPECT_TRUE(looks_like_kev_catalog("{\"catalogVersion\" :\n \"2025.08.25\""));
  EXPECT_FALSE(looks_like_kev_catalog("{\"properties\": {\"catalogVersion\": {\"type\": \"string\"}}"));
}

TEST(FeedDetection, AKevDirectoryFromSharedDataImports) {
  const std::string dir = std::string(TOCSIN_SHARED) + "/data/kev";
  TOCSIN_NEED_SHARED(dir);
  ScratchDir scratch;
  auto reports = import_into(scratch / "db", {{dir}}, {});
  EXPECT_EQ(reports[0].kind, "kev");
  EXPECT_GT(reports[0].records, 1000u);
  EXPECT_TRUE(reports[0].diagnostics.empty());
}

// Item 22: a symlink inside an import directory is not followed.
TEST(FeedDetection, SymlinksInsideImportDirectoriesAreNotFollowed) {
  ScratchDir scratch;
  std::filesystem::create_directories(scratch / "feed");
  std::filesystem::copy_file(kFixtures + "/osv/MAL-2099-1.json", scratch / "feed/MAL-2099-1.json");
  std::filesystem::create_directories(scratch / "outside");
  std::filesystem::copy_file(kFixtures + "/osv/PYSEC-2099-2.json", scratch / "outside/PYSEC-2099-2.json");
  std::filesystem::create_symlink(scratch / "outside/PYSEC-2099-2.json", scratch / "feed/linked.json");
  std::filesystem::create_directory_symlink(scratch / "outside", scratch / "feed/linked-dir");
  auto reports = import_into(scratch / "db", {{scratch / "feed"}}, {});
  EXPECT_EQ(reports[0].records, 1u);
  EXPECT_EQ(reports[0].ignored_files, 2u);
  EXPECT_NE(reports[0].ignored_note.find("symbolic links"), std::string::npos);
}

// Item 14: curl's URL parser decides the host.
TEST(FeedUrl, UserinfoCannotDisguiseTheHost) {
  const Feed& feed = official_feeds().front();
  std::string message = message_of([&] { feed_url(feed, "http://localhost:x@evil.invalid/"); });
  EXPECT_NE(message.find("user information"), std::string::npos) << message;
  EXPECT_THROW(feed_url(feed, "http://127.0.0.1@evil.invalid"), Error);
  EXPECT_THROW(feed_url(feed, "https://user:secret@mirror.invalid"), Error);
  EXPECT_THROW(feed_url(feed, "http://localhost.evil.invalid"), Error);
  EXPECT_THROW(feed_url(feed, "https://mirror.invalid/?x="), Error);
  EXPECT_THROW(feed_url(feed, "http://[::1"), Error);
  EXPECT_EQ(feed_url(feed, "http://[::1]:8080/m/"), "http://[::1]:8080/m/crates.io/all.zip");
  // Scheme and host compare case-insensitively (curl keeps the host's spelling).
  EXPECT_EQ(feed_url(feed, "http://LOCALHOST:9"), "http://LOCALHOST:9/crates.io/all.zip");
  EXPECT_EQ(feed_url(feed, "HTTPS://Mirror.Example/x"), "https://Mirror.Example/x/crates.io/all.zip");
}

// Item 16: an overall deadline and a size cap per feed.
TEST(UpdateLimits, SizeCapAndDeadline) {
  ScratchDir scratch;
  testing::HttpTestServer server;
  server.set("/crates.io/all.zip", {std::string(4096, 'x')});
  UpdateOptions options;
  options.mirror = server.base_url();
  options.stall_timeout_seconds = 5;
  options.max_download_bytes = 1000;
  std::string message = message_of([&] { update_database(scratch / "db", options); });
  EXPECT_NE(message.find("larger than the"), std::string::npos) << message;
  options.max_download_bytes = std::size_t{1} << 30;
  options.deadline_seconds = 0;
  message = message_of([&] { update_database(scratch / "db", options); });
  EXPECT_NE(message.find("ran out of time"), std::string::npos) << message;
  for (const auto& entry : std::filesystem::directory_iterator(scratch / "db"))
    EXPECT_EQ(entry.path().filename().string().rfind(".downloads-", 0), std::string::npos) << "scratch left behind";
}

}  // namespace
}  // namespace tocsin::advisory
