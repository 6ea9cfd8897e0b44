// Playbooks as data: the maintainer runbook's response procedures (INCIDENT-RUNBOOK.md), each a
// trigger and an ordered list of steps with the role that owns each, the commands to run and the
// artifacts to produce, and the runbook's decision points as branches.
//
// A playbook is a TOML document:
//
//   name = "kev-failure"                 # [a-z0-9-]+, also the file name in overrides
//   title = "KEV daily-check fires"
//   trigger = "…"
//   runbook = "INCIDENT-RUNBOOK.md, Playbook 5"   # optional, where it comes from
//   severity = "high"                    # optional default level of a new incident
//   acknowledge = "24h"                  # optional clocks from the report time
//   fix = "14d"
//   disclosure = true                    # the coordinated-disclosure clock applies
//   cve_assignment = true                # the CNA CVE-assignment clock applies (when cna = true)
//   [[branch]]
//   id = "kev-match"                     # decided by `tocsin incident set ID branch.kev-match real`
//   question = "Is the KEV match real?"
//   choices = ["real", "false-positive"]
//   [[step]]
//   id = "confirm"                       # [a-z0-9-]+, unique in the playbook
//   title = "Confirm not a false positive"
//   role = "triage"                      # triage, crypto_reviewer, connector_reviewer, release_engineer
//   text = "…"
//   decides = "kev-match"                # this step cannot be done before the branch is chosen
//   when = "kev-match=real"              # the step applies only on that choice
//   milestone = "triaged"                # acknowledged | triaged | fixed | disclosed
//   commands = ["cargo tree -i <crate>"]
//   artifacts = ["vex/<crate>-<id>.json"]
//
// Milestones are what the clocks and the advisory's dates (Acknowledgement, Triage, Fix,
// Disclosure) are read from. A step whose `when` names a branch must come after the step that
// decides it. Unknown keys, unknown roles and dangling branch references are errors with the
// file, line and column (tocsin::Error), like every malformed input.
//
// The six playbooks of the runbook are built into the binary; a file
// <repo>/.tocsin/playbooks/<name>.toml replaces the built-in playbook of that name or adds one.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/policy.h"

namespace tocsin::incident {

inline constexpr std::array<std::string_view, 4> kRoles = {"triage", "crypto_reviewer", "connector_reviewer",
                                                           "release_engineer"};

enum class Milestone { None, Acknowledged, Triaged, Fixed, Disclosed };
std::string_view milestone_name(Milestone milestone);  // "" for None

struct Branch {
  std::string id;
  std::string question;
  std::vector<std::string> choices;
};

struct Condition {
  std::string branch;
  std::string choice;
};

struct Step {
  std::string id;
  std::string title;
  std::string text;
  std::string role;
  std::optional<Condition> when;
  std::string decides;  // a branch id, or empty
  Milestone milestone = Milestone::None;
  std::vector<std::string> commands;
  std::vector<std::string> artifacts;
};

struct Playbook {
  std::string name;
  std::string title;
  std::string trigger;
  std::string runbook;
  std::optional<policy::Level> severity;
  std::optional<std::chrono::minutes> acknowledge;
  std::optional<std::chrono::minutes> fix;
  bool disclosure = false;
  bool cve_assignment = false;
  std::vector<Branch> branches;
  std::vector<Step> steps;
  std::string source;  // "built-in" or the override file's path
  std::string text;    // the TOML it was read from

  const Step* find_step(std::string_view id) const;
  const Branch* find_branch(std::string_view id) const;
};

// Parses and validates one playbook; throws Error(path, line, column, reason).
Playbook parse_playbook(std::string_view toml_text, const std::string& path);

// The built-in playbooks, in runbook order.
const std::vector<Playbook>& builtin_playbooks();

// Built-ins merged with <repo_dir>/.tocsin/playbooks/*.toml (when that directory exists).
class PlaybookCatalog {
 public:
  static PlaybookCatalog load(const std::string& repo_dir);
  static PlaybookCatalog builtin();
  const std::vector<Playbook>& all() const { return playbooks_; }
  const Playbook* find(std::string_view name) const;
  // find() or Error naming the known playbooks.
  const Playbook& get(std::string_view name) const;

 private:
  std::vector<Playbook> playbooks_;
};

}  // namespace tocsin::incident
