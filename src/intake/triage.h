// What the intake readers share: the severity of a GitHub advisory under the project's policy,
// its alias group and KEV flag through the advisory database, and the release-path verdict of a
// package in the repository's inventory.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "intake/intake.h"

namespace tocsin::intake {

struct AdvisoryFacts {
  std::vector<std::string> ids;  // GHSA, CVE and other identifiers
  std::string cvss;              // the preferred vector, may be empty
  std::string github_severity;   // low|medium|high|critical, used when there is no vector
  std::vector<std::string> cwes;
  std::string text;  // summary + description: the user-safety keywords look here
};

struct Triage {
  policy::Decision decision;
  std::string why;
  std::vector<std::string> group;  // the ids and, with a database, every alias of them
  bool kev = false;
};

Triage triage_advisory(const AdvisoryFacts& facts, const Context& context);

// cvss_severities.cvss_v4 (preferred), then cvss_v3, then the older `cvss` member; "" if none.
std::string preferred_cvss(const nlohmann::json& advisory);

// "yes" (a matching package ships), "no" (only dev / build), or "not in the inventory".
std::string release_path_verdict(const Context& context, const std::string& ecosystem, const std::string& name);

}  // namespace tocsin::intake
