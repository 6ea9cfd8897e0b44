// The SARIF 2.1.0 log that every tocsin SARIF output shares (`scan`, `ci audit`, `secrets scan`,
// `redteam run`): schema, version and one run whose driver is tocsin. Each writer builds its own
// rules and results (their shapes differ by what they report) and may add to the run
// (`originalUriBaseIds`).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace tocsin {

// {"$schema", "version": "2.1.0", "runs": [{"tool": {"driver": {name, version, informationUri,
// rules}}, "results"}]}. `tool_name` is what GitHub code scanning shows as the tool ("tocsin").
nlohmann::ordered_json sarif_log(std::string_view tool_name, std::string_view tool_version,
                                 nlohmann::ordered_json rules, nlohmann::ordered_json results);

}  // namespace tocsin
