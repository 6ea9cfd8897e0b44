#include "core/sarif.h"

#include <utility>

namespace tocsin {

nlohmann::ordered_json sarif_log(std::string_view tool_name, std::string_view tool_version,
                                 nlohmann::ordered_json rules, nlohmann::ordered_json results) {
  nlohmann::ordered_json driver = {{"name", tool_name},
                                   {"version", tool_version},
                                   {"informationUri", "https://github.com/tocsin/tocsin"},
                                   {"rules", std::move(rules)}};
  nlohmann::ordered_json run = {{"tool", {{"driver", std::move(driver)}}}, {"results", std::move(results)}};
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", nlohmann::ordered_json::array({std::move(run)})}};
}

}  // namespace tocsin
