// The severity policy: turns what is known about a vulnerability (CVSS vectors, ids, CWEs, text,
// KEV listing, malicious-package status) into a response level, a first-action deadline (SLA)
// and a one-line explanation of why.
//
// Rules, in the order they are applied (each can only raise the level, never lower it):
//   1. CVSS: the v4.0 score when any valid v4.0 vector is given (the highest of them), else the
//      highest valid v3.x score, mapped through the bands (defaults: the CVSS qualitative
//      ratings, 9.0 Critical, 7.0 High, 4.0 Medium, 0.1 Low, 0.0 Info). Invalid vectors are
//      skipped and mentioned in `why`. No usable score: the `unscored` level (default Medium).
//   2. Malicious / known-bad packages (flags, or an id starting with "MAL-") are Critical.
//   3. User-safety classes force Critical: harms to the people a privacy tool protects that a
//      CVSS score does not see (defaults: identity leak across contexts, duress detectability,
//      panic-wipe defeat, telemetry / phone-home, vault key extraction). A class matches by
//      advisory id or alias, by CWE, by keyword in the summary/details (case-insensitive), or
//      by a manual flag naming the class.
//   4. A CISA KEV listing raises to at least `kev_minimum` (default High).
//
// The policy is configured in tocsin.toml under [policy]; everything not given keeps its
// default, unknown keys are errors (typos must not silently weaken a security policy):
//
//   [policy]
//   kev_minimum = "high"          # level names: critical, high, medium, low, info
//   unscored = "medium"
//   user_safety_defaults = true   # false drops the five built-in classes
//   sla.critical = "4h"           # durations: 30m, 4h, 7d, 2w; sla.info is not allowed
//   [policy.bands]                # lowest score of each level; must decrease strictly
//   critical = 9.0
//   [[policy.user_safety]]        # a class with the name of a built-in one replaces it
//   name = "telemetry"
//   ids = ["GHSA-xxxx-xxxx-xxxx"]
//   cwes = ["CWE-359"]
//   keywords = ["phone home"]
//
// Everything here is pure and thread-safe; loading throws tocsin::Error with file, line and
// column of the offending TOML node.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cvss/cvss.h"

namespace tocsin::policy {

enum class Level { Info, Low, Medium, High, Critical };
constexpr std::array<Level, 5> kAllLevels = {Level::Critical, Level::High, Level::Medium, Level::Low, Level::Info};

// "critical", "high", "medium", "low", "info".
std::string_view level_name(Level level);
// Case-insensitive; also accepts "none" and "informational" for Info, "moderate" for Medium
// (GitHub's word). nullopt when unknown.
std::optional<Level> parse_level(std::string_view text);

// "30m", "4h", "7d", "2w" (positive integer + unit). Throws Error("invalid duration …").
std::chrono::minutes parse_duration(std::string_view text);
// The shortest exact spelling: 240 min -> "4h", 10080 min -> "7d", 90 min -> "90m".
std::string format_duration(std::chrono::minutes duration);

struct UserSafetyClass {
  std::string name;
  std::string description;
  std::vector<std::string> ids;       // advisory ids or aliases, compared case-insensitively
  std::vector<std::string> cwes;      // "CWE-359"; "359" is accepted and normalised
  std::vector<std::string> keywords;  // matched case-insensitively in summary + details
};

struct Policy {
  // First-action SLA per level, indexed by Level; Info has none.
  std::array<std::optional<std::chrono::minutes>, 5> sla;
  // Lowest score of each level, indexed by Level (Info's is 0).
  std::array<double, 5> band_floor{};
  Level kev_minimum = Level::High;
  Level unscored = Level::Medium;
  std::vector<UserSafetyClass> user_safety;
};

Policy default_policy();
// Defaults merged with the [policy] table of a tocsin.toml document (other tables ignored).
// Commands do not call this: config::ProjectConfig finds, reads and checks tocsin.toml once and
// hands the parsed policy to them.
Policy parse_policy(std::string_view toml_text, const std::string& path);

// What the policy looks at, decoupled from any finding or advisory type.
struct PolicyInput {
  std::vector<std::string> cvss_vectors;
  std::vector<std::string> ids;  // advisory id and aliases
  std::vector<std::string> cwes;
  std::string text;  // summary + details
  bool kev = false;
  bool known_bad = false;
  bool malicious = false;
  std::vector<std::string> user_safety_flags;  // class names set by hand
};

struct Decision {
  Level level = Level::Info;
  std::string why;
  std::optional<std::chrono::minutes> sla;
  std::optional<double> score;                   // the CVSS score used, if any
  std::optional<cvss::Version> score_version;    // and its version
  std::vector<std::string> user_safety_classes;  // names of the classes that matched
};

Decision decide(const Policy& policy, const PolicyInput& input);

// The level of a CVSS score under the policy's bands.
Level level_for_score(const Policy& policy, double score);

}  // namespace tocsin::policy
