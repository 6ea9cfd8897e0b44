// From findings to incidents (`tocsin scan --open-incidents`): which findings open an incident
// and what the incident records of each. The incident module decides the rest (kev-failure or
// vulnerable-dependency, never a duplicate; incident::sync_findings).
//   * Only unsuppressed findings whose policy urgency is at or above `min_level`.
//   * key: incident::finding_key(ecosystem, name, version, id), stable across scans.
//   * title: "ID in NAME@VERSION: summary" (no ": summary" when there is none).
//   * cve: the finding id when it is a CVE, else its first CVE alias; cwe: the first CWE.
//   * cvss: the first vector, replaced by a CVSS 4.0 one when the finding has one.
//   * affected: the installed version; patched: the nearest fixed version; kev: KEV-listed.
#pragma once

#include <vector>

#include "incident/incident.h"
#include "policy/policy.h"
#include "scan/finding.h"

namespace tocsin::scan {

incident::FindingObservation observation_of(const Finding& finding);

std::vector<incident::FindingObservation> incident_observations(const std::vector<Finding>& findings,
                                                                policy::Level min_level);

}  // namespace tocsin::scan
