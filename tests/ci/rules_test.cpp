// Each audit rule on project-written workflows: firing, not firing, exceptions honoured.
#include <gtest/gtest.h>

#include "ci/ci.h"
#include "ci/ci_test_util.h"

namespace tocsin::ci {
namespace {

using testing::with_rule;

const char* const kSha = "11d5960a326750d5838078e36cf38b85af677262";

// A trust document with the principles of Springtale's, shortened.
const char* const kTrust =
    "# CI Trust\n"
    "1. Every workflow declares `permissions: contents: read` at top level and elevates per-job only where\n"
    "   needed (e.g. `id-token: write` for OIDC signing jobs).\n"
    "2. GitHub-owned `actions/*` and `github/*` stay tag-pinned. Two actions select behavior from the ref:\n"
    "   `dtolnay/rust-toolchain@{stable,nightly}` and `taiki-e/install-action@{nextest,…}`.\n"
    "3. Every job's first step is `step-security/harden-runner` with `egress-policy: block`.\n"
    "4. `pull_request_target` never used.\n"
    "\n"
    "| Action | Purpose |\n"
    "|---|---|\n"
    "| `actions/checkout` | checkout |\n"
    "| `actions/cache` | cache |\n"
    "| `github/codeql-action/*` | CodeQL |\n"
    "| `step-security/harden-runner` | egress |\n"
    "| `dtolnay/rust-toolchain` | rust |\n"
    "| `taiki-e/install-action` | tools |\n";

struct Audit {
  WorkflowSet set;
  TrustPolicy trust;
  ZizmorPolicies zizmor;
  bool with_trust = true;
  std::vector<AuditFinding> run(std::vector<ActionAdvisory> advisories = {}) {
    AuditInput input;
    input.workflows = &set;
    input.trust = with_trust ? &trust : nullptr;
    input.zizmor = &zizmor;
    input.advisories = std::move(advisories);
    return audit(input);
  }
};

Audit make(const std::string& workflow, bool with_trust = true) {
  Audit a;
  a.set.workflows.push_back(parse_workflow(".github/workflows/w.yml", workflow));
  a.trust = parse_trust("CI-TRUST.md", kTrust);
  a.with_trust = with_trust;
  return a;
}

std::string hardened_job(const std::string& steps, const std::string& permissions = "") {
  return "on: push\npermissions:\n  contents: read\njobs:\n  j:\n" + permissions +
         "    steps:\n"
         "      - uses: step-security/harden-runner@" +
         kSha +
         " # v2.10.1\n"
         "        with:\n"
         "          egress-policy: block\n" +
         steps;
}

TEST(Rules, EveryRuleHasALevelAndPolicy) {
  for (const RuleInfo& rule : rules()) {
    EXPECT_GE(level_rank(rule.level), 0) << rule.id;
    EXPECT_FALSE(rule.policy.empty()) << rule.id;
  }
  EXPECT_EQ(find_rule("nope"), nullptr);
}

TEST(Rules, CleanWorkflowHasNoFindings) {
  Audit a =
      make(hardened_job("      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n"));
  auto findings = a.run();
  EXPECT_TRUE(findings.empty()) << findings.front().rule << ": " << findings.front().message;
}

TEST(UnpinnedAction, ThirdPartyTagFiresShaDoesNot) {
  Audit a = make(hardened_job("      - uses: Swatinem/rust-cache@v2\n      - uses: Swatinem/rust-cache@" +
                              std::string(kSha) + " # v2.7.3\n"));
  auto f = with_rule(a.run(), "unpinned-action");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].line, 10);
  EXPECT_EQ(f[0].column, 15);
  EXPECT_EQ(f[0].uses, "Swatinem/rust-cache@v2");
  EXPECT_EQ(f[0].job, "j");
  EXPECT_EQ(f[0].level, "medium");
}

TEST(UnpinnedAction, GitHubOwnedTagNeedsTheTrustFile) {
  std::string wf = hardened_job("      - uses: actions/cache@v4\n");
  EXPECT_TRUE(with_rule(make(wf).run(), "unpinned-action").empty());
  EXPECT_EQ(with_rule(make(wf, false).run(), "unpinned-action").size(), 1u);
}

TEST(UnpinnedAction, ZizmorPoliciesAndTheNarrowing) {
  Audit a =
      make(hardened_job("      - uses: dtolnay/rust-toolchain@stable\n"      // 10 ref-pin, channel: allowed
                        "      - uses: dtolnay/rust-toolchain@beta\n"        // 11 not in {stable,nightly}
                        "      - uses: taiki-e/install-action@nextest\n"     // 12 tool name: allowed (open list)
                        "      - uses: taiki-e/install-action@cargo-hack\n"  // 13 another tool name: allowed
                        "      - uses: taiki-e/install-action@v2\n"          // 14 version tag: narrowed out
                        "      - uses: other/thing@v1\n"));                  // 15 "*": hash-pin
  a.zizmor.present = true;
  a.zizmor.path = ".github/zizmor.yml";
  a.zizmor.policies["actions/*"] = {"ref-pin", 1, 1};
  a.zizmor.policies["dtolnay/rust-toolchain"] = {"ref-pin", 1, 1};
  a.zizmor.policies["taiki-e/install-action"] = {"ref-pin", 1, 1};
  a.zizmor.policies["*"] = {"hash-pin", 1, 1};
  auto f = with_rule(a.run(), "unpinned-action");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].line, 11);
  EXPECT_EQ(f[1].line, 14);
  EXPECT_NE(f[1].message.find("broader than the written rationale"), std::string::npos) << f[1].message;
  EXPECT_NE(f[1].message.find("taiki-e/install-action@{nextest,…}"), std::string::npos) << f[1].message;
  EXPECT_EQ(f[2].line, 15);
  // Without the trust document the zizmor policy alone decides: only other/thing.
  a.with_trust = false;
  auto g = with_rule(a.run(), "unpinned-action");
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0].line, 15);
}

TEST(UnpinnedAction, DockerReusableAndLocal) {
  Audit a = make(
      "on: push\npermissions: {}\njobs:\n"
      "  call:\n    uses: org/shared/.github/workflows/x.yml@main\n"
      "  pinned:\n    uses: org/shared/.github/workflows/x.yml@" +
          std::string(kSha) +
          " # v1.0.0\n"
          "  local:\n    uses: ./.github/workflows/y.yml\n"
          "  d:\n    runs-on: x\n    steps:\n"
          "      - uses: docker://alpine:3.20\n"
          "      - uses: docker://alpine@sha256:0123\n"
          "      - uses: ./.github/actions/mine\n",
      false);
  auto f = with_rule(a.run(), "unpinned-action");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].job, "call");
  EXPECT_EQ(f[1].uses, "docker://alpine:3.20");
}

TEST(PinCommentMissing, NoCommentNonVersionCommentAndMajorOnly) {
  Audit a = make(hardened_job("      - uses: Swatinem/rust-cache@" + std::string(kSha) +
                              "\n"
                              "      - uses: Swatinem/rust-cache@" +
                              std::string(kSha) +
                              " # stable\n"
                              "      - uses: Swatinem/rust-cache@" +
                              std::string(kSha) +
                              " # v2\n"
                              "      - uses: Swatinem/rust-cache@" +
                              std::string(kSha) + " # v2.7.3\n"));
  auto f = with_rule(a.run(), "pin-comment-missing");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].line, 10);
  EXPECT_EQ(f[0].level, "low");
  EXPECT_EQ(f[1].line, 11);
  EXPECT_EQ(f[2].line, 12);
  EXPECT_EQ(f[2].level, "info");
}

TEST(NotAllowlisted, ExactAndWildcardPatterns) {
  Audit a =
      make(hardened_job("      - uses: github/codeql-action/upload-sarif@v3\n"
                        "      - uses: actions/upload-artifact@v4\n"
                        "      - uses: ACTIONS/Checkout@v4\n"
                        "        with:\n          persist-credentials: false\n"));
  auto f = with_rule(a.run(), "not-allowlisted");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].uses, "actions/upload-artifact@v4");
  // Generic mode: no allowlist, no rule.
  a.with_trust = false;
  EXPECT_TRUE(with_rule(a.run(), "not-allowlisted").empty());
}

TEST(DangerousTrigger, PullRequestTargetAndWorkflowRunCheckout) {
  auto f = with_rule(make("on:\n  pull_request_target:\njobs: {}\n").run(), "dangerous-trigger");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].line, 2);
  EXPECT_NE(f[0].message.find("never used"), std::string::npos);
  EXPECT_TRUE(with_rule(make("on: pull_request\njobs: {}\n").run(), "dangerous-trigger").empty());
  std::string run =
      "on: workflow_run\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n        with:\n"
      "          ref: ${{ github.event.workflow_run.head_sha }}\n";
  auto g = with_rule(make(run).run(), "dangerous-trigger");
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0].line, 7);
  EXPECT_TRUE(with_rule(make("on: workflow_run\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n").run(),
                        "dangerous-trigger")
                  .empty());
}

TEST(TemplateInjection, AttackerControlledContextsInRunAndScript) {
  Audit a =
      make(hardened_job("      - run: |\n"                                                  // 10
                        "          echo ok\n"                                               // 11
                        "          echo \"${{ github.event.pull_request.title }}\"\n"       // 12
                        "      - run: echo ${{ github.head_ref }}\n"                        // 13
                        "      - run: echo ${{ github.sha }} ${{ github.event.number }}\n"  // 14 safe
                        "      - uses: actions/github-script@v7\n"                          // 15
                        "        with:\n"
                        "          script: console.log('${{ github.event.comment.body }}')\n"  // 17
                        "      - env:\n          T: ${{ github.event.issue.title }}\n        run: echo \"$T\"\n"));
  auto f = with_rule(a.run(), "template-injection");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].line, 12);
  EXPECT_EQ(f[0].column, 17);
  EXPECT_EQ(f[1].line, 13);
  EXPECT_EQ(f[2].line, 17);
}

TEST(TemplateInjection, EnvValuesAreFollowedAndScriptInputsOfAnyAction) {
  const std::string w =
      "on: issues\npermissions: {}\n"                                // 1-2
      "env:\n  TITLE: ${{ github.event.issue.title }}\n  SAFE: x\n"  // 3-5
      "jobs:\n  j:\n    runs-on: x\n"                                // 6-8
      "    env:\n      SAFE: ${{ github.event.issue.body }}\n"       // 9-10: job-level SAFE is not safe
      "    steps:\n"                                                 // 11
      "      - run: echo ${{ env.TITLE }}\n"                         // 12: workflow-level TITLE
      "      - run: echo ${{ env.SAFE }}\n"                          // 13: job-level SAFE wins
      "      - run: echo ${{ env.SAFE }}\n"                          // 14
      "        env:\n          SAFE: static\n"                       // 15-16: step-level wins
      "      - run: echo \"$TITLE\"\n"                               // 17: the recommended form
      "      - uses: Amadevus/pwsh-script@97a8b211a5922816aa8a69ced41fa32f23477186 # v2.0.3\n"  // 18
      "        with:\n          script: Write-Host ${{ github.event.issue.title }}\n";          // 19-20
  auto f = with_rule(make(w, false).run(), "template-injection");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].line, 12);
  EXPECT_NE(f[0].message.find("env.TITLE is ${{ github.event.issue.title }}, line 4"), std::string::npos)
      << f[0].message;
  EXPECT_EQ(f[1].line, 13);
  EXPECT_EQ(f[2].line, 20);
  EXPECT_NE(f[2].message.find("script:"), std::string::npos);
}

TEST(ExcessivePermissions, MissingWriteAllAndUndocumentedElevation) {
  auto missing = with_rule(make("on: push\njobs: {}\n").run(), "excessive-permissions");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].line, 1);
  auto all = with_rule(make("on: push\npermissions: write-all\njobs: {}\n").run(), "excessive-permissions");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].level, "high");
  auto top = with_rule(make("on: push\npermissions:\n  contents: write\njobs: {}\n").run(), "excessive-permissions");
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].line, 3);
  Audit jobs = make(hardened_job("", "    permissions:\n      id-token: write\n      packages: write\n"));
  auto f = with_rule(jobs.run(), "excessive-permissions");
  ASSERT_EQ(f.size(), 1u);  // id-token: write is documented, packages: write is not
  EXPECT_EQ(f[0].line, 8);
  EXPECT_NE(f[0].message.find("packages: write"), std::string::npos);
  jobs.with_trust = false;
  EXPECT_TRUE(with_rule(jobs.run(), "excessive-permissions").empty());
  // Composite actions have no permissions of their own.
  Audit action;
  action.set.workflows.push_back(parse_workflow("action.yml", "runs:\n  using: composite\n  steps: []\n"));
  action.with_trust = false;
  EXPECT_TRUE(action.run().empty());
}

TEST(CredentialPersistence, CheckoutWithoutPersistFalse) {
  Audit a =
      make(hardened_job("      - uses: actions/checkout@v4\n"
                        "      - uses: actions/checkout@v4\n        with:\n          persist-credentials: true\n"
                        "      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n"));
  auto f = with_rule(a.run(), "credential-persistence");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].line, 10);
  EXPECT_EQ(f[1].line, 11);
}

TEST(EgressNotBlocked, FirstStepAndPolicy) {
  auto none = with_rule(make("on: push\npermissions: {}\njobs:\n  a:\n    steps:\n      - run: echo\n").run(),
                        "egress-not-blocked");
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].line, 4);
  std::string audit_mode =
      "on: push\npermissions: {}\njobs:\n  a:\n    steps:\n      - uses: step-security/harden-runner@v2\n"
      "        with:\n          egress-policy: audit\n";
  auto f = with_rule(make(audit_mode).run(), "egress-not-blocked");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].line, 8);
  EXPECT_EQ(f[0].column, 26);
  std::string later =
      "on: push\npermissions: {}\njobs:\n  a:\n    steps:\n      - run: echo\n"
      "      - uses: step-security/harden-runner@v2\n        with:\n          egress-policy: block\n";
  auto g = with_rule(make(later).run(), "egress-not-blocked");
  ASSERT_EQ(g.size(), 1u);
  EXPECT_NE(g[0].message.find("not the job's first step"), std::string::npos);
  // Generic mode: the rule needs the trust document.
  EXPECT_TRUE(with_rule(make(audit_mode, false).run(), "egress-not-blocked").empty());
}

TEST(KnownVulnerableAction, AdvisoriesBecomeFindingsAtTheirUse) {
  Audit a = make(hardened_job("      - uses: tj-actions/changed-files@v45\n"));
  auto f = a.run({{".github/workflows/w.yml",
                   10,
                   "GHSA-mrrh-fwg8-r2c3",
                   {"CVE-2025-30066"},
                   "secrets in logs",
                   "CVE-2025-30066",
                   "46.0.1",
                   ""},
                  {".github/workflows/w.yml", 10, "GHSA-test-0000-0000", {}, "other", "", "", ""},
                  {".github/workflows/other.yml", 10, "GHSA-elsewhere", {}, "", "", "", ""}});
  auto kev = with_rule(f, "kev-action");
  ASSERT_EQ(kev.size(), 1u);
  EXPECT_EQ(kev[0].level, "critical");
  EXPECT_EQ(kev[0].advisory, "GHSA-mrrh-fwg8-r2c3");
  EXPECT_EQ(kev[0].column, 15);
  EXPECT_EQ(kev[0].step, "tj-actions/changed-files@v45");
  auto known = with_rule(f, "known-vulnerable-action");
  ASSERT_EQ(known.size(), 1u);
  EXPECT_EQ(known[0].advisory, "GHSA-test-0000-0000");
}

}  // namespace
}  // namespace tocsin::ci
