// The sections of tocsin.toml: one line each (see project_config.h, "ADDING A SECTION").
#include "config/project_config.h"
#include "config/project_section.h"
#include "config/release_section.h"
#include "config/store_section.h"
#include "incident/config_toml.h"
#include "policy/policy_toml.h"

namespace tocsin::config {

const std::vector<SectionSpec>& registered_sections() {
  static const std::vector<SectionSpec> all = {
      section<policy::Policy>({"policy"}, &policy::read_policy_section),
      section<incident::Config>({"cna", "incident", "roles"}, &incident::read_incident_section),
      section<ProjectInfo>({"project"}, &read_project_section),
      section<ReleaseSection>({"release"}, &read_release_section),
      section<StoreSection>({"store"}, &read_store_section),
  };
  return all;
}

}  // namespace tocsin::config
