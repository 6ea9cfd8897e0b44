// One way to open the incident record, whichever backend holds it: every command (incident,
// scan --open-incidents, store, the dashboard) goes through open_event_store, so a new backend
// is one branch here and nowhere else.
//
//   spec "postgresql://…" or "postgres://…"  -> PostgreSQL (postgres_store.h)
//   anything else                              -> a SQLite file at that path (sqlite_store.h)
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "incident/postgres_store.h"
#include "incident/sqlite_store.h"
#include "incident/store_admin.h"

namespace tocsin::incident {

// Opens the store and checks that its schema is the one this tocsin writes (kSchemaVersion):
// an older one is refused with "run `tocsin store migrate`", a newer one with "use a newer
// tocsin" (Error, exit 2). `check_schema = false` is for `store migrate` itself.
std::unique_ptr<ManagedStore> open_event_store(const std::string& spec, StoreMode mode = StoreMode::OpenExisting,
                                               bool check_schema = true);

struct CopyReport {
  std::size_t events = 0;
  std::optional<Head> head;  // the source's head, now also the target's
};

// `tocsin store copy`: verifies `source` and refuses (Error) one that does not verify — before
// `open_target` is called, so a refused copy creates nothing; then imports every event byte for
// byte into the target (Error when it is not empty, nothing written), reads it back and checks
// it verifies with the source's head as anchor and holds exactly the source's events.
CopyReport copy_store(ManagedStore& source, const std::function<std::unique_ptr<ManagedStore>()>& open_target);

}  // namespace tocsin::incident
