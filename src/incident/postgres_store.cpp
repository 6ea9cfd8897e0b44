#include "incident/postgres_store.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <thread>

#include "core/error.h"

namespace tocsin::incident {
namespace {

constexpr int kMaxAttempts = 5;             // a transaction that failed to serialise is run again at most 4 times
constexpr std::size_t kImportBatch = 1000;  // rows per INSERT in import(): 8000 parameters, under 65535
// pg_advisory_xact_lock key serialising migrations of one database ("tocsin" in ASCII).
constexpr const char* kMigrationLock = "127970238556526";

// A deadlock or serialization failure: transact() runs the whole transaction again (elsewhere it
// is reported like any other Error).
struct RetryableFailure : Error {
  using Error::Error;
};

std::string one_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

const std::vector<Migration>& postgres_migrations() {
  static const std::vector<Migration> all = {
      {1,
       "events, head and meta tables; events append-only",
       {"CREATE TABLE events (seq bigint PRIMARY KEY, incident text NOT NULL, actor text NOT NULL, "
        "time text NOT NULL, type text NOT NULL, payload text NOT NULL, prev_hash text NOT NULL, "
        "hash text NOT NULL)",
        "CREATE INDEX events_by_incident ON events(incident, seq)",
        "CREATE TABLE head (id integer PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, hash text NOT NULL)",
        "CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value text NOT NULL)",
        "CREATE FUNCTION tocsin_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'the tocsin incident record is append-only: % on events refused', TG_OP "
        "USING ERRCODE = 'insufficient_privilege'; END $$",
        "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events FOR EACH ROW "
        "EXECUTE FUNCTION tocsin_events_append_only()",
        "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT "
        "EXECUTE FUNCTION tocsin_events_append_only()"}},
  };
  return all;
}

// PostgreSQL text cannot hold a NUL byte; libpq would silently cut the value there.
const char* text_param(const std::string& value, const std::string& where) {
  if (value.find('\0') != std::string::npos)
    throw Error(where, 0, 0, "an event field holds a NUL byte, which a PostgreSQL text column cannot store");
  return value.c_str();
}

class PostgresEventStore final : public ManagedStore {
 public:
  PostgresEventStore(const std::string& url, bool create) : location_(redact_url(url)) {
    // Keywords before dbname are defaults the URL may override; those after it are forced.
    const char* keys[] = {"connect_timeout", "application_name", "dbname", "client_encoding", nullptr};
    const char* values[] = {"10", "tocsin", url.c_str(), "UTF8", nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (conn_ == nullptr) throw Error(location_, 0, 0, "cannot connect to the incident store: out of memory");
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string reason = one_line(PQerrorMessage(conn_));
      PQfinish(conn_);
      throw Error(location_, 0, 0, "cannot connect to the incident store: " + reason);
    }
    try {
      const char* encoding = PQparameterStatus(conn_, "server_encoding");
      if (encoding == nullptr || std::string(encoding) != "UTF8")
        throw Error(location_, 0, 0,
                    std::string("the database's encoding is ") + (encoding ? encoding : "unknown") +
                        "; the incident record needs UTF8 (createdb --encoding=UTF8 --template=template0)");
      // A writer waiting for another's lock gives up after two minutes instead of hanging.
      command("SET lock_timeout = '120s'");
      const int version = schema_version();
      if (version == 0) {
        if (!create)
          throw Error(location_, 0, 0,
                      "no incident record at " + location_ +
                          ": the database has no tocsin schema (`tocsin store init --store URL` creates it, "
                          "as does `tocsin incident open`)");
        migrate(postgres_migrations());
      }
    } catch (...) {
      PQfinish(conn_);
      throw;
    }
  }
  ~PostgresEventStore() override { PQfinish(conn_); }
  PostgresEventStore(const PostgresEventStore&) = delete;
  PostgresEventStore& operator=(const PostgresEventStore&) = delete;

  std::vector<Event> transact(const std::function<std::vector<NewEvent>(const std::vector<Event>&)>& decide) override {
    for (int attempt = 1;; ++attempt) {
      try {
        return transact_once(decide);
      } catch (const RetryableFailure& failure) {
        if (attempt == kMaxAttempts)
          throw Error(location_, 0, 0,
                      "the write failed " + std::to_string(kMaxAttempts) +
                          " times to serialise with other writers; nothing was written: " + failure.message());
        std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt + (::getpid() % 17)));
      }
    }
  }

  std::vector<Event> read_all() override {
    ResultPtr result =
        query("SELECT seq, incident, actor, time, type, payload, prev_hash, hash FROM events ORDER BY seq");
    std::vector<Event> events;
    const int rows = PQntuples(result.get());
    events.reserve(static_cast<std::size_t>(rows));
    for (int row = 0; row < rows; ++row) {
      auto text = [&](int column) {
        return std::string(PQgetvalue(result.get(), row, column),
                           static_cast<std::size_t>(PQgetlength(result.get(), row, column)));
      };
      events.push_back(Event{std::stoll(text(0)), text(1), text(2), text(3), text(4), text(5), text(6), text(7)});
    }
    return events;
  }

  std::optional<Head> head() override {
    ResultPtr result = query("SELECT seq, hash FROM head WHERE id = 1");
    if (PQntuples(result.get()) == 0) return std::nullopt;
    return Head{std::stoll(PQgetvalue(result.get(), 0, 0)), PQgetvalue(result.get(), 0, 1)};
  }

  std::string location() const override { return location_; }

  std::pair<std::vector<Event>, std::optional<Head>> read_with_head() override {
    begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      std::vector<Event> events = read_all();
      std::optional<Head> recorded = head();
      command("COMMIT");
      return {std::move(events), std::move(recorded)};
    } catch (...) {
      rollback();
      throw;
    }
  }

  int schema_version() override {
    ResultPtr table = query("SELECT to_regclass('meta') IS NOT NULL");
    if (std::string(PQgetvalue(table.get(), 0, 0)) != "t") return 0;
    ResultPtr value = query("SELECT value FROM meta WHERE key = 'schema'");
    return PQntuples(value.get()) == 0 ? 0 : parse_schema_value(PQgetvalue(value.get(), 0, 0));
  }

  const std::vector<Migration>& migrations() const override { return postgres_migrations(); }

  std::vector<int> migrate(const std::vector<Migration>& list) override {
    begin("BEGIN");
    try {
      // Two processes creating the schema at once: the second waits, then finds it current.
      query(std::string("SELECT pg_advisory_xact_lock(") + kMigrationLock + ")");
      const int current = schema_version();
      const int newest = list.empty() ? 0 : list.back().version;
      if (current > newest)
        throw Error(location_, 0, 0,
                    "the incident record has schema version " + std::to_string(current) +
                        ", newer than this tocsin knows (" + std::to_string(newest) + "): use a newer tocsin");
      std::vector<int> applied;
      for (const Migration& migration : list) {
        if (migration.version <= current) continue;
        for (const std::string& statement : migration.statements) command(statement);
        applied.push_back(migration.version);
      }
      if (!applied.empty()) {
        const std::string value = schema_value(applied.back());
        const char* params[] = {value.c_str()};
        check(PQexecParams(conn_,
                           "INSERT INTO meta(key, value) VALUES ('schema', $1) "
                           "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                           1, nullptr, params, nullptr, nullptr, 0));
      }
      commit();
      return applied;
    } catch (...) {
      rollback();
      throw;
    }
  }

  void import(const std::vector<Event>& events, const std::optional<Head>& recorded) override {
    begin("BEGIN");
    try {
      command("LOCK TABLE head IN EXCLUSIVE MODE");
      ResultPtr count = query("SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM head)");
      if (std::string(PQgetvalue(count.get(), 0, 0)) != "0")
        throw Error(location_, 0, 0, "the target incident record is not empty: `store copy` only fills an empty one");
      for (std::size_t start = 0; start < events.size(); start += kImportBatch) {
        const std::size_t end = std::min(events.size(), start + kImportBatch);
        std::vector<std::string> seqs;
        std::vector<const char*> params;
        std::string sql = "INSERT INTO events(seq, incident, actor, time, type, payload, prev_hash, hash) VALUES ";
        seqs.reserve(end - start);
        for (std::size_t i = start; i < end; ++i) {
          const Event& e = events[i];
          seqs.push_back(std::to_string(e.seq));
          const std::size_t base = params.size();
          sql += (i == start ? "(" : ",(");
          for (std::size_t p = 1; p <= 8; ++p) sql += "$" + std::to_string(base + p) + (p < 8 ? "," : ")");
          const std::string* fields[] = {&seqs.back(), &e.incident, &e.actor,     &e.time,
                                         &e.type,      &e.payload,  &e.prev_hash, &e.hash};
          for (const std::string* field : fields) params.push_back(text_param(*field, location_));
        }
        check(PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr, params.data(), nullptr,
                           nullptr, 0));
      }
      if (recorded) write_head(*recorded);
      commit();
    } catch (...) {
      rollback();
      throw;
    }
  }

 private:
  std::vector<Event> transact_once(const std::function<std::vector<NewEvent>(const std::vector<Event>&)>& decide) {
    begin("BEGIN ISOLATION LEVEL READ COMMITTED");
    try {
      // The head row locked — or the table, so that the first write of an empty record is
      // serialised too. Every statement after this sees what earlier writers committed.
      command("LOCK TABLE head IN EXCLUSIVE MODE");
      std::vector<Event> log = read_all();
      const std::optional<Head> recorded = head();
      const bool consistent =
          log.empty() ? !recorded : recorded && recorded->seq == log.back().seq && recorded->hash == log.back().hash;
      if (!consistent)
        throw Error(location_, 0, 0,
                    "the incident record's head does not match its newest event; run `tocsin incident verify`");
      std::vector<NewEvent> additions = decide(log);
      std::int64_t seq = log.empty() ? 0 : log.back().seq;
      std::string prev = log.empty() ? kGenesisHash : log.back().hash;
      std::vector<Event> written;
      for (NewEvent& addition : additions) {
        Event event{++seq,         addition.incident, addition.actor, addition.time,
                    addition.type, addition.payload,  prev,           event_hash(prev, addition)};
        const std::string seq_text = std::to_string(event.seq);
        const char* params[] = {seq_text.c_str(),
                                text_param(event.incident, location_),
                                text_param(event.actor, location_),
                                text_param(event.time, location_),
                                text_param(event.type, location_),
                                text_param(event.payload, location_),
                                event.prev_hash.c_str(),
                                event.hash.c_str()};
        check(PQexecParams(conn_,
                           "INSERT INTO events(seq, incident, actor, time, type, payload, prev_hash, hash) "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                           8, nullptr, params, nullptr, nullptr, 0));
        prev = event.hash;
        written.push_back(std::move(event));
      }
      if (!written.empty()) write_head(Head{written.back().seq, written.back().hash});
      commit();
      return written;
    } catch (...) {
      rollback();
      throw;
    }
  }

  void write_head(const Head& recorded) {
    const std::string seq = std::to_string(recorded.seq);
    const char* params[] = {seq.c_str(), recorded.hash.c_str()};
    check(PQexecParams(conn_,
                       "INSERT INTO head(id, seq, hash) VALUES (1, $1, $2) "
                       "ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash",
                       2, nullptr, params, nullptr, nullptr, 0));
  }

  // A connection that broke since the last call (server restarted) is re-established once, so a
  // long-lived process (the dashboard) recovers; inside a transaction nothing is retried.
  void ensure_connected() {
    if (PQstatus(conn_) == CONNECTION_OK) return;
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK)
      throw Error(location_, 0, 0, "lost the connection to the incident store: " + one_line(PQerrorMessage(conn_)));
    command("SET lock_timeout = '120s'");
  }

  // Outside a transaction a broken connection is re-established first; inside one never (the
  // statements after it would run outside the transaction and its lock).
  ResultPtr query(const std::string& sql) {
    if (!in_transaction_) ensure_connected();
    return check(PQexec(conn_, sql.c_str()));
  }
  void command(const std::string& sql) { query(sql); }
  void begin(const char* sql) {
    ensure_connected();
    in_transaction_ = true;
    try {
      command(sql);
    } catch (...) {
      in_transaction_ = false;
      throw;
    }
  }

  void commit() {
    in_transaction_ = false;
    PGresult* raw = PQexec(conn_, "COMMIT");
    if (PQstatus(conn_) != CONNECTION_OK) {
      PQclear(raw);
      throw Error(location_, 0, 0,
                  "lost the connection to the incident store while committing: the write may or may not have been "
                  "recorded (`tocsin incident show` / `incident verify` tell): " +
                      one_line(PQerrorMessage(conn_)));
    }
    check(raw);
  }

  void rollback() {
    in_transaction_ = false;
    if (PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) != PQTRANS_IDLE)
      PQclear(PQexec(conn_, "ROLLBACK"));
  }

  // Turns a failed result into Error (or RetryableFailure for SQLSTATE 40001 / 40P01).
  ResultPtr check(PGresult* raw) {
    ResultPtr result(raw, &PQclear);
    const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
    const std::string message = one_line(raw ? PQresultErrorMessage(raw) : PQerrorMessage(conn_));
    const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlstate = state ? state : "";
    if (sqlstate == "40001" || sqlstate == "40P01") throw RetryableFailure(location_, 0, 0, "PostgreSQL: " + message);
    if (PQstatus(conn_) != CONNECTION_OK)
      throw Error(
          location_, 0, 0,
          "lost the connection to the incident store: " + (message.empty() ? std::string("(no message)") : message));
    throw Error(location_, 0, 0, "PostgreSQL: " + message);
  }

  std::string location_;
  PGconn* conn_ = nullptr;
  bool in_transaction_ = false;
};

}  // namespace

bool is_postgres_url(std::string_view spec) {
  return spec.rfind("postgresql://", 0) == 0 || spec.rfind("postgres://", 0) == 0;
}

std::string redact_url(const std::string& url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  std::string out = url;
  const std::size_t start = scheme + 3;
  const std::size_t end = std::min(out.find_first_of("/?#", start), out.size());
  const std::size_t at = out.rfind('@', end == 0 ? 0 : end - 1);
  if (at != std::string::npos && at >= start) {
    const std::size_t colon = out.find(':', start);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  const std::size_t query = out.find('?');
  if (query == std::string::npos) return out;
  std::string rebuilt = out.substr(0, query + 1);
  std::size_t pos = query + 1;
  bool first = true;
  while (pos <= out.size()) {
    std::size_t amp = out.find('&', pos);
    if (amp == std::string::npos) amp = out.size();
    std::string param = out.substr(pos, amp - pos);
    const std::string key = param.substr(0, param.find('='));
    if (key == "password" || key == "sslpassword") param = key + "=***";
    rebuilt += (first ? "" : "&") + param;
    first = false;
    pos = amp + 1;
  }
  return rebuilt;
}

void refuse_password_in_url(const std::string& url, const std::string& where) {
  bool has_password = redact_url(url) != url;
  if (!has_password) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    if (options == nullptr) {
      const std::string reason = error ? one_line(error) : "out of memory";
      PQfreemem(error);
      throw Error(where, 0, 0, "invalid PostgreSQL URL " + redact_url(url) + ": " + reason);
    }
    for (PQconninfoOption* option = options; option->keyword != nullptr; ++option)
      if ((std::string_view(option->keyword) == "password" || std::string_view(option->keyword) == "sslpassword") &&
          option->val != nullptr && *option->val != '\0')
        has_password = true;
    PQconninfoFree(options);
  }
  if (has_password)
    throw Error(where, 0, 0,
                "the PostgreSQL URL " + redact_url(url) +
                    " carries a password: a command line is visible to every user in process listings and "
                    "tocsin.toml is committed. Remove it from the URL and put it in ~/.pgpass "
                    "(host:port:database:user:password, mode 0600) or the PGPASSWORD environment variable");
}

std::unique_ptr<ManagedStore> open_postgres_store(const std::string& url, StoreMode mode) {
  refuse_password_in_url(url, redact_url(url));
  return std::make_unique<PostgresEventStore>(url, mode == StoreMode::Create);
}

}  // namespace tocsin::incident
