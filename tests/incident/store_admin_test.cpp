// Opening by URL or path, passwords kept off command lines, schema versions and migrations,
// `store copy` between the backends, the PostgreSQL store's own guards.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"
#include "drill.h"
#include "incident/store_factory.h"
#include "store_backends.h"

namespace tocsin::incident {
namespace {

using testing::Drill;

std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

std::vector<NewEvent> note(const std::string& actor, int n) {
  return {NewEvent{"INC-0001", actor, "2026-05-01T00:00:00Z", "note", "{\"n\":" + std::to_string(n) + "}"}};
}

// A small real history: two incidents, acknowledgement, a step.
void write_history(EventStore& store) {
  const PlaybookCatalog playbooks = PlaybookCatalog::builtin();
  const Config config;
  const std::int64_t t = parse_time("2026-05-01T10:00:00Z", "t");
  OpenRequest a;
  a.playbook = "user-safety-report";
  a.title = "Identity leak — “quoted”, ünïcode";
  a.user_safety_class = "identity-leak";
  a.reporter = "Jo";
  open_incident(Session{store, playbooks, config, "alice", t}, a);
  OpenRequest b;
  b.playbook = "leaked-credentials";
  b.title = "Token leak";
  open_incident(Session{store, playbooks, config, "bob", t + 60}, b);
  acknowledge(Session{store, playbooks, config, "alice", t + 3600}, "INC-0001", "thanks");
  record_step(Session{store, playbooks, config, "bob", t + 7200}, "INC-0002", "revoke", false, "done");
}

TEST(StoreUrl, SchemesAndRedaction) {
  EXPECT_TRUE(is_postgres_url("postgresql://db/x"));
  EXPECT_TRUE(is_postgres_url("postgres://db/x"));
  EXPECT_FALSE(is_postgres_url("postgresql:/x"));
  EXPECT_FALSE(is_postgres_url("./postgresql://x"));
  EXPECT_FALSE(is_postgres_url("/var/lib/tocsin/incidents.db"));
  EXPECT_EQ(redact_url("postgresql://tocsin:s3cret@db.example.org:5433/sec"),
            "postgresql://tocsin:***@db.example.org:5433/sec");
  EXPECT_EQ(redact_url("postgresql://db/sec?sslmode=require&password=s3cret&user=u"),
            "postgresql://db/sec?sslmode=require&password=***&user=u");
  EXPECT_EQ(redact_url("postgresql://tocsin@db/sec?host=/run/postgresql"),
            "postgresql://tocsin@db/sec?host=/run/postgresql");
  EXPECT_EQ(redact_url("postgresql://db:5432/sec"), "postgresql://db:5432/sec");
}

TEST(StoreUrl, APasswordInTheUrlIsRefusedWithoutBeingPrinted) {
  for (const char* url : {"postgresql://tocsin:hunter2@db.example.org/sec", "postgres://u:hunter2@/sec",
                          "postgresql://db.example.org/sec?password=hunter2",
                          "postgresql:///sec?host=/run/postgresql&sslpassword=hunter2"}) {
    const std::string message = message_of([&] { open_event_store(url); });
    EXPECT_NE(message.find("carries a password"), std::string::npos) << message;
    EXPECT_NE(message.find("~/.pgpass"), std::string::npos) << message;
    EXPECT_NE(message.find("PGPASSWORD"), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  }
  // A URL without a password is not refused for one (here it only connects nowhere).
  EXPECT_EQ(message_of([&] {
              open_event_store("postgresql:///sec?host=/nonexistent-tocsin-dir");
            }).find("carries a password"),
            std::string::npos);
}

TEST(StoreUrl, AnUnreachableServerIsAClearErrorNamingTheStore) {
  const std::string url = "postgresql:///sec?host=/nonexistent-tocsin-dir&connect_timeout=2";
  const std::string message = message_of([&] { open_event_store(url); });
  EXPECT_EQ(message.rfind(url + ": cannot connect to the incident store: ", 0), 0u) << message;
}

TEST(SchemaValue, RoundTripsAndRejectsOthers) {
  EXPECT_EQ(parse_schema_value(schema_value(1)), 1);
  EXPECT_EQ(schema_value(7), "tocsin-incidents-7");
  EXPECT_EQ(parse_schema_value("tocsin-incidents-"), 0);
  EXPECT_EQ(parse_schema_value("tocsin-incidents-1x"), 0);
  EXPECT_EQ(parse_schema_value("other-1"), 0);
}

class Schema : public testing::BackendTest {};
TOCSIN_BOTH_BACKENDS(Schema);

TEST_P(Schema, CreatedOnFirstWriteVersionedAndMigrated) {
  const std::string spec = fresh_spec("schema");
  if (cluster_) {  // a database without the schema is not a record…
    EXPECT_NE(message_of([&] { open_event_store(spec); }).find("no incident record at"), std::string::npos);
  }
  auto store = open_event_store(spec, StoreMode::Create);  // …until the first writer creates it
  EXPECT_EQ(store->schema_version(), kSchemaVersion);
  EXPECT_EQ(store->migrations().back().version, kSchemaVersion);
  EXPECT_TRUE(store->migrate(store->migrations()).empty());  // current: nothing to do
  store->transact([](const std::vector<Event>&) { return note("a", 1); });

  // An upgrade as a later tocsin would ship it: version 2 adds an index.
  std::vector<Migration> later = store->migrations();
  later.push_back({2, "index events by time", {"CREATE INDEX events_by_time ON events(time)"}});
  EXPECT_EQ(store->migrate(later), std::vector<int>{2});
  EXPECT_EQ(store->schema_version(), 2);
  EXPECT_TRUE(store->migrate(later).empty());
  EXPECT_EQ(store->read_all().size(), 1u);  // the events are untouched
  EXPECT_TRUE(verify_chain(store->read_all(), store->head()).ok());
  store.reset();
  // This tocsin (version 1) now refuses the store instead of writing a schema it does not know.
  EXPECT_NE(message_of([&] { open_event_store(spec); }).find("newer than this tocsin knows"), std::string::npos);
  auto raw = open_event_store(spec, StoreMode::OpenExisting, /*check_schema=*/false);
  EXPECT_NE(message_of([&] { raw->migrate(raw->migrations()); }).find("use a newer tocsin"), std::string::npos);
}

TEST_P(Schema, AFailedMigrationChangesNothing) {
  const std::string spec = fresh_spec("failed_migration");
  auto store = open_event_store(spec, StoreMode::Create);
  std::vector<Migration> later = store->migrations();
  later.push_back({2, "broken", {"CREATE INDEX events_by_time ON events(time)", "THIS IS NOT SQL"}});
  EXPECT_THROW(store->migrate(later), Error);
  EXPECT_EQ(store->schema_version(), 1);
  // The index of the failed migration was rolled back with it: applying a fixed one works.
  later.back().statements.pop_back();
  EXPECT_EQ(store->migrate(later), std::vector<int>{2});
}

TEST(PostgresStore, EventsAreAppendOnlyForTheApplication) {
  TOCSIN_POSTGRES_OR_SKIP(cluster);
  const std::string url = cluster->fresh_database("append_only");
  auto store = open_event_store(url, StoreMode::Create);
  store->transact([](const std::vector<Event>&) { return note("a", 1); });
  for (const char* sql : {"UPDATE events SET actor = 'mallory'", "DELETE FROM events", "TRUNCATE events"}) {
    const auto run = cluster->psql(url, sql);
    EXPECT_NE(run.status, 0) << sql;
    EXPECT_NE(run.output.find("append-only"), std::string::npos) << run.output;
  }
  EXPECT_EQ(store->read_all().size(), 1u);
  EXPECT_EQ(store->read_all()[0].actor, "a");
}

TEST(PostgresStore, ANulByteIsRefusedAndNothingIsWritten) {
  TOCSIN_POSTGRES_OR_SKIP(cluster);
  auto store = open_event_store(cluster->fresh_database("nul"), StoreMode::Create);
  std::vector<NewEvent> bad = note("a", 1);
  bad.push_back(NewEvent{"INC-0001", std::string("mal\0lory", 8), "2026-05-01T00:00:00Z", "note", "{}"});
  EXPECT_NE(message_of([&] { store->transact([&](const std::vector<Event>&) { return bad; }); }).find("NUL byte"),
            std::string::npos);
  EXPECT_TRUE(store->read_all().empty());
  EXPECT_FALSE(store->head().has_value());
}

TEST(PostgresStore, EventsRoundTripByteForByte) {
  TOCSIN_POSTGRES_OR_SKIP(cluster);
  auto store = open_event_store(cluster->fresh_database("bytes"), StoreMode::Create);
  // Whitespace and key order a jsonb column would have normalised, quotes, backslashes, non-ASCII.
  const std::string payload = "{ \"b\" :1,\"a\":\"\\\\ \\\" ünï “x” \\u00e9\",\n\t\"n\": 1.50 }";
  const std::vector<Event> written = store->transact([&](const std::vector<Event>&) {
    return std::vector<NewEvent>{{"INC-0001", "Zoë O'Brien", "2026-05-01T00:00:00Z", "note", payload}};
  });
  const std::vector<Event> read = store->read_all();
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].payload, payload);
  EXPECT_EQ(read[0].actor, "Zoë O'Brien");
  EXPECT_EQ(read[0].hash, written[0].hash);
  EXPECT_TRUE(verify_chain(read, store->head()).ok());
}

// store copy, SQLite -> PostgreSQL -> SQLite: every event and hash as it was.
TEST(StoreCopy, BothDirectionsKeepEveryEventAndHash) {
  TOCSIN_POSTGRES_OR_SKIP(cluster);
  const std::string dir = testing::fresh_dir("copy");
  auto sqlite = open_event_store(dir + "/source.db", StoreMode::Create);
  write_history(*sqlite);
  const std::vector<Event> original = sqlite->read_all();
  ASSERT_EQ(original.size(), 5u);  // opened, opened, acknowledged (2 events: the ack and its step), step

  const std::string url = cluster->fresh_database("copy_target");
  const CopyReport there = copy_store(*sqlite, [&] { return open_event_store(url, StoreMode::Create); });
  EXPECT_EQ(there.events, original.size());
  ASSERT_TRUE(there.head.has_value());
  EXPECT_EQ(there.head->hash, original.back().hash);
  auto postgres = open_event_store(url);
  const auto [in_postgres, postgres_head] = postgres->read_with_head();
  ASSERT_EQ(in_postgres.size(), original.size());
  for (std::size_t i = 0; i < original.size(); ++i) {
    EXPECT_EQ(in_postgres[i].seq, original[i].seq);
    EXPECT_EQ(in_postgres[i].payload, original[i].payload);
    EXPECT_EQ(in_postgres[i].prev_hash, original[i].prev_hash);
    EXPECT_EQ(in_postgres[i].hash, original[i].hash);
  }
  EXPECT_TRUE(verify_chain(in_postgres, postgres_head, there.head).ok());
  // The copy is a working record: it takes the next write on the same chain.
  const std::vector<Event> next = postgres->transact([](const std::vector<Event>&) { return note("c", 1); });
  EXPECT_EQ(next[0].prev_hash, original.back().hash);

  const CopyReport back = copy_store(*postgres, [&] { return open_event_store(dir + "/back.db", StoreMode::Create); });
  EXPECT_EQ(back.events, original.size() + 1);
  auto returned = open_event_store(dir + "/back.db");
  const std::vector<Event> in_sqlite = returned->read_all();
  ASSERT_EQ(in_sqlite.size(), original.size() + 1);
  for (std::size_t i = 0; i < original.size(); ++i) EXPECT_EQ(in_sqlite[i].hash, original[i].hash);
  EXPECT_TRUE(verify_chain(in_sqlite, returned->head(), back.head).ok());
}

class CopyRefusal : public testing::BackendTest {};
TOCSIN_BOTH_BACKENDS(CopyRefusal);

// The target is PostgreSQL or SQLite per instance; the source is always a SQLite file.
TEST_P(CopyRefusal, ANonEmptyTargetIsRefusedAndLeftAsItWas) {
  const std::string dir = testing::fresh_dir("copy_nonempty");
  auto source = open_event_store(dir + "/source.db", StoreMode::Create);
  write_history(*source);
  const std::string target_spec = cluster_ ? fresh_spec("copy_nonempty_target") : dir + "/target.db";
  auto target = open_event_store(target_spec, StoreMode::Create);
  target->transact([](const std::vector<Event>&) { return note("t", 1); });
  const std::string message =
      message_of([&] { copy_store(*source, [&] { return open_event_store(target_spec, StoreMode::Create); }); });
  EXPECT_NE(message.find("not empty"), std::string::npos) << message;
  EXPECT_EQ(target->read_all().size(), 1u);
  EXPECT_EQ(target->read_all()[0].actor, "t");
}

TEST_P(CopyRefusal, ASourceThatDoesNotVerifyIsRefusedBeforeTheTargetIsTouched) {
  const std::string source_spec = fresh_spec("copy_tampered");
  {
    auto source = open_event_store(source_spec, StoreMode::Create);
    write_history(*source);
  }
  raw_sql(source_spec, "UPDATE events SET actor = 'mallory' WHERE seq = 2");
  auto source = open_event_store(source_spec);
  bool opened = false;
  const std::string message = message_of([&] {
    copy_store(*source, [&]() -> std::unique_ptr<ManagedStore> {
      opened = true;
      return nullptr;
    });
  });
  EXPECT_NE(message.find("does not verify"), std::string::npos) << message;
  EXPECT_NE(message.find("seq 2"), std::string::npos) << message;
  EXPECT_FALSE(opened);
}

}  // namespace
}  // namespace tocsin::incident
