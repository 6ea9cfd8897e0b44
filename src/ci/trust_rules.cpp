// The rules that hold the workflows to the trust document's tables: the per-workflow egress
// lists (against harden-runner's `allowed-endpoints`) and the OIDC subject patterns (against the
// subjects a job with `id-token: write` can be issued, derived from triggers and environments).
#include <algorithm>
#include <set>

#include "ci/ci.h"
#include "ci/rules_internal.h"
#include "core/text.h"

namespace tocsin::ci {
namespace {

std::string base_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool is_harden_runner(const Step& step) {
  return step.uses && to_lower(step.uses->owner_repo()) == "step-security/harden-runner";
}

struct Endpoint {
  std::string written;  // "api.github.com:443"
  std::string host;     // "api.github.com"
  int line = 0, column = 0;
};

// The endpoints of a job's harden-runner in block mode; nullptr step when the job has none.
const Step* blocking_harden_runner(const Job& job) {
  for (const Step& step : job.steps) {
    if (!is_harden_runner(step)) continue;
    auto policy = step.with.find("egress-policy");
    if (policy != step.with.end() && to_lower(trim(policy->second.value)) == "block") return &step;
  }
  return nullptr;
}

// `allowed-endpoints` is one string of endpoints separated by white space (a block scalar in
// practice) or commas; each is `host:port`. Positions are found in the source after the value.
std::vector<Endpoint> endpoints_of(const Workflow& workflow, const Located& value) {
  std::vector<Endpoint> out;
  std::string_view source = workflow.source;
  std::size_t search = static_cast<std::size_t>(detail::offset_of(source, value.line, value.column));
  std::string text = value.value;
  std::replace(text.begin(), text.end(), ',', ' ');
  std::size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
    std::size_t end = at;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    if (end == at) break;
    Endpoint e;
    e.written = text.substr(at, end - at);
    at = end;
    std::string host = to_lower(e.written);
    auto scheme = host.find("://");
    if (scheme != std::string::npos) host = host.substr(scheme + 3);
    host = host.substr(0, host.find('/'));
    if (host.find(']') == std::string::npos) host = host.substr(0, host.find(':'));
    e.host = host;
    e.line = value.line;
    e.column = value.column;
    auto found = source.find(e.written, std::min(search, source.size()));
    if (found != std::string_view::npos) {
      detail::position_of(source, found, e.line, e.column);
      search = found + e.written.size();
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<std::string> values(const std::vector<Located>& list) {
  std::vector<std::string> out;
  for (const Located& entry : list) out.push_back(entry.value);
  return out;
}

// Does an endpoint that harden-runner allows cover the documented entry (host part only: the
// runner filters hosts, not paths)? "*.crates.io" covers "static.crates.io".
bool endpoint_covers_entry(const std::string& endpoint_host, const std::string& entry) {
  std::string entry_host = to_lower(entry.substr(0, entry.find('/')));
  entry_host = entry_host.substr(0, entry_host.find(':'));
  if (endpoint_host == entry_host) return true;
  if (starts_with(endpoint_host, "*.")) return ends_with(entry_host, endpoint_host.substr(1));
  return false;
}

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// The `id-token: write` grant a job runs with: its own permissions, else the workflow's.
const Located* id_token_write(const Workflow& workflow, const Job& job, const Permissions*& where) {
  static const Located kShorthand;
  const Permissions& p = job.permissions.present ? job.permissions : workflow.permissions;
  where = &p;
  if (!p.present) return nullptr;  // repository default: GitHub never grants id-token by default
  if (p.shorthand == "write-all") return &kShorthand;
  auto it = p.scopes.find("id-token");
  if (it != p.scopes.end() && to_lower(trim(it->second.value)) == "write") return &it->second;
  return nullptr;
}

bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      while (p < pattern.size() && pattern[p] == '*') ++p;  // `**` is `*`
      star = p;
      mark = t;
    } else if (p < pattern.size() && std::tolower(static_cast<unsigned char>(pattern[p])) ==
                                         std::tolower(static_cast<unsigned char>(text[t]))) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

bool oidc_subject_covered(std::string_view pattern, std::string_view subject) { return glob_match(pattern, subject); }

std::vector<std::string> possible_oidc_subjects(const Workflow& workflow, const Job& job, const std::string& repository,
                                                const std::string& default_branch) {
  std::set<std::string> out;
  const std::string base = "repo:" + repository + ":";
  if (job.environment) {
    std::string name = job.environment->value;
    out.insert(base + "environment:" + (name.find("${{") != std::string::npos ? "*" : name));
    return {out.begin(), out.end()};
  }
  auto refs = [&](const char* kind, const std::vector<std::string>& patterns) {
    for (const std::string& p : patterns)
      if (!starts_with(p, "!")) out.insert(base + "ref:refs/" + kind + "/" + p);
  };
  const std::vector<std::string> any = {"*"};
  for (const Located& trigger : workflow.triggers) {
    const std::string& event = trigger.value;
    std::map<std::string, std::vector<std::string>> filters;
    if (auto it = workflow.trigger_filters.find(event); it != workflow.trigger_filters.end()) filters = it->second;
    if (event == "pull_request" || event == "pull_request_review" || event == "pull_request_review_comment") {
      out.insert(base + "pull_request");
    } else if (event == "pull_request_target") {  // runs on the base branch
      refs("heads", filters.count("branches") ? filters["branches"] : any);
    } else if (event == "push") {
      bool branches = filters.count("branches") || filters.count("branches-ignore");
      bool tags = filters.count("tags") || filters.count("tags-ignore");
      if (!branches && !tags) branches = tags = true;  // unfiltered (or paths only): every ref
      if (branches) refs("heads", filters.count("branches") ? filters["branches"] : any);
      if (tags) refs("tags", filters.count("tags") ? filters["tags"] : any);
    } else if (event == "release") {
      refs("tags", any);
    } else if (event == "workflow_dispatch" || event == "create" || event == "delete" || event == "deployment" ||
               event == "deployment_status") {
      refs("heads", any);
      refs("tags", any);
    } else if (event == "merge_group") {
      refs("heads", {"gh-readonly-queue/*"});
    } else if (event == "workflow_call") {
      // The caller's context decides the subject; audited in the calling workflow.
    } else {  // schedule, issues, issue_comment, workflow_run, repository_dispatch, …
      refs("heads", {default_branch});
    }
  }
  return {out.begin(), out.end()};
}

namespace detail {

void audit_egress(const Workflow& workflow, const AuditInput& input, std::vector<AuditFinding>& out) {
  const TrustPolicy& trust = *input.trust;
  if (workflow.kind != WorkflowKind::Workflow) return;
  std::string name = base_name(workflow.path);
  auto documented = trust.egress.find(name);
  std::vector<std::string> list =
      documented == trust.egress.end() ? std::vector<std::string>{} : values(documented->second);
  for (const Job& job : workflow.jobs) {
    const Step* harden = blocking_harden_runner(job);
    if (harden == nullptr) continue;
    auto allowed = harden->with.find("allowed-endpoints");
    if (allowed == harden->with.end()) continue;
    for (const Endpoint& e : endpoints_of(workflow, allowed->second)) {
      if (endpoint_allowed(e.host, "/", list)) continue;
      out.push_back(make_finding(
          "egress-not-allowlisted", workflow.path, e.line, e.column, &job, harden, harden->uses->raw,
          "allowed-endpoints lets the job reach " + e.written + ", which " + trust.path +
              (documented == trust.egress.end() ? " cannot allow: it has no egress list for " + name
                                                : " does not list for " + name + " (" + join(list) + ")")));
    }
  }
}

void audit_unused_egress(const AuditInput& input, std::vector<AuditFinding>& out) {
  const TrustPolicy& trust = *input.trust;
  for (const auto& [name, list] : trust.egress) {
    if (list.empty()) continue;
    std::vector<std::string> hosts;  // every endpoint some blocking job of `name` allows
    bool exists = false, declares = false;
    for (const Workflow& workflow : input.workflows->workflows) {
      if (workflow.kind != WorkflowKind::Workflow || base_name(workflow.path) != name) continue;
      exists = true;
      for (const Job& job : workflow.jobs) {
        const Step* harden = blocking_harden_runner(job);
        if (harden == nullptr) continue;
        auto allowed = harden->with.find("allowed-endpoints");
        if (allowed == harden->with.end()) continue;
        declares = true;
        for (const Endpoint& e : endpoints_of(workflow, allowed->second)) hosts.push_back(e.host);
      }
    }
    if (!exists) {
      out.push_back(make_finding("egress-endpoint-unused", trust.path, list.front().line, list.front().column, nullptr,
                                 nullptr, "",
                                 "egress list for " + name + ", which is not a workflow under .github/workflows"));
      continue;
    }
    // A workflow still in audit mode declares no endpoints: egress-not-blocked says so already.
    if (!declares) continue;
    for (const Located& entry : list) {
      bool used = std::any_of(hosts.begin(), hosts.end(),
                              [&](const std::string& host) { return endpoint_covers_entry(host, entry.value); });
      if (!used)
        out.push_back(make_finding("egress-endpoint-unused", trust.path, entry.line, entry.column, nullptr, nullptr, "",
                                   entry.value + " is documented for " + name +
                                       " but no job of it allows it in harden-runner's allowed-endpoints"));
    }
  }
}

void audit_oidc(const Workflow& workflow, const AuditInput& input, std::vector<AuditFinding>& out) {
  const TrustPolicy& trust = *input.trust;
  if (workflow.kind != WorkflowKind::Workflow) return;
  std::string repository = input.repository.empty() ? trust.repository() : input.repository;
  if (repository.empty()) return;
  std::vector<std::string> patterns;
  for (const TrustPolicy::Oidc& entry : trust.oidc)
    if (starts_with(entry.subject, "repo:")) patterns.push_back(entry.subject);
  for (const Job& job : workflow.jobs) {
    const Permissions* where = nullptr;
    const Located* grant = id_token_write(workflow, job, where);
    if (grant == nullptr) continue;
    std::vector<std::string> uncovered;
    for (const std::string& subject : possible_oidc_subjects(workflow, job, repository, input.default_branch))
      if (std::none_of(patterns.begin(), patterns.end(),
                       [&](const std::string& p) { return oidc_subject_covered(p, subject); }))
        uncovered.push_back(subject);
    if (uncovered.empty()) continue;
    int line = grant->line != 0 ? grant->line : where->line;
    int column = grant->line != 0 ? grant->column : where->column;
    out.push_back(make_finding("oidc-subject-not-documented", workflow.path, line, column, &job, nullptr, "",
                               "job can request an OIDC token with subject " + join(uncovered, " or ") +
                                   ", which no subject pattern of " + trust.path + " covers" +
                                   (patterns.empty() ? " (it lists none)" : " (" + join(patterns) + ")")));
  }
}

}  // namespace detail
}  // namespace tocsin::ci
