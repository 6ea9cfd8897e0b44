// The SQL schema of the advisory database (internal header; documented in database.h).
#pragma once

namespace tocsin::advisory::schema {

constexpr int kVersion = 1;

constexpr const char* kCreate = R"sql(
CREATE TABLE IF NOT EXISTS sources (
  id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL DEFAULT '', path TEXT NOT NULL DEFAULT '',
  imported_at TEXT NOT NULL DEFAULT '', snapshot TEXT NOT NULL DEFAULT '', records INTEGER NOT NULL DEFAULT 0,
  report TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS advisories (
  rowid INTEGER PRIMARY KEY, source INTEGER NOT NULL, id TEXT NOT NULL, withdrawn INTEGER NOT NULL,
  malicious INTEGER NOT NULL, record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS advisories_id ON advisories (id);
CREATE TABLE IF NOT EXISTS affected (
  ecosystem TEXT NOT NULL, name TEXT NOT NULL, advisory INTEGER NOT NULL, position INTEGER NOT NULL,
  source INTEGER NOT NULL, withdrawn INTEGER NOT NULL, entry TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS affected_package ON affected (ecosystem, name);
CREATE TABLE IF NOT EXISTS aliases (id TEXT NOT NULL, alias TEXT NOT NULL, source INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS aliases_id ON aliases (id);
CREATE INDEX IF NOT EXISTS aliases_alias ON aliases (alias);
CREATE TABLE IF NOT EXISTS kev (cve TEXT PRIMARY KEY, source INTEGER NOT NULL, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS known_bad (
  ecosystem TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL, source INTEGER NOT NULL,
  reference TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS known_bad_package ON known_bad (ecosystem, name, version);
PRAGMA user_version = 1;
)sql";

}  // namespace tocsin::advisory::schema
