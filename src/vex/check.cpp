#include "vex/check.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "core/error.h"
#include "core/text.h"
#include "vex/match.h"
#include "vex/purl.h"

namespace tocsin::vex {
namespace {

struct StatementRef {
  const LoadedDocument* document;
  const Statement* statement;
};

std::string relative_to(const std::string& path, const std::string& dir) {
  if (dir.empty()) return path;
  std::error_code error;
  auto relative = std::filesystem::relative(path, dir, error);
  return error || relative.empty() || starts_with(relative.string(), "..") ? path : relative.string();
}

std::string describe_status(const Statement& statement) {
  std::string out = statement.status ? std::string(status_name(*statement.status)) : statement.status_text;
  if (!statement.justification_text.empty()) out += "/" + statement.justification_text;
  return out;
}

// Ecosystems the statement's products and subcomponents are written for (purl types).
std::set<Ecosystem> statement_ecosystems(const Statement& statement) {
  std::set<Ecosystem> out;
  auto add = [&](const Component& component) {
    if (auto purl = try_parse_purl(component.id))
      if (auto ecosystem = ecosystem_of_purl_type(purl->type)) out.insert(*ecosystem);
  };
  for (const auto& product : statement.products) {
    add(product);
    for (const auto& sub : product.subcomponents) add(sub);
  }
  return out;
}

bool list_covers_ecosystem(IgnoreListKind kind, Ecosystem ecosystem) {
  return kind == IgnoreListKind::OsvScanner || ecosystem == Ecosystem::CratesIo;
}

// Locked packages a component's purl covers.
std::vector<const LockedPackage*> locked_matches(const Component& component, const std::vector<LockedPackage>& locked) {
  std::vector<const LockedPackage*> out;
  auto purl = try_parse_purl(component.id);
  if (!purl) return out;
  for (const auto& package : locked)
    if (purl_covers(*purl, package.ecosystem, package.name, package.version)) out.push_back(&package);
  return out;
}

// The vulnerable component(s): subcomponents when the statement lists any, else the products.
std::vector<const Component*> vulnerable_components(const Statement& statement) {
  std::vector<const Component*> out;
  for (const auto& product : statement.products)
    for (const auto& sub : product.subcomponents) out.push_back(&sub);
  if (out.empty())
    for (const auto& product : statement.products) out.push_back(&product);
  return out;
}

class Checker {
 public:
  Checker(const std::vector<LoadedDocument>& documents, const std::vector<IgnoreList>& lists,
          const CheckOptions& options, std::string base)
      : documents_(documents), lists_(lists), options_(options), base_(std::move(base)) {
    for (const auto& document : documents_)
      for (const auto& statement : document.document.statements) statements_.push_back({&document, &statement});
  }

  CheckReport run(const std::vector<Diagnostic>& unreadable) {
    for (const auto& failure : unreadable) {
      Problem problem;
      problem.kind = ProblemKind::MalformedFile;
      problem.diagnostic = failure;
      problem.diagnostic.location.path = relative_to(failure.location.path, base_);
      problem.diagnostic.code = problem_kind_name(problem.kind);
      (is_ignore_list(problem.diagnostic.location.path) ? problem.ignore : problem.vex) = problem.diagnostic.location;
      report_.problems.push_back(std::move(problem));
    }
    for (const auto& document : documents_)
      for (const auto& diagnostic : document.diagnostics) {
        Problem problem;
        problem.kind = ProblemKind::SpecViolation;
        problem.diagnostic = diagnostic;
        problem.diagnostic.location.path = vex_path(document);
        problem.diagnostic.code = problem_kind_name(problem.kind);
        problem.vex = problem.diagnostic.location;
        report_.problems.push_back(std::move(problem));
      }
    load_packages();
    check_ignores();
    check_statements_against_ignores();
    check_lists_against_each_other();
    for (const auto& ref : statements_) check_statement(ref);
    for (auto& skipped : notes_) report_.notes.push_back(std::move(skipped));
    return std::move(report_);
  }

 private:
  // One problem; its diagnostic is at the ignore side when there is one, the VEX side related.
  void add(ProblemKind kind, std::string vulnerability, Location ignore, Location vex, std::string message,
           std::string hint = {}) {
    Problem problem;
    problem.kind = kind;
    problem.vulnerability = std::move(vulnerability);
    problem.ignore = std::move(ignore);
    problem.vex = std::move(vex);
    problem.diagnostic.severity = Severity::Error;
    problem.diagnostic.code = problem_kind_name(kind);
    problem.diagnostic.location = problem.ignore.path.empty() ? problem.vex : problem.ignore;
    if (!problem.ignore.path.empty()) problem.diagnostic.related = problem.vex;
    problem.diagnostic.message = std::move(message);
    problem.diagnostic.hint = std::move(hint);
    report_.problems.push_back(std::move(problem));
  }
  void note(std::string message) const {
    Diagnostic skipped;
    skipped.severity = Severity::Note;
    skipped.code = "check-skipped";
    skipped.message = std::move(message);
    notes_.push_back(std::move(skipped));
  }
  std::string vex_path(const LoadedDocument& document) const { return relative_to(document.path, base_); }
  Location at(const StatementRef& ref) const {
    return {vex_path(*ref.document), ref.statement->line, ref.statement->column, ""};
  }
  static Location at(const IgnoreList& list, const IgnoreEntry& entry) {
    return {list.path, entry.line, entry.column, ""};
  }
  static Location at(const LockedPackage& package) { return {package.lockfile, package.line, 0, ""}; }
  // Unreadable files are ignore lists (TOML) or VEX documents (JSON).
  static bool is_ignore_list(const std::string& path) { return ends_with(path, ".toml"); }

  void load_packages() {
    if (!options_.lockfile_packages) {
      note("lockfile checks skipped: no lockfile inventory available");
      return;
    }
    try {
      packages_ = options_.lockfile_packages();
    } catch (const std::exception& e) {
      note(std::string("lockfile checks skipped: ") + e.what());
    }
  }

  // The database's alias group of `id` (cached; empty without a database or on failure).
  const std::vector<std::string>& group(const std::string& id) const {
    auto it = groups_.find(to_lower(id));
    if (it != groups_.end()) return it->second;
    std::vector<std::string> ids;
    if (options_.alias_group) {
      try {
        ids = options_.alias_group(id);
      } catch (const std::exception& e) {
        note(fmt::format("alias lookup of {} skipped: {}", id, e.what()));
      }
    }
    return groups_.emplace(to_lower(id), std::move(ids)).first->second;
  }

  bool same_vulnerability(const std::string& a, const std::string& b) const {
    if (to_lower(a) == to_lower(b)) return true;
    const auto& ids = group(a);
    return std::any_of(ids.begin(), ids.end(), [&](const std::string& id) { return to_lower(id) == to_lower(b); });
  }

  std::vector<StatementRef> statements_for(const std::string& id) const {
    std::vector<StatementRef> out;
    for (const auto& ref : statements_)
      if (statement_names_vulnerability(*ref.statement, id, group(id))) out.push_back(ref);
    return out;
  }

  // The newest statement (effective timestamp, later in load order on ties).
  static StatementRef newest(const std::vector<StatementRef>& refs) {
    StatementRef best = refs.front();
    for (const auto& ref : refs)
      if (effective_timestamp(*ref.statement, ref.document->document).value_or(INT64_MIN) >=
          effective_timestamp(*best.statement, best.document->document).value_or(INT64_MIN))
        best = ref;
    return best;
  }

  void check_ignores() {
    if (!options_.advisory_matches_a_package) note("stale-ignore check skipped: needs the advisory database");
    for (const auto& list : lists_) {
      for (const auto& entry : list.entries) {
        auto refs = statements_for(entry.id);
        if (refs.empty()) {
          add(ProblemKind::IgnoreWithoutVex, entry.id, at(list, entry), {},
              fmt::format("{} ignores {} but no VEX statement explains it", ignore_list_kind_name(list.kind), entry.id),
              fmt::format("write one with `tocsin vex new --vuln {}`, or remove the ignore", entry.id));
        } else {
          StatementRef ref = newest(refs);
          const Statement& statement = *ref.statement;
          if (!statement.status || !status_suppresses(*statement.status)) {
            std::string hint = statement.status == Status::Affected && statement.justification
                                   ? " (the justification suggests not_affected was meant)"
                                   : "";
            add(ProblemKind::IgnoredButNotSuppressed, entry.id, at(list, entry), at(ref),
                fmt::format("{} ignores {} but the VEX statement says {}{}: the ignore hides a finding VEX does not "
                            "resolve",
                            ignore_list_kind_name(list.kind), entry.id, describe_status(statement), hint),
                "remove the ignore, or update the VEX statement if the product is not affected");
          }
        }
        // Only where the ignore looks explained: otherwise the problem above already names it.
        if (!refs.empty() && newest(refs).statement->status && status_suppresses(*newest(refs).statement->status))
          check_hidden_packages(list, entry);
        if (entry.ignore_until && *entry.ignore_until < options_.now)
          add(ProblemKind::ExpiredIgnore, entry.id, at(list, entry), refs.empty() ? Location{} : at(newest(refs)),
              fmt::format("the ignore of {} expired on {} (ignoreUntil)", entry.id, entry.ignore_until_text),
              "re-assess it and extend or remove it");
        if (options_.advisory_matches_a_package) {
          bool matches = true;
          try {
            matches = options_.advisory_matches_a_package(entry.id);
          } catch (const std::exception& e) {
            note(fmt::format("stale-ignore check of {} skipped: {}", entry.id, e.what()));
          }
          if (!matches)
            add(ProblemKind::StaleIgnore, entry.id, at(list, entry), {},
                fmt::format("{} no longer matches any package in the lockfiles", entry.id), "remove the ignore");
        }
      }
    }
  }

  // An ignore whose statements exist (and say the right thing) may still cover other versions
  // than the ones VEX speaks for: every locked package the advisory matches needs a statement
  // that resolves it, or the ignore silently hides that package's finding.
  void check_hidden_packages(const IgnoreList& list, const IgnoreEntry& entry) {
    if (!options_.advisory_packages) return;
    std::vector<LockedPackage> matched;
    try {
      matched = options_.advisory_packages(entry.id);
    } catch (const std::exception& e) {
      note(fmt::format("hidden-finding check of {} skipped: {}", entry.id, e.what()));
      return;
    }
    std::set<std::string> seen;
    for (const LockedPackage& package : matched) {
      if (!list_covers_ecosystem(list.kind, package.ecosystem)) continue;
      if (!seen.insert(package.name + "@" + package.version).second) continue;
      std::vector<std::string> aliases = group(entry.id);
      auto applicable =
          find_applicable_statement(documents_, {package.ecosystem, package.name, package.version}, entry.id, aliases);
      if (applicable && applicable->suppresses) continue;
      add(ProblemKind::IgnoreHidesUnresolved, entry.id, at(list, entry),
          applicable ? at(StatementRef{applicable->document, applicable->statement}) : Location{},
          fmt::format("{} ignores {}, which matches {}@{} ({}:{}{}), but {}: the ignore hides that finding",
                      ignore_list_kind_name(list.kind), entry.id, package.name, package.version, package.lockfile,
                      package.line, package.on_release_path ? ", release path" : ", dev-only",
                      applicable ? "the VEX statement for it says " + describe_status(*applicable->statement)
                                 : "no VEX statement covers that package (they speak for other versions)"),
          fmt::format("write a VEX statement for {}@{}, or upgrade it", package.name, package.version));
    }
  }

  bool list_has(const IgnoreList& list, const Statement& statement) const {
    return std::any_of(list.entries.begin(), list.entries.end(), [&](const IgnoreEntry& entry) {
      return statement_names_vulnerability(statement, entry.id, group(entry.id));
    });
  }

  // Whether any package the statement names is in a lockfile (true when lockfiles are unknown).
  bool present_in_lockfiles(const Statement& statement) const {
    if (!packages_) return true;
    for (const auto& product : statement.products) {
      if (!locked_matches(product, *packages_).empty()) return true;
      for (const auto& sub : product.subcomponents)
        if (!locked_matches(sub, *packages_).empty()) return true;
    }
    return false;
  }

  void check_statements_against_ignores() {
    for (const auto& ref : statements_) {
      const Statement& statement = *ref.statement;
      if (statement.status != Status::NotAffected || !present_in_lockfiles(statement)) continue;
      auto ecosystems = statement_ecosystems(statement);
      for (const auto& list : lists_) {
        bool relevant = std::any_of(ecosystems.begin(), ecosystems.end(),
                                    [&](Ecosystem e) { return list_covers_ecosystem(list.kind, e); });
        if (!relevant || list_has(list, statement)) continue;
        add(ProblemKind::VexWithoutIgnore, statement.vulnerability.name, Location{list.path, 0, 0, ""}, at(ref),
            fmt::format("VEX says {} is {}, but {} has no ignore for it, so {} still fails on it",
                        statement.vulnerability.name, describe_status(statement), list.path,
                        ignore_list_kind_name(list.kind)),
            fmt::format("add {} to the ignores of {}", statement.vulnerability.name, list.path));
      }
    }
  }

  void check_lists_against_each_other() {
    for (const auto& list : lists_) {
      for (const auto& entry : list.entries) {
        for (const auto& other : lists_) {
          if (&other == &list || list.kind == IgnoreListKind::OsvScanner || other.kind == IgnoreListKind::OsvScanner)
            continue;
          bool found = std::any_of(other.entries.begin(), other.entries.end(),
                                   [&](const IgnoreEntry& e) { return same_vulnerability(entry.id, e.id); });
          if (!found)
            add(ProblemKind::IgnoreListsDisagree, entry.id, at(list, entry), {},
                fmt::format("{} ignores {} but {} does not: the two tools disagree", list.path, entry.id, other.path),
                fmt::format("ignore it in {} too, or in neither", other.path));
        }
      }
    }
  }

  void check_statement(const StatementRef& ref) {
    const Statement& statement = *ref.statement;
    const Location where = at(ref);
    const std::string& name = statement.vulnerability.name;
    if (statement.status && *statement.status != Status::NotAffected && statement.justification) {
      std::string meant =
          *statement.status == Status::Affected
              ? fmt::format(
                    "the author most likely meant \"not_affected\" with {}; as written the statement is "
                    "\"affected\" and suppresses nothing (the justification is ignored)",
                    justification_name(*statement.justification))
              : fmt::format("a justification only qualifies not_affected; as written the statement is \"{}\"",
                            status_name(*statement.status));
      add(ProblemKind::StatusJustificationDisagreement, name, {}, where,
          fmt::format("{}: status {} with justification {}: {}", name, status_name(*statement.status),
                      justification_name(*statement.justification), meant));
    }
    if (packages_ && statement.justification == Justification::ComponentNotPresent &&
        statement.status == Status::NotAffected) {
      for (const Component* component : vulnerable_components(statement)) {
        for (const LockedPackage* package : locked_matches(*component, *packages_)) {
          if (!package->on_release_path) continue;
          add(ProblemKind::ComponentPresent, name, at(*package), where,
              fmt::format("{}: not_affected/component_not_present for {}, but {} {} is in {} on the release path; "
                          "the statement is false as written",
                          name, component->id, package->name, package->version, package->lockfile),
              "choose another justification, or remove the component from the release");
        }
      }
    }
    if (packages_ && statement.justification == Justification::VulnerableCodeNotPresent &&
        !present_in_lockfiles(statement)) {
      add(ProblemKind::CodeNotPresentStale, name, {}, where,
          fmt::format("{}: vulnerable_code_not_present, but no package the statement names is in any lockfile any "
                      "more: the statement is stale",
                      name),
          "remove it, or say component_not_present");
    }
    if (options_.known_vulnerability) {
      bool known = true;
      try {
        known = options_.known_vulnerability(name);
        for (const auto& alias : statement.vulnerability.aliases) known = known || options_.known_vulnerability(alias);
      } catch (const std::exception& e) {
        note(fmt::format("advisory lookup of {} skipped: {}", name, e.what()));
      }
      if (!known)
        add(ProblemKind::UnknownVulnerability, name, {}, where,
            fmt::format("{}: no advisory in the database knows this id or its aliases", name),
            "check the id for a typo, or run `tocsin db update`");
    }
    std::vector<std::string> ids = {name};
    ids.insert(ids.end(), statement.vulnerability.aliases.begin(), statement.vulnerability.aliases.end());
    for (const auto& id : ids) {
      std::string reason = placeholder_reason(id);
      if (!reason.empty())
        add(ProblemKind::PlaceholderId, name, {}, where, fmt::format("{}: id \"{}\" {}", name, id, reason),
            "replace it with the real id or remove it");
    }
    for (const auto& review : review_dates(statement)) {
      if (review.when < options_.now)
        add(ProblemKind::ReviewOverdue, name, {}, where,
            fmt::format("{}: review promised in {} (\"{}\") is overdue", name, review.field, review.text),
            "re-assess the statement and move the date");
    }
  }

  const std::vector<LoadedDocument>& documents_;
  const std::vector<IgnoreList>& lists_;
  const CheckOptions& options_;
  std::string base_;
  std::vector<StatementRef> statements_;
  std::optional<std::vector<LockedPackage>> packages_;
  CheckReport report_;
  mutable std::map<std::string, std::vector<std::string>> groups_;
  mutable std::vector<Diagnostic> notes_;
};

CheckReport run_check(const std::vector<LoadedDocument>& documents, const std::vector<Diagnostic>& unreadable,
                      const std::vector<IgnoreList>& lists, const CheckOptions& options, const std::string& base) {
  return Checker(documents, lists, options, base).run(unreadable);
}

}  // namespace

std::string_view problem_kind_name(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::MalformedFile: return "malformed-file";
    case ProblemKind::SpecViolation: return "spec";
    case ProblemKind::IgnoreWithoutVex: return "ignore-without-vex";
    case ProblemKind::IgnoredButNotSuppressed: return "ignored-but-not-suppressed";
    case ProblemKind::VexWithoutIgnore: return "vex-without-ignore";
    case ProblemKind::IgnoreListsDisagree: return "ignore-lists-disagree";
    case ProblemKind::ExpiredIgnore: return "expired-ignore";
    case ProblemKind::StaleIgnore: return "stale-ignore";
    case ProblemKind::StatusJustificationDisagreement: return "status-justification";
    case ProblemKind::ComponentPresent: return "component-present";
    case ProblemKind::CodeNotPresentStale: return "code-not-present-stale";
    case ProblemKind::UnknownVulnerability: return "unknown-vulnerability";
    case ProblemKind::PlaceholderId: return "placeholder-id";
    case ProblemKind::ReviewOverdue: return "review-overdue";
    case ProblemKind::IgnoreHidesUnresolved: return "ignore-hides-unresolved";
  }
  return "?";
}

bool CheckReport::out_of_step() const {
  return std::any_of(problems.begin(), problems.end(), [](const Problem& p) { return !p.warning(); });
}

CheckReport check_vex(const std::vector<LoadedDocument>& documents, const std::vector<Diagnostic>& unreadable,
                      const std::vector<IgnoreList>& ignore_lists, const CheckOptions& options) {
  return run_check(documents, unreadable, ignore_lists, options, "");
}

CheckReport check_repository(const std::string& dir, const CheckOptions& options) {
  VexDirectory vex = load_vex_directory((std::filesystem::path(dir) / "vex").string());
  std::vector<Diagnostic> unreadable = vex.failures;
  // Each list on its own: a malformed deny.toml must not hide what .cargo/audit.toml ignores.
  std::vector<IgnoreList> lists = load_ignore_lists(dir, &unreadable);
  return run_check(vex.documents, unreadable, lists, options, dir);
}

}  // namespace tocsin::vex
