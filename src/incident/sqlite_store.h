// The embedded EventStore: one SQLite file per project, outside the repository by default.
//
// Durability and concurrency, which callers may rely on: WAL journal, synchronous=FULL (an event
// transact() returned survives a crash or kill), BEGIN IMMEDIATE with a busy timeout (two tocsin
// processes writing at once both succeed, one after the other, and neither loses an event: the
// chain is extended from the head read inside the write transaction). A new file is created
// with mode 0600 and its directory with 0700: incident records name reporters and unfixed
// vulnerabilities.
#pragma once

#include <memory>
#include <string>

#include "incident/event_store.h"
#include "incident/store_admin.h"

namespace tocsin::incident {

// Only `incident open` (and `scan --open-incidents`) create a store; every other command opens an
// existing one and fails with "no incident record at PATH" (a typo in --store must not print
// "0 events, chain intact").
enum class StoreMode { OpenExisting, Create };

// Opens the store at `path`. Refused (Error), with the chmod to run: a store file owned by another
// user or with any group/other permission bit (0666), a directory owned by another user (root
// aside) or writable by others without the sticky bit (0777), a symbolic link as the store.
// Override: the environment variable TOCSIN_ALLOW_SHARED_STORE=1 (a store a team shares on
// purpose). Throws Error(path, 0, 0, reason).
std::unique_ptr<ManagedStore> open_sqlite_store(const std::string& path, StoreMode mode = StoreMode::OpenExisting);

// $XDG_DATA_HOME/tocsin/<basename>-<12 hex of SHA-256(absolute repo path)>/incidents.db, with
// $XDG_DATA_HOME defaulting to $HOME/.local/share. The hash keeps two checkouts named alike apart.
std::string default_store_path(const std::string& repo_dir);

}  // namespace tocsin::incident
