// `tocsin ci audit [DIR]` and `tocsin ci logs DIR`: the workflows held to the written CI trust
// policy and the advisory database; Actions logs searched for exfiltration in a window.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "advisory/advisory.h"
#include "advisory/database.h"
#include "ci/ci.h"
#include "cli/commands.h"
#include "cli/incident_environment.h"
#include "cli/output.h"
#include "config/project_config.h"
#include "config/release_section.h"
#include "core/diagnostic.h"
#include "core/error.h"
#include "core/text.h"
#include "scan/scanner.h"
#include "secrets/secrets.h"

namespace tocsin::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDefaultTrust = "docs/security/CI-TRUST.md";

struct AuditOptions {
  std::string dir = ".";
  std::string trust;
  std::string format = "table";
  std::string fail_on = "low";
  std::string db_dir;
  bool no_db = false;
  std::string output;
  bool open_incidents = false;
  std::string repository;  // OWNER/REPO for OIDC subjects; default tocsin.toml [release] repository
  std::string default_branch = "main";
  IncidentEnvironmentOptions incidents;
};

// `[release] repository = "owner/repo"` of DIR/tocsin.toml (the key `release history` reads), or "".
std::string configured_repository(const std::string& dir) {
  return config::ProjectConfig::load(dir).get<config::ReleaseSection>().repository;
}

// Loads the trust document: an explicit --trust must exist; the default may be absent.
std::optional<ci::TrustPolicy> load_trust(const std::string& base, const std::string& explicit_path,
                                          std::string& looked_for) {
  std::string path = explicit_path.empty() ? (fs::path(base) / kDefaultTrust).string() : explicit_path;
  looked_for = explicit_path.empty() ? std::string(kDefaultTrust) : explicit_path;
  std::error_code error;
  if (!fs::is_regular_file(path, error)) {
    if (!explicit_path.empty()) throw Error(path, 0, 0, "trust document not found");
    return std::nullopt;
  }
  return ci::parse_trust(looked_for, read_file(path));
}

// One single-package lockfile per `uses:` so each use is its own finding (the scanner merges
// one version's findings within a lockfile). A SHA pin is matched twice: through its comment
// version, and through the SHA itself (OSV `versions` may list commits).
std::vector<ci::ActionAdvisory> match_advisories(const ci::WorkflowSet& set, const advisory::Database& database) {
  inventory::Inventory inventory;
  struct Use {
    std::string file;
    int line;
    std::string comment_version;
    bool sha;
  };
  std::vector<Use> uses;
  for (const lockfile::Lockfile& lock : ci::actions_lockfiles(set)) {
    for (const lockfile::Package& package : lock.packages) {
      if (package.is_root || package.is_local) continue;
      lockfile::Lockfile one;
      one.path = lock.path;
      one.format = lock.format;
      one.ecosystem = lock.ecosystem;
      one.packages.push_back(package);
      // The source is "owner/repo@REF (sha pin)": recover the SHA for the second match.
      auto at = package.source.rfind('@');
      auto space = package.source.find(' ', at == std::string::npos ? 0 : at);
      std::string ref = at == std::string::npos ? "" : package.source.substr(at + 1, space - at - 1);
      bool sha = ci::is_full_sha(ref);
      if (sha) {
        lockfile::Package by_sha = package;
        by_sha.version = ref;
        one.packages.push_back(by_sha);
      }
      uses.push_back({lock.path, package.line, package.version, sha});
      inventory.lockfiles.push_back(std::move(one));
      inventory.release_path.emplace_back(inventory.lockfiles.back().packages.size(), true);
      inventory.unreached.emplace_back(inventory.lockfiles.back().packages.size(), true);
    }
  }
  std::vector<scan::Finding> findings = scan::find_vulnerabilities(inventory, &database, {});
  // A commit is no version: OSV ranges "introduced: 0" would take any unparseable version in, so
  // a finding through the SHA counts only when the record lists that very commit in `versions`.
  auto lists_commit = [&](const scan::Finding& f) {
    for (const advisory::Match& m : database.matches(Ecosystem::GitHubActions, f.name, f.version)) {
      bool same =
          m.advisory.id == f.id || std::find(f.aliases.begin(), f.aliases.end(), m.advisory.id) != f.aliases.end();
      const auto& listed = m.advisory.affected[m.affected_index].versions;
      if (same && std::any_of(listed.begin(), listed.end(),
                              [&](const std::string& v) { return to_lower(v) == to_lower(f.version); }))
        return true;
    }
    return false;
  };
  findings.erase(std::remove_if(findings.begin(), findings.end(),
                                [&](const scan::Finding& f) { return ci::is_full_sha(f.version) && !lists_commit(f); }),
                 findings.end());
  std::vector<ci::ActionAdvisory> out;
  std::set<std::string> by_comment, by_sha;  // "file:line id"
  for (const scan::Finding& f : findings)
    (ci::is_full_sha(f.version) ? by_sha : by_comment).insert(f.lockfile + ":" + std::to_string(f.line) + " " + f.id);
  std::set<std::string> reported;
  for (const scan::Finding& f : findings) {
    std::string key = f.lockfile + ":" + std::to_string(f.line) + " " + f.id;
    if (!reported.insert(key).second) continue;
    ci::ActionAdvisory advisory;
    advisory.file = f.lockfile;
    advisory.line = f.line;
    advisory.id = f.id;
    advisory.aliases = f.aliases;
    advisory.summary = f.summary;
    advisory.fixed_version = ci::is_full_sha(f.version) ? "" : f.fixed_version;
    if (f.kev) advisory.kev_cve = f.kev->cve;
    bool comment_hit = by_comment.count(key) > 0, sha_hit = by_sha.count(key) > 0;
    for (const Use& use : uses) {
      if (use.file != f.lockfile || use.line != f.line || !use.sha) continue;
      if (sha_hit && !comment_hit)
        advisory.disagreement = use.comment_version.empty()
                                    ? "the advisory lists the pinned commit itself"
                                    : "the advisory lists the pinned commit, but the comment's version " +
                                          use.comment_version + " is not affected: the comment is wrong";
      else if (comment_hit && !sha_hit)
        advisory.disagreement = "matched through the comment's version " + use.comment_version +
                                "; that the pinned commit is that release cannot be checked offline";
    }
    out.push_back(std::move(advisory));
  }
  return out;
}

// --open-incidents: one compromised-ci incident per (action version, advisory), its impact the
// affected workflows and the tokens they could read.
void open_incidents(const AuditOptions& options, const ci::WorkflowSet& set,
                    const std::vector<ci::AuditFinding>& findings) {
  struct Group {
    ci::AuditFinding first;
    std::set<std::string> files;
    bool kev = false;
  };
  std::map<std::string, Group> groups;
  for (const ci::AuditFinding& f : findings) {
    if (f.rule != "known-vulnerable-action" && f.rule != "kev-action") continue;
    ci::ActionRef ref = ci::parse_uses(f.uses, false);
    std::string key = incident::finding_key("GitHub Actions", ref.name(), ref.ref, f.advisory);
    auto [it, added] = groups.emplace(key, Group{f, {}, false});
    it->second.files.insert(f.file);
    it->second.kev = it->second.kev || f.rule == "kev-action";
  }
  if (groups.empty()) return;
  IncidentEnvironmentOptions where = options.incidents;
  where.repo = options.dir;
  where.create_store = true;  // --open-incidents records new incidents
  IncidentEnvironment env = prepare_incident_environment(where);
  std::vector<incident::FindingObservation> observations;
  for (const auto& [key, group] : groups) {
    incident::FindingObservation o;
    o.key = key;
    o.playbook = "compromised-ci";
    o.title = group.first.advisory + " in " + group.first.uses + " (GitHub Action)";
    o.severity = group.kev ? policy::Level::Critical : policy::Level::High;
    o.severity_why = group.kev ? "kev-action" : "known-vulnerable-action";
    o.kev = group.kev;
    o.summary = group.first.message;
    auto cve = o.summary.find("CVE-");  // the KEV CVE, or an alias named in the message
    if (cve != std::string::npos) o.cve = o.summary.substr(cve, o.summary.find_first_of(" ;,)", cve) - cve);
    std::string impact = "Affected workflows:";
    std::set<std::string> secrets;
    std::vector<std::string> grants;
    for (const ci::Workflow& w : set.workflows) {
      if (!group.files.count(w.path)) continue;
      impact += " " + w.path;
      secrets.insert(w.secrets.begin(), w.secrets.end());
      std::string top = w.permissions.present ? (w.permissions.shorthand.empty() ? "" : w.permissions.shorthand)
                                              : "repository default";
      for (const auto& [scope, level] : w.permissions.scopes)
        top += (top.empty() ? "" : ", ") + scope + ": " + level.value;
      grants.push_back(w.path + " (top level): " + (top.empty() ? "none" : top));
      for (const ci::Job& job : w.jobs) {
        if (!job.permissions.present) continue;
        std::string text = job.permissions.shorthand;
        for (const auto& [scope, level] : job.permissions.scopes)
          text += (text.empty() ? "" : ", ") + scope + ": " + level.value;
        grants.push_back(w.path + " job " + job.id + ": " + (text.empty() ? "none" : text));
      }
    }
    impact += ".\nTokens to rotate (checklist):";
    for (const std::string& secret : secrets) impact += "\n- [ ] secrets." + secret;
    impact += "\n- [ ] GITHUB_TOKEN (expires with the run; revoke any token it minted and review what it could write):";
    for (const std::string& grant : grants) impact += "\n    - " + grant;
    o.impact = impact;
    observations.push_back(std::move(o));
  }
  // Not `complete`: that would let an audit mark the dependency scan's incidents as fixed (the
  // actions' findings are dependency-scan keys too, and `scan` re-checks them).
  incident::FindingSync sync = incident::sync_findings(env.session(), observations, false);
  for (const std::string& id : sync.opened) std::cerr << "incident opened: " << id << "\n";
  for (const std::string& id : sync.updated) std::cerr << "incident updated: " << id << "\n";
}

int run_audit(const AuditOptions& options) {
  int gate = options.fail_on == "none" ? 99 : ci::level_rank(options.fail_on);
  if (gate < 0)
    throw Error("--fail-on: unknown level '" + options.fail_on + "' (critical, high, medium, low, info, none)");
  ci::WorkflowSet set = ci::read_workflows(options.dir);
  std::string looked_for;
  std::optional<ci::TrustPolicy> trust = load_trust(options.dir, options.trust, looked_for);
  ci::ZizmorPolicies zizmor = ci::read_zizmor_policies(options.dir);
  ci::AuditInput input;
  input.workflows = &set;
  input.trust = trust ? &*trust : nullptr;
  input.zizmor = &zizmor;
  input.repository = options.repository.empty() ? configured_repository(options.dir) : options.repository;
  input.default_branch = options.default_branch;
  if (!options.no_db) {
    std::string db_dir = advisory::default_database_dir(options.db_dir);
    if (fs::exists(advisory::database_file(db_dir))) {
      advisory::Database database = advisory::Database::open(db_dir);
      input.advisories = match_advisories(set, database);
    } else if (!options.db_dir.empty()) {
      throw Error(advisory::database_file(db_dir), 0, 0, "no advisory database (run `tocsin db import` first)");
    } else {
      std::cerr << "warning: no advisory database at " << db_dir
                << ": known-vulnerable-action and kev-action did not run\n";
    }
  }
  std::vector<ci::AuditFinding> findings = ci::audit(input);
  ci::AuditReport report{&set, input.trust, looked_for, &findings, TOCSIN_VERSION};
  std::string text = options.format == "json"    ? ci::render_audit_json(report)
                     : options.format == "sarif" ? ci::render_audit_sarif(report)
                                                 : ci::render_audit_table(report);
  if (options.output.empty()) {
    std::cout << text;
  } else {
    std::ofstream file(options.output, std::ios::binary);
    if (!file) throw Error(options.output, 0, 0, "cannot write the report");
    file << text;
  }
  for (const Diagnostic& e : set.errors) std::cerr << format_diagnostic(e) << "\n";
  if (options.open_incidents) open_incidents(options, set, findings);
  if (!set.errors.empty()) return kExitError;
  bool tripped = std::any_of(findings.begin(), findings.end(),
                             [&](const ci::AuditFinding& f) { return ci::level_rank(f.level) >= gate; });
  return tripped ? kExitFindings : kExitClean;
}

struct LogsOptions {
  std::string dir;
  std::string from, to;
  std::vector<std::string> allow;
  std::vector<std::string> markers;
  std::string trust;
  std::string format = "table";
};

int run_logs(const LogsOptions& options) {
  ci::LogOptions scan;
  scan.from = options.from;
  scan.to = options.to;
  scan.allowed_hosts = options.allow;
  scan.compromised_markers = options.markers;
  // Tokens are found by the secrets module's detectors, redacted by its rules.
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  scan.find_secrets = [now](std::string_view text) {
    std::vector<ci::SecretHit> hits;
    for (const secrets::Finding& f : secrets::scan_text(text, "", now)) hits.push_back({f.line, f.kind, f.redacted});
    return hits;
  };
  std::string looked_for;
  std::optional<ci::TrustPolicy> trust = load_trust(".", options.trust, looked_for);
  if (trust) {
    auto hosts = trust->all_egress_hosts();
    scan.allowed_hosts.insert(scan.allowed_hosts.end(), hosts.begin(), hosts.end());
  }
  std::vector<ci::LogFinding> findings = ci::scan_logs(options.dir, scan);
  if (options.format == "json") {
    nlohmann::ordered_json document;
    document["schema_version"] = 1;
    document["window"] = {{"from", options.from}, {"to", options.to}};
    document["allowed_hosts"] = scan.allowed_hosts;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const ci::LogFinding& f : findings)
      list.push_back({{"kind", f.kind},
                      {"run", f.run},
                      {"job", f.job},
                      {"step", f.step},
                      {"file", f.file},
                      {"line", f.line},
                      {"timestamp", f.timestamp},
                      {"message", f.message}});
    document["findings"] = list;
    print_json(document);
  } else {
    if (!trust) std::cout << "no trust document (" << looked_for << "): egress allowlist from --allow-endpoint only\n";
    for (const ci::LogFinding& f : findings)
      std::cout << f.file << ":" << f.line << "  " << (f.timestamp.empty() ? "-" : f.timestamp) << "  " << f.kind
                << "  run " << (f.run.empty() ? "-" : f.run) << " job " << f.job
                << (f.step.empty() ? "" : " step " + f.step) << "\n    " << f.message << "\n";
    std::cout << findings.size() << " indicator(s)\n";
  }
  return findings.empty() ? kExitClean : kExitFindings;
}

}  // namespace

void register_ci_command(CLI::App& app, Context& context) {
  CLI::App* ci = app.add_subcommand("ci", "GitHub Actions: audit workflows against the CI trust policy; scan logs");
  ci->require_subcommand(1);

  auto audit = std::make_shared<AuditOptions>();
  CLI::App* a = ci->add_subcommand("audit", "Audit .github/workflows and composite actions");
  a->add_option("dir", audit->dir, "Repository directory (default: .)");
  a->add_option("--trust", audit->trust, std::string("Trust document (default: DIR/") + kDefaultTrust + ")");
  add_format_option(a, audit->format, {"table", "json", "sarif"});
  a->add_option("--fail-on", audit->fail_on, "Exit 1 at or above: critical, high, medium, low (default), info, none");
  a->add_option("--db", audit->db_dir, "Advisory database directory (default: $TOCSIN_DB, $XDG_CACHE_HOME/tocsin)");
  a->add_flag("--no-db", audit->no_db, "Do not match actions against the advisory database");
  a->add_option("--output,-o", audit->output, "Write the report to FILE instead of stdout");
  a->add_flag("--open-incidents", audit->open_incidents,
              "Open a compromised-ci incident per known-vulnerable or KEV action");
  a->add_option("--repository", audit->repository,
                "OWNER/REPO for OIDC subjects (default: tocsin.toml [release] repository, else the trust document's)");
  a->add_option("--default-branch", audit->default_branch,
                "Branch that scheduled and default-branch events run on (OIDC subjects; default: main)");
  a->add_option("--store", audit->incidents.store, "Incident record (default: per project)");
  a->add_option("--actor", audit->incidents.actor, "Who acts (default: $TOCSIN_ACTOR, else $USER)");
  add_now_option(a, audit->incidents.now, "The current time (drills, tests)");
  a->callback([audit, &context] { context.exit_code = run_audit(*audit); });

  auto logs = std::make_shared<LogsOptions>();
  CLI::App* l = ci->add_subcommand("logs", "Scan unpacked GitHub Actions logs for exfiltration indicators");
  l->add_option("dir", logs->dir, "Directory of unpacked log archives")->required();
  add_time_option(l, "--from", logs->from, "Window start (RFC 3339 date-time or YYYY-MM-DD)");
  add_time_option(l, "--to", logs->to, "Window end (RFC 3339 date-time or YYYY-MM-DD, midnight UTC)");
  l->add_option("--allow-endpoint", logs->allow, "An allowed egress host (and its subdomains), repeatable");
  l->add_option("--marker", logs->markers, "Text the compromised action prints, repeatable");
  l->add_option("--trust", logs->trust,
                std::string("Trust document with egress lists (default: ./") + kDefaultTrust + ")");
  add_format_option(l, logs->format, {"table", "json"});
  l->callback([logs, &context] { context.exit_code = run_logs(*logs); });
}

}  // namespace tocsin::cli
