// The default policy and its [policy] section in tocsin.toml.
#include <toml++/toml.h>

#include <algorithm>

#include "core/error.h"
#include "core/text.h"
#include "core/toml.h"
#include "policy/policy.h"
#include "policy/policy_toml.h"

namespace tocsin::policy {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

std::vector<UserSafetyClass> default_user_safety() {
  return {
      {"identity-leak",
       "links a user's identities across contexts (accounts, devices, networks)",
       {},
       {"CWE-359"},
       {"deanonymiz", "de-anonymiz", "identity leak", "cross-context", "linkability", "unmask"}},
      {"duress-detectability",
       "lets an adversary tell that a duress or decoy mode is in use",
       {},
       {},
       {"duress", "decoy mode", "plausible deniability", "hidden volume"}},
      {"panic-wipe-defeat",
       "stops or undoes a panic / emergency wipe",
       {},
       {},
       {"panic wipe", "panic button", "emergency wipe", "wipe bypass", "data remanence"}},
      {"telemetry",
       "sends data home without consent (telemetry, beacons, phone-home)",
       {},
       {},
       {"telemetry", "phone home", "phones home", "phone-home", "beacon"}},
      {"vault-key-extraction",
       "exposes vault / master keys or lets them be extracted",
       {},
       {"CWE-321", "CWE-316"},
       {"key extraction", "extract the key", "master key", "vault key", "private key disclosure"}},
  };
}

// The shared typed getters (core/toml.h) and what only the policy has: levels, durations and
// CVSS scores.
class Reader : public TomlReader {
 public:
  using TomlReader::TomlReader;

  Level level(const toml::node& node, const std::string& what) const {
    const std::string text = string(node, what);
    if (auto level = parse_level(text)) return *level;
    fail(node, what + ": unknown level '" + text + "' (expected critical, high, medium, low or info)");
  }

  minutes duration(const toml::node& node, const std::string& what) const {
    const std::string text = string(node, what);
    try {
      return parse_duration(text);
    } catch (const Error& e) {
      fail(node, what + ": " + e.message());
    }
  }

  double number(const toml::node& node, const std::string& what) const {
    double value;
    if (const auto* f = node.as_floating_point()) {
      value = f->get();
    } else if (const auto* i = node.as_integer()) {
      value = static_cast<double>(i->get());
    } else {
      fail(node, what + " must be a number");
    }
    if (!(value >= 0.0 && value <= 10.0)) fail(node, what + " must be between 0.0 and 10.0");
    return value;
  }

  std::vector<std::string> strings(const toml::node& node, const std::string& what) const {
    return TomlReader::strings(node, what, /*allow_empty=*/true);
  }
};

Level level_key(std::string_view key) { return parse_level(key).value_or(Level::Info); }

void read_user_safety(const Reader& reader, const toml::node& node, Policy& policy) {
  const toml::array* array = node.as_array();
  if (!array) reader.table(node, "policy.user_safety");  // throws: must be [[policy.user_safety]] tables
  for (const toml::node& item : *array) {
    const toml::table& entry = reader.table(item, "[[policy.user_safety]] entry");
    UserSafetyClass safety_class;
    bool named = false;
    for (const auto& [key, value] : entry) {
      const std::string_view k = key.str();
      if (k == "name") {
        safety_class.name = reader.string(value, "user_safety.name");
        named = !trim(safety_class.name).empty();
      } else if (k == "description") {
        safety_class.description = reader.string(value, "user_safety.description");
      } else if (k == "ids") {
        safety_class.ids = reader.strings(value, "user_safety.ids");
      } else if (k == "cwes") {
        safety_class.cwes = reader.strings(value, "user_safety.cwes");
      } else if (k == "keywords") {
        safety_class.keywords = reader.strings(value, "user_safety.keywords");
      } else {
        reader.unknown(value, k, "[[policy.user_safety]]", "name, description, ids, cwes, keywords");
      }
    }
    if (!named) reader.fail(item, "[[policy.user_safety]] entry needs a non-empty name");
    auto same_name = [&](const UserSafetyClass& c) { return c.name == safety_class.name; };
    auto existing = std::find_if(policy.user_safety.begin(), policy.user_safety.end(), same_name);
    if (existing != policy.user_safety.end()) {
      *existing = std::move(safety_class);
    } else {
      policy.user_safety.push_back(std::move(safety_class));
    }
  }
}

}  // namespace

Policy default_policy() {
  Policy policy;
  policy.sla[static_cast<std::size_t>(Level::Critical)] = hours(4);
  policy.sla[static_cast<std::size_t>(Level::High)] = hours(24);
  policy.sla[static_cast<std::size_t>(Level::Medium)] = hours(72);
  policy.sla[static_cast<std::size_t>(Level::Low)] = hours(24 * 7);
  policy.band_floor = {0.0, 0.1, 4.0, 7.0, 9.0};  // Info, Low, Medium, High, Critical
  policy.user_safety = default_user_safety();
  return policy;
}

Policy parse_policy(std::string_view toml_text, const std::string& path) {
  return read_policy_section(parse_toml(path, toml_text), path);
}

Policy read_policy_section(const toml::table& document, const std::string& path) {
  Policy policy = default_policy();
  const toml::node* section = document.get("policy");
  if (!section) return policy;
  const Reader reader(path);
  const toml::table& table = reader.table(*section, "[policy]");

  const toml::node* user_safety = nullptr;
  for (const auto& [key, value] : table) {
    const std::string_view k = key.str();
    if (k == "kev_minimum") {
      policy.kev_minimum = reader.level(value, "policy.kev_minimum");
    } else if (k == "unscored") {
      policy.unscored = reader.level(value, "policy.unscored");
    } else if (k == "user_safety_defaults") {
      const auto* flag = value.as_boolean();
      if (!flag) reader.fail(value, "policy.user_safety_defaults must be true or false");
      if (!flag->get()) policy.user_safety.clear();
    } else if (k == "sla") {
      for (const auto& [level, duration] : reader.table(value, "policy.sla")) {
        const std::string_view name = level.str();
        if (name != "critical" && name != "high" && name != "medium" && name != "low")
          reader.unknown(duration, name, "[policy.sla]", "critical, high, medium, low");
        policy.sla[static_cast<std::size_t>(level_key(name))] =
            reader.duration(duration, "policy.sla." + std::string(name));
      }
    } else if (k == "bands") {
      for (const auto& [level, floor] : reader.table(value, "policy.bands")) {
        const std::string_view name = level.str();
        if (name != "critical" && name != "high" && name != "medium" && name != "low")
          reader.unknown(floor, name, "[policy.bands]", "critical, high, medium, low");
        policy.band_floor[static_cast<std::size_t>(level_key(name))] =
            reader.number(floor, "policy.bands." + std::string(name));
      }
      const auto& f = policy.band_floor;
      if (!(f[4] > f[3] && f[3] > f[2] && f[2] > f[1] && f[1] > 0.0))
        reader.fail(value, "policy.bands must decrease strictly: 0 < low < medium < high < critical");
    } else if (k == "user_safety") {
      user_safety = &value;  // after user_safety_defaults, whatever the key order
    } else {
      reader.unknown(value, k, "[policy]", "kev_minimum, unscored, user_safety_defaults, sla, bands, user_safety");
    }
  }
  if (user_safety) read_user_safety(reader, *user_safety, policy);
  return policy;
}

}  // namespace tocsin::policy
