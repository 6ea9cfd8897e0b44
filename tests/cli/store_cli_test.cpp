// `tocsin store init|migrate|copy` and the incident commands on a PostgreSQL record, end to end
// through the built binary against a throw-away cluster (tests/incident/postgres_cluster.h):
// tampering through psql seen by `incident verify`, copies both ways, a stopped server, and
// passwords kept off command lines and out of tocsin.toml.
//
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "incident/postgres_cluster.h"
#include "support/run_tocsin.h"
#include "support/scratch_dir.h"

namespace {

using tocsin::testing::run_tocsin;
using tocsin::testing::TocsinRun;

std::string fresh_repo(const std::string& name) {
  const std::string repo =
      ::tocsin::testing::process_temp_dir() + "tocsin_store_cli_" + name + "_" + std::to_string(::getpid());
  std::filesystem::remove_all(repo);
  std::filesystem::create_directories(repo);
  return repo;
}

// Runs `tocsin incident ARGS` on the store (quoted: URLs hold '&').
TocsinRun incident(const std::string& store, const std::string& args, const std::string& now = "2026-05-02T00:00:00Z") {
  return run_tocsin("incident " + args + " --store '" + store + "' --actor drill --now " + now, "", true);
}

// The history every test writes: two incidents, an acknowledgement, a step (5 events).
void write_history(const std::string& store) {
  ASSERT_EQ(incident(store,
                     "open --playbook user-safety-report --title 'Vault key in crash dump' --user-safety "
                     "panic-wipe-defeat --reporter Jo --reported-at 2026-05-01T10:00:00Z",
                     "2026-05-01T10:30:00Z")
                .exit_code,
            0);
  ASSERT_EQ(
      incident(store, "open --playbook leaked-credentials --title 'Token leak'", "2026-05-01T10:40:00Z").exit_code, 0);
  ASSERT_EQ(incident(store, "ack INC-0001 --note 'mailed Jo'", "2026-05-01T11:00:00Z").exit_code, 0);
  ASSERT_EQ(incident(store, "step INC-0002 revoke --done", "2026-05-01T11:10:00Z").exit_code, 0);
}

TEST(StoreCli, PostgresRecordFromInitToVerify) {
  TOCSIN_POSTGRES_OR_SKIP(cluster);
  const std::string url = cluster->fresh_database("cli_init");
  // Without the schema the database is not a record (a mistyped URL must not look empty).
  TocsinRun r = incident(url, "list");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("no incident record at " + url), std::string::npos) << r.out;

  r = run_tocsin("store init --store '" + url + "'", "", true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, url + ": schema version 1, 0 events\n");
  r = run_tocsin("store migrate --store '" + url + "'", "", true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("schema version 1 is current; nothing to migrate"), std::string::npos) << r.out;

  write_history(url);
  r = incident(url, "list --format json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out).size(), 2u);
  r = incident(url, "verify");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find(url + ": 5 events, chain intact"), std::string::npos) << r.out;
  r = run_tocsin("store init --store '" + url + "' --format json", "", true);
  EXPECT_EQ(nlohmann::json::parse(r.out)["events"], 5);
}

TEST(StoreCli, TamperingThroughPsqlIsNamedByVerify) {
  TOCSIN_POSTGRES_OR_SKIP(cluster);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"UPDATE events SET payload = replace(payload, 'Jo', 'Mallory') WHERE seq = 1", "seq 1 (INC-0001): edited"},
      {"DELETE FROM events WHERE seq = 3", "seq 4 (INC-0001): deleted"},
      {"INSERT INTO events VALUES (6, 'INC-0002', 'mallory', '2026-05-01T12:00:00Z', 'closed', '{}', "
       "(SELECT hash FROM events WHERE seq = 5), 'feedbeef')",
       "seq 6 (INC-0002): inserted"},
      {"UPDATE events SET seq = -2 WHERE seq = 2; UPDATE events SET seq = 2 WHERE seq = 3; "
       "UPDATE events SET seq = 3 WHERE seq = -2",
       "reordered"},
  };
  for (const auto& [sql, expected] : cases) {
    const std::string url = cluster->fresh_database("cli_tamper");
    write_history(url);
    ASSERT_EQ(incident(url, "verify").exit_code, 0);
    const auto edit = cluster->psql(url, "SET session_replication_role = replica; " + sql);
    ASSERT_EQ(edit.status, 0) << edit.output;
    const TocsinRun r = incident(url, "verify");
    EXPECT_EQ(r.exit_code, 1) << sql << "\n" << r.out;
    EXPECT_NE(r.out.find("TAMPERED"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(expected), std::string::npos) << sql << "\n" << r.out;
  }
}

TEST(StoreCli, CopyBothWaysAndRefusals) {
  TOCSIN_POSTGRES_OR_SKIP(cluster);
  const std::string repo = fresh_repo("copy");
  const std::string sqlite = repo + "/source.db";
  write_history(sqlite);
  TocsinRun r = incident(sqlite, "verify --format json");
  const std::string head = nlohmann::json::parse(r.out)["head"]["hash"];

  const std::string url = cluster->fresh_database("cli_copy");
  r = run_tocsin("store copy " + sqlite + " '" + url + "'", "", true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Copied 5 events from " + sqlite + " to " + url), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("head: 5:" + head), std::string::npos) << r.out;
  r = incident(url, "verify --anchor 5:" + head);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(incident(url, "show INC-0001 --format json").out, incident(sqlite, "show INC-0001 --format json").out);

  // Back into a new SQLite file.
  r = run_tocsin("store copy '" + url + "' " + repo + "/back.db --format json", "", true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out)["head"]["hash"], head);
  EXPECT_EQ(incident(repo + "/back.db", "verify --anchor 5:" + head).exit_code, 0);

  // Into a target that already holds a record: refused, exit 2, the target unchanged.
  r = run_tocsin("store copy " + sqlite + " '" + url + "'", "", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("not empty"), std::string::npos) << r.out;
  EXPECT_NE(incident(url, "verify").out.find("5 events, chain intact"), std::string::npos);

  // From a source edited in place: refused before anything is created.
  const std::string tampered = cluster->fresh_database("cli_copy_tampered");
  write_history(tampered);
  ASSERT_EQ(
      cluster->psql(tampered, "SET session_replication_role = replica; UPDATE events SET actor = 'x' WHERE seq = 2")
          .status,
      0);
  r = run_tocsin("store copy '" + tampered + "' " + repo + "/never.db", "", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("does not verify"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(repo + "/never.db"));
}

TEST(StoreCli, AStoppedServerIsAClearErrorNamingTheStore) {
  TOCSIN_POSTGRES_OR_SKIP(cluster);
  const std::string url = cluster->fresh_database("cli_stopped");
  write_history(url);
  ASSERT_EQ(cluster->stop_immediately().status, 0);
  TocsinRun listed = incident(url, "list");
  TocsinRun acked = incident(url, "ack INC-0002");
  ASSERT_EQ(cluster->start().status, 0);
  EXPECT_EQ(listed.exit_code, 2) << listed.out;
  EXPECT_EQ(listed.out.rfind("error: " + url + ": cannot connect to the incident store: ", 0), 0u) << listed.out;
  EXPECT_EQ(acked.exit_code, 2) << acked.out;
  EXPECT_NE(acked.out.find(url), std::string::npos) << acked.out;
  EXPECT_NE(incident(url, "verify").out.find("5 events, chain intact"), std::string::npos);
}

// No server needed: these are refused before connecting.
TEST(StoreCli, APasswordOnTheCommandLineOrInTocsinTomlIsRefused) {
  TocsinRun r = incident("postgresql://tocsin:hunter2@db.example.org/security", "list");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("postgresql://tocsin:***@db.example.org/security carries a password"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("hunter2"), std::string::npos) << r.out;

  const std::string repo = fresh_repo("toml_password");
  std::ofstream(repo + "/tocsin.toml") << "[store]\nurl = \"postgres://u@db/sec?password=hunter2\"\n";
  r = run_tocsin("incident list --repo " + repo, "", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find(repo + "/tocsin.toml:2:7: store.url: the PostgreSQL URL"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("hunter2"), std::string::npos) << r.out;

  std::ofstream(repo + "/tocsin.toml") << "[store]\npath = \"x.db\"\n";
  r = run_tocsin("store init --repo " + repo, "", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("tocsin.toml:2:8: unknown key 'path' in [store] (expected url)"), std::string::npos) << r.out;
}

TEST(StoreCli, TocsinTomlNamesTheStoreRelativeToItself) {
  const std::string repo = fresh_repo("toml_store");
  std::ofstream(repo + "/tocsin.toml") << "[store]\nurl = \"records/incidents.db\"\n";
  TocsinRun r = run_tocsin("store init --repo " + repo, "", true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(std::filesystem::exists(repo + "/records/incidents.db")) << r.out;
  r = run_tocsin("incident list --repo " + repo, "", true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("No incidents in " + repo + "/records/incidents.db"), std::string::npos) << r.out;
  // --store still wins over tocsin.toml.
  r = run_tocsin("incident list --repo " + repo + " --store " + repo + "/other.db", "", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("no incident record at " + repo + "/other.db"), std::string::npos) << r.out;
}

}  // namespace
