// tocsin::ci — GitHub Actions as a trust boundary.
//
// Three parts, each usable alone:
//
// 1. The workflow model (workflow.cpp, action_ref.cpp). read_workflows(dir) reads every
//    `.github/workflows/*.yml|yaml` and every composite action (`action.yml|yaml` at the root
//    and anywhere below `.github/`) into Workflow values that keep the 1-based line and column
//    of each job, step, `uses:`, `run:`, `permissions`, `on:` trigger, `with:` input and `env`
//    entry. libyaml parses (yaml/tree.h: anchors, flow style, block scalars all work); a file that is not
//    valid YAML, or not a workflow, becomes a Diagnostic (core/diagnostic.h, Severity::Error,
//    code "workflow-unreadable") with its location and the other files
//    are still read. Work is bounded: files above kMaxWorkflowBytes are refused, and converting
//    the YAML graph stops after kMaxYamlNodes nodes, so an alias bomb (aliases expanding
//    exponentially) is a diagnostic, not a hang.
//    Every `uses:` is parsed into an ActionRef (owner/repo[/path], ref, pin kind and the
//    trailing `# vX.Y.Z` comment, read from the source line because YAML drops comments).
//
// 2. The policy inputs (trust.cpp): the project's written CI trust document (Springtale's
//    `docs/security/CI-TRUST.md`: Markdown tables of allowlisted actions and OIDC subjects,
//    per-workflow egress endpoint lists, principles stated in prose) and zizmor's
//    `.github/zizmor.yml` `rules.unpinned-uses.config.policies` ref-pin exceptions.
//
// 3. The audit (rules.cpp) with stable rule ids, and `ci logs` (logs.cpp), which scans unpacked
//    GitHub Actions log archives for exfiltration indicators. Matching actions against the
//    advisory database is the caller's (the CLI runs the scanner on actions_lockfile() and
//    passes the hits in as ActionAdvisory values), so this module depends on nothing but core.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "lockfile/lockfile.h"

namespace tocsin::ci {

constexpr std::size_t kMaxWorkflowBytes = 8u << 20;  // 8 MiB: far above any real workflow
constexpr std::size_t kMaxYamlNodes = 2'000'000;     // after alias expansion

struct Located {
  std::string value;
  int line = 0;
  int column = 0;
};

// How a `uses:` reference is pinned. Tag versus branch cannot be told offline: a ref that looks
// like a version (`v4`, `1.2.3`, `v0.36.0`) is a Tag, any other name (`main`, `stable`) a Branch.
enum class PinKind { Sha, Tag, Branch, Docker, Local, Reusable, None };
std::string_view pin_kind_name(PinKind kind);

struct ActionRef {
  std::string raw;    // as written
  std::string owner;  // empty for local and docker references
  std::string repo;
  std::string path;  // sub-path inside the repository ("upload-sarif"), or ""
  std::string ref;   // after '@' ("" when absent); for docker the tag or digest
  PinKind kind = PinKind::None;
  std::string comment;          // trailing comment on the source line, without '#', trimmed
  std::string comment_version;  // "v4.2.2" when the comment starts with a version, else ""
  // "owner/repo[/path]" (for docker: the image name; for local: the path).
  std::string name() const;
  std::string owner_repo() const;  // "owner/repo"
};

// Parses a `uses:` value. `job_level` is true for a job's `uses:` (a reusable workflow).
ActionRef parse_uses(std::string_view text, bool job_level);
// True for exactly 40 hexadecimal digits.
bool is_full_sha(std::string_view ref);
// True for refs that look like a version: optional 'v', digits, dots ("v2", "1.2.3", "v0.36.0-rc1").
bool looks_like_version(std::string_view ref);

struct Permissions {
  bool present = false;
  int line = 0;
  int column = 0;
  std::string shorthand;                  // "read-all", "write-all", "{}" or "" for a mapping
  std::map<std::string, Located> scopes;  // scope -> level ("read"/"write"/"none")
};

struct Step {
  std::size_t index = 0;  // 0-based within the job
  int line = 0;           // of the step's first key
  int column = 0;
  std::string id;
  std::string name;
  std::optional<Located> uses_text;
  std::optional<ActionRef> uses;
  std::optional<Located> run;  // position of the value (for a block scalar: the indicator)
  std::map<std::string, Located> with;
  std::map<std::string, Located> env;
  std::string label() const;  // name, else id, else uses, else "step N"
};

struct Job {
  std::string id;
  int line = 0;
  int column = 0;
  std::string name;
  Permissions permissions;
  std::optional<Located> uses_text;  // reusable workflow call
  std::optional<ActionRef> uses;
  std::map<std::string, Located> with;
  std::map<std::string, Located> env;
  std::optional<Located> environment;  // `environment: NAME` or `environment: {name: NAME}`
  std::vector<Step> steps;
};

enum class WorkflowKind { Workflow, CompositeAction, OtherAction };

struct Workflow {
  std::string path;  // relative to the audited directory, '/' separators
  WorkflowKind kind = WorkflowKind::Workflow;
  std::vector<Located> triggers;  // event names of `on:`
  // Ref filters of the triggers: event -> filter key ("branches", "tags", "branches-ignore",
  // "tags-ignore") -> patterns as written. Only events written as a mapping have any.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> trigger_filters;
  Permissions permissions;  // top level
  std::map<std::string, Located> env;
  std::vector<Job> jobs;  // a composite action has one job with id "(composite)"
  // Every `secrets.NAME` referenced anywhere in the file, sorted, unique (for incidents).
  std::vector<std::string> secrets;
  std::string source;  // the file's text (positions of expressions are found in it)
};

struct WorkflowSet {
  std::vector<Workflow> workflows;
  // Files that could not be read as workflows: Severity::Error at the file (path relative to the
  // directory read), line and column of the problem.
  std::vector<Diagnostic> errors;
};

// Reads one workflow or action file from its text. Throws tocsin::Error(path, line, column, …)
// when it is not valid YAML, too big, or not a mapping.
Workflow parse_workflow(const std::string& path, std::string_view content);
// Reads every workflow and composite action under `dir` (see above); never throws for a bad
// file (it becomes an error entry), throws Error only when `dir` is not a directory.
WorkflowSet read_workflows(const std::string& dir);
// Relative paths of the workflow/action files under `dir`, sorted.
std::vector<std::string> find_workflow_files(const std::string& dir);

// ---- Actions as packages -------------------------------------------------------------------

// One lockfile::Lockfile per workflow (format "GitHub Actions workflow", ecosystem
// GitHubActions): a root package for the workflow file and one package per `uses:` (name
// owner/repo[/path], version = the comment version without 'v' for SHA pins, the ref for tags,
// "" otherwise; source "git+https://github.com/owner/repo@REF"; line of the `uses:`). Local
// references are packages with is_local. Edges root -> action are Normal (CI runs on the
// release path: a compromised action reaches release secrets).
std::vector<lockfile::Lockfile> actions_lockfiles(const WorkflowSet& set);
// The version an advisory is matched with: comment version for SHA pins, the ref for tags,
// 'v' removed ("v45.0.7" -> "45.0.7"); "" when there is none.
std::string match_version(const ActionRef& ref);

// ---- Policy inputs -------------------------------------------------------------------------

// zizmor's `unpinned-uses` policies: pattern ("owner/repo", "owner/*", "*") -> "ref-pin",
// "hash-pin" or "any".
struct ZizmorPolicies {
  bool present = false;
  std::string path;
  std::map<std::string, Located> policies;
  // The policy for `ref` (most specific pattern wins, as zizmor) and the pattern, or nullopt.
  std::optional<std::pair<std::string, std::string>> policy_for(const ActionRef& ref) const;
};
// Reads `.github/zizmor.yml` (or .yaml) under dir; absent file -> present=false. Malformed -> Error.
ZizmorPolicies read_zizmor_policies(const std::string& dir);

struct RefPinNarrowing {  // "`taiki-e/install-action@{nextest,…}`" in the prose
  std::string action;
  std::vector<std::string> refs;  // listed refs ("nextest")
  bool open = false;              // the list ends with "…" / "..." (more refs of the same kind)
  int line = 0;
};

struct TrustPolicy {
  std::string path;
  std::vector<Located> allowlist;  // "actions/checkout", "github/codeql-action/*"
  struct Oidc {
    std::string relying_party, subject, purpose;
    int line = 0;
  };
  std::vector<Oidc> oidc;
  // Egress: workflow file name ("ci.yml") -> hosts ("crates.io", "github.com/advisories"), each
  // with the line of its bullet. `ci audit` (egress-not-allowlisted, egress-endpoint-unused) and
  // `ci logs` (all_egress_hosts) read this one table and match with endpoint_allowed().
  std::map<std::string, std::vector<Located>> egress;
  bool tag_pins_for_github_owned = false;  // "`actions/*` and `github/*` stay tag-pinned"
  bool requires_top_level_contents_read = false;
  bool requires_harden_runner_block = false;  // "`egress-policy: block`"
  bool forbids_pull_request_target = false;
  std::vector<std::string> documented_elevations;  // "id-token: write"
  std::vector<RefPinNarrowing> narrowings;
  // What could not be read: Severity::Note at the trust document's path and line (0 for the
  // whole document), a hint saying what was expected, code "trust-unread".
  std::vector<Diagnostic> notes;

  bool allowlisted(const ActionRef& ref) const;
  // Every egress host of every workflow (for `ci logs`).
  std::vector<std::string> all_egress_hosts() const;
  // "OWNER/REPO" of the first OIDC subject pattern `repo:OWNER/REPO:…`, or "".
  std::string repository() const;
};
TrustPolicy parse_trust(const std::string& path, std::string_view markdown);

// True when `host` (lower case, "*.x" allowed) with URL path `path` ("/" when none) is covered by
// an entry of `allowed`: an entry "h" covers h and its subdomains; "h/p" only paths below /p;
// a ":port" on an entry is ignored. Shared by the audit's egress rules and `ci logs`.
bool endpoint_allowed(const std::string& host, const std::string& path, const std::vector<std::string>& allowed);

// The OIDC `sub` claims a job of `workflow` can be issued (GitHub's default subject format):
// `repo:R:environment:NAME` when the job names an environment, else per trigger
// `repo:R:pull_request` (pull_request*), `repo:R:ref:refs/heads/B` / `refs/tags/T` with B/T the
// trigger's branch/tag filters, `*` when unfiltered (push, workflow_dispatch, create: both heads
// and tags; release: tags), `refs/heads/DEFAULT` for events that run on the default branch
// (schedule, issues, workflow_run, …). workflow_call contributes nothing (the caller decides).
// Filter wildcards are kept as written ("refs/tags/v*"); `!` negations are ignored (the result
// is then a superset). Sorted, unique.
std::vector<std::string> possible_oidc_subjects(const Workflow& workflow, const Job& job, const std::string& repository,
                                                const std::string& default_branch);
// True when the documented subject pattern (`*` = any run of characters, `**` alike) covers
// every subject `subject` stands for (its own `*` are taken literally, so "refs/tags/*" covers
// "refs/tags/v*" but not the other way round). Case-insensitive.
bool oidc_subject_covered(std::string_view pattern, std::string_view subject);

// ---- Audit ---------------------------------------------------------------------------------

// The rules, stable ids; each has a default level and the policy sentence it enforces.
struct RuleInfo {
  std::string_view id;
  std::string_view level;  // "critical", "high", "medium", "low", "info"
  std::string_view policy;
  bool needs_trust;  // runs only with a trust document
};
const std::vector<RuleInfo>& rules();
const RuleInfo* find_rule(std::string_view id);

// An advisory that matched an action (computed by the caller from the database).
struct ActionAdvisory {
  std::string file;  // workflow path
  int line = 0;      // of the `uses:`
  std::string id;
  std::vector<std::string> aliases;
  std::string summary;
  std::string kev_cve;  // non-empty when the vulnerability is in CISA KEV
  std::string fixed_version;
  std::string disagreement;  // non-empty when the pin's comment and the advisory disagree
};

struct AuditFinding {
  std::string rule;
  std::string level;
  std::string file;
  int line = 0;
  int column = 0;
  std::string job;
  std::string step;
  std::string uses;
  std::string message;
  std::string policy;
  std::string advisory;  // known-vulnerable-action / kev-action: the advisory id
};

struct AuditInput {
  const WorkflowSet* workflows = nullptr;
  const TrustPolicy* trust = nullptr;  // null: generic rules only
  const ZizmorPolicies* zizmor = nullptr;
  std::vector<ActionAdvisory> advisories;
  // OWNER/REPO for the OIDC subjects (tocsin.toml `[release] repository`); "" = the trust
  // document's (TrustPolicy::repository()); when both are empty the OIDC rule does not run.
  std::string repository;
  std::string default_branch = "main";  // the branch scheduled/default-branch events run on
};

// Findings sorted by file, line, column, rule.
std::vector<AuditFinding> audit(const AuditInput& input);

// Level order: critical 4, high 3, medium 2, low 1, info 0; -1 for unknown.
int level_rank(std::string_view level);

// Reports (report.cpp). JSON: {"schema_version": 1, "trust": …, "errors": […], "findings": […]}
// with each finding's rule, level, file, line, column, job, step, uses, message, policy.
// SARIF 2.1.0: one rule per rule id (with its policy sentence), one result per finding.
struct AuditReport {
  const WorkflowSet* workflows = nullptr;
  const TrustPolicy* trust = nullptr;  // null: "generic rules only" is stated
  std::string trust_path;              // what was looked for when trust is null
  const std::vector<AuditFinding>* findings = nullptr;
  std::string tool_version;
};
std::string render_audit_json(const AuditReport& report);
std::string render_audit_sarif(const AuditReport& report);
std::string render_audit_table(const AuditReport& report);

// ---- Logs ----------------------------------------------------------------------------------

// A token a secret detector found in a log text: where and what, never the token itself.
struct SecretHit {
  std::size_t line = 0;  // 1-based within the text given to the scanner
  std::string kind;      // "GitHub personal access token (classic)"
  std::string redacted;  // as the secrets rules redact it: public prefix, "…", at most the last 4
};
// Finds tokens in a text. The CLI passes the secrets module's detectors (secrets::scan_text:
// vendor formats, checksums, placeholders rejected); this module depends on nothing but core,
// so it takes them as a function.
using SecretScanner = std::function<std::vector<SecretHit>(std::string_view text)>;

struct LogOptions {
  std::string from;  // core/time.h parse_time forms (RFC 3339 date-time or a date); "" = unbounded
  std::string to;
  std::vector<std::string> allowed_hosts;        // a host allows itself and its subdomains
  std::vector<std::string> compromised_markers;  // text printed by a compromised action
  // Tokens printed in clear and tokens inside double-base64 dumps; empty = not looked for
  // (the dumps are still reported, described by their shape only).
  SecretScanner find_secrets;
};

struct LogFinding {
  std::string kind;  // "double-base64", "secret", "post", "url", "marker"
  std::string run;   // top directory below the logs root
  std::string job;   // "build" from "0_build.txt" or the job directory
  std::string step;  // per-step file name without number/extension, or ""
  std::string file;  // relative path
  int line = 0;
  std::string timestamp;
  std::string message;  // redacted: never a whole secret
};

// Scans every *.txt below `dir`. Lines outside [from, to] (by their leading timestamp) are
// skipped; lines without a timestamp are kept. Throws Error when dir is not a directory or a
// bound is not RFC 3339.
std::vector<LogFinding> scan_logs(const std::string& dir, const LogOptions& options);
// Scans one log text (exposed for tests and the benchmark).
void scan_log_text(std::string_view text, const LogOptions& options, const LogFinding& where,
                   std::vector<LogFinding>& out);

}  // namespace tocsin::ci
