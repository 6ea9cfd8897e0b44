#include "scan/triage.h"

#include <algorithm>
#include <tuple>

#include "vex/match.h"

namespace tocsin::scan {

void apply_policy(std::vector<Finding>& findings, const policy::Policy& policy) {
  for (Finding& finding : findings) {
    policy::PolicyInput input;
    input.cvss_vectors = finding.cvss;
    input.ids = finding.aliases;
    input.ids.push_back(finding.id);
    input.cwes = finding.cwes;
    input.text = finding.summary;
    input.kev = finding.kev.has_value();
    input.known_bad = finding.known_bad.has_value();
    input.malicious = finding.malicious;
    policy::Decision decision = policy::decide(policy, input);
    bool raised_by_rule = input.kev || input.known_bad || input.malicious || !decision.user_safety_classes.empty();
    if (!finding.informational.empty() && !decision.score && !raised_by_rule) {
      decision.level = policy::Level::Info;
      decision.why = "informational advisory (" + finding.informational + "): not a vulnerability";
      decision.sla.reset();
    }
    finding.level = std::string(policy::level_name(decision.level));
    finding.urgency = static_cast<int>(decision.level);
    finding.why = decision.why;
    finding.sla_hours = decision.sla ? decision.sla->count() / 60 : 0;
    finding.score = decision.score;
  }
}

void apply_vex(std::vector<Finding>& findings, const std::vector<vex::LoadedDocument>& documents) {
  if (documents.empty()) return;
  for (Finding& finding : findings) {
    vex::PackageQuery package{finding.ecosystem, finding.name, finding.version};
    auto statement = vex::find_applicable_statement(documents, package, finding.id, finding.aliases);
    if (!statement || !statement->suppresses) continue;
    Suppression suppression;
    suppression.status = std::string(vex::status_name(statement->status));
    if (statement->justification)
      suppression.justification = std::string(vex::justification_name(*statement->justification));
    suppression.impact_statement = statement->statement->impact_statement;
    suppression.file = statement->source_path;
    finding.suppressed = std::move(suppression);
  }
}

void sort_by_urgency(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::make_tuple(-a.urgency, !a.kev.has_value(), !a.release_path, a.name, a.version, a.id) <
           std::make_tuple(-b.urgency, !b.kev.has_value(), !b.release_path, b.name, b.version, b.id);
  });
}

std::optional<Gate> parse_gate(std::string_view text) {
  Gate gate;
  if (text == "kev")
    gate.kind = Gate::Kind::Kev;
  else if (text == "known-bad")
    gate.kind = Gate::Kind::KnownBad;
  else if (text == "any")
    gate.kind = Gate::Kind::Any;
  else if (text == "none")
    gate.kind = Gate::Kind::None;
  else if (auto level = policy::parse_level(text))
    gate.level = *level;
  else
    return std::nullopt;
  return gate;
}

bool trips_gate(const Finding& finding, const Gate& gate) {
  if (finding.suppressed) return false;
  if (gate.release_path_only && !finding.release_path) return false;
  switch (gate.kind) {
    case Gate::Kind::Kev: return finding.kev.has_value();
    case Gate::Kind::KnownBad: return finding.known_bad.has_value() || finding.malicious;
    case Gate::Kind::Any: return true;
    case Gate::Kind::None: return false;
    case Gate::Kind::Level: return finding.urgency >= static_cast<int>(gate.level);
  }
  return false;
}

}  // namespace tocsin::scan
