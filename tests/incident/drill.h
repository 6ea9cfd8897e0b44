// Shared by the incident tests: a fresh store in a temporary directory and a Session at a given
// instant, so a whole playbook can be driven through time.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "incident/incident.h"
#include "incident/sqlite_store.h"
#include "incident/store_factory.h"
#include "support/scratch_dir.h"

namespace tocsin::incident::testing {

inline std::string fresh_dir(const std::string& name) {
  const std::string dir =
      ::tocsin::testing::process_temp_dir() + "tocsin_incident_" + name + "_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::int64_t at(const char* rfc3339) { return parse_time(rfc3339, "test"); }

struct Drill {
  // `spec`: the store to drill on (a postgresql:// URL); default a SQLite file in `dir`.
  explicit Drill(const std::string& name, Config config_in = Config{}, const std::string& spec = "")
      : dir(fresh_dir(name)),
        store(open_event_store(spec.empty() ? dir + "/incidents.db" : spec, StoreMode::Create)),
        playbooks(PlaybookCatalog::builtin()),
        config(std::move(config_in)) {}

  Session when(const char* rfc3339, const std::string& actor = "alice") {
    return Session{*store, playbooks, config, actor, at(rfc3339)};
  }

  std::string dir;
  std::unique_ptr<EventStore> store;
  PlaybookCatalog playbooks;
  Config config;
};

// The clock of that kind, or a failed expectation.
inline std::optional<Clock> clock_of(const Incident& incident, const Drill& drill, ClockKind kind) {
  for (const Clock& clock : clocks(incident, drill.playbooks.get(incident.playbook), drill.config))
    if (clock.kind == kind) return clock;
  return std::nullopt;
}

}  // namespace tocsin::incident::testing
