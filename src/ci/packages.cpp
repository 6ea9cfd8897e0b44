// Actions as packages of the inventory: one pseudo-lockfile per workflow so that `deps`, `why`
// and `scan` treat `uses:` references like any other dependency.
#include "ci/ci.h"
#include "core/text.h"

namespace tocsin::ci {

std::string match_version(const ActionRef& ref) {
  std::string version;
  if (ref.kind == PinKind::Sha || (ref.kind == PinKind::Reusable && is_full_sha(ref.ref)))
    version = ref.comment_version;
  else if (looks_like_version(ref.ref))
    version = ref.ref;
  if (!version.empty() && (version[0] == 'v' || version[0] == 'V')) version.erase(0, 1);
  return version;
}

std::vector<lockfile::Lockfile> actions_lockfiles(const WorkflowSet& set) {
  std::vector<lockfile::Lockfile> out;
  for (const Workflow& workflow : set.workflows) {
    lockfile::Lockfile lock;
    lock.path = workflow.path;
    lock.format = workflow.kind == WorkflowKind::Workflow ? "GitHub Actions workflow" : "GitHub Actions action";
    lock.ecosystem = Ecosystem::GitHubActions;
    lockfile::Package root;
    root.ecosystem = Ecosystem::GitHubActions;
    root.name = workflow.path;
    root.is_root = true;
    root.is_local = true;
    root.line = 1;
    root.source = "workflow:" + workflow.path;
    lock.packages.push_back(root);
    auto add = [&](const ActionRef& ref, const Located& at) {
      lockfile::Package package;
      package.ecosystem = Ecosystem::GitHubActions;
      package.name = ref.name();
      package.version = match_version(ref);
      package.line = at.line;
      package.is_local = ref.kind == PinKind::Local || (ref.kind == PinKind::Reusable && ref.owner.empty());
      // The source is the reference as written plus its pin kind ("actions/checkout@v4 (tag
      // pin)"): the ref is what the workflow runs, even when the version comes from a comment.
      package.source = ref.raw + " (" + std::string(pin_kind_name(ref.kind)) + " pin)";
      auto index = static_cast<std::uint32_t>(lock.packages.size());
      lock.packages.push_back(std::move(package));
      lock.edges.push_back({0, index, lockfile::DepKind::Normal});
    };
    for (const Job& job : workflow.jobs) {
      if (job.uses && job.uses_text) add(*job.uses, *job.uses_text);
      for (const Step& step : job.steps)
        if (step.uses && step.uses_text) add(*step.uses, *step.uses_text);
    }
    lock.version = "1";
    out.push_back(std::move(lock));
  }
  return out;
}

}  // namespace tocsin::ci
