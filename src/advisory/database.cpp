#include "advisory/database.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>
#include <unordered_set>

#include "advisory/record_json.h"
#include "advisory/schema.h"
#include "advisory/sqlite.h"

namespace tocsin::advisory {

namespace fs = std::filesystem;

std::string default_database_dir(const std::string& explicit_dir) {
  if (!explicit_dir.empty()) return explicit_dir;
  auto env = [](const char* name) -> std::string {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
  };
  if (auto dir = env("TOCSIN_DB"); !dir.empty()) return dir;
  if (auto cache = env("XDG_CACHE_HOME"); !cache.empty()) return (fs::path(cache) / "tocsin").string();
  if (auto home = env("HOME"); !home.empty()) return (fs::path(home) / ".cache" / "tocsin").string();
  throw Error("no advisory database location: pass --db DIR or set TOCSIN_DB");
}

std::string database_file(const std::string& dir) { return (fs::path(dir) / "advisories.db").string(); }

struct Database::Impl {
  explicit Impl(const std::string& file)
      : connection(file, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX),
        affected_rows(connection,
                      "SELECT advisory, position, entry FROM affected WHERE ecosystem = ?1 AND name = ?2 AND "
                      "withdrawn = 0 ORDER BY advisory"),
        record_by_rowid(connection, "SELECT id, record FROM advisories WHERE rowid = ?1"),
        record_by_id(connection, "SELECT record FROM advisories WHERE id = ?1 ORDER BY rowid LIMIT 1"),
        kev_by_cve(connection, "SELECT record FROM kev WHERE cve = ?1"),
        known_bad_rows(connection,
                       "SELECT reference, file, line FROM known_bad WHERE ecosystem = ?1 AND name = ?2 AND "
                       "version = ?3 LIMIT 1"),
        alias_neighbours(connection,
                         "SELECT alias FROM aliases WHERE id = ?1 UNION SELECT id FROM aliases WHERE alias = ?1") {
    // The file is only ever replaced by rename, never written in place, so one shared lock for
    // the connection's life is safe, and it spares a lock + file check on every query (about half
    // of a scan's time otherwise).
    connection.exec("PRAGMA locking_mode = EXCLUSIVE");
  }

  sql::Connection connection;
  sql::Statement affected_rows;
  sql::Statement record_by_rowid;
  sql::Statement record_by_id;
  sql::Statement kev_by_cve;
  sql::Statement known_bad_rows;
  sql::Statement alias_neighbours;
  RecordDecoder decoder;

  // The names with a row in `table`, per ecosystem, read once on the first lookup: most packages
  // of a project have no advisory (or known-bad entry) at all, and a set lookup costs a small
  // fraction of an SQLite query (~25,000 instructions each; a Springtale scan made ~1,200).
  struct NamesWithRows {
    const char* table;
    std::map<std::string, std::unordered_set<std::string>, std::less<>> by_ecosystem;

    const std::unordered_set<std::string>& in(const sql::Connection& connection, std::string_view ecosystem) {
      auto [at, inserted] = by_ecosystem.try_emplace(std::string(ecosystem));
      if (inserted) {
        const std::string query = std::string("SELECT DISTINCT name FROM ") + table + " WHERE ecosystem = ?1";
        sql::Statement names(connection, query.c_str());
        names.bind(1, ecosystem);
        while (names.step()) at->second.emplace(names.text(0));
      }
      return at->second;
    }
  };
  NamesWithRows affected_names{"affected", {}};
  NamesWithRows known_bad_names{"known_bad", {}};
};

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Database Database::open(const std::string& dir) {
  std::string file = database_file(dir);
  std::error_code error;
  if (!fs::is_regular_file(file, error))
    throw Error(file, 0, 0, "no advisory database here; run `tocsin db import PATH…` or `tocsin db update` first");
  {
    sql::Connection probe(file, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
    sql::Statement version(probe, "PRAGMA user_version");
    if (!version.step() || version.integer(0) != schema::kVersion)
      throw Error(file, 0, 0,
                  "not a tocsin advisory database of schema version " + std::to_string(schema::kVersion) +
                      "; re-import the feeds");
  }
  return Database(std::make_unique<Impl>(file));
}

std::vector<Match> Database::matches(Ecosystem ecosystem, std::string_view name, std::string_view version) const {
  std::vector<Match> out;
  const std::string normalized = normalize_name(ecosystem, name);
  if (!impl_->affected_names.in(impl_->connection, ecosystem_name(ecosystem)).contains(normalized)) return out;
  std::set<std::string> seen_ids;
  auto& rows = impl_->affected_rows;
  rows.reset().bind(1, ecosystem_name(ecosystem)).bind(2, normalized);
  struct Hit {
    std::int64_t rowid;
    std::size_t position;
    std::string note;
  };
  std::vector<Hit> hits;
  while (rows.step()) {
    Affected affected = impl_->decoder.affected(rows.text(2));
    AffectedVerdict verdict = affected_verdict(affected, version);
    if (verdict.affected)
      hits.push_back({rows.integer(0), static_cast<std::size_t>(rows.integer(1)), std::move(verdict.note)});
  }
  rows.reset();
  for (const auto& [rowid, position, note] : hits) {
    auto& record = impl_->record_by_rowid;
    record.reset().bind(1, rowid);
    if (record.step() && seen_ids.insert(std::string(record.text(0))).second) {
      Match match;
      match.advisory = impl_->decoder.advisory(record.text(1));
      match.affected_index = position;
      match.note = note;
      out.push_back(std::move(match));
    }
    record.reset();
  }
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) { return a.advisory.id < b.advisory.id; });
  return out;
}

std::optional<Advisory> Database::advisory(std::string_view id) const {
  auto& record = impl_->record_by_id;
  record.reset().bind(1, id);
  std::optional<Advisory> out;
  if (record.step()) out = impl_->decoder.advisory(record.text(0));
  record.reset();
  return out;
}

std::optional<KevEntry> Database::kev_for(std::string_view cve_id) const {
  auto& record = impl_->kev_by_cve;
  record.reset().bind(1, cve_id);
  std::optional<KevEntry> out;
  if (record.step()) out = impl_->decoder.kev(record.text(0));
  record.reset();
  return out;
}

std::optional<KnownBad> Database::known_bad(Ecosystem ecosystem, std::string_view name,
                                            std::string_view version) const {
  std::string normalized = normalize_name(ecosystem, name);
  if (!impl_->known_bad_names.in(impl_->connection, ecosystem_name(ecosystem)).contains(normalized))
    return std::nullopt;
  auto& rows = impl_->known_bad_rows;
  rows.reset().bind(1, ecosystem_name(ecosystem)).bind(2, normalized).bind(3, version);
  std::optional<KnownBad> out;
  if (rows.step()) {
    KnownBad entry;
    entry.ecosystem = ecosystem;
    entry.name = normalized;
    entry.version = std::string(version);
    entry.reference = std::string(rows.text(0));
    entry.file = std::string(rows.text(1));
    entry.line = static_cast<int>(rows.integer(2));
    out = std::move(entry);
  }
  rows.reset();
  return out;
}

std::vector<std::string> Database::aliases_of(std::string_view id) const {
  std::set<std::string> group{std::string(id)};
  std::vector<std::string> frontier{std::string(id)};
  auto& neighbours = impl_->alias_neighbours;
  while (!frontier.empty()) {
    std::string current = std::move(frontier.back());
    frontier.pop_back();
    neighbours.reset().bind(1, current);
    while (neighbours.step()) {
      std::string next(neighbours.text(0));
      if (group.insert(next).second) frontier.push_back(std::move(next));
    }
    neighbours.reset();
  }
  return {group.begin(), group.end()};
}

DatabaseStatus Database::status() const {
  const auto& connection = impl_->connection;
  DatabaseStatus status;
  status.file = connection.file();
  sql::Statement sources(connection,
                         "SELECT key, kind, path, imported_at, snapshot, records, report FROM sources ORDER BY key");
  while (sources.step()) {
    SourceStatus source;
    source.key = sources.text(0);
    source.kind = sources.text(1);
    source.path = sources.text(2);
    source.imported_at = sources.text(3);
    source.snapshot = sources.text(4);
    source.records = static_cast<std::size_t>(sources.integer(5));
    auto report = nlohmann::json::parse(sources.text(6), nullptr, false);
    if (report.is_object()) source.diagnostics = report.value("diagnostics", std::size_t{0});
    status.sources.push_back(std::move(source));
  }
  sql::Statement per_ecosystem(connection,
                               "SELECT ecosystem, COUNT(DISTINCT advisory) FROM affected GROUP BY ecosystem");
  while (per_ecosystem.step())
    status.advisories_per_ecosystem[std::string(per_ecosystem.text(0))] =
        static_cast<std::size_t>(per_ecosystem.integer(1));
  sql::Statement totals(connection,
                        "SELECT COUNT(*), COALESCE(SUM(withdrawn), 0), COALESCE(SUM(malicious), 0) FROM advisories");
  if (totals.step()) {
    status.advisories = static_cast<std::size_t>(totals.integer(0));
    status.withdrawn = static_cast<std::size_t>(totals.integer(1));
    status.malicious = static_cast<std::size_t>(totals.integer(2));
  }
  sql::Statement kev(connection, "SELECT COUNT(*) FROM kev");
  if (kev.step()) status.kev_entries = static_cast<std::size_t>(kev.integer(0));
  sql::Statement kev_sample(connection, "SELECT record FROM kev LIMIT 1");
  if (kev_sample.step()) {
    KevEntry sample = impl_->decoder.kev(kev_sample.text(0));
    status.kev_catalog_version = sample.catalog_version;
    status.kev_date_released = sample.date_released;
  }
  sql::Statement known_bad(connection, "SELECT COUNT(*) FROM known_bad");
  if (known_bad.step()) status.known_bad = static_cast<std::size_t>(known_bad.integer(0));
  return status;
}

}  // namespace tocsin::advisory
