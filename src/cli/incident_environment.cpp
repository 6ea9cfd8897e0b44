#include "cli/incident_environment.h"

#include <cstdlib>
#include <filesystem>

#include "config/store_section.h"
#include "core/error.h"
#include "core/time.h"
#include "incident/store_factory.h"

namespace tocsin::cli {

std::string store_spec(const std::string& option, const config::ProjectConfig& project, const std::string& repo) {
  if (!option.empty()) return option;
  const std::string& configured = project.get<config::StoreSection>().url;
  if (configured.empty()) return incident::default_store_path(repo);
  // A relative file path in tocsin.toml means relative to that file, not to where tocsin runs.
  if (incident::is_postgres_url(configured) || std::filesystem::path(configured).is_absolute()) return configured;
  return (std::filesystem::path(project.path()).parent_path() / configured).string();
}

incident::Session IncidentEnvironment::session() {
  if (actor.empty()) throw Error("who is acting? pass --actor NAME or set TOCSIN_ACTOR");
  return incident::Session{*store, playbooks, config, actor, now};
}

IncidentEnvironment prepare_incident_environment(const IncidentEnvironmentOptions& options) {
  IncidentEnvironment env;
  env.project = config::ProjectConfig::load(options.repo, options.config);
  env.config = env.project.incident_config();
  env.playbooks = incident::PlaybookCatalog::load(options.repo);
  env.store = incident::open_event_store(
      store_spec(options.store, env.project, options.repo),
      options.create_store ? incident::StoreMode::Create : incident::StoreMode::OpenExisting);
  env.actor = options.actor;
  for (const char* variable : {"TOCSIN_ACTOR", "USER"})
    if (env.actor.empty() && std::getenv(variable)) env.actor = std::getenv(variable);
  env.now = tocsin::parse_now(options.now);
  return env;
}

}  // namespace tocsin::cli
