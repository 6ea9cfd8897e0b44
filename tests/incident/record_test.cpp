// The record: hash chain, tamper detection straight in the SQLite file and through psql in
// PostgreSQL, the file's permissions, the default location, replay.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "core/hash.h"
#include "drill.h"
#include "store_backends.h"

namespace tocsin::incident {
namespace {

using testing::Drill;

// Two incidents, interleaved, 8 events.
void write_history(Drill& drill) {
  OpenRequest a;
  a.playbook = "user-safety-report";
  a.title = "Identity leak";
  a.user_safety_class = "identity-leak";
  a.reporter = "Jo";
  open_incident(drill.when("2026-05-01T10:00:00Z"), a);  // 1
  OpenRequest b;
  b.playbook = "leaked-credentials";
  b.title = "Token leak";
  open_incident(drill.when("2026-05-01T10:05:00Z"), b);                                  // 2
  acknowledge(drill.when("2026-05-01T11:00:00Z"), "INC-0001", "thanks");                 // 3, 4
  record_step(drill.when("2026-05-01T11:10:00Z"), "INC-0002", "revoke", false, "done");  // 5
  record_step(drill.when("2026-05-01T12:00:00Z"), "INC-0001", "verify", false, "");      // 6
  set_field(drill.when("2026-05-01T13:00:00Z"), "INC-0001", "cwe", "CWE-359");           // 7
  record_step(drill.when("2026-05-01T14:00:00Z"), "INC-0002", "yank", false, "");        // 8
}

// The same tampering on both backends: SQL straight on the SQLite file, or through psql on the
// PostgreSQL database; `incident verify`'s verify_chain must name each kind the same way.
class Tamper : public testing::BackendTest {
 protected:
  void SetUp() override {
    testing::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    const std::string database = cluster_ ? fresh_spec("tamper") : "";
    drill_ = std::make_unique<Drill>("tamper", Config{}, database);
    spec_ = cluster_ ? database : drill_->dir + "/incidents.db";
    write_history(*drill_);
    ASSERT_EQ(drill_->store->read_all().size(), 8u);
    ASSERT_TRUE(verify_chain(drill_->store->read_all(), drill_->store->head()).ok());
    drill_->store.reset();  // checkpoints the WAL into the file / closes the connection
  }

  // Runs SQL on the store as an attacker would, then verifies as `incident verify` does.
  Verification tamper(const std::string& sql) {
    raw_sql(spec_, sql);
    auto store = open_event_store(spec_, StoreMode::Create);
    const auto [events, head] = store->read_with_head();
    return verify_chain(events, head);
  }

  static bool has(const Verification& v, incident::Tamper kind, std::int64_t seq, const std::string& incident) {
    for (const Problem& p : v.problems)
      if (p.kind == kind && p.seq == seq && p.incident == incident) return true;
    return false;
  }

  static std::string describe(const Verification& v) {
    std::string out;
    for (const Problem& p : v.problems) out += p.message + "\n";
    return out;
  }

  std::unique_ptr<Drill> drill_;
  std::string spec_;
};
TOCSIN_BOTH_BACKENDS(Tamper);

TEST_P(Tamper, EditedPayloadIsNamed) {
  const Verification v = tamper("UPDATE events SET payload = replace(payload, 'Jo', 'Mallory') WHERE seq = 1");
  ASSERT_EQ(v.problems.size(), 1u) << describe(v);
  EXPECT_TRUE(has(v, incident::Tamper::Edited, 1, "INC-0001")) << describe(v);
}

TEST_P(Tamper, EditedActorTimeOrTypeIsNamed) {
  for (const char* sql : {"UPDATE events SET actor = 'mallory' WHERE seq = 5",
                          "UPDATE events SET time = '2026-05-01T09:00:00Z' WHERE seq = 5",
                          "UPDATE events SET incident = 'INC-0001' WHERE seq = 5"}) {
    SetUp();
    const Verification v = tamper(sql);
    EXPECT_FALSE(v.ok()) << sql;
    EXPECT_EQ(v.problems.front().kind, incident::Tamper::Edited) << sql << describe(v);
    EXPECT_EQ(v.problems.front().seq, 5) << sql;
  }
}

TEST_P(Tamper, EditedNewestEventIsNamed) {
  const Verification v =
      tamper("UPDATE events SET payload = '{\"step\":\"yank\",\"status\":\"skipped\"}' WHERE seq = 8");
  ASSERT_EQ(v.problems.size(), 1u) << describe(v);
  EXPECT_TRUE(has(v, incident::Tamper::Edited, 8, "INC-0002")) << describe(v);
}

TEST_P(Tamper, DeletedEventIsNamed) {
  const Verification v = tamper("DELETE FROM events WHERE seq = 5");
  ASSERT_EQ(v.problems.size(), 1u) << describe(v);
  EXPECT_TRUE(has(v, incident::Tamper::Deleted, 5, "INC-0001")) << describe(v);  // seq 6 is INC-0001's
}

TEST_P(Tamper, DeletedAndRenumberedEventIsStillSeen) {
  // Renumbered through negative values: PostgreSQL checks the primary key row by row.
  const Verification v = tamper(
      "DELETE FROM events WHERE seq = 3; UPDATE events SET seq = -(seq - 1) WHERE seq > 3; "
      "UPDATE events SET seq = -seq WHERE seq < 0");
  ASSERT_EQ(v.problems.size(), 1u) << describe(v);
  EXPECT_EQ(v.problems[0].kind, incident::Tamper::Deleted);
  EXPECT_EQ(v.problems[0].seq, 3);  // the event now at seq 3 lost its predecessor
}

TEST_P(Tamper, DeletedNewestEventIsSeenThroughTheHead) {
  const Verification v = tamper("DELETE FROM events WHERE seq = 8");
  ASSERT_EQ(v.problems.size(), 1u) << describe(v);
  EXPECT_TRUE(has(v, incident::Tamper::Deleted, 8, "")) << describe(v);
}

TEST_P(Tamper, InsertedForgeryIsNamed) {
  // Made room at seq 4 and wrote an event there — even with a correctly computed hash.
  const std::string prev = open_event_store(spec_)->read_all()[2].hash;
  const NewEvent forged{"INC-0002", "mallory", "2026-05-01T11:05:00Z", "step", R"({"step":"yank","status":"done"})"};
  const std::string hash = event_hash(prev, forged);
  const Verification v = tamper(
      "UPDATE events SET seq = seq + 100 WHERE seq >= 4; UPDATE events SET seq = seq - 99 WHERE seq >= 104; "
      "INSERT INTO events VALUES (4, 'INC-0002', 'mallory', '2026-05-01T11:05:00Z', 'step', "
      "'{\"step\":\"yank\",\"status\":\"done\"}', '" +
      prev + "', '" + hash + "')");
  ASSERT_EQ(v.problems.size(), 1u) << describe(v);
  EXPECT_TRUE(has(v, incident::Tamper::Inserted, 4, "INC-0002")) << describe(v);
}

TEST_P(Tamper, InsertedEventAtTheEndIsNamed) {
  const Verification v = tamper(
      "INSERT INTO events VALUES (9, 'INC-0001', 'mallory', '2026-05-02T00:00:00Z', 'closed', '{}', "
      "(SELECT hash FROM events WHERE seq = 8), 'feedbeef')");
  ASSERT_EQ(v.problems.size(), 1u) << describe(v);
  EXPECT_TRUE(has(v, incident::Tamper::Inserted, 9, "INC-0001")) << describe(v);
}

TEST_P(Tamper, ReorderedEventsAreNamed) {
  // Swap the rows at seq 5 and 6 (the content moves, the seq numbers stay in order).
  const Verification v = tamper(
      "UPDATE events SET seq = -5 WHERE seq = 5; UPDATE events SET seq = 5 WHERE seq = 6; "
      "UPDATE events SET seq = 6 WHERE seq = -5");
  EXPECT_TRUE(has(v, incident::Tamper::Reordered, 5, "INC-0001")) << describe(v);
  EXPECT_TRUE(has(v, incident::Tamper::Reordered, 6, "INC-0002")) << describe(v);
  for (const Problem& p : v.problems) EXPECT_EQ(p.kind, incident::Tamper::Reordered) << p.message;
}

TEST_P(Tamper, WritesRefuseAStoreWhoseHeadWasCut) {
  tamper("DELETE FROM events WHERE seq = 8");
  auto store = open_event_store(spec_, StoreMode::Create);
  const PlaybookCatalog playbooks = PlaybookCatalog::builtin();
  const Config config;
  EXPECT_THROW(acknowledge(Session{*store, playbooks, config, "bob", 1800000000}, "INC-0002", ""), Error);
  EXPECT_EQ(store->read_all().size(), 7u);  // nothing written
}

TEST_P(Tamper, AnAnchorCatchesARewrittenHistory) {
  auto store = open_event_store(spec_, StoreMode::Create);
  const Head anchor{4, store->read_all()[3].hash};
  EXPECT_TRUE(verify_chain(store->read_all(), store->head(), anchor).ok());
  EXPECT_FALSE(verify_chain(store->read_all(), store->head(), Head{4, std::string(64, 'a')}).ok());
}

class Chain : public testing::BackendTest {};
TOCSIN_BOTH_BACKENDS(Chain);

TEST_P(Chain, LinksEveryEventToThePreviousOne) {
  Drill drill("chain", Config{}, cluster_ ? fresh_spec("chain") : "");
  write_history(drill);
  const std::vector<Event> events = drill.store->read_all();
  ASSERT_EQ(events.size(), 8u);
  EXPECT_EQ(events[0].prev_hash, kGenesisHash);
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(events[i].hash.size(), 64u);
    if (i > 0) {
      EXPECT_EQ(events[i].prev_hash, events[i - 1].hash);
    }
    EXPECT_EQ(events[i].hash,
              event_hash(events[i].prev_hash, NewEvent{events[i].incident, events[i].actor, events[i].time,
                                                       events[i].type, events[i].payload}));
  }
  EXPECT_EQ(drill.store->head()->hash, events.back().hash);
  // Length prefixes: moving a character from one field to the next changes the hash.
  EXPECT_NE(event_hash(kGenesisHash, NewEvent{"ab", "c", "t", "x", "{}"}),
            event_hash(kGenesisHash, NewEvent{"a", "bc", "t", "x", "{}"}));
  // SHA-256 of "abc" (FIPS 180-2 appendix B.1).
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Record, StoreIsPrivate) {
  const std::string dir = testing::fresh_dir("private") + "/nested/store";
  auto store = open_sqlite_store(dir + "/incidents.db", StoreMode::Create);
  struct stat file_info {};
  ASSERT_EQ(::stat((dir + "/incidents.db").c_str(), &file_info), 0);
  EXPECT_EQ(file_info.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(dir.c_str(), &file_info), 0);
  EXPECT_EQ(file_info.st_mode & 0777, 0700u);
}

TEST(Record, DefaultLocationIsOutsideTheRepositoryAndKeyedByItsPath) {
  const std::string repo = testing::fresh_dir("key") + "/springtale";
  std::filesystem::create_directories(repo);
  ::setenv("XDG_DATA_HOME", "/var/tmp/xdg", 1);
  const std::string path = default_store_path(repo);
  const std::string absolute = std::filesystem::weakly_canonical(repo).string();
  EXPECT_EQ(path, "/var/tmp/xdg/tocsin/springtale-" + sha256_hex(absolute).substr(0, 12) + "/incidents.db");
  EXPECT_EQ(default_store_path(repo + "/."), path);  // the same project however it is spelled
  ::unsetenv("XDG_DATA_HOME");
  ::setenv("HOME", "/home/maintainer", 1);
  EXPECT_EQ(default_store_path(repo).rfind("/home/maintainer/.local/share/tocsin/springtale-", 0), 0u);
}

TEST(Record, ReplayRejectsEventsOfUnknownIncidents) {
  std::vector<Event> events{{1, "INC-0009", "a", "2026-01-01T00:00:00Z", "acknowledged", "{}", kGenesisHash, "x"}};
  EXPECT_THROW(replay(events), Error);
  events[0] = {1, "INC-0001", "a", "2026-01-01T00:00:00Z", "opened", "[1]", kGenesisHash, "x"};
  EXPECT_THROW(replay(events), Error);
  events[0].payload = "{not json";
  EXPECT_THROW(replay(events), Error);
}

}  // namespace
}  // namespace tocsin::incident
