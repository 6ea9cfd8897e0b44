// Integration: Springtale's real workflows against its real CI-TRUST.md and zizmor.yml (skipped
// when ../shared is absent). The expected counts were established by hand with grep over the
// workflow files (see /work/notes/ci.md); where possible the test recounts them from the text.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "ci/ci.h"
#include "ci/ci_test_util.h"
#include "core/text.h"
#include "support/shared.h"

namespace tocsin::ci {
namespace {

using testing::with_rule;
namespace fs = std::filesystem;

const std::string kSpringtale = std::string(TOCSIN_SHARED) + "/fixtures/springtale";

std::size_t count_lines_containing(const std::string& needle) {
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(kSpringtale + "/.github/workflows")) {
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);)
      if (!starts_with(trim(line), "#")) count += line.find(needle) != std::string::npos ? 1 : 0;
  }
  return count;
}

class Springtale : public ::testing::Test {
 protected:
  void SetUp() override {
    TOCSIN_NEED_SHARED(kSpringtale + "/docs/security/CI-TRUST.md");
    set_ = read_workflows(kSpringtale);
    trust_ = parse_trust("docs/security/CI-TRUST.md", read_file(kSpringtale + "/docs/security/CI-TRUST.md"));
    zizmor_ = read_zizmor_policies(kSpringtale);
    findings_ = audit({&set_, &trust_, &zizmor_, {}});
  }
  WorkflowSet set_;
  TrustPolicy trust_;
  ZizmorPolicies zizmor_;
  std::vector<AuditFinding> findings_;
};

TEST_F(Springtale, EveryWorkflowReadsAndTheTrustDocumentParses) {
  EXPECT_EQ(set_.workflows.size(), 12u);
  EXPECT_TRUE(set_.errors.empty());
  EXPECT_EQ(trust_.allowlist.size(), 33u);  // 34 rows minus gitleaks (a CLI binary, not owner/repo)
  EXPECT_TRUE(trust_.tag_pins_for_github_owned);
  EXPECT_TRUE(trust_.requires_harden_runner_block);
  EXPECT_TRUE(trust_.forbids_pull_request_target);
  EXPECT_TRUE(trust_.requires_top_level_contents_read);
  ASSERT_EQ(trust_.narrowings.size(), 2u);
  EXPECT_EQ(trust_.egress.at("sca.yml").size(), trust_.egress.at("ci.yml").size() + 4);
  EXPECT_EQ(trust_.oidc.size(), 5u);
  EXPECT_EQ(trust_.notes.size(), 4u);  // gitleaks, semgrep (container image), two OIDC rows without subject
  EXPECT_TRUE(zizmor_.present);
}

TEST_F(Springtale, UnpinnedActionsAreSwatinemTagAndTaikiVersionTags) {
  auto f = with_rule(findings_, "unpinned-action");
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f[0].file, ".github/workflows/ci.yml");
  EXPECT_EQ(f[0].line, 171);
  EXPECT_EQ(f[0].uses, "Swatinem/rust-cache@v2");
  for (std::size_t i = 1; i < f.size(); ++i) {
    EXPECT_EQ(f[i].uses, "taiki-e/install-action@v2");
    EXPECT_NE(f[i].message.find("broader than the written rationale"), std::string::npos);
  }
  EXPECT_EQ(count_lines_containing("taiki-e/install-action@v2"), 4u);
}

TEST_F(Springtale, EveryJobIsInAuditModeOrUnhardened) {
  auto f = with_rule(findings_, "egress-not-blocked");
  std::size_t audit_mode = 0, missing = 0;
  for (const auto& finding : f) {
    if (finding.message.find("egress-policy: audit") != std::string::npos) ++audit_mode;
    if (finding.message.find("does not run") != std::string::npos) {
      ++missing;
      EXPECT_EQ(finding.job, "semgrep");  // a container job
    }
  }
  EXPECT_EQ(audit_mode, count_lines_containing("egress-policy: audit"));
  EXPECT_EQ(missing, 1u);
  EXPECT_EQ(f.size(), audit_mode + missing);
}

TEST_F(Springtale, CommentsAndPermissions) {
  std::map<std::string, std::size_t> levels;
  for (const auto& f : with_rule(findings_, "pin-comment-missing")) ++levels[f.level];
  EXPECT_EQ(levels["low"], 5u);     // four `# stable`, one `# nextest`
  EXPECT_EQ(levels["info"], 111u);  // SHA pins commented with a major version only (`# v2`)
  auto perms = with_rule(findings_, "excessive-permissions");
  // Every `scope: write` grant but the documented id-token: write.
  EXPECT_EQ(perms.size(), count_lines_containing(": write") - count_lines_containing("id-token: write"));
  auto allow = with_rule(findings_, "not-allowlisted");
  ASSERT_EQ(allow.size(), 1u);
  EXPECT_EQ(allow[0].job, "osv-scanner");
  EXPECT_TRUE(with_rule(findings_, "template-injection").empty());
  EXPECT_TRUE(with_rule(findings_, "credential-persistence").empty());
  EXPECT_TRUE(with_rule(findings_, "dangerous-trigger").empty());
  EXPECT_EQ(count_lines_containing("actions/checkout"), count_lines_containing("persist-credentials: false"));
}

// OIDC: the trust document documents `ref:refs/heads/main`, `ref:refs/tags/v*` and
// `environment:pypi` for ScopeCreep-zip/Springtale. Read by hand from the workflows: the four
// id-token jobs of provenance.yml run `on: release` (any tag: refs/tags/*, wider than v*);
// sbom.yml's `merge` job runs on push to main (covered), release (refs/tags/*) and
// workflow_dispatch (any branch or tag); scorecard.yml's job runs on main only (covered).
TEST_F(Springtale, OidcSubjectsWiderThanDocumented) {
  auto f = with_rule(findings_, "oidc-subject-not-documented");
  std::vector<std::string> where;
  for (const auto& finding : f) where.push_back(finding.file + ":" + std::to_string(finding.line) + " " + finding.job);
  EXPECT_EQ(where, (std::vector<std::string>{
                       ".github/workflows/provenance.yml:87 repro-check",
                       ".github/workflows/provenance.yml:144 slsa-provenance",
                       ".github/workflows/provenance.yml:158 cosign-sign",
                       ".github/workflows/provenance.yml:196 attest-build",
                       ".github/workflows/sbom.yml:257 merge",
                   }));
  for (const auto& finding : f) {
    EXPECT_NE(finding.message.find("repo:ScopeCreep-zip/Springtale:ref:refs/tags/*, which"), std::string::npos)
        << finding.message;
    EXPECT_EQ(finding.message.find("refs/heads/main or"), std::string::npos) << finding.message;  // covered
  }
  EXPECT_NE(f.back().message.find("refs/heads/*"), std::string::npos) << f.back().message;  // workflow_dispatch
  EXPECT_EQ(count_lines_containing("id-token: write"), 6u);                                 // + scorecard's
  // No job runs harden-runner in block mode, so there are no allowed-endpoints to compare, and
  // no egress list is called unused (every listed workflow exists).
  EXPECT_TRUE(with_rule(findings_, "egress-not-allowlisted").empty());
  EXPECT_TRUE(with_rule(findings_, "egress-endpoint-unused").empty());
}

}  // namespace
}  // namespace tocsin::ci
