#include "incident/store_factory.h"

#include <string_view>

#include "core/error.h"

namespace tocsin::incident {
namespace {

constexpr std::string_view kSchemaPrefix = "tocsin-incidents-";

}  // namespace

int parse_schema_value(const std::string& value) {
  if (value.rfind(kSchemaPrefix, 0) != 0) return 0;
  const std::string digits = value.substr(kSchemaPrefix.size());
  if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoi(digits);
}

std::string schema_value(int version) { return std::string(kSchemaPrefix) + std::to_string(version); }

std::unique_ptr<ManagedStore> open_event_store(const std::string& spec, StoreMode mode, bool check_schema) {
  if (spec.empty()) throw Error("no incident store given (--store PATH or URL)");
  std::unique_ptr<ManagedStore> store =
      is_postgres_url(spec) ? open_postgres_store(spec, mode) : open_sqlite_store(spec, mode);
  if (check_schema) {
    const int version = store->schema_version();
    if (version < kSchemaVersion)
      throw Error(store->location(), 0, 0,
                  "the incident record has schema version " + std::to_string(version) +
                      ", this tocsin writes version " + std::to_string(kSchemaVersion) +
                      ": run `tocsin store migrate --store " + store->location() + "` first");
    if (version > kSchemaVersion)
      throw Error(store->location(), 0, 0,
                  "the incident record has schema version " + std::to_string(version) +
                      ", newer than this tocsin knows (" + std::to_string(kSchemaVersion) + "): use a newer tocsin");
  }
  return store;
}

CopyReport copy_store(ManagedStore& source, const std::function<std::unique_ptr<ManagedStore>()>& open_target) {
  auto [events, head] = source.read_with_head();
  const Verification checked = verify_chain(events, head);
  if (!checked.ok())
    throw Error(source.location(), 0, 0,
                "the source record does not verify (" + std::to_string(checked.problems.size()) +
                    " problem(s), first: " + checked.problems.front().message +
                    "); nothing was copied. `tocsin incident verify --store " + source.location() + "` lists them");
  const std::unique_ptr<ManagedStore> opened = open_target();
  ManagedStore& target = *opened;
  target.import(events, head);

  // What was written, read back: the same chain, ending at the source's head.
  auto [copied, copied_head] = target.read_with_head();
  const Verification result = verify_chain(copied, copied_head, head);
  bool same = copied.size() == events.size() && copied_head.has_value() == head.has_value() &&
              (!head || (copied_head->seq == head->seq && copied_head->hash == head->hash));
  for (std::size_t i = 0; same && i < copied.size(); ++i) {
    const Event& a = events[i];
    const Event& b = copied[i];
    same = a.seq == b.seq && a.incident == b.incident && a.actor == b.actor && a.time == b.time && a.type == b.type &&
           a.payload == b.payload && a.prev_hash == b.prev_hash && a.hash == b.hash;
  }
  if (!result.ok() || !same)
    throw Error(target.location(), 0, 0,
                "the copy does not read back as the source: " +
                    (result.ok() ? std::string("an event differs") : result.problems.front().message));
  return CopyReport{events.size(), head};
}

}  // namespace tocsin::incident
