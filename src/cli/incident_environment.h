// What every command that touches the incident record needs: tocsin.toml, the playbooks of the
// project, the event store, who acts and when. Shared by `incident` and `scan --open-incidents`.
#pragma once

#include <memory>
#include <string>

#include "config/project_config.h"
#include "incident/incident.h"

namespace tocsin::cli {

struct IncidentEnvironmentOptions {
  std::string repo = ".";  // project directory: tocsin.toml, .tocsin/playbooks/
  std::string config;      // tocsin.toml (default: REPO/tocsin.toml when present)
  std::string store;       // default: the per-project file under $XDG_DATA_HOME/tocsin/
  std::string actor;       // default: $TOCSIN_ACTOR, else $USER
  std::string now;         // RFC 3339; default: the wall clock
  // Only commands that record a new incident create the store; the others fail with "no
  // incident record at PATH" rather than creating an empty one at a mistyped path.
  bool create_store = false;
};

struct IncidentEnvironment {
  config::ProjectConfig project = config::ProjectConfig::defaults();  // tocsin.toml, parsed once
  incident::Config config;
  incident::PlaybookCatalog playbooks;
  std::unique_ptr<incident::EventStore> store;
  std::string actor;
  std::int64_t now = 0;
  // Only writes need to know who acts; reading the record does not.
  incident::Session session();
};

IncidentEnvironment prepare_incident_environment(const IncidentEnvironmentOptions& options);

// Where the record is: --store when given, else tocsin.toml's [store] url (a relative file path
// there is relative to tocsin.toml), else the per-project file under $XDG_DATA_HOME.
std::string store_spec(const std::string& option, const config::ProjectConfig& project, const std::string& repo);

}  // namespace tocsin::cli
