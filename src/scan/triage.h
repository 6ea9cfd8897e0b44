// Triage of findings: the severity policy sets each finding's level, deadline and reason; VEX
// statements suppress what the maintainer has declared not_affected or fixed; findings are
// ordered by urgency; CI gates decide the exit code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/policy.h"
#include "scan/finding.h"
#include "vex/openvex.h"

namespace tocsin::scan {

// Sets level, urgency, why, sla_hours and score from the policy. An informational advisory
// (unmaintained / unsound / notice) that nothing else raises is Info: it is not a vulnerability.
void apply_policy(std::vector<Finding>& findings, const policy::Policy& policy);

// Marks findings covered by a not_affected / fixed statement as suppressed (they stay in the
// list). Matching goes through the finding's id and every alias.
void apply_vex(std::vector<Finding>& findings, const std::vector<vex::LoadedDocument>& documents);

// Most urgent first: level, then KEV, then release path, then package and id (stable output).
void sort_by_urgency(std::vector<Finding>& findings);

// --fail-on: kev | known-bad | critical | high | medium | low | info | any | none.
struct Gate {
  enum class Kind { Kev, KnownBad, Level, Any, None };
  Kind kind = Kind::Level;
  policy::Level level = policy::Level::Low;
  bool release_path_only = false;  // --release-path-only: dev-only findings never fail the gate
};
std::optional<Gate> parse_gate(std::string_view text);

// Whether a finding trips the gate. Suppressed findings never do.
bool trips_gate(const Finding& finding, const Gate& gate);

}  // namespace tocsin::scan
