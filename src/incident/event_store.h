// The incident record: an append-only, hash-chained list of events, behind an interface so that
// the embedded SQLite file can later be joined by a server database.
//
// Every event carries `prev_hash`, the hash of the event before it (64 zeros for the first), and
// `hash` = SHA-256 over a versioned, length-prefixed encoding of
//   prev_hash, incident, actor, time, type, payload
// (see event_hash). `seq` is only the storage order and is not hashed: the chain itself is the
// order, so moving an event (reordering) breaks the links around it, editing an event breaks its
// own hash, deleting one leaves its successor pointing at a hash that is not in the log. A store
// also keeps the head (last seq + hash) updated in the same transaction, so deleting the newest
// events is seen too. What a hash chain cannot see is someone rewriting the whole chain from the
// point of an edit onwards: `verify` reports the head hash so it can be anchored elsewhere (a
// signed tag, a ticket) and compared later with `--anchor`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tocsin::incident {

struct Event {
  std::int64_t seq = 0;
  std::string incident;  // "INC-0001"
  std::string actor;
  std::string time;     // RFC 3339 UTC, the instant the command ran at (--now in drills)
  std::string type;     // "opened", "step", … (events.h: the types and their payloads)
  std::string payload;  // a JSON object, stored byte for byte as hashed
  std::string prev_hash;
  std::string hash;
};

struct NewEvent {
  std::string incident;
  std::string actor;
  std::string time;
  std::string type;
  std::string payload;
};

struct Head {
  std::int64_t seq = 0;
  std::string hash;
};

inline const std::string kGenesisHash(64, '0');

// Lowercase hex SHA-256 of the event's canonical bytes chained to prev_hash.
std::string event_hash(const std::string& prev_hash, const NewEvent& event);

class EventStore {
 public:
  virtual ~EventStore() = default;
  // Runs `decide` inside one exclusive write transaction: it sees every event committed so far
  // (in seq order) and returns the events to append, which are chained, written and committed
  // atomically before transact returns them (with seq and hashes). Deciding inside the
  // transaction is what makes "open an incident for this finding unless one exists" and the
  // allocation of incident ids safe with several writers. An exception from `decide` writes
  // nothing. Refuses to write (Error) when the stored head does not match the newest event.
  virtual std::vector<Event> transact(
      const std::function<std::vector<NewEvent>(const std::vector<Event>&)>& decide) = 0;
  // Every event, in seq order, exactly as stored (hashes not checked).
  virtual std::vector<Event> read_all() = 0;
  // The head as recorded by the last write; nullopt for an empty store.
  virtual std::optional<Head> head() = 0;
  // What the store is, for messages ("/home/u/.local/share/tocsin/x/incidents.db").
  virtual std::string location() const = 0;
  // Every event and the recorded head read together, as one snapshot: what verification needs
  // while others may be writing (read_all() then head() could see a head newer than the events
  // it read and report a deletion that is not there). A server store overrides it.
  virtual std::pair<std::vector<Event>, std::optional<Head>> read_with_head() {
    std::vector<Event> events = read_all();
    return {std::move(events), head()};
  }
};

enum class Tamper { Edited, Deleted, Inserted, Reordered };
std::string_view tamper_name(Tamper kind);

struct Problem {
  Tamper kind;
  std::int64_t seq = 0;  // the event concerned (for Deleted: the event after the gap, 0 = at the end)
  std::string incident;
  std::string message;
};

struct Verification {
  std::vector<Problem> problems;
  std::size_t events = 0;
  std::optional<Head> head;  // the last event of the log as stored
  bool ok() const { return problems.empty(); }
};

// Checks the chain of `events` (seq order) against itself and the recorded head; `anchor`, when
// given, must be an event of the chain (seq and hash) — an older head kept elsewhere.
Verification verify_chain(const std::vector<Event>& events, const std::optional<Head>& recorded_head,
                          const std::optional<Head>& anchor = std::nullopt);

}  // namespace tocsin::incident
