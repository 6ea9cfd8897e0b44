// `tocsin policy show`: prints the effective severity policy (defaults merged with tocsin.toml).
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/output.h"
#include "config/project_config.h"
#include "core/error.h"
#include "policy/policy.h"

namespace tocsin::cli {
namespace {

struct Options {
  std::string repo = ".";
  std::string config;
  std::string format;
};

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "-" : out;
}

int show(const Options& options) {
  const config::ProjectConfig project = config::ProjectConfig::load(options.repo, options.config);
  const std::string source = project.describe();
  const policy::Policy& effective = project.get<policy::Policy>();

  if (options.format == "json") {
    nlohmann::ordered_json out;
    out["source"] = source;
    nlohmann::ordered_json levels = nlohmann::ordered_json::array();
    for (policy::Level level : policy::kAllLevels) {
      const auto index = static_cast<std::size_t>(level);
      nlohmann::ordered_json item;
      item["level"] = policy::level_name(level);
      item["min_score"] = effective.band_floor[index];
      item["sla"] = effective.sla[index] ? nlohmann::ordered_json(policy::format_duration(*effective.sla[index]))
                                         : nlohmann::ordered_json(nullptr);
      item["sla_minutes"] = effective.sla[index] ? nlohmann::ordered_json(effective.sla[index]->count())
                                                 : nlohmann::ordered_json(nullptr);
      levels.push_back(item);
    }
    out["levels"] = levels;
    out["kev_minimum"] = policy::level_name(effective.kev_minimum);
    out["unscored"] = policy::level_name(effective.unscored);
    out["malicious"] = "critical";
    nlohmann::ordered_json classes = nlohmann::ordered_json::array();
    for (const auto& c : effective.user_safety)
      classes.push_back({{"name", c.name},
                         {"description", c.description},
                         {"ids", c.ids},
                         {"cwes", c.cwes},
                         {"keywords", c.keywords}});
    out["user_safety"] = classes;
    print_json(out);
    return kExitClean;
  }

  std::cout << "Severity policy (" << source << ")\n\n";
  std::vector<std::vector<std::string>> rows;
  for (policy::Level level : policy::kAllLevels) {
    const auto index = static_cast<std::size_t>(level);
    rows.push_back({std::string(policy::level_name(level)),
                    level == policy::Level::Info ? "0.0" : fmt::format(">= {:.1f}", effective.band_floor[index]),
                    effective.sla[index] ? policy::format_duration(*effective.sla[index]) : "-"});
  }
  std::cout << render_table({"LEVEL", "CVSS", "FIRST ACTION"}, rows) << '\n';
  std::cout << "KEV-listed: at least " << policy::level_name(effective.kev_minimum) << '\n';
  std::cout << "Malicious / known-bad (MAL-*): critical\n";
  std::cout << "No CVSS score: " << policy::level_name(effective.unscored) << "\n\n";
  std::cout << "User-safety classes (force critical):\n";
  rows.clear();
  for (const auto& c : effective.user_safety)
    rows.push_back({c.name, joined(c.ids), joined(c.cwes), joined(c.keywords)});
  std::cout << render_table({"CLASS", "IDS", "CWES", "KEYWORDS"}, rows);
  return kExitClean;
}

}  // namespace

void register_policy_command(CLI::App& app, Context& context) {
  auto* sub = app.add_subcommand("policy", "Severity policy: levels, SLAs, user-safety classes");
  sub->require_subcommand(1);
  auto options = std::make_shared<Options>();
  auto* show_command = sub->add_subcommand("show", "Print the effective policy (defaults merged with tocsin.toml)");
  show_command->add_option("--repo", options->repo, "Project directory (default .): reads REPO/tocsin.toml");
  show_command->add_option("--config", options->config, "tocsin.toml to read (default: REPO/tocsin.toml when present)");
  add_format_option(show_command, options->format, {"table", "json"});
  show_command->callback([options, &context] { context.exit_code = show(*options); });
}

}  // namespace tocsin::cli
