// Severity, aliases, KEV and release path for intake (see triage.h).
#include "intake/triage.h"

#include <set>

#include "advisory/advisory.h"
#include "intake/fields.h"

namespace tocsin::intake {

Triage triage_advisory(const AdvisoryFacts& facts, const Context& context) {
  Triage triage;
  std::set<std::string> seen;
  auto add = [&](const std::string& id) {
    if (!id.empty() && seen.insert(id).second) triage.group.push_back(id);
  };
  for (const std::string& id : facts.ids) add(id);
  if (context.database)
    for (const std::string& id : facts.ids)
      for (const std::string& alias : context.database->aliases_of(id)) add(alias);
  if (context.database)
    for (const std::string& id : triage.group)
      if (id.rfind("CVE-", 0) == 0 && context.database->kev_for(id)) triage.kev = true;

  policy::Policy policy = context.policy ? *context.policy : policy::default_policy();
  // Without a vector, GitHub's own severity stands in for the score (the policy may still raise it).
  const auto github_level = policy::parse_level(facts.github_severity);
  if (facts.cvss.empty() && github_level) policy.unscored = *github_level;
  policy::PolicyInput input;
  if (!facts.cvss.empty()) input.cvss_vectors = {facts.cvss};
  input.ids = triage.group;
  input.cwes = facts.cwes;
  input.text = facts.text;
  input.kev = triage.kev;
  triage.decision = policy::decide(policy, input);
  triage.why = triage.decision.why;
  if (facts.cvss.empty() && github_level) {
    const std::string unscored =
        "no usable CVSS score: unscored findings are " + std::string(policy::level_name(*github_level));
    if (triage.why.rfind(unscored, 0) == 0)
      triage.why = "no CVSS vector: GitHub's severity " + facts.github_severity + triage.why.substr(unscored.size());
  }
  return triage;
}

std::string preferred_cvss(const nlohmann::json& advisory) {
  for (const char* version : {"cvss_v4", "cvss_v3"})
    if (std::string vector = text(advisory, {"cvss_severities", version, "vector_string"}); !vector.empty())
      return vector;
  return text(advisory, {"cvss", "vector_string"});
}

std::string release_path_verdict(const Context& context, const std::string& ecosystem, const std::string& name) {
  if (!context.inventory) return "not in the inventory";
  const auto wanted = parse_ecosystem(ecosystem);
  if (!wanted) return "not in the inventory";
  const std::string key = advisory::normalize_name(*wanted, name);
  bool found = false;
  const inventory::Inventory& inv = *context.inventory;
  for (std::size_t l = 0; l < inv.lockfiles.size(); ++l)
    for (std::size_t p = 0; p < inv.lockfiles[l].packages.size(); ++p) {
      const lockfile::Package& package = inv.lockfiles[l].packages[p];
      if (package.ecosystem != *wanted || package.synthetic || package.is_root) continue;
      if (advisory::normalize_name(package.ecosystem, package.name) != key) continue;
      found = true;
      if (inv.on_release_path({l, p})) return "yes";
    }
  return found ? "no" : "not in the inventory";
}

}  // namespace tocsin::intake
