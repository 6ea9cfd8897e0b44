#include "advisory/update.h"

#include <gtest/gtest.h>

#include "advisory/database.h"
#include "advisory_test_util.h"
#include "core/error.h"
#include "http_test_server.h"

namespace tocsin::advisory {
namespace {

using testing::HttpTestServer;
using testing::kFixtures;
using testing::ScratchDir;

std::string zip_of(const ScratchDir& scratch, const std::map<std::string, std::string>& files) {
  std::string path = scratch / "feed.zip";
  testing::write_zip(path, files);
  return testing::slurp(path);
}

// Serves every official feed path from the fixtures: one record per ecosystem plus the KEV excerpt.
void serve_good_feeds(HttpTestServer& server, const ScratchDir& scratch) {
  auto record = [](const std::string& name) { return testing::slurp(kFixtures + "/osv/" + name); };
  server.set("/crates.io/all.zip", {zip_of(scratch, {{"GHSA-rust-0001.json", record("GHSA-rust-0001.json")},
                                                     {"RUSTSEC-2099-0010.json", record("RUSTSEC-2099-0010.json")}})});
  server.set("/npm/all.zip", {zip_of(scratch, {{"MAL-2099-1.json", record("MAL-2099-1.json")}})});
  server.set("/PyPI/all.zip", {zip_of(scratch, {{"PYSEC-2099-2.json", record("PYSEC-2099-2.json")}})});
  server.set("/sites/default/files/feeds/known_exploited_vulnerabilities.json",
             {testing::slurp(kFixtures + "/kev-excerpt.json")});
}

UpdateOptions mirror_options(const HttpTestServer& server) {
  UpdateOptions options;
  options.mirror = server.base_url() + "/";
  options.stall_timeout_seconds = 5;
  return options;
}

TEST(Update, DownloadsEveryFeedFromAMirror) {
  ScratchDir scratch;
  HttpTestServer server;
  serve_good_feeds(server, scratch);
  auto reports = update_database(scratch / "db", mirror_options(server));
  ASSERT_EQ(reports.size(), 4u);
  EXPECT_EQ(reports[0].records, 2u);
  EXPECT_EQ(reports[1].records, 1u);
  EXPECT_EQ(reports[2].records, 1u);
  EXPECT_EQ(reports[3].records, 3u);
  Database db = Database::open(scratch / "db");
  EXPECT_EQ(db.matches(Ecosystem::Npm, "evil-pkg", "1.0.0").size(), 1u);
  EXPECT_TRUE(db.kev_for("CVE-2024-8068").has_value());
  auto status = db.status();
  ASSERT_EQ(status.sources.size(), 4u);
  EXPECT_EQ(status.sources[0].key, "kev:cisa");
  EXPECT_EQ(status.sources[0].path,
            server.base_url() + "/sites/default/files/feeds/known_exploited_vulnerabilities.json");
}

class BrokenFeed : public ::testing::TestWithParam<std::string> {};

// The previous database must stay byte-identical and usable whatever goes wrong.
TEST_P(BrokenFeed, LeavesThePreviousDatabaseIntact) {
  ScratchDir scratch;
  HttpTestServer server;
  serve_good_feeds(server, scratch);
  update_database(scratch / "db", mirror_options(server));
  std::string before = testing::slurp(database_file(scratch / "db"));
  Database reader = Database::open(scratch / "db");

  std::string good_npm = zip_of(scratch, {{"MAL-2099-1.json", testing::slurp(kFixtures + "/osv/MAL-2099-1.json")}});
  if (GetParam() == "cut-off") {
    server.set("/npm/all.zip", {good_npm, good_npm.size() / 2});
  } else if (GetParam() == "corrupt-archive") {
    std::string damaged = good_npm;
    for (std::size_t i = 0; i < damaged.size(); i += 7) damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
    server.set("/npm/all.zip", {damaged});
  } else if (GetParam() == "garbage-records") {
    server.set("/npm/all.zip", {zip_of(scratch, {{"X.json", "{not json"}})});
  } else if (GetParam() == "missing") {
    server.set("/sites/default/files/feeds/known_exploited_vulnerabilities.json", {"", 0});
    server.set("/PyPI/all.zip", {""});
  }
  EXPECT_THROW(update_database(scratch / "db", mirror_options(server)), Error);
  EXPECT_EQ(testing::slurp(database_file(scratch / "db")), before);
  EXPECT_EQ(reader.matches(Ecosystem::Npm, "evil-pkg", "1.0.0").size(), 1u);
  EXPECT_EQ(Database::open(scratch / "db").status().advisories, 4u);
  for (const auto& entry : std::filesystem::directory_iterator(scratch / "db"))
    if (entry.path().filename() != "advisories.db.lock") {  // the writers' lock file stays
      EXPECT_EQ(entry.path().filename(), "advisories.db");
    }
}

INSTANTIATE_TEST_SUITE_P(Update, BrokenFeed,
                         ::testing::Values("cut-off", "corrupt-archive", "garbage-records", "missing"));

TEST(Update, RefusesPlainHttpOutsideLoopback) {
  const Feed& feed = official_feeds().front();
  EXPECT_EQ(feed_url(feed, ""), "https://osv-vulnerabilities.storage.googleapis.com/crates.io/all.zip");
  EXPECT_EQ(feed_url(feed, "https://mirror.invalid/osv/"), "https://mirror.invalid/osv/crates.io/all.zip");
  EXPECT_THROW(feed_url(feed, "http://mirror.invalid"), Error);
  EXPECT_THROW(feed_url(feed, "http://127.0.0.1.evil.invalid"), Error);
  EXPECT_THROW(feed_url(feed, "file:///etc"), Error);
  EXPECT_EQ(feed_url(feed, "http://127.0.0.1:8080"), "http://127.0.0.1:8080/crates.io/all.zip");
}

}  // namespace
}  // namespace tocsin::advisory
