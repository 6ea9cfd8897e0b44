// The local advisory database: every imported feed, normalized, in one SQLite file
// (<dir>/advisories.db) that a scan opens read-only in about a millisecond and queries per package
// through an index, without re-parsing any feed.
//
// Layout (schema version in PRAGMA user_version):
//   sources   (id, key UNIQUE, kind, path, imported_at, snapshot, records, report JSON)
//   advisories(rowid, source, id, withdrawn, record JSON)          index (id)
//   affected  (ecosystem, name, advisory, source, withdrawn, entry JSON) index (ecosystem, name)
//   aliases   (id, alias, source)                                   indexes (id), (alias)
//   kev       (cve PRIMARY KEY, source, record JSON)
//   known_bad (ecosystem, name, version, source, reference, file, line) index (ecosystem, name, version)
//
// Writes never modify the live file: the database is copied to a temporary file in the same
// directory, changed there, fsync'ed and renamed over the old one (then the directory is
// fsync'ed). A failed import or update therefore leaves the previous database untouched, and
// readers that already opened it keep a consistent view. Re-importing a source (same kind and
// path, or the same update feed) replaces that source's records; other sources are kept.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "advisory/advisory.h"
#include "advisory/importer.h"

namespace tocsin::advisory {

// --db DIR, else $TOCSIN_DB, else $XDG_CACHE_HOME/tocsin, else $HOME/.cache/tocsin.
std::string default_database_dir(const std::string& explicit_dir = {});
// <dir>/advisories.db
std::string database_file(const std::string& dir);

struct SourceStatus {
  std::string key;
  std::string kind;
  std::string path;
  std::string imported_at;  // RFC 3339 UTC
  std::string snapshot;     // data date reported by the importer
  std::size_t records = 0;
  std::size_t diagnostics = 0;
};

struct DatabaseStatus {
  std::string file;
  std::vector<SourceStatus> sources;
  std::map<std::string, std::size_t> advisories_per_ecosystem;  // ecosystem name -> distinct advisories
  std::size_t advisories = 0;
  std::size_t withdrawn = 0;
  std::size_t malicious = 0;
  std::size_t kev_entries = 0;
  std::string kev_catalog_version;
  std::string kev_date_released;
  std::size_t known_bad = 0;
};

class Database {
 public:
  // Opens <dir>/advisories.db read-only. Throws Error when it is missing or not a tocsin database.
  static Database open(const std::string& dir);
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  // Advisories affecting this exact package version: withdrawn records excluded, one Match per
  // advisory id (the first source wins when two sources carry the same id), ordered by id.
  std::vector<Match> matches(Ecosystem ecosystem, std::string_view name, std::string_view version) const;
  std::optional<Advisory> advisory(std::string_view id) const;
  std::optional<KevEntry> kev_for(std::string_view cve_id) const;
  // Exact name (normalized for PyPI / crates.io) and exact version, nothing else.
  std::optional<KnownBad> known_bad(Ecosystem ecosystem, std::string_view name, std::string_view version) const;
  // The transitive alias group of `id` (aliases in any direction, across sources), `id` included,
  // sorted. An unknown id yields just itself.
  std::vector<std::string> aliases_of(std::string_view id) const;
  DatabaseStatus status() const;

 private:
  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct ImportRequest {
  std::string path;
  const Importer* importer = nullptr;  // null: detect_importer(path)
  std::string source_key;              // empty: "<kind>:<absolute path>"
  std::string label;                   // recorded as the source's path; empty: `path`
};

// The writers' lock on a database directory (flock on <dir>/advisories.db.lock, released when
// this goes out of scope). lock_database waits up to options.lock_wait_seconds, then throws
// Error naming the holder's pid; once held, it removes the scratch files (.advisories.db.tmp-PID,
// .downloads-PID) of writers that were killed.
class WriterLock {
 public:
  explicit WriterLock(int fd) : fd_(fd) {}
  WriterLock(WriterLock&& other) noexcept;
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;
  WriterLock& operator=(WriterLock&&) = delete;
  ~WriterLock();

 private:
  int fd_ = -1;
};
WriterLock lock_database(const std::string& dir, const ImportOptions& options);

// Imports every request into the database in `dir` (created when missing) with one atomic swap,
// holding the writers' lock. A source that would shrink past options.max_shrink fails (see
// ImportOptions::allow_shrink).
// A request that throws (strict mode, or a source unreadable as a whole) aborts everything in
// strict mode; otherwise its diagnostics are reported, its previous records kept, and the other
// requests are still imported. Returns one report per request.
std::vector<ImportReport> import_into(const std::string& dir, const std::vector<ImportRequest>& requests,
                                      const ImportOptions& options);

}  // namespace tocsin::advisory
