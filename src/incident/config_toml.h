// The reader of tocsin.toml's top-level `cna`, [incident] and [roles], for the project
// configuration (src/config/), which parses the file once. Kept out of config.h so that users of
// incident::Config do not include toml++.
#pragma once

#include <toml++/toml.h>

#include <string>

#include "incident/config.h"

namespace tocsin::incident {

// `cna`, [incident] and [roles] of `document` (the policy member keeps its defaults: the
// configuration module sets it from [policy]). Unknown keys are Error(path, line, column, …).
Config read_incident_section(const toml::table& document, const std::string& path);

}  // namespace tocsin::incident
