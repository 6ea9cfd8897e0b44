// `tocsin vex check`: are the VEX statements, the ignore lists and the repository in step?
//
// Compared in both directions, through aliases (a statement's vulnerability name, @id and aliases
// against the ignore ids, case-insensitively):
//   IgnoreWithoutVex          an ignore entry no VEX statement explains
//   IgnoredButNotSuppressed   an ignore entry whose newest VEX statement is affected /
//                             under_investigation: the ignore hides what VEX says is unresolved
//   VexWithoutIgnore          a not_affected statement for a package in the lockfiles that an
//                             ignore list of its ecosystem lacks (the tool will still fail on it)
//   IgnoreListsDisagree       one list ignores an id another list of the same ecosystem does not
//   ExpiredIgnore             osv-scanner ignoreUntil before --now
//   StaleIgnore               the advisory matches no package any more (needs the advisory
//                             database: only when CheckOptions::advisory_matches_a_package is set)
//   IgnoreHidesUnresolved     an ignore whose advisory matches a locked package that no VEX
//                             statement resolves (not_affected / fixed for that package): the
//                             ignore hides that finding from cargo audit / cargo deny / osv-scanner
//                             although VEX only speaks for other versions (needs the database:
//                             CheckOptions::advisory_packages)
// "Through aliases" includes the advisory database's alias groups when CheckOptions::alias_group
// is set: an ignore of RUSTSEC-2023-0060 and a statement for CVE-2023-4863 are one vulnerability,
// as they are to `tocsin scan`.
// Each statement against the repository and itself:
//   StatusJustificationDisagreement  a justification on a status other than not_affected
//   ComponentPresent          not_affected/component_not_present, yet the component is in a
//                             lockfile on the release path
//   CodeNotPresentStale       vulnerable_code_not_present for packages absent from every lockfile
//   UnknownVulnerability      no advisory knows the id (only with known_vulnerability)
//   PlaceholderId             a name or alias such as CVE-2025-XXXXX, CVE-0000-0000, TBD, or an id
//                             that breaks its scheme's grammar (CVE, GHSA, RUSTSEC, PYSEC)
//   ReviewOverdue             next_review, or a date promised in status_notes / action_statement
//                             ("review by 2026-06-01", "re-evaluate on …"), before --now
//   MalformedFile / SpecViolation   unreadable files; the OpenVEX reader's diagnostics
//
// The checks that need other modules take them as callbacks, so this module depends only on core
// and version: the lockfile packages (the CLI builds them with inventory::build_inventory), the
// advisory database's knowledge of ids, and whether an advisory still matches a package. A
// callback that throws is reported in CheckReport::notes and its checks are skipped: a check that
// could not run is never silently "in step".
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/ecosystem.h"
#include "vex/ignore_lists.h"
#include "vex/openvex.h"

namespace tocsin::vex {

struct LockedPackage {
  Ecosystem ecosystem = Ecosystem::CratesIo;
  std::string name;
  std::string version;
  std::string lockfile;  // path as the inventory gives it
  int line = 0;
  bool on_release_path = true;
};

struct CheckOptions {
  std::int64_t now = 0;
  std::function<std::vector<LockedPackage>()> lockfile_packages;          // unset: lockfile checks skipped
  std::function<bool(const std::string& id)> known_vulnerability;         // unset: not checked
  std::function<bool(const std::string& id)> advisory_matches_a_package;  // unset: stale ignores not checked
  // Every id of the vulnerability `id` names (itself included), from the advisory database.
  std::function<std::vector<std::string>(const std::string& id)> alias_group;  // unset: own aliases only
  // The locked packages the advisory `id` (or an id of its group) matches.
  std::function<std::vector<LockedPackage>(const std::string& id)> advisory_packages;  // unset: not checked
};

enum class ProblemKind {
  MalformedFile,
  SpecViolation,
  IgnoreWithoutVex,
  IgnoredButNotSuppressed,
  VexWithoutIgnore,
  IgnoreListsDisagree,
  ExpiredIgnore,
  StaleIgnore,
  StatusJustificationDisagreement,
  ComponentPresent,
  CodeNotPresentStale,
  UnknownVulnerability,
  PlaceholderId,
  ReviewOverdue,
  IgnoreHidesUnresolved,
};
std::string_view problem_kind_name(ProblemKind kind);  // "ignore-without-vex", …

// One problem: where it is on each side, and the diagnostic to print. The checker fills both:
// `diagnostic.location` is the ignore side when there is one, else the VEX side, and
// `diagnostic.related` the VEX side when both are named; `diagnostic.code` is
// problem_kind_name(kind); spec warnings have Severity::Warning and do not make the check fail.
struct Problem {
  ProblemKind kind = ProblemKind::MalformedFile;
  std::string vulnerability;
  Location ignore;  // the ignore entry (component-present: the lockfile line); empty path when none
  Location vex;     // the VEX statement or the field the reader flagged; empty path when none
  Diagnostic diagnostic;
  bool warning() const { return diagnostic.severity != Severity::Error; }
};

struct CheckReport {
  std::vector<Problem> problems;
  std::vector<Diagnostic> notes;  // Severity::Note: checks that were skipped, and why
  bool out_of_step() const;       // any problem that is not a warning
};

// `unreadable`: files that could not be read at all (each an Error-severity diagnostic).
CheckReport check_vex(const std::vector<LoadedDocument>& documents, const std::vector<Diagnostic>& unreadable,
                      const std::vector<IgnoreList>& ignore_lists, const CheckOptions& options);

// Loads DIR/vex/*.json and the ignore lists of DIR, then check_vex. A malformed ignore list is a
// MalformedFile problem, not an exception.
CheckReport check_repository(const std::string& dir, const CheckOptions& options);

// Whether `id` looks like a placeholder or breaks its scheme's grammar; the reason, else "".
std::string placeholder_reason(std::string_view id);

// Review dates promised by the statement (next_review, "review by YYYY-MM-DD" in the prose).
struct ReviewDate {
  std::string text;  // as written, for the message
  std::int64_t when = 0;
  std::string field;  // "next_review", "status_notes", "action_statement"
};
std::vector<ReviewDate> review_dates(const Statement& statement);

}  // namespace tocsin::vex
