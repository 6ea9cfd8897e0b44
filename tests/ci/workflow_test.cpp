// The workflow model: positions, YAML forms (anchors, flow style, block scalars), actions and
// reusable workflows, `uses:` parsing, and hostile input (non-YAML, huge, alias bombs).
#include <gtest/gtest.h>

#include <chrono>

#include "ci/ci.h"
#include "ci/ci_test_util.h"
#include "core/diagnostic.h"
#include "core/error.h"

namespace tocsin::ci {
namespace {

using testing::TempRepo;

TEST(ParseUses, PinKinds) {
  EXPECT_EQ(parse_uses("actions/checkout@11d5960a326750d5838078e36cf38b85af677262", false).kind, PinKind::Sha);
  EXPECT_EQ(parse_uses("actions/checkout@v4", false).kind, PinKind::Tag);
  EXPECT_EQ(parse_uses("actions/checkout@v4.2.2", false).kind, PinKind::Tag);
  EXPECT_EQ(parse_uses("dtolnay/rust-toolchain@stable", false).kind, PinKind::Branch);
  EXPECT_EQ(parse_uses("actions/checkout", false).kind, PinKind::None);
  EXPECT_EQ(parse_uses("./.github/actions/setup", false).kind, PinKind::Local);
  EXPECT_EQ(parse_uses("docker://alpine:3.20", false).kind, PinKind::Docker);
  EXPECT_EQ(parse_uses("org/repo/.github/workflows/build.yml@main", true).kind, PinKind::Reusable);
  EXPECT_EQ(parse_uses("./.github/workflows/build.yml", true).kind, PinKind::Reusable);
  // A 39-hex ref is not a full SHA.
  EXPECT_EQ(parse_uses("a/b@11d5960a326750d5838078e36cf38b85af67726", false).kind, PinKind::Branch);
}

TEST(ParseUses, NamesAndPaths) {
  ActionRef ref = parse_uses("github/codeql-action/upload-sarif@v3", false);
  EXPECT_EQ(ref.owner, "github");
  EXPECT_EQ(ref.repo, "codeql-action");
  EXPECT_EQ(ref.path, "upload-sarif");
  EXPECT_EQ(ref.ref, "v3");
  EXPECT_EQ(ref.name(), "github/codeql-action/upload-sarif");
  EXPECT_EQ(ref.owner_repo(), "github/codeql-action");
  ActionRef docker = parse_uses("docker://ghcr.io/org/image@sha256:abcd", false);
  EXPECT_EQ(docker.name(), "ghcr.io/org/image");
  EXPECT_EQ(docker.ref, "sha256:abcd");
  EXPECT_EQ(parse_uses("docker://semgrep/semgrep:1.2", false).name(), "semgrep/semgrep");
}

TEST(Workflow, PositionsOfJobsStepsUsesRunPermissionsTriggersWithEnv) {
  const std::string text =
      "name: ci\n"                                                                          // 1
      "on:\n"                                                                               // 2
      "  push:\n"                                                                           // 3
      "  pull_request:\n"                                                                   // 4
      "permissions:\n"                                                                      // 5
      "  contents: read\n"                                                                  // 6
      "env:\n"                                                                              // 7
      "  GLOBAL: 1\n"                                                                       // 8
      "jobs:\n"                                                                             // 9
      "  build:\n"                                                                          // 10
      "    permissions:\n"                                                                  // 11
      "      id-token: write\n"                                                             // 12
      "    steps:\n"                                                                        // 13
      "      - uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.2.2\n"  // 14
      "        with:\n"                                                                     // 15
      "          persist-credentials: false\n"                                              // 16
      "      - name: test\n"                                                                // 17
      "        run: |\n"                                                                    // 18
      "          cargo test\n"                                                              // 19
      "        env:\n"                                                                      // 20
      "          RUST_LOG: debug\n";                                                        // 21
  Workflow w = parse_workflow("ci.yml", text);
  ASSERT_EQ(w.triggers.size(), 2u);
  EXPECT_EQ(w.triggers[0].value, "push");
  EXPECT_EQ(w.triggers[0].line, 3);
  EXPECT_EQ(w.triggers[0].column, 3);
  EXPECT_EQ(w.triggers[1].value, "pull_request");
  EXPECT_TRUE(w.permissions.present);
  EXPECT_EQ(w.permissions.line, 6);  // the value (the mapping) starts there
  EXPECT_EQ(w.permissions.scopes.at("contents").value, "read");
  EXPECT_EQ(w.env.at("GLOBAL").line, 8);
  ASSERT_EQ(w.jobs.size(), 1u);
  const Job& job = w.jobs[0];
  EXPECT_EQ(job.id, "build");
  EXPECT_EQ(job.line, 10);
  EXPECT_EQ(job.column, 3);
  EXPECT_EQ(job.permissions.scopes.at("id-token").value, "write");
  EXPECT_EQ(job.permissions.scopes.at("id-token").line, 12);
  ASSERT_EQ(job.steps.size(), 2u);
  const Step& checkout = job.steps[0];
  EXPECT_EQ(checkout.line, 14);
  EXPECT_EQ(checkout.column, 9);
  ASSERT_TRUE(checkout.uses_text);
  EXPECT_EQ(checkout.uses_text->line, 14);
  EXPECT_EQ(checkout.uses_text->column, 15);
  EXPECT_EQ(checkout.uses->comment, "v4.2.2");
  EXPECT_EQ(checkout.uses->comment_version, "v4.2.2");
  EXPECT_EQ(checkout.with.at("persist-credentials").value, "false");
  EXPECT_EQ(checkout.with.at("persist-credentials").line, 16);
  const Step& test = job.steps[1];
  EXPECT_EQ(test.label(), "test");
  ASSERT_TRUE(test.run);
  EXPECT_EQ(test.run->value, "cargo test\n");
  EXPECT_EQ(test.run->line, 18);
  EXPECT_EQ(test.env.at("RUST_LOG").line, 21);
}

TEST(Workflow, TriggerForms) {
  EXPECT_EQ(parse_workflow("a.yml", "on: push\njobs: {}\n").triggers.at(0).value, "push");
  auto list = parse_workflow("a.yml", "on: [push, workflow_run]\njobs: {}\n").triggers;
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1].value, "workflow_run");
  EXPECT_EQ(list[1].column, 12);
}

TEST(Workflow, AnchorsAndFlowStyleAreFollowed) {
  const std::string text =
      "on: push\n"
      "jobs:\n"
      "  a:\n"
      "    steps: &steps\n"
      "      - {uses: 'actions/checkout@v4', with: {persist-credentials: 'false'}}\n"
      "      - run: echo hi\n"
      "  b:\n"
      "    steps: *steps\n";
  Workflow w = parse_workflow("a.yml", text);
  ASSERT_EQ(w.jobs.size(), 2u);
  ASSERT_EQ(w.jobs[1].steps.size(), 2u);
  EXPECT_EQ(w.jobs[1].steps[0].uses->name(), "actions/checkout");
  EXPECT_EQ(w.jobs[1].steps[0].with.at("persist-credentials").value, "false");
  // An alias reports the anchored node's position.
  EXPECT_EQ(w.jobs[1].steps[0].uses_text->line, 5);
}

TEST(Workflow, CompositeActionIsOneJob) {
  const std::string text =
      "name: setup\n"
      "runs:\n"
      "  using: composite\n"
      "  steps:\n"
      "    - uses: actions/cache@v4\n"
      "    - run: echo ${{ github.head_ref }}\n"
      "      shell: bash\n";
  Workflow w = parse_workflow(".github/actions/setup/action.yml", text);
  EXPECT_EQ(w.kind, WorkflowKind::CompositeAction);
  ASSERT_EQ(w.jobs.size(), 1u);
  EXPECT_EQ(w.jobs[0].id, "(composite)");
  ASSERT_EQ(w.jobs[0].steps.size(), 2u);
  EXPECT_EQ(w.jobs[0].steps[0].uses_text->line, 5);
  // A JavaScript action has no steps.
  EXPECT_EQ(parse_workflow("action.yml", "runs:\n  using: node20\n  main: index.js\n").kind, WorkflowKind::OtherAction);
}

TEST(Workflow, ReusableWorkflowCallAndSecrets) {
  const std::string text =
      "on: push\n"
      "jobs:\n"
      "  call:\n"
      "    uses: org/shared/.github/workflows/release.yml@v1\n"
      "    with:\n"
      "      token: ${{ secrets.RELEASE_TOKEN }}\n"
      "  use:\n"
      "    runs-on: ubuntu-latest\n"
      "    steps:\n"
      "      - run: echo ${{ secrets.NPM_TOKEN }} ${{secrets.RELEASE_TOKEN}}\n";
  Workflow w = parse_workflow("a.yml", text);
  ASSERT_TRUE(w.jobs[0].uses);
  EXPECT_EQ(w.jobs[0].uses->kind, PinKind::Reusable);
  EXPECT_EQ(w.jobs[0].uses->ref, "v1");
  EXPECT_EQ(w.jobs[0].uses_text->line, 4);
  EXPECT_EQ(w.secrets, (std::vector<std::string>{"NPM_TOKEN", "RELEASE_TOKEN"}));
}

TEST(Workflow, MalformedFilesAreLocatedErrors) {
  try {
    parse_workflow("bad.yml", "on: push\njobs:\n  a: [unclosed\n");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.path(), "bad.yml");
    EXPECT_GT(e.line(), 0);
  }
  EXPECT_THROW(parse_workflow("x.yml", "just a string\n"), Error);
  EXPECT_THROW(parse_workflow("x.yml", "on: push\n"), Error);  // no jobs
  EXPECT_THROW(parse_workflow("x.yml", "on: push\njobs:\n  a:\n    steps: 5\n"), Error);
  EXPECT_THROW(parse_workflow("x.yml", "\x01\x02\xff\xfe{{{{"), Error);
}

TEST(Workflow, OneBadFileDoesNotStopTheOthers) {
  TempRepo repo;
  repo.write(".github/workflows/good.yml", "on: push\njobs:\n  a:\n    steps:\n      - run: echo\n");
  repo.write(".github/workflows/bad.yaml", "on: push\njobs: [\n");
  repo.write(".github/workflows/notes.txt", "not a workflow");
  repo.write(".github/actions/setup/action.yml", "runs:\n  using: composite\n  steps: []\n");
  WorkflowSet set = read_workflows(repo.dir());
  ASSERT_EQ(set.workflows.size(), 2u);
  EXPECT_EQ(set.workflows[0].path, ".github/actions/setup/action.yml");
  EXPECT_EQ(set.workflows[1].path, ".github/workflows/good.yml");
  ASSERT_EQ(set.errors.size(), 1u);
  EXPECT_EQ(set.errors[0].location.path, ".github/workflows/bad.yaml");
  EXPECT_GT(set.errors[0].location.line, 0);
  EXPECT_EQ(set.errors[0].severity, Severity::Error);
  EXPECT_EQ(set.errors[0].code, "workflow-unreadable");
}

// Issue 12: the error keeps the parser's line, column and message, and names the file as found
// (relative to the directory read).
TEST(Workflow, UnreadableFileIsAnErrorDiagnosticAtItsLineAndColumn) {
  TempRepo repo;
  repo.write(".github/workflows/bad.yml", "on: push\njobs:\n  a: [\n");
  repo.write(".github/workflows/big.yml", std::string(kMaxWorkflowBytes + 1, '#'));
  WorkflowSet set = read_workflows(repo.dir());
  ASSERT_EQ(set.errors.size(), 2u);
  const Diagnostic& bad = set.errors[0];
  EXPECT_EQ(bad.location.path, ".github/workflows/bad.yml");
  try {
    parse_workflow(".github/workflows/bad.yml", "on: push\njobs:\n  a: [\n");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(bad.location.line, e.line());
    EXPECT_EQ(bad.location.column, e.column());
    EXPECT_EQ(bad.message, e.message());
  }
  EXPECT_GT(bad.location.line, 0);
  EXPECT_GT(bad.location.column, 0);
  EXPECT_EQ(set.errors[1].location.path, ".github/workflows/big.yml");
  EXPECT_EQ(set.errors[1].severity, Severity::Error);
}

TEST(Workflow, FiftyThousandStepsIsBoundedAndRead) {
  std::string text = "on: push\njobs:\n  big:\n    steps:\n";
  for (int i = 0; i < 50000; ++i) text += "      - run: echo " + std::to_string(i) + "\n";
  auto start = std::chrono::steady_clock::now();
  Workflow w = parse_workflow("big.yml", text);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(w.jobs.at(0).steps.size(), 50000u);
  EXPECT_EQ(w.jobs.at(0).steps.back().run->line, 50004);
  EXPECT_LT(seconds, 30.0);
}

TEST(Workflow, AliasBombIsRefusedQuickly) {
  // Ten levels of ten aliases: 10^10 steps if expanded. Each level is a list of lists; the
  // walk must stop at kMaxYamlNodes instead of visiting them all.
  std::string text = "x0: &a0 {run: echo}\n";
  for (int level = 1; level <= 10; ++level) {
    text += "x" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", " : "") + "*a" + std::to_string(level - 1);
    text += "]\n";
  }
  text += "on: push\njobs:\n";
  for (int j = 0; j < 10; ++j) text += "  j" + std::to_string(j) + ":\n    steps: *a1\n    with: *a10\n    env: *a10\n";
  auto start = std::chrono::steady_clock::now();
  try {
    Workflow w = parse_workflow("bomb.yml", text);
    EXPECT_EQ(w.jobs.size(), 10u);  // with/env of a sequence are ignored: no expansion
  } catch (const Error& e) {
    EXPECT_EQ(e.path(), "bomb.yml");
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 10.0);
}

TEST(Workflow, TooLargeFileIsAnError) {
  std::string text(kMaxWorkflowBytes + 1, '#');
  EXPECT_THROW(parse_workflow("huge.yml", text), Error);
}

}  // namespace
}  // namespace tocsin::ci
