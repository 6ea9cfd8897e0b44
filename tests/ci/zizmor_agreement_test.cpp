// Agreement with zizmor on the rules both tools have. ../shared/corpus/ci/zizmor holds zizmor's
// own integration-test workflows (unmodified, MIT) and expected.json, the findings read off
// zizmor's snapshots and mapped to tocsin rule ids (unpinned-uses -> unpinned-action,
// dangerous-triggers -> dangerous-trigger, template-injection, excessive-permissions,
// artipacked -> credential-persistence, ref-version-mismatch's missing comment ->
// pin-comment-missing). expected.json's "matching" sentence is the procedure implemented here:
// each case audited alone (generic rules: no trust document, no zizmor.yml), an expected
// finding is found when a finding of its rule lies within +-1 line of `line` or an `alt_lines`
// entry; a finding of a `checked` rule near no expected and no `neutral` line is a false positive.
// The figures are printed (the note quotes them); the test fails on any miss or false positive.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "ci/ci.h"
#include "ci/ci_test_util.h"
#include "core/text.h"
#include "support/shared.h"

namespace tocsin::ci {
namespace {

namespace fs = std::filesystem;

const std::string kCorpus = std::string(TOCSIN_SHARED) + "/corpus/ci/zizmor";

bool near(int line, int expected) { return line >= expected - 1 && line <= expected + 1; }

struct Tally {
  int expected = 0, found = 0, false_positives = 0;
};

TEST(ZizmorAgreement, SharedRulesAgreeOnZizmorsTestWorkflows) {
  TOCSIN_NEED_SHARED(kCorpus + "/expected.json");
  auto expected = nlohmann::json::parse(read_file(kCorpus + "/expected.json"));
  std::map<std::string, Tally> tally;  // per tocsin rule
  int cases = 0;
  for (const auto& c : expected.at("cases")) {
    ++cases;
    const std::string fixture = c.at("fixture");
    testing::TempRepo repo;
    const bool action = c.value("kind", "workflow") == "action";
    const std::string relative = action ? "action.yml" : ".github/workflows/" + fs::path(fixture).filename().string();
    repo.write(relative, read_file(kCorpus + "/fixtures/" + fixture));
    WorkflowSet set = read_workflows(repo.dir());
    ASSERT_TRUE(set.errors.empty()) << fixture << ": " << set.errors.front().message;
    AuditInput input;
    input.workflows = &set;
    std::vector<AuditFinding> findings = audit(input);

    std::vector<std::string> checked = c.at("checked").get<std::vector<std::string>>();
    // Lines each rule may report at without being wrong: expected and neutral lines.
    std::map<std::string, std::vector<int>> accepted;
    for (const auto& e : c.at("expected")) {
      const std::string rule = e.at("rule");
      std::vector<int> lines = {e.at("line").get<int>()};
      for (int alt : e.value("alt_lines", std::vector<int>{})) lines.push_back(alt);
      accepted[rule].insert(accepted[rule].end(), lines.begin(), lines.end());
      ++tally[rule].expected;
      bool found = std::any_of(findings.begin(), findings.end(), [&](const AuditFinding& f) {
        return f.rule == rule && std::any_of(lines.begin(), lines.end(), [&](int line) { return near(f.line, line); });
      });
      if (found)
        ++tally[rule].found;
      else
        ADD_FAILURE() << fixture << ": missed " << rule << " at line " << lines.front() << " (" << e.value("reason", "")
                      << ")";
    }
    for (const auto& n : c.at("neutral"))
      for (int line : n.at("lines").get<std::vector<int>>()) accepted[n.at("rule")].push_back(line);
    for (const AuditFinding& f : findings) {
      if (std::find(checked.begin(), checked.end(), f.rule) == checked.end()) continue;
      const auto& lines = accepted[f.rule];
      if (std::any_of(lines.begin(), lines.end(), [&](int line) { return near(f.line, line); })) continue;
      ++tally[f.rule].false_positives;
      ADD_FAILURE() << fixture << ":" << f.line << ": false positive " << f.rule << ": " << f.message;
    }
  }
  int expected_total = 0, found_total = 0, fp_total = 0;
  for (const auto& [rule, t] : tally) {
    std::printf("zizmor agreement  %-24s expected %3d  found %3d  false positives %d\n", rule.c_str(), t.expected,
                t.found, t.false_positives);
    expected_total += t.expected;
    found_total += t.found;
    fp_total += t.false_positives;
  }
  std::printf("zizmor agreement  %d cases: %d/%d expected findings, %d false positives\n", cases, found_total,
              expected_total, fp_total);
  EXPECT_GT(cases, 30);  // the corpus is 37 cases; fewer means expected.json was not read whole
}

}  // namespace
}  // namespace tocsin::ci
