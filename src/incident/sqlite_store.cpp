#include "incident/sqlite_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>

#include "core/error.h"
#include "core/hash.h"

namespace tocsin::incident {
namespace {

constexpr int kBusyTimeoutMs = 30000;

class Statement {
 public:
  Statement(sqlite3* db, const std::string& path, const char* sql) : path_(path) {
    if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK)
      throw Error(path, 0, 0, std::string("SQLite: ") + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind(int index, const std::string& text) {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void bind(int index, std::int64_t value) { sqlite3_bind_int64(statement_, index, value); }
  // True while a row is available.
  bool step() {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw Error(path_, 0, 0, std::string("SQLite: ") + sqlite3_errmsg(sqlite3_db_handle(statement_)));
  }
  std::string text(int column) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))) : std::string();
  }
  std::int64_t integer(int column) { return sqlite3_column_int64(statement_, column); }
  void reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

 private:
  std::string path_;
  sqlite3_stmt* statement_ = nullptr;
};

bool shared_store_allowed() {
  const char* allow = std::getenv("TOCSIN_ALLOW_SHARED_STORE");
  return allow != nullptr && std::string_view(allow) == "1";
}

// As ssh refuses a private key with loose modes: the record names reporters and unfixed
// vulnerabilities. The store file must be yours with no group/other permission bit (0600); its
// directory must be yours (or root's) and not writable by others unless sticky (/tmp), since
// whoever can write the directory can swap the store. A directory others can only read is
// accepted: the 0600 file keeps the contents private. The message gives the chmod to run.
void check_private(const std::string& path, const struct stat& info, bool directory) {
  if (shared_store_allowed()) return;
  const char* what = directory ? "the incident store's directory" : "the incident store";
  const bool owner_ok = info.st_uid == ::geteuid() || (directory && info.st_uid == 0);
  if (!owner_ok)
    throw Error(path, 0, 0,
                std::string(what) + " is owned by uid " + std::to_string(info.st_uid) + ", not by you (uid " +
                    std::to_string(::geteuid()) +
                    "): someone else controls it. Use a store of your own (--store PATH), or set "
                    "TOCSIN_ALLOW_SHARED_STORE=1 if this is intended");
  const bool loose = directory ? (info.st_mode & 022) != 0 && (info.st_mode & S_ISVTX) == 0 : (info.st_mode & 077) != 0;
  if (loose) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    throw Error(path, 0, 0,
                std::string(what) + " has mode " + mode +
                    (directory ? ": others can replace the record; run `chmod go-w "
                               : ": others can read or change embargoed details; run `chmod 600 ") +
                    path + "` (or set TOCSIN_ALLOW_SHARED_STORE=1 if this is intended)");
  }
}

void check_existing(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0)
    throw Error(path, 0, 0, std::string("cannot open the incident store: ") + std::strerror(errno));
  if (S_ISLNK(info.st_mode) && !shared_store_allowed())
    throw Error(path, 0, 0, "the incident store is a symbolic link; pass the real path with --store");
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
    throw Error(path, 0, 0, "the incident store is not a regular file");
  check_private(path, info, false);
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const std::string dir = parent.empty() ? "." : parent.string();
  if (::stat(dir.c_str(), &info) == 0) check_private(dir, info, true);
}

void ensure_private_file(const std::string& path, bool create) {
  const std::filesystem::path file(path);
  std::error_code error;
  if (!create) {
    if (!std::filesystem::exists(file, error))
      throw Error(path, 0, 0,
                  "no incident record at " + path + " (`tocsin incident open` creates one; check --store / --repo)");
    check_existing(path);
    return;
  }
  if (file.has_parent_path() && !std::filesystem::exists(file.parent_path())) {
    std::filesystem::create_directories(file.parent_path(), error);
    if (error) throw Error(path, 0, 0, "cannot create the store's directory: " + error.message());
    ::chmod(file.parent_path().c_str(), 0700);
  }
  // Created here rather than by SQLite so the mode is 0600 whatever the umask; SQLite gives the
  // -wal and -shm files the mode of the database file. O_NOFOLLOW: a planted link is not followed.
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    if (errno == ELOOP)
      throw Error(path, 0, 0, "the incident store is a symbolic link; pass the real path with --store");
    throw Error(path, 0, 0, std::string("cannot open the incident store: ") + std::strerror(errno));
  }
  ::close(fd);
  check_existing(path);
}

const std::vector<Migration>& sqlite_migrations() {
  // Version 1 is the schema of the first release; IF NOT EXISTS so that a file made before the
  // meta table existed is adopted rather than refused.
  static const std::vector<Migration> all = {
      {1,
       "events, head and meta tables",
       {"CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, incident TEXT NOT NULL, actor TEXT NOT NULL, "
        "time TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, "
        "hash TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS events_by_incident ON events(incident, seq)",
        "CREATE TABLE IF NOT EXISTS head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, "
        "hash TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"}},
  };
  return all;
}

class SqliteEventStore final : public ManagedStore {
 public:
  SqliteEventStore(const std::string& path, bool create) : path_(path) {
    ensure_private_file(path, create);
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
      const std::string reason = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw Error(path, 0, 0, "cannot open the incident store: " + reason);
    }
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    try {
      execute("PRAGMA journal_mode=WAL");
      execute("PRAGMA synchronous=FULL");
      // The file exists (it was created or checked above): an empty one gets its schema, as it
      // always did. An older or newer schema is left to open_event_store / `store migrate`.
      if (schema_version() == 0) migrate(sqlite_migrations());
    } catch (...) {
      sqlite3_close(db_);
      throw;
    }
  }
  ~SqliteEventStore() override { sqlite3_close(db_); }

  std::vector<Event> transact(const std::function<std::vector<NewEvent>(const std::vector<Event>&)>& decide) override {
    execute("BEGIN IMMEDIATE");
    try {
      std::vector<Event> log = read_all();
      const std::optional<Head> recorded = head();
      const bool consistent =
          log.empty() ? !recorded : recorded && recorded->seq == log.back().seq && recorded->hash == log.back().hash;
      if (!consistent)
        throw Error(path_, 0, 0,
                    "the incident record's head does not match its newest event; run `tocsin incident verify`");
      std::vector<NewEvent> additions = decide(log);
      std::int64_t seq = log.empty() ? 0 : log.back().seq;
      std::string prev = log.empty() ? kGenesisHash : log.back().hash;
      std::vector<Event> written;
      Statement insert(db_, path_,
                       "INSERT INTO events(seq, incident, actor, time, type, payload, prev_hash, hash) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      for (NewEvent& addition : additions) {
        Event event{++seq,         addition.incident, addition.actor, addition.time,
                    addition.type, addition.payload,  prev,           event_hash(prev, addition)};
        insert.bind(1, event.seq);
        insert.bind(2, event.incident);
        insert.bind(3, event.actor);
        insert.bind(4, event.time);
        insert.bind(5, event.type);
        insert.bind(6, event.payload);
        insert.bind(7, event.prev_hash);
        insert.bind(8, event.hash);
        insert.step();
        insert.reset();
        prev = event.hash;
        written.push_back(std::move(event));
      }
      if (!written.empty()) {
        Statement update(db_, path_, "INSERT OR REPLACE INTO head(id, seq, hash) VALUES (1, ?, ?)");
        update.bind(1, written.back().seq);
        update.bind(2, written.back().hash);
        update.step();
      }
      execute("COMMIT");
      return written;
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

  std::vector<Event> read_all() override {
    Statement select(db_, path_,
                     "SELECT seq, incident, actor, time, type, payload, prev_hash, hash FROM events ORDER BY seq");
    std::vector<Event> events;
    while (select.step())
      events.push_back(Event{select.integer(0), select.text(1), select.text(2), select.text(3), select.text(4),
                             select.text(5), select.text(6), select.text(7)});
    return events;
  }

  std::optional<Head> head() override {
    Statement select(db_, path_, "SELECT seq, hash FROM head WHERE id = 1");
    if (!select.step()) return std::nullopt;
    return Head{select.integer(0), select.text(1)};
  }

  std::string location() const override { return path_; }

  std::pair<std::vector<Event>, std::optional<Head>> read_with_head() override {
    execute("BEGIN");  // one read snapshot (WAL): the head of the events read, not a newer one
    try {
      std::vector<Event> events = read_all();
      std::optional<Head> recorded = head();
      execute("COMMIT");
      return {std::move(events), std::move(recorded)};
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

  int schema_version() override {
    Statement table(db_, path_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
    if (!table.step()) return 0;
    Statement select(db_, path_, "SELECT value FROM meta WHERE key = 'schema'");
    return select.step() ? parse_schema_value(select.text(0)) : 0;
  }

  const std::vector<Migration>& migrations() const override { return sqlite_migrations(); }

  std::vector<int> migrate(const std::vector<Migration>& list) override {
    execute("BEGIN IMMEDIATE");
    try {
      const int current = schema_version();
      const int newest = list.empty() ? 0 : list.back().version;
      if (current > newest)
        throw Error(path_, 0, 0,
                    "the incident record has schema version " + std::to_string(current) +
                        ", newer than this tocsin knows (" + std::to_string(newest) + "): use a newer tocsin");
      std::vector<int> applied;
      for (const Migration& migration : list) {
        if (migration.version <= current) continue;
        for (const std::string& statement : migration.statements) execute(statement.c_str());
        applied.push_back(migration.version);
      }
      if (!applied.empty()) {
        Statement record(db_, path_, "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', ?)");
        record.bind(1, schema_value(applied.back()));
        record.step();
      }
      execute("COMMIT");
      return applied;
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

  void import(const std::vector<Event>& events, const std::optional<Head>& recorded) override {
    execute("BEGIN IMMEDIATE");
    try {
      Statement count(db_, path_, "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM head)");
      if (count.step() && count.integer(0) != 0)
        throw Error(path_, 0, 0, "the target incident record is not empty: `store copy` only fills an empty one");
      Statement insert(db_, path_,
                       "INSERT INTO events(seq, incident, actor, time, type, payload, prev_hash, hash) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      for (const Event& event : events) {
        insert.bind(1, event.seq);
        insert.bind(2, event.incident);
        insert.bind(3, event.actor);
        insert.bind(4, event.time);
        insert.bind(5, event.type);
        insert.bind(6, event.payload);
        insert.bind(7, event.prev_hash);
        insert.bind(8, event.hash);
        insert.step();
        insert.reset();
      }
      if (recorded) {
        Statement update(db_, path_, "INSERT INTO head(id, seq, hash) VALUES (1, ?, ?)");
        update.bind(1, recorded->seq);
        update.bind(2, recorded->hash);
        update.step();
      }
      execute("COMMIT");
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

 private:
  void execute(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string reason = message ? message : sqlite3_errmsg(db_);
      sqlite3_free(message);
      throw Error(path_, 0, 0, "SQLite: " + reason);
    }
  }

  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<ManagedStore> open_sqlite_store(const std::string& path, StoreMode mode) {
  return std::make_unique<SqliteEventStore>(path, mode == StoreMode::Create);
}

std::string default_store_path(const std::string& repo_dir) {
  std::error_code error;
  std::filesystem::path repo = std::filesystem::weakly_canonical(std::filesystem::absolute(repo_dir), error);
  if (error) repo = std::filesystem::absolute(repo_dir);
  std::string base;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/') {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = std::string(home) + "/.local/share";
  } else {
    throw Error("cannot place the incident store: neither XDG_DATA_HOME nor HOME is set (use --store PATH)");
  }
  std::string name = repo.filename().string();
  if (name.empty()) name = "root";
  const std::string key = name + "-" + sha256_hex(repo.string()).substr(0, 12);
  return base + "/tocsin/" + key + "/incidents.db";
}

}  // namespace tocsin::incident
