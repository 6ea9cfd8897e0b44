// The audit rules. Each rule is a function over one workflow that appends findings; ids, levels
// and policy sentences are in the table of rules() and never change meaning once released.
#include <algorithm>
#include <regex>

#include "ci/ci.h"
#include "ci/rules_internal.h"
#include "core/text.h"

namespace tocsin::ci {
namespace {

const std::vector<RuleInfo> kRules = {
    {"unpinned-action", "medium",
     "Every third-party action is pinned by full commit SHA; tag refs only where the written policy allows them.",
     false},
    {"pin-comment-missing", "low", "A SHA pin carries a trailing `# vX.Y.Z` comment naming the release it is.", false},
    {"not-allowlisted", "medium", "Only actions listed in the trust document's allowlist table are used.", true},
    {"dangerous-trigger", "high",
     "`pull_request_target` is never used; `workflow_run` never checks out the triggering PR's code.", false},
    {"template-injection", "high",
     "Attacker-controlled `${{ github.event.* }}` / `github.head_ref` values never expand inside `run:` or `script:`.",
     false},
    {"excessive-permissions", "medium",
     "Every workflow declares top-level `permissions: contents: read` and elevates per job only as documented.", false},
    {"credential-persistence", "medium",
     "`actions/checkout` runs with `persist-credentials: false` so the token is not left in .git/config.", false},
    {"egress-not-blocked", "medium",
     "Every job's first step is `step-security/harden-runner` with `egress-policy: block`.", true},
    {"egress-not-allowlisted", "medium",
     "A job's harden-runner `allowed-endpoints` (egress-policy: block) name only hosts of the trust document's egress "
     "list for that workflow.",
     true},
    {"egress-endpoint-unused", "info",
     "The trust document's egress lists name only endpoints some job of that workflow allows (the list is kept "
     "current).",
     true},
    {"oidc-subject-not-documented", "medium",
     "A job that can request an OIDC token (`id-token: write`) gets only subjects the trust document's OIDC table "
     "lists.",
     true},
    {"known-vulnerable-action", "high", "No action version with a known vulnerability is used.", false},
    {"kev-action", "critical",
     "No action with a vulnerability in CISA's Known Exploited Vulnerabilities catalog is used.", false},
};

struct Context {
  const Workflow& workflow;
  const AuditInput& input;
  std::vector<AuditFinding>& out;

  void add(std::string_view rule, int line, int column, const Job* job, const Step* step, const std::string& uses,
           std::string message, std::string level = "") {
    out.push_back(
        detail::make_finding(rule, workflow.path, line, column, job, step, uses, std::move(message), std::move(level)));
  }
};

std::string lower(std::string_view text) { return to_lower(text); }

bool is_github_owned(const ActionRef& ref) {
  std::string owner = lower(ref.owner);
  return owner == "actions" || owner == "github";
}

// ---- unpinned-action / pin-comment-missing ----

void check_pin(Context& c, const Job& job, const Step* step, const ActionRef& ref, const Located& at) {
  const TrustPolicy* trust = c.input.trust;
  if (ref.kind == PinKind::Local || (ref.kind == PinKind::Reusable && ref.owner.empty())) return;
  if (ref.kind == PinKind::Docker) {
    if (!starts_with(ref.ref, "sha256:"))
      c.add("unpinned-action", at.line, at.column, &job, step, ref.raw,
            "container image " + ref.name() + " is not pinned by digest (@sha256:…)");
    return;
  }
  if (is_full_sha(ref.ref)) {
    if (ref.comment.empty())
      c.add("pin-comment-missing", at.line, at.column, &job, step, ref.raw,
            ref.name() + " is pinned by SHA without a `# vX.Y.Z` comment");
    else if (ref.comment_version.empty())
      c.add("pin-comment-missing", at.line, at.column, &job, step, ref.raw,
            ref.name() + " is pinned by SHA with comment '# " + ref.comment + "', which names no version");
    else if (ref.comment_version.find('.') == std::string::npos)
      c.add("pin-comment-missing", at.line, at.column, &job, step, ref.raw,
            ref.name() + " comment '# " + ref.comment_version +
                "' names a major version only, not vX.Y.Z: advisories cannot be matched to the exact release",
            "info");
    return;
  }
  if (ref.ref.empty()) {
    c.add("unpinned-action", at.line, at.column, &job, step, ref.raw, ref.name() + " has no ref at all");
    return;
  }
  std::string what = std::string(pin_kind_name(
      ref.kind == PinKind::Reusable ? (looks_like_version(ref.ref) ? PinKind::Tag : PinKind::Branch) : ref.kind));
  // Allowed by a zizmor ref-pin policy, or by the trust document for GitHub-owned actions.
  std::string allowed_by;
  if (c.input.zizmor != nullptr && c.input.zizmor->present) {
    auto policy = c.input.zizmor->policy_for(ref);
    if (policy && (policy->second == "ref-pin" || policy->second == "any"))
      allowed_by = c.input.zizmor->path + " policy \"" + policy->first + "\": " + policy->second;
  } else if (trust != nullptr && trust->tag_pins_for_github_owned && is_github_owned(ref)) {
    allowed_by = trust->path + " (GitHub-owned actions stay tag-pinned)";
  }
  if (allowed_by.empty()) {
    c.add("unpinned-action", at.line, at.column, &job, step, ref.raw,
          ref.name() + " is pinned by " + what + " '" + ref.ref + "', not by a full commit SHA");
    return;
  }
  if (trust == nullptr) return;
  for (const RefPinNarrowing& narrowing : trust->narrowings) {
    if (lower(narrowing.action) != lower(ref.owner_repo())) continue;
    bool listed = std::find(narrowing.refs.begin(), narrowing.refs.end(), ref.ref) != narrowing.refs.end();
    bool same_kind = narrowing.open && !looks_like_version(ref.ref);
    if (listed || same_kind) return;
    std::string refs;
    for (const std::string& r : narrowing.refs) refs += (refs.empty() ? "" : ",") + r;
    if (narrowing.open) refs += ",…";
    c.add("unpinned-action", at.line, at.column, &job, step, ref.raw,
          ref.name() + "@" + ref.ref + " is a version tag, not a ref that selects behaviour; " + allowed_by +
              " is broader than the written rationale (" + trust->path + ":" + std::to_string(narrowing.line) +
              " allows " + narrowing.action + "@{" + refs + "} only)");
    return;
  }
}

// ---- template-injection ----

bool attacker_controlled(const std::string& expression) {
  static const std::regex pattern(
      R"(github\.head_ref|github\.event\.[a-z0-9_.*\[\]'"-]*?(title|body|message|page_name|head_branch|head\.ref|head\.label|default_branch|author\.email|author\.name|head_commit\.[a-z_.]+)\b)");
  return std::regex_search(expression, pattern);
}

}  // namespace

int detail::offset_of(std::string_view source, int line, int column) {
  std::size_t offset = 0;
  for (int l = 1; l < line && offset < source.size(); ++l) {
    auto next = source.find('\n', offset);
    if (next == std::string_view::npos) return static_cast<int>(source.size());
    offset = next + 1;
  }
  return static_cast<int>(offset) + std::max(column - 1, 0);
}

void detail::position_of(std::string_view source, std::size_t offset, int& line, int& column) {
  line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < source.size(); ++i)
    if (source[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  column = static_cast<int>(offset - line_start) + 1;
}

namespace {

using detail::offset_of;
using detail::position_of;

void check_injection(Context& c, const Job& job, const Step& step, const Located& text, std::string_view where) {
  std::string_view source = c.workflow.source;
  std::size_t search_from = static_cast<std::size_t>(offset_of(source, text.line, text.column));
  std::size_t at = 0;
  while ((at = text.value.find("${{", at)) != std::string::npos) {
    auto end = text.value.find("}}", at);
    if (end == std::string::npos) break;
    std::string expression = text.value.substr(at, end + 2 - at);
    at = end + 2;
    // `${{ env.NAME }}` expands the env value into the script too: follow NAME to the nearest
    // env (step, job, workflow), as GitHub resolves it, and judge that value.
    std::string via;
    if (!attacker_controlled(lower(expression))) {
      std::string_view inner = trim(std::string_view(expression).substr(3, expression.size() - 5));
      if (!starts_with(inner, "env.")) continue;
      std::string name(inner.substr(4));
      const Located* value = nullptr;
      for (const auto* env : {&step.env, &job.env, &c.workflow.env})
        if (auto it = env->find(name); value == nullptr && it != env->end()) value = &it->second;
      if (value == nullptr || !attacker_controlled(lower(value->value))) continue;
      via = " (env." + name + " is " + value->value + ", line " + std::to_string(value->line) + ")";
    }
    int line = text.line, column = text.column;
    auto found = source.find(expression, std::min(search_from, source.size()));
    if (found != std::string_view::npos) {
      position_of(source, found, line, column);
      search_from = found + expression.size();
    }
    c.add("template-injection", line, column, &job, &step, step.uses ? step.uses->raw : "",
          expression + via + " expands attacker-controlled text inside " + std::string(where) +
              "; pass it through env: and quote the shell variable (\"$NAME\") instead");
  }
}

// ---- the per-workflow walk ----

bool is_checkout(const Step& step) { return step.uses && lower(step.uses->owner_repo()) == "actions/checkout"; }

void audit_workflow(Context& c) {
  const Workflow& w = c.workflow;
  const TrustPolicy* trust = c.input.trust;
  // dangerous-trigger
  bool workflow_run = false;
  for (const Located& trigger : w.triggers) {
    if (trigger.value == "pull_request_target")
      c.add(
          "dangerous-trigger", trigger.line, trigger.column, nullptr, nullptr, "",
          std::string("pull_request_target runs with a write token and secrets in the context of the base repository") +
              (trust != nullptr && trust->forbids_pull_request_target ? "; " + trust->path + " says it is never used"
                                                                      : ""));
    if (trigger.value == "workflow_run") workflow_run = true;
  }
  if (workflow_run)
    for (const Job& job : w.jobs)
      for (const Step& step : job.steps) {
        if (!is_checkout(step)) continue;
        auto ref = step.with.find("ref");
        if (ref == step.with.end()) continue;
        std::string value = lower(ref->second.value);
        if (value.find("workflow_run.head") != std::string::npos || value.find("pull_requests") != std::string::npos)
          c.add("dangerous-trigger", ref->second.line, ref->second.column, &job, &step, step.uses->raw,
                "workflow_run checks out the triggering run's head (" + ref->second.value +
                    ") with this workflow's token and secrets");
      }

  // excessive-permissions (workflows only: actions have no permissions of their own)
  if (w.kind == WorkflowKind::Workflow) {
    const Permissions& top = w.permissions;
    if (!top.present)
      c.add("excessive-permissions", 1, 1, nullptr, nullptr, "",
            "no top-level permissions: jobs without their own get the repository's default GITHUB_TOKEN permissions");
    else if (top.shorthand == "write-all")
      c.add("excessive-permissions", top.line, top.column, nullptr, nullptr, "", "top-level permissions: write-all",
            "high");
    else if (trust != nullptr && trust->requires_top_level_contents_read) {
      if (top.shorthand == "read-all")
        c.add("excessive-permissions", top.line, top.column, nullptr, nullptr, "",
              "top-level permissions: read-all; " + trust->path + " requires contents: read only");
      for (const auto& [scope, level] : top.scopes)
        if (level.value == "write")
          c.add("excessive-permissions", level.line, level.column, nullptr, nullptr, "",
                "top-level permission " + scope + ": write; " + trust->path +
                    " requires contents: read at top level and per-job elevation");
    }
    for (const Job& job : w.jobs) {
      const Permissions& p = job.permissions;
      if (!p.present) continue;
      if (p.shorthand == "write-all") {
        c.add("excessive-permissions", p.line, p.column, &job, nullptr, "", "job permissions: write-all", "high");
        continue;
      }
      if (trust == nullptr) continue;
      for (const auto& [scope, level] : p.scopes) {
        if (level.value != "write") continue;
        std::string grant = scope + ": write";
        if (std::find(trust->documented_elevations.begin(), trust->documented_elevations.end(), grant) !=
            trust->documented_elevations.end())
          continue;
        std::string documented;
        for (const std::string& d : trust->documented_elevations) documented += (documented.empty() ? "" : ", ") + d;
        c.add("excessive-permissions", level.line, level.column, &job, nullptr, "",
              "job elevates to " + grant + ", which " + trust->path + " does not document (it names " +
                  (documented.empty() ? std::string("no elevation") : documented) + ")",
              "low");
      }
    }
  }

  for (const Job& job : w.jobs) {
    if (job.uses && job.uses_text) check_pin(c, job, nullptr, *job.uses, *job.uses_text);
    if (job.uses && job.uses_text && trust != nullptr && !job.uses->owner.empty() && !trust->allowlisted(*job.uses))
      c.add("not-allowlisted", job.uses_text->line, job.uses_text->column, &job, nullptr, job.uses->raw,
            job.uses->name() + " is not in the allowlist of " + trust->path);
    for (const Step& step : job.steps) {
      if (step.uses && step.uses_text) {
        const ActionRef& ref = *step.uses;
        check_pin(c, job, &step, ref, *step.uses_text);
        bool external = ref.kind != PinKind::Local && !(ref.kind == PinKind::Reusable && ref.owner.empty());
        if (trust != nullptr && external && !trust->allowlisted(ref))
          c.add("not-allowlisted", step.uses_text->line, step.uses_text->column, &job, &step, ref.raw,
                ref.name() + " is not in the allowlist of " + trust->path);
        if (is_checkout(step)) {
          auto persist = step.with.find("persist-credentials");
          if (persist == step.with.end() || lower(trim(persist->second.value)) != "false")
            c.add("credential-persistence", step.uses_text->line, step.uses_text->column, &job, &step, ref.raw,
                  persist == step.with.end()
                      ? "actions/checkout without persist-credentials: false leaves the token in .git/config"
                      : "actions/checkout with persist-credentials: " + persist->second.value);
        }
        // A `script:` input is code for actions/github-script and for the other script runners
        // (Amadevus/pwsh-script, …): the issue's rule covers `script:` whatever the action.
        {
          auto script = step.with.find("script");
          if (script != step.with.end()) check_injection(c, job, step, script->second, "script:");
        }
      }
      if (step.run) check_injection(c, job, step, *step.run, "run:");
    }
    // egress-not-blocked: jobs that run steps on a runner (not reusable calls, not actions).
    if (trust != nullptr && trust->requires_harden_runner_block && w.kind == WorkflowKind::Workflow &&
        !job.steps.empty()) {
      const Step& first = job.steps.front();
      bool is_harden = first.uses && lower(first.uses->owner_repo()) == "step-security/harden-runner";
      if (!is_harden) {
        bool later = std::any_of(job.steps.begin(), job.steps.end(), [](const Step& s) {
          return s.uses && lower(s.uses->owner_repo()) == "step-security/harden-runner";
        });
        c.add("egress-not-blocked", job.line, job.column, &job, &first, first.uses ? first.uses->raw : "",
              later ? "step-security/harden-runner is not the job's first step"
                    : "the job does not run step-security/harden-runner");
      } else {
        auto policy = first.with.find("egress-policy");
        if (policy == first.with.end())
          c.add("egress-not-blocked", first.uses_text->line, first.uses_text->column, &job, &first, first.uses->raw,
                "harden-runner without egress-policy (defaults to audit); " + trust->path + " requires block");
        else if (lower(policy->second.value) != "block")
          c.add("egress-not-blocked", policy->second.line, policy->second.column, &job, &first, first.uses->raw,
                "harden-runner egress-policy: " + policy->second.value + "; " + trust->path +
                    " requires block with per-job allowed-endpoints");
      }
    }
  }

  // known-vulnerable-action / kev-action
  for (const ActionAdvisory& advisory : c.input.advisories) {
    if (advisory.file != w.path) continue;
    const Job* job = nullptr;
    const Step* step = nullptr;
    std::string uses;
    int column = 1;
    for (const Job& j : w.jobs) {
      if (j.uses_text && j.uses_text->line == advisory.line) {
        job = &j;
        uses = j.uses_text->value;
        column = j.uses_text->column;
      }
      for (const Step& s : j.steps)
        if (s.uses_text && s.uses_text->line == advisory.line) {
          job = &j;
          step = &s;
          uses = s.uses_text->value;
          column = s.uses_text->column;
        }
    }
    std::string message = uses + " is affected by " + advisory.id;
    if (!advisory.summary.empty()) message += ": " + advisory.summary;
    if (!advisory.fixed_version.empty()) message += " (fixed in " + advisory.fixed_version + ")";
    if (!advisory.disagreement.empty()) message += "; " + advisory.disagreement;
    bool kev = !advisory.kev_cve.empty();
    if (kev) message += "; " + advisory.kev_cve + " is in CISA KEV";
    c.add(kev ? "kev-action" : "known-vulnerable-action", advisory.line, column, job, step, uses, message);
    c.out.back().advisory = advisory.id;
  }
}

}  // namespace

AuditFinding detail::make_finding(std::string_view rule, const std::string& file, int line, int column, const Job* job,
                                  const Step* step, const std::string& uses, std::string message, std::string level) {
  const RuleInfo* info = find_rule(rule);
  AuditFinding finding;
  finding.rule = std::string(rule);
  finding.level = level.empty() ? std::string(info->level) : level;
  finding.file = file;
  finding.line = line;
  finding.column = column;
  if (job != nullptr) finding.job = job->id;
  if (step != nullptr) finding.step = step->label();
  finding.uses = uses;
  finding.message = std::move(message);
  finding.policy = std::string(info->policy);
  return finding;
}

const std::vector<RuleInfo>& rules() { return kRules; }

const RuleInfo* find_rule(std::string_view id) {
  for (const RuleInfo& rule : kRules)
    if (rule.id == id) return &rule;
  return nullptr;
}

int level_rank(std::string_view level) {
  if (level == "critical") return 4;
  if (level == "high") return 3;
  if (level == "medium") return 2;
  if (level == "low") return 1;
  if (level == "info") return 0;
  return -1;
}

std::vector<AuditFinding> audit(const AuditInput& input) {
  std::vector<AuditFinding> out;
  if (input.workflows == nullptr) return out;
  for (const Workflow& workflow : input.workflows->workflows) {
    Context context{workflow, input, out};
    audit_workflow(context);
    if (input.trust != nullptr) {
      detail::audit_egress(workflow, input, out);
      detail::audit_oidc(workflow, input, out);
    }
  }
  if (input.trust != nullptr) detail::audit_unused_egress(input, out);
  std::stable_sort(out.begin(), out.end(), [](const AuditFinding& a, const AuditFinding& b) {
    return std::tie(a.file, a.line, a.column, a.rule) < std::tie(b.file, b.line, b.column, b.rule);
  });
  return out;
}

}  // namespace tocsin::ci
