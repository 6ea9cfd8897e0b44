#include "scan/incidents.h"

#include "core/text.h"

namespace tocsin::scan {

incident::FindingObservation observation_of(const Finding& finding) {
  incident::FindingObservation observation;
  observation.key = incident::finding_key(ecosystem_name(finding.ecosystem), finding.name, finding.version, finding.id);
  observation.title = finding.id + " in " + finding.name + "@" + finding.version +
                      (finding.summary.empty() ? "" : ": " + finding.summary);
  if (auto level = policy::parse_level(finding.level)) observation.severity = *level;
  observation.severity_why = finding.why;
  for (const std::string& alias : finding.aliases)
    if (starts_with(alias, "CVE-") && observation.cve.empty()) observation.cve = alias;
  if (starts_with(finding.id, "CVE-")) observation.cve = finding.id;
  if (!finding.cwes.empty()) observation.cwe = finding.cwes.front();
  for (const std::string& vector : finding.cvss)
    if (observation.cvss.empty() || starts_with(vector, "CVSS:4.0/")) observation.cvss = vector;
  observation.affected = finding.version;
  observation.patched = finding.fixed_version;
  observation.summary = finding.summary;
  observation.kev = finding.kev.has_value();
  return observation;
}

std::vector<incident::FindingObservation> incident_observations(const std::vector<Finding>& findings,
                                                                policy::Level min_level) {
  std::vector<incident::FindingObservation> observations;
  for (const Finding& finding : findings) {
    if (finding.suppressed || finding.urgency < static_cast<int>(min_level)) continue;
    observations.push_back(observation_of(finding));
  }
  return observations;
}

}  // namespace tocsin::scan
