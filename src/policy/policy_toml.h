// The [policy] section reader, for the project configuration (src/config/), which parses
// tocsin.toml once and hands each module its section. Kept out of policy.h so that the modules
// that only use a Policy do not include toml++.
#pragma once

#include <toml++/toml.h>

#include <string>

#include "policy/policy.h"

namespace tocsin::policy {

// The defaults merged with `document`'s [policy] table (absent: the defaults). Unknown keys and
// bad values are Error(path, line, column, …).
Policy read_policy_section(const toml::table& document, const std::string& path);

}  // namespace tocsin::policy
