// Reading the written policy: the trust document's tables and prose, zizmor's policies.
#include <gtest/gtest.h>

#include "ci/ci.h"
#include "ci/ci_test_util.h"
#include "core/diagnostic.h"
#include "core/error.h"

namespace tocsin::ci {
namespace {

using testing::TempRepo;

TEST(Trust, TablesEgressAndPrinciples) {
  const std::string doc =
      "# Trust\n"                                                                             // 1
      "Every workflow declares\n`permissions: contents: read` at top level.\n"                // 2-3
      "GitHub-owned `actions/*` and `github/*` stay tag-pinned.\n"                            // 4
      "`step-security/harden-runner` with `egress-policy: block`.\n"                          // 5
      "`dtolnay/rust-toolchain@{stable,nightly}` and `taiki-e/install-action@{nextest,…}`\n"  // 6
      "\n"                                                                                    // 7
      "| Action | Purpose | Provenance |\n"                                                   // 8
      "|---|---|---|\n"                                                                       // 9
      "| `actions/checkout` | Source checkout | first-party |\n"                              // 10
      "| `github/codeql-action/*` | SAST \\| lint | first-party |\n"                          // 11
      "| `gitleaks` (CLI binary) | secrets | vendor |\n"                                      // 12
      "| `semgrep/semgrep` (container image) | SAST | vendor |\n"                             // 13
      "| `a/b` | short row |\n"                                                               // 14
      "\n"
      "| Relying party | Subject claim pattern | Purpose |\n"  // 16
      "|---|---|---|\n"
      "| Fulcio | `repo:o/r:ref:refs/heads/main` | signing |\n"  // 18
      "| crates.io | (when GA) | publish |\n"                    // 19
      "\n"
      "### `ci.yml` jobs\n"  // 21
      "- `crates.io` (cargo)\n"
      "- `github.com`\n"
      "### `sca.yml` jobs\n"
      "- All of `ci.yml` plus:\n"
      "- `osv.dev` (OSV)\n"
      "- something without a host\n"  // 27
      "```\n| not | a | table |\n```\n";
  TrustPolicy t = parse_trust("CI-TRUST.md", doc);
  ASSERT_EQ(t.allowlist.size(), 4u);
  EXPECT_EQ(t.allowlist[0].value, "actions/checkout");
  EXPECT_EQ(t.allowlist[0].line, 10);
  EXPECT_EQ(t.allowlist[1].value, "github/codeql-action/*");
  EXPECT_EQ(t.allowlist[2].value, "semgrep/semgrep");
  EXPECT_EQ(t.allowlist[3].value, "a/b");
  EXPECT_TRUE(t.requires_top_level_contents_read);
  EXPECT_TRUE(t.tag_pins_for_github_owned);
  EXPECT_TRUE(t.requires_harden_runner_block);
  EXPECT_FALSE(t.forbids_pull_request_target);
  ASSERT_EQ(t.narrowings.size(), 2u);
  EXPECT_EQ(t.narrowings[0].action, "dtolnay/rust-toolchain");
  EXPECT_EQ(t.narrowings[0].refs, (std::vector<std::string>{"stable", "nightly"}));
  EXPECT_FALSE(t.narrowings[0].open);
  EXPECT_TRUE(t.narrowings[1].open);
  ASSERT_EQ(t.oidc.size(), 2u);
  EXPECT_EQ(t.oidc[0].subject, "repo:o/r:ref:refs/heads/main");
  auto hosts = [&](const std::string& workflow) {
    std::vector<std::string> out;
    for (const Located& entry : t.egress.at(workflow)) out.push_back(entry.value);
    return out;
  };
  EXPECT_EQ(hosts("ci.yml"), (std::vector<std::string>{"crates.io", "github.com"}));
  EXPECT_EQ(hosts("sca.yml"), (std::vector<std::string>{"crates.io", "github.com", "osv.dev"}));
  EXPECT_EQ(t.egress.at("sca.yml").back().line, 26);  // the osv.dev bullet
  EXPECT_EQ(t.repository(), "o/r");
  // Notes: gitleaks (no owner/repo), semgrep (container image), the short row, the OIDC row
  // without a subject, the egress bullet without a host.
  std::vector<int> lines;
  for (const Diagnostic& note : t.notes) lines.push_back(note.location.line);
  EXPECT_EQ(lines, (std::vector<int>{12, 13, 14, 19, 27}));
  ActionRef docker = parse_uses("docker://semgrep/semgrep:1.90", false);
  EXPECT_TRUE(t.allowlisted(docker));
  EXPECT_TRUE(t.allowlisted(parse_uses("github/codeql-action/init@v3", false)));
  EXPECT_FALSE(t.allowlisted(parse_uses("github/other@v3", false)));
}

TEST(Trust, EmptyDocumentSaysWhatIsMissing) {
  TrustPolicy t = parse_trust("x.md", "nothing here\n");
  EXPECT_TRUE(t.allowlist.empty());
  ASSERT_EQ(t.notes.size(), 1u);
  EXPECT_NE(t.notes[0].message.find("no allowlist"), std::string::npos);
}

// Issue 12: what could not be read is a Severity::Note diagnostic at the document's path and line
// (rows have no column), code "trust-unread", with what was expected as the hint.
TEST(Trust, NotesAreDiagnosticsSayingWhatWasExpected) {
  const std::string doc =
      "| Action | Purpose |\n"                       // 1
      "|---|---|\n"                                  // 2
      "| `actions/checkout` | checkout | extra |\n"  // 3
      "| gitleaks | secrets |\n"                     // 4
      "\n"                                           // 5
      "| Relying party | Subject | Purpose |\n"      // 6
      "|---|---|---|\n"                              // 7
      "| crates.io | (when GA) | publish |\n"        // 8
      "\n"                                           // 9
      "### `sca.yml` jobs\n"                         // 10
      "- All of `ci.yml` plus:\n"                    // 11
      "- something without a host\n";                // 12
  TrustPolicy t = parse_trust("docs/CI-TRUST.md", doc);
  ASSERT_EQ(t.notes.size(), 5u);
  for (const Diagnostic& note : t.notes) {
    EXPECT_EQ(note.severity, Severity::Note);
    EXPECT_EQ(note.code, "trust-unread");
    EXPECT_EQ(note.location.path, "docs/CI-TRUST.md");
    EXPECT_EQ(note.location.column, 0);
  }
  EXPECT_EQ(t.notes[0].location.line, 3);
  EXPECT_EQ(t.notes[0].hint, "expected 2 cells, one per header column");
  EXPECT_EQ(t.notes[1].location.line, 4);
  EXPECT_EQ(t.notes[1].hint, "expected `owner/repo` or `owner/repo/*` in the first cell");
  EXPECT_EQ(t.notes[2].location.line, 8);
  EXPECT_NE(t.notes[2].hint.find("`repo:OWNER/REPO:ref:refs/heads/main`"), std::string::npos) << t.notes[2].hint;
  EXPECT_EQ(t.notes[3].location.line, 11);
  EXPECT_EQ(t.notes[3].hint, "expected a heading naming 'ci.yml' with its host bullets earlier in the document");
  EXPECT_EQ(t.notes[4].location.line, 12);
  EXPECT_EQ(t.notes[4].hint, "expected the host as a code span, e.g. - `crates.io`");

  TrustPolicy empty = parse_trust("x.md", "nothing here\n");
  ASSERT_EQ(empty.notes.size(), 1u);
  EXPECT_EQ(empty.notes[0].location.line, 0);  // the whole document
  EXPECT_EQ(empty.notes[0].message, "no allowlist table");
  EXPECT_EQ(empty.notes[0].hint, "expected a Markdown table whose first column is 'Action'");
}

TEST(Zizmor, PoliciesMostSpecificFirst) {
  TempRepo repo;
  repo.write(".github/zizmor.yml",
             "rules:\n  unpinned-uses:\n    config:\n      policies:\n        \"actions/*\": ref-pin\n"
             "        \"dtolnay/rust-toolchain\": ref-pin\n        \"*\": hash-pin\n");
  ZizmorPolicies z = read_zizmor_policies(repo.dir());
  ASSERT_TRUE(z.present);
  EXPECT_EQ(z.policy_for(parse_uses("actions/cache@v4", false))->second, "ref-pin");
  EXPECT_EQ(z.policy_for(parse_uses("dtolnay/rust-toolchain@stable", false))->first, "dtolnay/rust-toolchain");
  EXPECT_EQ(z.policy_for(parse_uses("x/y@v1", false))->second, "hash-pin");
  TempRepo none;
  EXPECT_FALSE(read_zizmor_policies(none.dir()).present);
  TempRepo bad;
  bad.write(".github/zizmor.yml", "rules: [\n");
  EXPECT_THROW(read_zizmor_policies(bad.dir()), Error);
}

}  // namespace
}  // namespace tocsin::ci
