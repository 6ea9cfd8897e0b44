// Hashing and verification of the event chain (see event_store.h).

#include <map>
#include <memory>
#include <set>

#include "core/error.h"
#include "core/hash.h"
#include "incident/event_store.h"

namespace tocsin::incident {
namespace {

// Length-prefixed so that no two different events share their bytes ("ab"+"c" vs "a"+"bc").
void append_field(std::string& out, const std::string& field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += '\n';
}

}  // namespace

namespace {

std::string label(const Event& event) { return "seq " + std::to_string(event.seq) + " (" + event.incident + ")"; }

}  // namespace

std::string event_hash(const std::string& prev_hash, const NewEvent& event) {
  std::string bytes = "tocsin-incident-event-v1\n";
  append_field(bytes, prev_hash);
  append_field(bytes, event.incident);
  append_field(bytes, event.actor);
  append_field(bytes, event.time);
  append_field(bytes, event.type);
  append_field(bytes, event.payload);
  return sha256_hex(bytes);
}

std::string_view tamper_name(Tamper kind) {
  switch (kind) {
    case Tamper::Edited: return "edited";
    case Tamper::Deleted: return "deleted";
    case Tamper::Inserted: return "inserted";
    case Tamper::Reordered: return "reordered";
  }
  return "?";
}

Verification verify_chain(const std::vector<Event>& events, const std::optional<Head>& recorded_head,
                          const std::optional<Head>& anchor) {
  Verification result;
  result.events = events.size();
  if (!events.empty()) result.head = Head{events.back().seq, events.back().hash};

  std::map<std::string, std::size_t> by_hash;
  std::set<std::string> referenced;  // hashes some event names as its predecessor
  for (std::size_t i = 0; i < events.size(); ++i) {
    by_hash.emplace(events[i].hash, i);
    referenced.insert(events[i].prev_hash);
  }
  const bool head_known = recorded_head && by_hash.count(recorded_head->hash);
  auto is_head = [&](const Event& e) { return recorded_head && recorded_head->hash == e.hash; };

  // An event is part of the chain when something follows it (another event or the recorded
  // head); one that nothing follows and that is not the head was added behind the chain's back.
  std::vector<bool> inserted(events.size(), false);
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    const bool content_ok = event_hash(e.prev_hash, NewEvent{e.incident, e.actor, e.time, e.type, e.payload}) == e.hash;
    bool followed = referenced.count(e.hash) || is_head(e) || (!head_known && i + 1 == events.size());
    // Nothing follows it because its successor was deleted: the deletion is reported there.
    if (!followed && i + 1 < events.size() && !by_hash.count(events[i + 1].prev_hash) &&
        events[i + 1].prev_hash != kGenesisHash)
      followed = true;
    if (!followed) {
      inserted[i] = true;
      result.problems.push_back({Tamper::Inserted, e.seq, e.incident,
                                 label(e) + ": inserted — no event of the chain follows it" +
                                     (content_ok ? "" : " and its hash does not match its content")});
    } else if (!content_ok) {
      result.problems.push_back({Tamper::Edited, e.seq, e.incident,
                                 label(e) + ": edited — its content does not match its hash " + e.hash.substr(0, 12)});
    }
  }

  const Event* previous = nullptr;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (inserted[i]) continue;
    const Event& e = events[i];
    const std::string expected = previous ? previous->hash : kGenesisHash;
    if (e.prev_hash != expected) {
      auto predecessor = by_hash.find(e.prev_hash);
      if (e.prev_hash == kGenesisHash) {
        result.problems.push_back({Tamper::Reordered, e.seq, e.incident,
                                   label(e) + ": reordered — it is the first event of the chain but stored after " +
                                       (previous ? label(*previous) : std::string("nothing"))});
      } else if (predecessor != by_hash.end()) {
        result.problems.push_back({Tamper::Reordered, e.seq, e.incident,
                                   label(e) + ": reordered — in the chain it follows " +
                                       label(events[predecessor->second]) + ", but it is stored after " +
                                       (previous ? label(*previous) : std::string("nothing"))});
      } else {
        // The seq gap, when there is one, says which event was taken out.
        const std::int64_t missing = previous && previous->seq + 1 < e.seq ? previous->seq + 1 : e.seq;
        result.problems.push_back(
            {Tamper::Deleted, missing, e.incident,
             label(e) + ": deleted — the event before it (hash " + e.prev_hash.substr(0, 12) +
                 ") is missing or was rewritten" +
                 (previous ? ", the log goes from " + label(*previous) + " straight to it" : std::string())});
      }
    }
    previous = &e;
  }

  if (recorded_head && !head_known) {
    result.problems.push_back({Tamper::Deleted, recorded_head->seq, "",
                               "deleted — the last write recorded seq " + std::to_string(recorded_head->seq) +
                                   " (hash " + recorded_head->hash.substr(0, 12) +
                                   ") as the newest event; it is gone"});
  } else if (!recorded_head && !events.empty()) {
    result.problems.push_back({Tamper::Deleted, 0, "", "deleted — the recorded head of the log is missing"});
  }
  if (anchor) {
    auto found = by_hash.find(anchor->hash);
    if (found == by_hash.end() || events[found->second].seq != anchor->seq)
      result.problems.push_back({Tamper::Edited, anchor->seq, "",
                                 "anchor seq " + std::to_string(anchor->seq) + " hash " + anchor->hash.substr(0, 12) +
                                     " is not in the chain: history before it was rewritten"});
  }
  return result;
}

}  // namespace tocsin::incident
