#include "cli/incident_environment.h"

#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "core/time.h"
#include "incident/sqlite_store.h"

namespace tocsin::cli {

incident::Session IncidentEnvironment::session() {
  if (actor.empty()) throw Error("who is acting? pass --actor NAME or set TOCSIN_ACTOR");
  return incident::Session{*store, playbooks, config, actor, now};
}

IncidentEnvironment prepare_incident_environment(const IncidentEnvironmentOptions& options) {
  IncidentEnvironment env;
  env.project = config::ProjectConfig::load(options.repo, options.config);
  env.config = env.project.incident_config();
  env.playbooks = incident::PlaybookCatalog::load(options.repo);
  env.store = incident::open_sqlite_store(
      options.store.empty() ? incident::default_store_path(options.repo) : options.store,
      options.create_store ? incident::StoreMode::Create : incident::StoreMode::OpenExisting);
  env.actor = options.actor;
  for (const char* variable : {"TOCSIN_ACTOR", "USER"})
    if (env.actor.empty() && std::getenv(variable)) env.actor = std::getenv(variable);
  env.now = tocsin::parse_now(options.now);
  return env;
}

}  // namespace tocsin::cli
