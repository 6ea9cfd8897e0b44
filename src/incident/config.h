// The incident settings of tocsin.toml: who holds each role, the disclosure and CVE clocks, and
// the severity policy (read by the policy module from [policy]).
//
//   cna = true                       # top level: we assign CVEs ourselves (CNA rules: 72 hours)
//   [incident]
//   disclosure_days = 90             # coordinated disclosure, from the report / detection time
//   exploited_disclosure_days = 7    # instead, when actively exploited or KEV-listed
//   cve_assignment_hours = 72        # from the confirmed (triaged) report, when cna = true
//   [roles]
//   triage = "@radicalkjax"          # a person or a list of people
//   crypto_reviewer = ["@a", "@b"]
//   connector_reviewer = "@c"
//   release_engineer = "@d"
//
// Unknown keys in [incident] and [roles] are errors with their line (a typo must not silently
// leave a role unowned); other sections belong to other commands and are not looked at here.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "policy/policy.h"

namespace tocsin::incident {

struct Config {
  bool cna = false;
  int disclosure_days = 90;
  int exploited_disclosure_days = 7;
  int cve_assignment_hours = 72;
  std::map<std::string, std::vector<std::string>> roles;  // role -> people
  policy::Policy policy = policy::default_policy();
  std::string source = "built-in defaults";

  // "@a, @b", or "(unassigned)".
  std::string people(std::string_view role) const;
};

Config parse_config(std::string_view toml_text, const std::string& path);

}  // namespace tocsin::incident
