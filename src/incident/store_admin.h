// What `tocsin store init|migrate|copy` need from a store beyond the EventStore interface: its
// schema version, the migrations that bring it up to date, and a byte-for-byte import.
//
// Schema versions: every store keeps `meta(key, value)` with key 'schema' and value
// 'tocsin-incidents-N'. Version 0 means the schema was never created. A backend lists its
// migrations oldest first; creating the schema *is* migrating from version 0 to the newest, so a
// new store and an upgraded one are built by the same statements. migrate() runs inside one
// transaction that holds the store's write lock: two tocsin processes migrating (or creating) at
// once apply each migration exactly once, and a failed statement leaves the store as it was.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "incident/event_store.h"

namespace tocsin::incident {

struct Migration {
  int version = 0;          // the schema version once applied
  std::string description;  // for `store migrate`'s report
  std::vector<std::string> statements;
};

class ManagedStore : public EventStore {
 public:
  // The version recorded in meta; 0 when the store has no schema yet.
  virtual int schema_version() = 0;
  // The backend's own migrations, oldest first; the last one's version is the current schema.
  virtual const std::vector<Migration>& migrations() const = 0;
  // Applies, in one transaction, every migration of `list` newer than the stored version and
  // records the last one's version; returns the versions applied (empty: already current).
  // Refuses (Error) a store whose version is newer than the last of `list`: it was written by a
  // newer tocsin. Tests pass their own list to exercise an upgrade.
  virtual std::vector<int> migrate(const std::vector<Migration>& list) = 0;
  // `store copy`: writes `events` exactly as given (seq, time, payload, prev_hash, hash — no
  // re-hashing) and `head` as the recorded head, in one transaction, into this store, which
  // must hold no event and no head (Error otherwise, nothing written).
  virtual void import(const std::vector<Event>& events, const std::optional<Head>& head) = 0;
};

// The newest schema this tocsin knows (the last migration of every backend).
inline constexpr int kSchemaVersion = 1;

// "tocsin-incidents-N" -> N; 0 for anything else (a store of another program is not "older").
int parse_schema_value(const std::string& value);
std::string schema_value(int version);

}  // namespace tocsin::incident
