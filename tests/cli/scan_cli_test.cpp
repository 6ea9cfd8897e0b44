// `tocsin scan` end to end: VEX suppression and the KEV gate, every --fail-on value,
// --release-path-only, exit 2 on a missing database or a malformed lockfile, and the JSON, SARIF,
// Markdown and OpenVEX reports, against the fixture database of tests/fixtures/scan/advisories.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "advisory/advisory.h"
#include "scan/scan_test_util.h"
#include "support/run_tocsin.h"
#include "vex/openvex.h"
#include "vex/purl.h"

namespace tocsin::cli {
namespace {

namespace fx = tocsin::scan::testing;
using tocsin::testing::run_tocsin;
using Json = nlohmann::json;

std::string scan_args(const std::string& dir, const std::string& extra = "") {
  return "scan '" + dir + "' --db '" + fx::fixture_database_dir() + "' " + extra;
}

Json scan_json(const std::string& dir, const std::string& extra = "") {
  auto run = run_tocsin(scan_args(dir, "--format json " + extra));
  EXPECT_NE(run.exit_code, 2) << run.out;
  return Json::parse(run.out);
}

const Json* finding_of(const Json& report, const std::string& name) {
  for (const Json& finding : report["findings"])
    if (finding["package"]["name"] == name) return &finding;
  return nullptr;
}

// A writable copy of repo/web (npm: kevpkg in KEV, a MAL record, a dev-only package).
class WebCopy : public ::testing::Test {
 protected:
  void SetUp() override { fx::copy_tree(fx::kScanFixtures + "/repo/web", dir()); }
  std::string dir() const { return scratch_ / "web"; }
  void add_vex(const std::string& fixture) const {
    fx::spit(dir() + "/vex/" + fixture, fx::slurp(fx::kScanFixtures + "/vex/" + fixture));
  }
  fx::ScratchDir scratch_;
};

TEST_F(WebCopy, NotAffectedStatementClosesTheKevGate) {
  EXPECT_EQ(run_tocsin(scan_args(dir(), "--fail-on kev")).exit_code, 1);
  add_vex("not-affected.json");
  EXPECT_EQ(run_tocsin(scan_args(dir(), "--fail-on kev")).exit_code, 0);
  // The other findings still trip a level gate: only the stated one is suppressed.
  EXPECT_EQ(run_tocsin(scan_args(dir(), "--fail-on critical")).exit_code, 1);
  EXPECT_EQ(run_tocsin(scan_args(dir(), "--fail-on kev --no-vex")).exit_code, 1);
}

TEST_F(WebCopy, VexOptionAppliesAFileOutsideTheRepository) {
  EXPECT_EQ(
      run_tocsin(scan_args(dir(), "--fail-on kev --vex '" + fx::kScanFixtures + "/vex/not-affected.json'")).exit_code,
      0);
}

TEST_F(WebCopy, AffectedStatementDoesNotSuppress) {
  add_vex("affected.json");
  EXPECT_EQ(run_tocsin(scan_args(dir(), "--fail-on kev")).exit_code, 1);
  Json report = scan_json(dir());
  const Json* kevpkg = finding_of(report, "kevpkg");
  ASSERT_NE(kevpkg, nullptr);
  EXPECT_TRUE((*kevpkg)["suppressed"].is_null());
  EXPECT_EQ(report["summary"]["suppressed"], 0);
}

TEST_F(WebCopy, JsonCarriesTheSuppression) {
  add_vex("not-affected.json");
  Json report = scan_json(dir());
  const Json* kevpkg = finding_of(report, "kevpkg");
  ASSERT_NE(kevpkg, nullptr);  // suppressed, not dropped
  const Json& suppressed = (*kevpkg)["suppressed"];
  ASSERT_TRUE(suppressed.is_object());
  EXPECT_EQ(suppressed["status"], "not_affected");
  EXPECT_EQ(suppressed["justification"], "vulnerable_code_not_in_execute_path");
  EXPECT_EQ(suppressed["impact_statement"], "The template compiler is never fed untrusted input.");
  std::string file = suppressed["file"];
  EXPECT_EQ(std::filesystem::weakly_canonical(file),
            std::filesystem::weakly_canonical(dir() + "/vex/not-affected.json"));
  EXPECT_EQ(report["summary"]["suppressed"], 1);
  EXPECT_EQ(report["summary"]["findings"], report["findings"].size() - 1);
}

TEST_F(WebCopy, TableHidesSuppressedFindingsUnlessAsked) {
  add_vex("not-affected.json");
  auto plain = run_tocsin(scan_args(dir(), "--fail-on none"));
  EXPECT_EQ(plain.out.find("kevpkg@1.0.0"), std::string::npos) << plain.out;
  EXPECT_NE(plain.out.find("1 suppressed by VEX"), std::string::npos) << plain.out;
  auto shown = run_tocsin(scan_args(dir(), "--fail-on none --show-suppressed"));
  std::size_t row = shown.out.find("kevpkg@1.0.0");
  ASSERT_NE(row, std::string::npos) << shown.out;
  std::string line = shown.out.substr(row, shown.out.find('\n', row) - row);
  EXPECT_NE(line.find("suppressed(not_affected)"), std::string::npos) << line;
}

TEST_F(WebCopy, OpenVexOutputHasOneUnderInvestigationStatementPerUnsuppressedFinding) {
  add_vex("not-affected.json");
  Json report = scan_json(dir());
  auto run = run_tocsin(scan_args(dir(), "--format openvex --fail-on none"));
  ASSERT_EQ(run.exit_code, 0) << run.out;
  vex::Document document = vex::read_openvex_strict("scan.openvex.json", run.out);
  std::multiset<std::string> expected, written;
  for (const Json& finding : report["findings"]) {
    if (!finding["suppressed"].is_null()) continue;
    const Json& package = finding["package"];
    expected.insert(std::string(finding["vulnerability"]["id"]) + " " +
                    vex::format_purl(vex::purl_for_package(Ecosystem::Npm, package["name"].get<std::string>(),
                                                           package["version"].get<std::string>())));
  }
  for (const vex::Statement& statement : document.statements) {
    EXPECT_EQ(statement.status, vex::Status::UnderInvestigation);
    ASSERT_EQ(statement.products.size(), 1u);
    written.insert(statement.vulnerability.name + " " + statement.products[0].id);
  }
  EXPECT_EQ(written, expected);
  EXPECT_EQ(document.statements.size(), 3u);  // four findings, one suppressed
}

TEST(ScanCli, ReleasePathOnlyIgnoresDevOnlyFindings) {
  std::string dir = fx::kScanFixtures + "/devonly";
  Json report = scan_json(dir);
  ASSERT_EQ(report["findings"].size(), 1u);
  EXPECT_EQ(report["findings"][0]["release_path"], false);
  EXPECT_EQ(run_tocsin(scan_args(dir, "--fail-on low")).exit_code, 1);
  EXPECT_EQ(run_tocsin(scan_args(dir, "--fail-on low --release-path-only")).exit_code, 0);
}

// Expected exit codes per gate, from what each fixture holds (levels per the default policy).
TEST(ScanCli, EveryFailOnValue) {
  const std::vector<std::string> gates = {"kev", "known-bad", "critical", "high", "medium",
                                          "low", "info",      "any",      "none"};
  struct Case {
    std::string dir;
    std::string extra;
    std::vector<int> exits;  // in the order of `gates`
  };
  const std::vector<Case> cases = {
      {"gates/info", "", {0, 0, 0, 0, 0, 0, 1, 1, 0}},    // unmaintained: info
      {"gates/medium", "", {0, 0, 0, 0, 1, 1, 1, 1, 0}},  // unscored: medium
      {"devonly", "", {0, 0, 0, 1, 1, 1, 1, 1, 0}},       // CVSS 7.5, dev-only
      {"repo/web", "", {1, 1, 1, 1, 1, 1, 1, 1, 0}},      // KEV critical + MAL
      {"exact/npm", "", {0, 1, 1, 1, 1, 1, 1, 1, 0}},     // known-bad from the database
      {"exact/yarn1", "--no-db --known-bad '" + fx::kAdvisories + "/known-bad.txt'", {0, 1, 1, 1, 1, 1, 1, 1, 0}},
  };
  for (const Case& c : cases)
    for (std::size_t g = 0; g < gates.size(); ++g)
      EXPECT_EQ(run_tocsin(scan_args(fx::kScanFixtures + "/" + c.dir, c.extra + " --fail-on " + gates[g])).exit_code,
                c.exits[g])
          << c.dir << " --fail-on " << gates[g];
  auto bad = run_tocsin(scan_args(fx::kScanFixtures + "/gates/info", "--fail-on severe"), "", true);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("severe"), std::string::npos) << bad.out;
}

TEST(ScanCli, MissingDatabaseIsAnErrorUnlessKnownBadListsAreGiven) {
  fx::ScratchDir empty;
  std::string dir = fx::kScanFixtures + "/exact/npm";
  auto run = run_tocsin("scan '" + dir + "' --db '" + empty.path() + "'", "", true);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("advisories.db"), std::string::npos) << run.out;
  // With a list the scan goes on (and finds foo@1.2.3).
  auto with_list = run_tocsin("scan '" + dir + "' --db '" + empty.path() + "' --known-bad '" + fx::kAdvisories +
                                  "/known-bad.txt' --fail-on known-bad",
                              "", true);
  EXPECT_EQ(with_list.exit_code, 1) << with_list.out;
  EXPECT_NE(with_list.out.find("foo@1.2.3"), std::string::npos) << with_list.out;
  EXPECT_EQ(with_list.out.find("xfoo@1.2.3"), std::string::npos) << with_list.out;
  EXPECT_EQ(run_tocsin("scan '" + dir + "' --no-db").exit_code, 2);  // --no-db needs a list
}

TEST(ScanCli, MalformedLockfileNamesFileAndLine) {
  auto run = run_tocsin(scan_args(fx::kScanFixtures + "/malformed"), "", true);
  EXPECT_EQ(run.exit_code, 2);
  // The missing comma ends line 7; the parser stops at the string that follows on line 8.
  EXPECT_NE(run.out.find("package-lock.json:8:"), std::string::npos) << run.out;
}

class RepoReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    json_ = new Json(scan_json(fx::kScanFixtures + "/repo"));
    auto sarif = run_tocsin(scan_args(fx::kScanFixtures + "/repo", "--format sarif"));
    sarif_ = new Json(Json::parse(sarif.out));
  }
  static void TearDownTestSuite() {
    delete json_;
    delete sarif_;
  }
  static Json* json_;
  static Json* sarif_;
};
Json* RepoReport::json_ = nullptr;
Json* RepoReport::sarif_ = nullptr;

TEST_F(RepoReport, JsonHasTheDocumentedShape) {
  const Json& report = *json_;
  EXPECT_EQ(report["schema_version"], 1);
  EXPECT_EQ(report["tool"]["name"], "tocsin");
  const Json& summary = report["summary"];
  EXPECT_EQ(summary["lockfiles"], 3);
  for (const char* key : {"packages", "findings", "suppressed", "by_level"}) EXPECT_TRUE(summary.contains(key)) << key;
  ASSERT_EQ(report["findings"].size(), 10u);
  EXPECT_EQ(summary["findings"], 10);
  std::size_t by_level = 0;
  for (const auto& [level, count] : summary["by_level"].items()) by_level += count.get<std::size_t>();
  EXPECT_EQ(by_level, 10u);

  const std::vector<std::string> order = {"info", "low", "medium", "high", "critical"};
  int previous = 5;
  for (const Json& finding : report["findings"]) {
    for (const char* key : {"ecosystem", "name", "version", "lockfile", "line"})
      EXPECT_TRUE(finding["package"].contains(key)) << key;
    for (const char* key : {"id", "aliases", "summary", "url", "cvss", "cwes", "informational", "malicious"})
      EXPECT_TRUE(finding["vulnerability"].contains(key)) << key;
    for (const char* key : {"level", "why", "sla_hours", "score"}) EXPECT_TRUE(finding["severity"].contains(key));
    for (const char* key : {"release_path", "paths", "fixed_version", "kev", "known_bad", "suppressed", "sources"})
      EXPECT_TRUE(finding.contains(key)) << key;
    // Most urgent first.
    int rank = static_cast<int>(std::find(order.begin(), order.end(), finding["severity"]["level"]) - order.begin());
    EXPECT_LE(rank, previous) << finding["vulnerability"]["id"];
    previous = rank;
  }
  const Json* alias = finding_of(report, "aliascrate");
  ASSERT_NE(alias, nullptr);
  EXPECT_EQ((*alias)["vulnerability"]["id"], "RUSTSEC-2099-0101");
  EXPECT_EQ((*alias)["vulnerability"]["aliases"], Json({"CVE-2099-1002", "GHSA-c2c2-c2c2-c2c2"}));
  EXPECT_EQ((*alias)["kev"]["cve"], "CVE-2099-1002");
  EXPECT_EQ((*alias)["sources"], Json({"osv", "rustsec"}));
  EXPECT_EQ((*alias)["fixed_version"], "0.3.5");
  const Json* old = finding_of(report, "oldcrate");
  ASSERT_NE(old, nullptr);
  EXPECT_EQ((*old)["vulnerability"]["informational"], "unmaintained");
  EXPECT_EQ((*old)["severity"]["level"], "info");
  EXPECT_TRUE((*old)["fixed_version"].is_null());
  const Json* dev = finding_of(report, "devcrate");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ((*dev)["release_path"], false);
}

// Whether line `number` of `file` (and the next, for Cargo.lock) declares the package.
bool declares(const std::string& file, int number, const std::string& name) {
  std::ifstream in(file);
  std::string line, next;
  for (int n = 1; n <= number && std::getline(in, line); ++n) {
  }
  std::getline(in, next);
  if (file.ends_with("Cargo.lock")) return line == "[[package]]" && next == "name = \"" + name + "\"";
  if (file.ends_with("package-lock.json")) return line == "    \"node_modules/" + name + "\": {";
  // requirements.txt: the pin, its name compared as PEP 503 normalizes it.
  auto pin = line.substr(0, line.find("=="));
  return advisory::normalize_name(Ecosystem::PyPI, pin) == advisory::normalize_name(Ecosystem::PyPI, name);
}

TEST_F(RepoReport, SarifHasOneRulePerVulnerabilityAndResultsAtTheLockfileLine) {
  const Json& sarif = *sarif_;
  EXPECT_EQ(sarif["version"], "2.1.0");
  ASSERT_EQ(sarif["runs"].size(), 1u);
  const Json& run = sarif["runs"][0];
  const Json& rules = run["tool"]["driver"]["rules"];
  std::set<std::string> rule_ids, finding_ids;
  for (const Json& rule : rules) {
    EXPECT_TRUE(rule_ids.insert(rule["id"]).second) << "duplicate rule " << rule["id"];
    // Informational advisories are not security alerts on GitHub: no security-severity.
    bool security = false;
    for (const Json& tag : rule["properties"]["tags"]) security = security || tag == "security";
    EXPECT_EQ(rule["properties"].contains("security-severity"), security) << rule.dump();
  }
  for (const Json& finding : (*json_)["findings"]) finding_ids.insert(finding["vulnerability"]["id"]);
  EXPECT_EQ(rule_ids, finding_ids);

  const Json& results = run["results"];
  ASSERT_EQ(results.size(), (*json_)["findings"].size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Json& result = results[i];
    const Json& finding = (*json_)["findings"][i];
    EXPECT_EQ(result["ruleId"], finding["vulnerability"]["id"]);
    EXPECT_EQ(rules[result["ruleIndex"].get<std::size_t>()]["id"], result["ruleId"]);
    const Json& location = result["locations"][0]["physicalLocation"];
    std::string uri = location["artifactLocation"]["uri"];
    int line = location["region"]["startLine"];
    // The URI is relative to the repository root: tocsin's own git work tree when the fixture is
    // inside one, else the scanned directory.
    const std::string lockfile = finding["package"]["lockfile"];
    EXPECT_TRUE(uri == lockfile || uri.ends_with("tests/fixtures/scan/repo/" + lockfile)) << uri;
    EXPECT_EQ(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    EXPECT_EQ(line, finding["package"]["line"]);
    EXPECT_TRUE(declares(fx::kScanFixtures + "/repo/" + lockfile, line, finding["package"]["name"]))
        << uri << ":" << line << " does not declare " << finding["package"]["name"];
  }
}

TEST(ScanCli, MarkdownListsEveryUnsuppressedFinding) {
  fx::ScratchDir scratch;
  fx::copy_tree(fx::kScanFixtures + "/repo/web", scratch / "web");
  fx::spit(scratch / "web/vex/not-affected.json", fx::slurp(fx::kScanFixtures + "/vex/not-affected.json"));
  Json report = scan_json(scratch / "web");
  auto run = run_tocsin(scan_args(scratch / "web", "--format markdown --fail-on none"));
  ASSERT_EQ(run.exit_code, 0);
  std::size_t rows = 0;
  for (const Json& finding : report["findings"]) {
    std::string id = finding["vulnerability"]["id"];
    std::string package = std::string(finding["package"]["name"]) + "@" + std::string(finding["package"]["version"]);
    bool listed = run.out.find(id) != std::string::npos && run.out.find(package) != std::string::npos;
    EXPECT_EQ(listed, finding["suppressed"].is_null()) << id;
    rows += finding["suppressed"].is_null() ? 1 : 0;
  }
  std::size_t table_lines = 0;
  std::istringstream lines(run.out);
  for (std::string line; std::getline(lines, line);) table_lines += line.starts_with("| ") ? 1 : 0;
  EXPECT_EQ(table_lines, rows + 1);  // header + one row per unsuppressed finding
}

}  // namespace
}  // namespace tocsin::cli

namespace tocsin::cli {
namespace {

// --open-incidents: one incident per new finding at or above the level, none duplicated on the
// next scan, and a "fixed" record when the finding disappears.
TEST_F(WebCopy, OpenIncidentsIsIdempotentAndRecordsFixes) {
  std::string store = scratch_ / "incidents.db";
  std::string incident_args = "--open-incidents --min-level high --actor ci --store '" + store + "' ";
  auto first = run_tocsin(scan_args(dir(), incident_args + "--now 2026-11-25T09:00:00Z"), "", true);
  ASSERT_NE(first.exit_code, 2) << first.out;
  EXPECT_NE(first.out.find("incidents opened: INC-0001"), std::string::npos) << first.out;
  auto listed = Json::parse(run_tocsin("incident list --format json --store '" + store + "'").out);
  ASSERT_TRUE(listed.is_array() || listed.contains("incidents")) << listed.dump();
  const Json& incidents = listed.is_array() ? listed : listed["incidents"];
  std::size_t opened = incidents.size();
  EXPECT_GE(opened, 1u);
  bool kev_playbook = false;
  for (const Json& incident : incidents) kev_playbook = kev_playbook || incident["playbook"] == "kev-failure";
  EXPECT_TRUE(kev_playbook) << "the KEV finding opens a kev-failure incident";

  auto second = run_tocsin(scan_args(dir(), incident_args + "--now 2026-11-25T10:00:00Z"), "", true);
  EXPECT_EQ(second.out.find("incidents opened"), std::string::npos) << second.out;
  auto again = Json::parse(run_tocsin("incident list --format json --store '" + store + "'").out);
  EXPECT_EQ((again.is_array() ? again : again["incidents"]).size(), opened);

  // The KEV finding goes away (a not_affected statement suppresses it): its incident records it.
  add_vex("not-affected.json");
  auto third = run_tocsin(scan_args(dir(), incident_args + "--now 2026-11-25T11:00:00Z"), "", true);
  EXPECT_NE(third.out.find("findings fixed on incidents"), std::string::npos) << third.out;
}

}  // namespace
}  // namespace tocsin::cli
