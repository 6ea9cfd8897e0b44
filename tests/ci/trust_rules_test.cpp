// The rules that compare workflows with the trust document's tables: egress lists against
// harden-runner's allowed-endpoints, OIDC subject patterns against the subjects a job can get.
// Workflows and trust documents are written here; expected results are worked out by hand.
#include <gtest/gtest.h>

#include <algorithm>

#include "ci/ci.h"
#include "ci/ci_test_util.h"

namespace tocsin::ci {
namespace {

using testing::with_rule;

const char* const kSha = "11d5960a326750d5838078e36cf38b85af677262";

const char* const kTrust =
    "# CI Trust\n"                                                                            // 1
    "Every job's first step is `step-security/harden-runner` with `egress-policy: block`.\n"  // 2
    "\n"                                                                                      // 3
    "| Action | Purpose |\n"                                                                  // 4
    "|---|---|\n"                                                                             // 5
    "| `step-security/harden-runner` | egress |\n"                                            // 6
    "\n"                                                                                      // 7
    "| Relying party | Subject claim pattern | Purpose |\n"                                   // 8
    "|---|---|---|\n"                                                                         // 9
    "| Fulcio | `repo:acme/app:ref:refs/heads/main` | release signing |\n"                    // 10
    "| Fulcio | `repo:acme/app:ref:refs/tags/v*` | tag signing |\n"                           // 11
    "| PyPI | `repo:acme/app:environment:pypi` | publish |\n"                                 // 12
    "\n"                                                                                      // 13
    "### `ci.yml` jobs\n"                                                                     // 14
    "- `crates.io` (cargo)\n"                                                                 // 15
    "- `github.com`\n"                                                                        // 16
    "- `registry.npmjs.org` (pnpm)\n"                                                         // 17
    "### `release.yml`\n"                                                                     // 18
    "- All of `ci.yml` plus:\n"                                                               // 19
    "- `github.com/advisories` (path only)\n"                                                 // 20
    "### `gone.yml`\n"                                                                        // 21
    "- `example.org`\n";                                                                      // 22

struct Audit {
  WorkflowSet set;
  TrustPolicy trust = parse_trust("CI-TRUST.md", kTrust);
  std::string repository;
  std::vector<AuditFinding> run() {
    AuditInput input;
    input.workflows = &set;
    input.trust = &trust;
    input.repository = repository;
    return audit(input);
  }
  void add(const std::string& path, const std::string& text) { set.workflows.push_back(parse_workflow(path, text)); }
};

std::string blocking_job(const std::string& id, const std::string& endpoints) {
  return "  " + id +
         ":\n"
         "    runs-on: ubuntu-latest\n"
         "    steps:\n"
         "      - uses: step-security/harden-runner@" +
         kSha +
         " # v2.10.1\n"
         "        with:\n"
         "          egress-policy: block\n"
         "          allowed-endpoints: >\n" +
         endpoints + "      - run: make\n";
}

const char* const kHead = "on: push\npermissions:\n  contents: read\njobs:\n";

TEST(EgressNotAllowlisted, EndpointOutsideTheWorkflowsListFires) {
  Audit a;
  // Line 12: crates.io (listed), line 13: evil.example.net (not listed), line 14: a subdomain of
  // github.com (listed: a host covers its subdomains, as `ci logs` reads the list).
  a.add(".github/workflows/ci.yml", std::string(kHead) + blocking_job("build",
                                                                      "            crates.io:443\n"
                                                                      "            evil.example.net:443\n"
                                                                      "            api.github.com:443\n"
                                                                      "            github.com:443\n"
                                                                      "            registry.npmjs.org:443\n"));
  auto f = with_rule(a.run(), "egress-not-allowlisted");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].line, 13);
  EXPECT_EQ(f[0].column, 13);
  EXPECT_EQ(f[0].job, "build");
  EXPECT_NE(f[0].message.find("evil.example.net:443"), std::string::npos);
  EXPECT_NE(f[0].message.find("ci.yml"), std::string::npos);
  // Every documented ci.yml endpoint is used: nothing unused for ci.yml.
  for (const auto& u : with_rule(a.run(), "egress-endpoint-unused"))
    EXPECT_EQ(u.message.find("for ci.yml"), std::string::npos) << u.message;
}

TEST(EgressNotAllowlisted, InheritedListsPathEntriesAndMissingLists) {
  Audit a;
  // release.yml inherits ci.yml's hosts; `github.com/advisories` allows a path, which
  // harden-runner cannot express, but github.com is inherited whole from ci.yml.
  a.add(".github/workflows/release.yml", std::string(kHead) + blocking_job("publish",
                                                                           "            crates.io:443\n"
                                                                           "            github.com:443\n"));
  // other.yml has no egress list at all: every endpoint fires, and the message says why.
  a.add(".github/workflows/other.yml", std::string(kHead) + blocking_job("x", "            crates.io:443\n"));
  auto f = with_rule(a.run(), "egress-not-allowlisted");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].file, ".github/workflows/other.yml");
  EXPECT_NE(f[0].message.find("no egress list for other.yml"), std::string::npos);
}

TEST(EgressNotAllowlisted, AuditModeAndNoHardenRunnerDoNotFire) {
  Audit a;
  a.add(".github/workflows/ci.yml", std::string(kHead) +
                                        "  build:\n    runs-on: x\n    steps:\n"
                                        "      - uses: step-security/harden-runner@v2\n"
                                        "        with:\n          egress-policy: audit\n"
                                        "          allowed-endpoints: evil.example.net:443\n"
                                        "  plain:\n    runs-on: x\n    steps:\n      - run: curl https://x.example\n");
  EXPECT_TRUE(with_rule(a.run(), "egress-not-allowlisted").empty());
  // No job of ci.yml declares endpoints in block mode: the documented list is not called unused.
  for (const auto& u : with_rule(a.run(), "egress-endpoint-unused"))
    EXPECT_EQ(u.message.find("for ci.yml"), std::string::npos) << u.message;
}

TEST(EgressEndpointUnused, DocumentedButUnallowedEndpointsAndMissingWorkflows) {
  Audit a;
  a.add(".github/workflows/ci.yml", std::string(kHead) + blocking_job("build", "            crates.io:443\n"));
  auto f = with_rule(a.run(), "egress-endpoint-unused");
  // ci.yml: github.com (line 16) and registry.npmjs.org (line 17) are allowed by no job;
  // release.yml and gone.yml are not workflows here (one finding each, at their first entry).
  ASSERT_EQ(f.size(), 4u);
  std::vector<int> lines;
  for (const auto& u : f) {
    EXPECT_EQ(u.file, "CI-TRUST.md");
    EXPECT_EQ(u.level, "info");
    lines.push_back(u.line);
  }
  std::sort(lines.begin(), lines.end());
  // release.yml's first entry is inherited from ci.yml (crates.io, line 15); gone.yml's is line 22.
  EXPECT_EQ(lines, (std::vector<int>{15, 16, 17, 22}));
  // A wildcard endpoint uses the subdomains it covers.
  Audit b;
  b.add(".github/workflows/ci.yml",
        std::string(kHead) + blocking_job("build",
                                          "            *.crates.io:443, crates.io:443 github.com:443\n"
                                          "            registry.npmjs.org:443\n"));
  for (const auto& u : with_rule(b.run(), "egress-endpoint-unused"))
    EXPECT_EQ(u.message.find("for ci.yml"), std::string::npos) << u.message;
  EXPECT_TRUE(with_rule(b.run(), "egress-not-allowlisted").empty());
}

TEST(EgressTable, LogsAndAuditReadTheSameEntries) {
  TrustPolicy t = parse_trust("CI-TRUST.md", kTrust);
  std::vector<std::string> hosts = t.all_egress_hosts();
  // The union `ci logs` uses: ci.yml's three, release.yml's path entry, gone.yml's host.
  EXPECT_EQ(hosts, (std::vector<std::string>{"crates.io", "example.org", "github.com", "github.com/advisories",
                                             "registry.npmjs.org"}));
  EXPECT_TRUE(endpoint_allowed("static.crates.io", "/", hosts));
  EXPECT_FALSE(endpoint_allowed("crates.io.evil.net", "/", hosts));
  EXPECT_TRUE(endpoint_allowed("github.com", "/advisories/GHSA-1", {"github.com/advisories"}));
  EXPECT_FALSE(endpoint_allowed("github.com", "/", {"github.com/advisories"}));
}

// ---- OIDC ----

Workflow workflow_of(const std::string& text) { return parse_workflow(".github/workflows/w.yml", text); }

TEST(OidcSubjects, DerivedFromTriggersAndEnvironment) {
  Workflow w = workflow_of(
      "on:\n  push:\n    branches: [main]\n    tags: ['v*']\n  pull_request:\n  release:\n    types: [published]\n"
      "  schedule:\n    - cron: '0 0 * * *'\njobs:\n"
      "  a:\n    runs-on: x\n    steps: [{run: x}]\n"
      "  b:\n    runs-on: x\n    environment: pypi\n    steps: [{run: x}]\n"
      "  c:\n    runs-on: x\n    environment:\n      name: prod\n      url: https://x\n    steps: [{run: x}]\n");
  EXPECT_EQ(possible_oidc_subjects(w, w.jobs[0], "o/r", "trunk"),
            (std::vector<std::string>{"repo:o/r:pull_request", "repo:o/r:ref:refs/heads/main",
                                      "repo:o/r:ref:refs/heads/trunk", "repo:o/r:ref:refs/tags/*",
                                      "repo:o/r:ref:refs/tags/v*"}));
  EXPECT_EQ(possible_oidc_subjects(w, w.jobs[1], "o/r", "main"),
            (std::vector<std::string>{"repo:o/r:environment:pypi"}));
  EXPECT_EQ(possible_oidc_subjects(w, w.jobs[2], "o/r", "main"),
            (std::vector<std::string>{"repo:o/r:environment:prod"}));
  // Unfiltered push and workflow_dispatch: any branch or tag. Only tags: no branch.
  Workflow u = workflow_of("on: [push, workflow_dispatch]\njobs:\n  a:\n    runs-on: x\n    steps: [{run: x}]\n");
  EXPECT_EQ(possible_oidc_subjects(u, u.jobs[0], "o/r", "main"),
            (std::vector<std::string>{"repo:o/r:ref:refs/heads/*", "repo:o/r:ref:refs/tags/*"}));
  Workflow t = workflow_of(
      "on:\n  push:\n    tags: ['v*', '!v0*']\n  workflow_call:\njobs:\n  a:\n    runs-on: x\n    steps: [{run: x}]\n");
  EXPECT_EQ(possible_oidc_subjects(t, t.jobs[0], "o/r", "main"),
            (std::vector<std::string>{"repo:o/r:ref:refs/tags/v*"}));
}

TEST(OidcSubjects, CoverageTakesTheJobsWildcardsLiterally) {
  EXPECT_TRUE(oidc_subject_covered("repo:o/r:ref:refs/tags/*", "repo:o/r:ref:refs/tags/v*"));
  EXPECT_TRUE(oidc_subject_covered("repo:o/r:ref:refs/tags/v*", "repo:o/r:ref:refs/tags/v*"));
  EXPECT_FALSE(oidc_subject_covered("repo:o/r:ref:refs/tags/v*", "repo:o/r:ref:refs/tags/*"));
  EXPECT_TRUE(oidc_subject_covered("repo:O/R:*", "repo:o/r:pull_request"));
  EXPECT_FALSE(oidc_subject_covered("repo:o/r:ref:refs/heads/main", "repo:o/r:ref:refs/heads/main2"));
}

TEST(OidcSubjectNotDocumented, FiresForUncoveredSubjectsOnly) {
  Audit a;
  a.add(".github/workflows/release.yml",
        "on:\n  push:\n    tags: ['v*']\n  release:\n    types: [published]\n"  // 1-5
        "permissions:\n  contents: read\n"                                      // 6-7
        "jobs:\n"                                                               // 8
        "  sign:\n"                                                             // 9
        "    runs-on: x\n"                                                      // 10
        "    permissions:\n"                                                    // 11
        "      id-token: write\n"                                               // 12
        "    steps: [{run: x}]\n"                                               // 13
        "  pypi:\n"                                                             // 14
        "    runs-on: x\n"                                                      // 15
        "    environment: pypi\n"                                               // 16
        "    permissions:\n"                                                    // 17
        "      id-token: write\n"                                               // 18
        "    steps: [{run: x}]\n"                                               // 19
        "  build:\n"                                                            // 20
        "    runs-on: x\n"                                                      // 21
        "    steps: [{run: x}]\n");                                             // 22
  auto f = with_rule(a.run(), "oidc-subject-not-documented");
  // sign: v* tags are documented, but `release` can publish any tag (refs/tags/*): fires at the
  // id-token grant. pypi: environment:pypi is documented. build: no id-token.
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].job, "sign");
  EXPECT_EQ(f[0].line, 12);
  EXPECT_EQ(f[0].column, 17);
  // Only the uncovered subject is named before "which" (v* tags are covered).
  EXPECT_NE(f[0].message.find("subject repo:acme/app:ref:refs/tags/*, which"), std::string::npos) << f[0].message;
}

TEST(OidcSubjectNotDocumented, TopLevelGrantPullRequestAndRepositoryOverride) {
  Audit a;
  a.add(".github/workflows/ci.yml",
        "on: [pull_request]\npermissions:\n  id-token: write\n  contents: read\n"
        "jobs:\n  t:\n    runs-on: x\n    steps: [{run: x}]\n"
        "  own:\n    runs-on: x\n    permissions:\n      contents: read\n    steps: [{run: x}]\n");
  auto f = with_rule(a.run(), "oidc-subject-not-documented");
  ASSERT_EQ(f.size(), 1u);  // `own` sets its own permissions without id-token
  EXPECT_EQ(f[0].job, "t");
  EXPECT_EQ(f[0].line, 3);
  EXPECT_NE(f[0].message.find("repo:acme/app:pull_request"), std::string::npos);
  // With the repository from tocsin.toml being another one, even main is not covered.
  Audit b;
  b.repository = "other/app";
  b.add(".github/workflows/ci.yml",
        "on:\n  push:\n    branches: [main]\njobs:\n  t:\n    runs-on: x\n    permissions: write-all\n"
        "    steps: [{run: x}]\n");
  auto g = with_rule(b.run(), "oidc-subject-not-documented");
  ASSERT_EQ(g.size(), 1u);
  EXPECT_NE(g[0].message.find("repo:other/app:ref:refs/heads/main"), std::string::npos);
  // The same workflow for acme/app is covered by the first subject row.
  Audit c;
  c.add(".github/workflows/ci.yml",
        "on:\n  push:\n    branches: [main]\njobs:\n  t:\n    runs-on: x\n    permissions: write-all\n"
        "    steps: [{run: x}]\n");
  EXPECT_TRUE(with_rule(c.run(), "oidc-subject-not-documented").empty());
}

TEST(OidcSubjectNotDocumented, NeedsARepository) {
  Audit a;
  a.trust = parse_trust("CI-TRUST.md", "| Action | x |\n|---|---|\n| `a/b` | x |\n");  // no OIDC table
  a.add(".github/workflows/ci.yml",
        "on: push\njobs:\n  t:\n    runs-on: x\n    permissions:\n      id-token: write\n    steps: [{run: x}]\n");
  EXPECT_TRUE(with_rule(a.run(), "oidc-subject-not-documented").empty());
  a.repository = "o/r";  // now known: every subject is undocumented (the document lists none)
  auto f = with_rule(a.run(), "oidc-subject-not-documented");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("lists none"), std::string::npos);
}

}  // namespace
}  // namespace tocsin::ci
