// The server EventStore: the incident record in a PostgreSQL database, for a team whose
// maintainers work from several machines. Same events, same SHA-256 chain, same verification as
// the SQLite file (verify_chain is shared); only where the rows live differs.
//
// Connection: a libpq URL, `postgresql://[user@]host[:port]/dbname[?param=value…]` or
// `postgres://…` (a Unix socket: `postgresql:///dbname?host=/run/postgresql`). libpq's own
// environment (PGHOST, PGUSER, PGSSLMODE, …) applies as for psql. The password comes only from
// PGPASSWORD or the password file (~/.pgpass, or PGPASSFILE / ?passfile=), which libpq reads
// itself: a URL carrying one (`postgresql://u:pw@…` or `?password=`) is refused, because a
// command line is visible to every user of the machine in process listings and tocsin.toml is
// committed. Messages name the store by its URL, which therefore never holds a secret.
//
// Schema (created by `tocsin store init`, by `incident open` and `scan --open-incidents` when
// missing; versioned in `meta`, see store_admin.h): `events` (seq bigint primary key, text
// columns stored byte for byte as hashed — text, not jsonb, which would reformat payloads),
// `head` (the one row id = 1: last seq and hash), `meta`. A trigger refuses UPDATE, DELETE and
// TRUNCATE on `events`: the record is append-only by construction, not only by convention (an
// owner or superuser can still disable it, which is what the hash chain is for). The database
// must be UTF8-encoded; a NUL byte or invalid UTF-8 in an event is refused by the server with
// nothing written.
//
// Concurrency: transact() runs in one READ COMMITTED transaction that first takes
// `LOCK TABLE head IN EXCLUSIVE MODE` — the head row locked, including when it does not exist
// yet (an empty record) — then reads the events, decides, inserts, moves the head and commits.
// Writers on any number of machines therefore extend the chain one after another from the true
// head: no fork, no lost event; readers are never blocked. A serialization failure or deadlock
// (SQLSTATE 40001, 40P01) is retried up to 5 times from the start, deciding afresh. A lost
// connection is not retried: the error says the write may or may not have been committed when
// it was lost during COMMIT. An event is acknowledged (transact returns) only once COMMIT
// succeeded, so with the server's default synchronous_commit it survives a server crash.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "incident/sqlite_store.h"  // StoreMode
#include "incident/store_admin.h"

namespace tocsin::incident {

// True for `postgresql://…` and `postgres://…`: everything else names a SQLite file.
bool is_postgres_url(std::string_view spec);

// Throws Error when the URL carries a password (userinfo or ?password= / ?sslpassword=); the
// message quotes the URL with the secret removed. `where` is what to name ("--store",
// "tocsin.toml:3:7").
void refuse_password_in_url(const std::string& url, const std::string& where);

// The URL with any password removed, for messages (what location() returns).
std::string redact_url(const std::string& url);

// Connects (10 s timeout unless the URL sets connect_timeout). OpenExisting fails with
// "no incident record at URL" when the database has no tocsin schema; Create creates it.
std::unique_ptr<ManagedStore> open_postgres_store(const std::string& url, StoreMode mode = StoreMode::OpenExisting);

}  // namespace tocsin::incident
