// import_into: the only writer of the database (see database.h for the copy-and-rename scheme).
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <thread>
#include <utility>

#include "advisory/database.h"
#include "advisory/record_json.h"
#include "advisory/schema.h"
#include "advisory/sqlite.h"
#include "core/file_write.h"
#include "core/time.h"

namespace tocsin::advisory {

namespace fs = std::filesystem;

namespace {

class DatabaseSink : public ImportSink {
 public:
  explicit DatabaseSink(const sql::Connection& connection)
      : connection_(connection),
        insert_advisory_(
            connection,
            "INSERT INTO advisories (source, id, withdrawn, malicious, record) VALUES (?1, ?2, ?3, ?4, ?5)"),
        insert_affected_(connection,
                         "INSERT INTO affected (ecosystem, name, advisory, position, source, withdrawn, entry) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        insert_alias_(connection, "INSERT INTO aliases (id, alias, source) VALUES (?1, ?2, ?3)"),
        insert_kev_(connection, "INSERT OR REPLACE INTO kev (cve, source, record) VALUES (?1, ?2, ?3)"),
        insert_known_bad_(connection,
                          "INSERT INTO known_bad (ecosystem, name, version, source, reference, file, line) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)") {}

  void set_source(std::int64_t source) { source_ = source; }

  void add_advisory(const Advisory& advisory) override {
    std::int64_t withdrawn = advisory.withdrawn.empty() ? 0 : 1;
    insert_advisory_.reset()
        .bind(1, source_)
        .bind(2, advisory.id)
        .bind(3, withdrawn)
        .bind(4, std::int64_t{advisory.malicious ? 1 : 0})
        .bind(5, advisory_to_json(advisory).dump())
        .run();
    std::int64_t rowid = sqlite3_last_insert_rowid(connection_.get());
    for (std::size_t position = 0; position < advisory.affected.size(); ++position) {
      const Affected& affected = advisory.affected[position];
      insert_affected_.reset()
          .bind(1, ecosystem_name(affected.ecosystem))
          .bind(2, affected.name)
          .bind(3, rowid)
          .bind(4, static_cast<std::int64_t>(position))
          .bind(5, source_)
          .bind(6, withdrawn)
          .bind(7, affected_to_json(affected).dump())
          .run();
    }
    for (const auto& alias : advisory.aliases)
      insert_alias_.reset().bind(1, advisory.id).bind(2, alias).bind(3, source_).run();
  }

  void add_kev(const KevEntry& entry) override {
    insert_kev_.reset().bind(1, entry.cve_id).bind(2, source_).bind(3, kev_to_json(entry).dump()).run();
  }

  void add_known_bad(const KnownBad& entry) override {
    insert_known_bad_.reset()
        .bind(1, ecosystem_name(entry.ecosystem))
        .bind(2, entry.name)
        .bind(3, entry.version)
        .bind(4, source_)
        .bind(5, entry.reference)
        .bind(6, entry.file)
        .bind(7, static_cast<std::int64_t>(entry.line))
        .run();
  }

 private:
  const sql::Connection& connection_;
  sql::Statement insert_advisory_;
  sql::Statement insert_affected_;
  sql::Statement insert_alias_;
  sql::Statement insert_kev_;
  sql::Statement insert_known_bad_;
  std::int64_t source_ = 0;
};

std::int64_t source_id(const sql::Connection& connection, const std::string& key) {
  sql::Statement(connection, "INSERT OR IGNORE INTO sources (key) VALUES (?1)").bind(1, key).run();
  sql::Statement select(connection, "SELECT id FROM sources WHERE key = ?1");
  select.bind(1, key);
  if (!select.step()) connection.fail("cannot register source");
  return select.integer(0);
}

void delete_source_records(const sql::Connection& connection, std::int64_t source) {
  for (const char* sql : {"DELETE FROM advisories WHERE source = ?1", "DELETE FROM affected WHERE source = ?1",
                          "DELETE FROM aliases WHERE source = ?1", "DELETE FROM kev WHERE source = ?1",
                          "DELETE FROM known_bad WHERE source = ?1"})
    sql::Statement(connection, sql).bind(1, source).run();
}

void record_source(const sql::Connection& connection, std::int64_t source, const ImportReport& report) {
  nlohmann::ordered_json summary;
  summary["bytes"] = report.bytes;
  summary["diagnostics"] = report.diagnostics.size();
  summary["skipped_ecosystems"] = report.skipped_ecosystems;
  summary["ignored_files"] = report.ignored_files;
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  sql::Statement(connection,
                 "UPDATE sources SET kind = ?2, path = ?3, imported_at = ?4, snapshot = ?5, records = ?6, report = ?7 "
                 "WHERE id = ?1")
      .bind(1, source)
      .bind(2, report.kind)
      .bind(3, report.path)
      .bind(4, format_rfc3339(now.count()))
      .bind(5, report.snapshot)
      .bind(6, static_cast<std::int64_t>(report.records))
      .bind(7, summary.dump())
      .run();
}

void fsync_path(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) throw Error(path, 0, 0, "cannot open for fsync");
  int result = ::fsync(fd);
  ::close(fd);
  if (result != 0) throw Error(path, 0, 0, "fsync failed");
}

std::optional<std::int64_t> previous_records(const sql::Connection& connection, const std::string& key) {
  sql::Statement select(connection, "SELECT records FROM sources WHERE key = ?1 AND records IS NOT NULL");
  select.bind(1, key);
  if (!select.step()) return std::nullopt;
  return select.integer(0);
}

// See ImportOptions::allow_shrink.
void check_shrink(const ImportReport& report, std::optional<std::int64_t> previous, const ImportOptions& options) {
  if (options.allow_shrink || !previous || *previous <= 0) return;
  const auto now = static_cast<double>(report.records);
  const auto before = static_cast<double>(*previous);
  if (report.records != 0 && now >= before * (1.0 - options.max_shrink)) return;
  char fraction[16];
  std::snprintf(fraction, sizeof fraction, "%g%%", options.max_shrink * 100);
  throw Error(report.path, 0, 0,
              "refusing to replace " + std::to_string(*previous) + " records of " + report.source + " by " +
                  std::to_string(report.records) +
                  (report.records == 0 ? " (an empty or unreadable feed)"
                                       : std::string(" (shrinks by more than ") + fraction + ")") +
                  "; the previous records are kept. Pass --allow-shrink if the feed really shrank");
}

void import_one(const sql::Connection& connection, DatabaseSink& sink, const ImportRequest& request,
                const ImportOptions& options, ImportReport& report) {
  report.path = request.label.empty() ? request.path : request.label;
  const Importer* importer = request.importer != nullptr ? request.importer : detect_importer(request.path);
  report.kind = std::string(importer->kind());
  report.source = !request.source_key.empty()
                      ? request.source_key
                      : report.kind + ":" + fs::absolute(request.path).lexically_normal().string();
  const std::optional<std::int64_t> previous = previous_records(connection, report.source);
  std::int64_t source = source_id(connection, report.source);
  delete_source_records(connection, source);
  sink.set_source(source);
  importer->import(request.path, sink, options, report);
  // A feed that yields nothing but errors is not a feed (a corrupt download, a wrong file).
  if (options.all_sources_or_nothing && report.records == 0 && !report.diagnostics.empty()) {
    const Diagnostic& first = report.diagnostics.front();  // thrown as read: nothing is skipped, all fails
    throw Error(first.location.path, first.location.line, first.location.column, first.message);
  }
  check_shrink(report, previous, options);
  record_source(connection, source, report);
}

}  // namespace

WriterLock::~WriterLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

WriterLock::WriterLock(WriterLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

WriterLock lock_database(const std::string& dir, const ImportOptions& options) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) throw Error(dir, 0, 0, "cannot create database directory: " + error.message());
  const std::string path = (fs::path(dir) / "advisories.db.lock").string();
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) throw Error(path, 0, 0, std::string("cannot open the lock file: ") + std::strerror(errno));
  WriterLock lock(fd);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.lock_wait_seconds);
  bool told = false;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR)
      throw Error(path, 0, 0, std::string("cannot lock the database: ") + std::strerror(errno));
    char holder[32] = {};
    const ssize_t got = ::pread(fd, holder, sizeof holder - 1, 0);
    const std::string who = got > 0 ? " (pid " + std::string(holder, static_cast<std::size_t>(got)) + ")" : "";
    if (std::chrono::steady_clock::now() >= deadline)
      throw Error(path, 0, 0,
                  "another tocsin process" + who + " is writing the advisory database; gave up after " +
                      std::to_string(options.lock_wait_seconds) + " s");
    if (!told && options.on_lock_wait)
      options.on_lock_wait("waiting for another tocsin process" + who + " writing " + dir);
    told = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const std::string pid = std::to_string(::getpid());
  if (::ftruncate(fd, 0) == 0 && ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The pid is only for the message of a waiting writer; the flock is what excludes.
  }
  // Under the lock nobody else is writing: scratch files of killed writers can go.
  remove_stale_pid_files(dir, ".advisories.db.tmp-");
  remove_stale_pid_files(dir, ".downloads-");
  return lock;
}

std::vector<ImportReport> import_into(const std::string& dir, const std::vector<ImportRequest>& requests,
                                      const ImportOptions& options) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) throw Error(dir, 0, 0, "cannot create database directory: " + error.message());
  WriterLock lock = lock_database(dir, options);
  std::string file = database_file(dir);
  std::string temporary = (fs::path(dir) / (".advisories.db.tmp-" + std::to_string(::getpid()))).string();
  fs::remove(temporary, error);
  std::vector<ImportReport> reports(requests.size());
  try {
    if (fs::exists(file)) fs::copy_file(file, temporary, fs::copy_options::overwrite_existing);
    {
      sql::Connection connection(temporary, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
      // Durability comes from fsync + rename below, so the scratch copy needs no on-disk journal.
      connection.exec("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;");
      sql::Statement version(connection, "PRAGMA user_version");
      std::int64_t found = version.step() ? version.integer(0) : 0;
      version.reset();
      if (found != 0 && found != schema::kVersion)
        throw Error(file, 0, 0,
                    "advisory database has schema version " + std::to_string(found) + ", expected " +
                        std::to_string(schema::kVersion) + "; delete it and re-import");
      connection.exec(schema::kCreate);
      connection.exec("BEGIN");
      DatabaseSink sink(connection);
      for (std::size_t i = 0; i < requests.size(); ++i) {
        connection.exec("SAVEPOINT source");
        try {
          import_one(connection, sink, requests[i], options, reports[i]);
          connection.exec("RELEASE source");
        } catch (const Error& failure) {
          connection.exec("ROLLBACK TO source; RELEASE source");
          if (options.strict || options.all_sources_or_nothing) throw;
          reports[i].failed = true;
          reports[i].records = 0;
          reports[i].diagnostics.push_back(
              diagnostic_from_error(failure, tocsin::Severity::Error, "the previous records of this source were kept"));
        }
      }
      connection.exec("COMMIT");
    }
    fsync_path(temporary, O_RDONLY);
    fs::rename(temporary, file);
    fsync_path(dir, O_RDONLY | O_DIRECTORY);
  } catch (...) {
    fs::remove(temporary, error);
    throw;
  }
  return reports;
}

}  // namespace tocsin::advisory
