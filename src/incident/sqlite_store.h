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

namespace tocsin::incident {

// Opens (creating when absent) the store at `path`. Throws Error(path, 0, 0, reason).
std::unique_ptr<EventStore> open_sqlite_store(const std::string& path);

// $XDG_DATA_HOME/tocsin/<basename>-<12 hex of SHA-256(absolute repo path)>/incidents.db, with
// $XDG_DATA_HOME defaulting to $HOME/.local/share. The hash keeps two checkouts named alike apart.
std::string default_store_path(const std::string& repo_dir);

}  // namespace tocsin::incident
