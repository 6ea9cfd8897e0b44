#include "incident/config.h"

#include <toml++/toml.h>

#include <algorithm>

#include "core/error.h"
#include "core/text.h"
#include "core/toml.h"
#include "incident/config_toml.h"
#include "incident/playbook.h"
#include "policy/policy_toml.h"

namespace tocsin::incident {
namespace {

int positive(const std::string& path, const toml::node& node, const std::string& what, int maximum) {
  const auto* value = node.as_integer();
  if (!value || value->get() < 1 || value->get() > maximum)
    toml_fail_at(path, node, what + " must be a whole number from 1 to " + std::to_string(maximum));
  return static_cast<int>(value->get());
}

std::string person(const std::string& path, const toml::node& node, const std::string& role) {
  const auto* value = node.as_string();
  if (!value || trim(value->get()).empty()) toml_fail_at(path, node, "roles." + role + " must name a person");
  return std::string(trim(value->get()));
}

}  // namespace

std::string Config::people(std::string_view role) const {
  auto found = roles.find(std::string(role));
  if (found == roles.end() || found->second.empty()) return "(unassigned)";
  std::string out;
  for (const std::string& name : found->second) out += (out.empty() ? "" : ", ") + name;
  return out;
}

Config parse_config(std::string_view toml_text, const std::string& path) {
  const toml::table document = parse_toml(path, toml_text);
  Config config = read_incident_section(document, path);
  config.policy = policy::read_policy_section(document, path);
  return config;
}

Config read_incident_section(const toml::table& document, const std::string& path) {
  Config config;
  config.source = path;
  if (const toml::node* cna = document.get("cna")) {
    if (!cna->is_boolean()) toml_fail_at(path, *cna, "cna must be true or false");
    config.cna = cna->as_boolean()->get();
  }
  if (const toml::node* section = document.get("incident")) {
    if (!section->is_table()) toml_fail_at(path, *section, "[incident] must be a table");
    for (const auto& [key, value] : *section->as_table()) {
      const std::string_view k = key.str();
      if (k == "disclosure_days") {
        config.disclosure_days = positive(path, value, "incident.disclosure_days", 3650);
      } else if (k == "exploited_disclosure_days") {
        config.exploited_disclosure_days = positive(path, value, "incident.exploited_disclosure_days", 3650);
      } else if (k == "cve_assignment_hours") {
        config.cve_assignment_hours = positive(path, value, "incident.cve_assignment_hours", 24 * 365);
      } else {
        toml_fail_at(path, value,
                     "unknown key '" + std::string(k) +
                         "' in [incident] (expected one of disclosure_days, exploited_disclosure_days, "
                         "cve_assignment_hours)");
      }
    }
    if (config.exploited_disclosure_days > config.disclosure_days)
      toml_fail_at(path, *section, "incident.exploited_disclosure_days must not exceed incident.disclosure_days");
  }
  if (const toml::node* section = document.get("roles")) {
    if (!section->is_table()) toml_fail_at(path, *section, "[roles] must be a table");
    for (const auto& [key, value] : *section->as_table()) {
      const std::string role(key.str());
      if (std::find(kRoles.begin(), kRoles.end(), role) == kRoles.end())
        toml_fail_at(
            path, value,
            "unknown key '" + role +
                "' in [roles] (expected one of triage, crypto_reviewer, connector_reviewer, release_engineer)");
      std::vector<std::string>& people = config.roles[role];
      if (const toml::array* array = value.as_array()) {
        for (const toml::node& item : *array) people.push_back(person(path, item, role));
      } else {
        people.push_back(person(path, value, role));
      }
    }
  }
  return config;
}

}  // namespace tocsin::incident
