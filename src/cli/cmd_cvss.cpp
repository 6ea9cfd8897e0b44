// `tocsin cvss VECTOR...`: scores CVSS v3.0/v3.1/v4.0 vectors (or one per line on stdin).
#include <fmt/format.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/text.h"
#include "cvss/cvss.h"

namespace tocsin::cli {
namespace {

struct Options {
  std::vector<std::string> vectors;
  std::string format;
};

int run(Options& options) {
  bool from_stdin = options.vectors.empty();
  std::vector<std::pair<std::string, cvss::Origin>> inputs;
  if (from_stdin) {
    std::string line;
    int number = 0;
    while (std::getline(std::cin, line)) {
      ++number;
      const std::string_view vector = trim(line);
      if (vector.empty() || vector[0] == '#') continue;
      const int column = static_cast<int>(vector.data() - line.data()) + 1;
      inputs.push_back({std::string(vector), cvss::Origin{"<stdin>", number, column}});
    }
  } else {
    for (const std::string& vector : options.vectors) inputs.push_back({std::string(trim(vector)), cvss::Origin{}});
  }

  std::vector<cvss::Result> results;
  for (const auto& [vector, origin] : inputs) {
    try {
      results.push_back(cvss::score(vector, origin));
    } catch (const Error& e) {
      // Without a file, name the vector and the column so the user can find the spot.
      if (e.path().empty())
        throw Error(fmt::format("invalid CVSS vector '{}' at column {}: {}", vector, e.column(), e.message()));
      throw Error(e.path(), e.line(), e.column(), fmt::format("invalid CVSS vector '{}': {}", vector, e.message()));
    }
  }

  if (options.format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < results.size(); ++i) {
      const cvss::Result& r = results[i];
      nlohmann::ordered_json item;
      item["vector"] = inputs[i].first;
      item["version"] = cvss::version_name(r.version);
      item["score"] = std::stod(fmt::format("{:.1f}", r.score));
      item["rating"] = cvss::rating_name(r.rating);
      if (r.version == cvss::Version::V4_0) {
        item["nomenclature"] = r.nomenclature;
        item["macro_vector"] = r.macro_vector;
        nlohmann::ordered_json supplemental = nlohmann::ordered_json::object();
        for (const auto& [metric, value] : r.supplemental) supplemental[metric] = value;
        item["supplemental"] = supplemental;
      } else {
        item["base_score"] = std::stod(fmt::format("{:.1f}", r.base_score));
        item["temporal_score"] = std::stod(fmt::format("{:.1f}", r.temporal_score));
        item["environmental_score"] = std::stod(fmt::format("{:.1f}", r.environmental_score));
      }
      out.push_back(item);
    }
    print_json(out);
    return kExitClean;
  }

  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const cvss::Result& r = results[i];
    const bool v4 = r.version == cvss::Version::V4_0;
    rows.push_back({fmt::format("{:.1f}", r.score), std::string(cvss::rating_name(r.rating)),
                    v4 ? r.nomenclature : "CVSS-" + std::string(cvss::version_name(r.version)),
                    v4 ? r.macro_vector : "-", inputs[i].first});
  }
  std::cout << render_table({"SCORE", "RATING", "KIND", "MACROVECTOR", "VECTOR"}, rows);
  return kExitClean;
}

}  // namespace

void register_cvss_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<Options>();
  auto* sub = app.add_subcommand("cvss", "Score CVSS v3.0/v3.1/v4.0 vectors (arguments, or one per line on stdin)");
  sub->add_option("vectors", options->vectors, "CVSS vector strings, e.g. CVSS:4.0/AV:N/AC:L/...");
  add_format_option(sub, options->format, {"table", "json"});
  sub->callback([options, &context] { context.exit_code = run(*options); });
}

}  // namespace tocsin::cli
