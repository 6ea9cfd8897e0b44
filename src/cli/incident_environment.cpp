#include "cli/incident_environment.h"

#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "incident/sqlite_store.h"

namespace tocsin::cli {

incident::Session IncidentEnvironment::session() {
  if (actor.empty()) throw Error("who is acting? pass --actor NAME or set TOCSIN_ACTOR");
  return incident::Session{*store, playbooks, config, actor, now};
}

IncidentEnvironment prepare_incident_environment(const IncidentEnvironmentOptions& options) {
  IncidentEnvironment env;
  std::string config_path = options.config;
  if (config_path.empty() && std::filesystem::exists(std::filesystem::path(options.repo) / "tocsin.toml"))
    config_path = (std::filesystem::path(options.repo) / "tocsin.toml").string();
  if (!config_path.empty()) env.config = incident::load_config(config_path);
  env.playbooks = incident::PlaybookCatalog::load(options.repo);
  env.store =
      incident::open_sqlite_store(options.store.empty() ? incident::default_store_path(options.repo) : options.store);
  env.actor = options.actor;
  for (const char* variable : {"TOCSIN_ACTOR", "USER"})
    if (env.actor.empty() && std::getenv(variable)) env.actor = std::getenv(variable);
  env.now = options.now.empty() ? incident::wall_clock_now() : incident::parse_instant(options.now, "--now");
  return env;
}

}  // namespace tocsin::cli
