// `tocsin db …` end to end: the real binary, a scratch database, a loopback mirror.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "advisory/advisory_test_util.h"
#include "advisory/http_test_server.h"

namespace {

using tocsin::advisory::testing::kFixtures;
using tocsin::advisory::testing::ScratchDir;
using tocsin::advisory::testing::slurp;

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

Outcome tocsin(const ScratchDir& scratch, const std::string& arguments) {
  std::string out = scratch / "stdout", err = scratch / "stderr";
  std::string command = "env -u TOCSIN_DB " + quote(TOCSIN_BINARY) + " " + arguments + " >" + quote(out) + " 2>" +
                        quote(err) + " </dev/null";
  int status = std::system(command.c_str());
  Outcome run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = slurp(out);
  run.err = slurp(err);
  return run;
}

std::string db_option(const ScratchDir& scratch) { return "--db " + quote(scratch / "db"); }

TEST(DbCli, ImportThenStatusAsJson) {
  ScratchDir scratch;
  Outcome imported = tocsin(scratch, "db import " + quote(kFixtures + "/osv") + " " + quote(kFixtures + "/rustsec") +
                                         " " + quote(kFixtures + "/kev-excerpt.json") + " " +
                                         quote(kFixtures + "/known-bad.txt") + " " + db_option(scratch));
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("9 records imported"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("unsupported ecosystem Debian:12"), std::string::npos) << imported.out;
  EXPECT_EQ(imported.err.find('\r'), std::string::npos);  // no progress bar when stderr is not a TTY

  Outcome fresh = tocsin(scratch, "db status --format json --now 2025-08-26T17:00:00Z " + db_option(scratch));
  ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
  auto status = nlohmann::json::parse(fresh.out);
  EXPECT_EQ(status["sources"].size(), 4u);
  EXPECT_EQ(status["advisories_per_ecosystem"]["npm"], 5);
  EXPECT_EQ(status["kev"]["entries"], 3);
  EXPECT_EQ(status["known_bad"], 3);
  EXPECT_TRUE(status["warnings"].empty()) << fresh.out;  // released 2025-08-25T17:04:19Z: under a day

  Outcome stale = tocsin(scratch, "db status --format json --now 2025-08-26T17:05:00Z " + db_option(scratch));
  ASSERT_EQ(stale.exit_code, 0);
  auto stale_status = nlohmann::json::parse(stale.out);
  ASSERT_EQ(stale_status["warnings"].size(), 1u);
  EXPECT_NE(stale_status["warnings"][0].get<std::string>().find("KEV"), std::string::npos);

  Outcome table = tocsin(scratch, "db status --now 2025-09-25T00:00:00Z " + db_option(scratch));
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("crates.io"), std::string::npos);
  EXPECT_NE(table.err.find("30 day(s) old"), std::string::npos) << table.err;
}

TEST(DbCli, BadInputIsDiagnosedAndStrictStops) {
  ScratchDir scratch;
  Outcome lenient = tocsin(scratch, "db import " + quote(kFixtures + "/osv-bad") + " " + db_option(scratch));
  EXPECT_EQ(lenient.exit_code, 0);
  EXPECT_NE(lenient.err.find(kFixtures + "/osv-bad/corrupt.json:"), std::string::npos) << lenient.err;
  EXPECT_NE(lenient.out.find("skipped 2 malformed file(s)"), std::string::npos) << lenient.out;

  std::string before = slurp(scratch / "db/advisories.db");
  Outcome strict =
      tocsin(scratch, "db import --strict " + quote(kFixtures + "/rustsec-bad") + " " + db_option(scratch));
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_NE(strict.err.find("RUSTSEC-2099-0007.md:"), std::string::npos) << strict.err;
  EXPECT_EQ(slurp(scratch / "db/advisories.db"), before);

  EXPECT_EQ(tocsin(scratch, "db import " + quote(kFixtures + "/nope") + " " + db_option(scratch)).exit_code, 2);
  ScratchDir empty;
  EXPECT_EQ(tocsin(empty, "db status " + db_option(empty)).exit_code, 2);
  EXPECT_EQ(tocsin(empty, "db status --now yesterday " + db_option(scratch)).exit_code, 2);
}

TEST(DbCli, UpdateFromALoopbackMirrorAndFailureKeepsTheDatabase) {
  ScratchDir scratch;
  tocsin::advisory::testing::HttpTestServer server;
  std::string zip = scratch / "feed.zip";
  tocsin::advisory::testing::write_zip(zip, {{"MAL-2099-1.json", slurp(kFixtures + "/osv/MAL-2099-1.json")}});
  std::string archive = slurp(zip);
  for (const char* path : {"/crates.io/all.zip", "/npm/all.zip", "/PyPI/all.zip"}) server.set(path, {archive});
  server.set("/sites/default/files/feeds/known_exploited_vulnerabilities.json",
             {slurp(kFixtures + "/kev-excerpt.json")});
  Outcome updated = tocsin(scratch, "db update --mirror " + quote(server.base_url()) + " " + db_option(scratch));
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  EXPECT_NE(updated.out.find("3 records imported"), std::string::npos) << updated.out;

  std::string before = slurp(scratch / "db/advisories.db");
  server.set("/PyPI/all.zip", {archive, archive.size() / 2});
  Outcome cut = tocsin(scratch, "db update --mirror " + quote(server.base_url()) + " " + db_option(scratch));
  EXPECT_EQ(cut.exit_code, 2);
  EXPECT_NE(cut.err.find("PyPI/all.zip"), std::string::npos) << cut.err;
  EXPECT_EQ(slurp(scratch / "db/advisories.db"), before);

  EXPECT_EQ(tocsin(scratch, "db update --mirror http://example.invalid " + db_option(scratch)).exit_code, 2);
}

}  // namespace
