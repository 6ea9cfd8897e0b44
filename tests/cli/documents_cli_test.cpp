// The documents written from the incident record, end to end through the built binary: a
// user-safety-report drill (open, ack, fields, milestone steps, close) on a store in a temp dir,
// then `advisory` (Markdown, OSV, CVE), `changelog`, `incident postmortem`, `incident tag` and
// `cna status`. Expected values are the ones the drill recorded, and the runbook's templates.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_tocsin.h"
#include "support/scratch_dir.h"

namespace {

using tocsin::testing::run_tocsin;
using tocsin::testing::TocsinRun;
namespace fs = std::filesystem;

const std::string kFixtures = std::string(TOCSIN_FIXTURES) + "/documents-cli";
const std::string kVector = "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N";
const std::string kImpact = "a seized phone still holds the vault key after a panic wipe";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class Drill {
 public:
  explicit Drill(const std::string& name)
      : repo_(::tocsin::testing::process_temp_dir() + "tocsin_docs_" + name + "_" + std::to_string(::getpid())) {
    fs::remove_all(repo_);
    fs::create_directories(repo_);
    fs::copy_file(kFixtures + "/tocsin.toml", repo_ + "/tocsin.toml");
  }
  ~Drill() { fs::remove_all(repo_); }
  const std::string& repo() const { return repo_; }
  std::string record() const { return " --repo " + repo_ + " --store " + repo_ + "/record.db"; }

  // `tocsin ARGS` on this drill's record, acting at `now`; must succeed.
  std::string run(const std::string& args, const std::string& now) {
    const TocsinRun r = run_tocsin(args + record() + " --actor drill --now " + now, "", true);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.out;
    return r.out;
  }
  // A document command: stdout only, or stdout + stderr.
  TocsinRun document(const std::string& args, bool with_stderr = false) {
    return run_tocsin(args + record(), "", with_stderr);
  }

  // The whole user-safety-report playbook, with every field the documents need.
  void full_user_safety_report(const std::string& reporter, const std::string& credit) {
    run("incident open --playbook user-safety-report --title 'Panic wipe leaves the vault key on disk' "
        "--user-safety panic-wipe-defeat --reporter '" +
            reporter + "' --reported-at 2026-02-02T09:00:00Z",
        "2026-02-02T10:00:00Z");
    run("incident ack INC-0001 --note 'mailed " + reporter + "'", "2026-02-02T12:00:00Z");
    run("incident step INC-0001 verify --done --note 'reproduced on 0.4.2'", "2026-02-03T09:00:00Z");
    run("incident step INC-0001 triage --done", "2026-02-03T10:00:00Z");
    for (const std::string& field : std::vector<std::string>{"cve CVE-2026-10001", "cwe CWE-226", "cvss " + kVector,
                                                             "affected '>= 0.3.0, < 0.4.3'", "patched 0.4.3",
                                                             "credit " + credit, "impact '" + kImpact + "'"})
      run("incident set INC-0001 " + field, "2026-02-03T11:00:00Z");
    run("incident step INC-0001 develop-fix --done", "2026-02-06T10:00:00Z");
    run("incident step INC-0001 test --done", "2026-02-07T10:00:00Z");
    run("incident step INC-0001 coordinate-disclosure --done", "2026-02-08T10:00:00Z");
    run("incident step INC-0001 publish --done", "2026-02-10T10:00:00Z");
    run("incident step INC-0001 post-mortem --done", "2026-02-12T10:00:00Z");
    run("incident close INC-0001 --note 'released 0.4.3'", "2026-02-12T11:00:00Z");
  }

 private:
  std::string repo_;
};

TEST(DocumentsCli, AdvisoryMarkdownIsTheRunbookTemplateFilledFromTheRecord) {
  Drill drill("markdown");
  drill.full_user_safety_report("Jo Smith (@jo)", "handle");
  const TocsinRun r = drill.document("advisory INC-0001 --strict");
  ASSERT_EQ(r.exit_code, 0) << r.out;  // nothing missing: --strict passes
  // The CVSS score is the cvss module's for the recorded vector, not a copied number.
  const nlohmann::json scored = nlohmann::json::parse(run_tocsin("cvss --format json " + kVector).out);
  char score[16];
  std::snprintf(score, sizeof score, "%.1f", scored[0]["score"].get<double>());
  const std::string expected =
      "**Summary**: Panic wipe leaves the vault key on disk\n"
      "**Affected**: >= 0.3.0, < 0.4.3\n"
      "**Patched**: 0.4.3\n"
      "**CVE**: CVE-2026-10001\n"
      "**CWE**: CWE-226\n"
      "**CVSS v4**: `" +
      kVector + "` — " + score + " (" + scored[0]["rating"].get<std::string>() +
      ", CVSS-B)\n"
      "**User-safety impact**: panic-wipe-defeat — " +
      kImpact +
      "\n"
      "**Reporter**: @&#8203;jo\n"  // credited, not pinged (issue 10 item 6)
      "**Acknowledgement**: 2026-02-02\n"
      "**Triage**: 2026-02-03\n"
      "**Fix**: 2026-02-07\n"
      "**Disclosure**: 2026-02-10\n";
  EXPECT_EQ(r.out, expected);
}

TEST(DocumentsCli, OsvAndCveRecordsCarryTheRecordsValues) {
  Drill drill("records");
  drill.full_user_safety_report("Jo Smith (@jo)", "real-name");

  TocsinRun r = drill.document("advisory INC-0001 --format osv --strict");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const nlohmann::json osv = nlohmann::json::parse(r.out);
  EXPECT_EQ(osv["schema_version"], "1.6.0");
  EXPECT_EQ(osv["id"], "CVE-2026-10001");
  EXPECT_EQ(osv["published"], "2026-02-10T10:00:00Z");  // the `disclosed` milestone
  EXPECT_EQ(osv["modified"], "2026-02-12T11:00:00Z");   // the latest event: the close
  EXPECT_EQ(osv["severity"][0]["score"], kVector);
  const nlohmann::json& affected = osv["affected"][0];
  EXPECT_EQ(affected["package"]["ecosystem"], "crates.io");  // tocsin.toml [project]
  EXPECT_EQ(affected["package"]["name"], "bastion-core");
  EXPECT_EQ(affected["ranges"][0]["type"], "SEMVER");
  EXPECT_EQ(affected["ranges"][0]["events"], nlohmann::json::parse(R"([{"introduced":"0.3.0"},{"fixed":"0.4.3"}])"));
  EXPECT_EQ(osv["credits"], nlohmann::json::parse(R"([{"name":"Jo Smith","type":"REPORTER"}])"));
  EXPECT_EQ(osv["database_specific"]["cwe_ids"], nlohmann::json::array({"CWE-226"}));

  // The CVE record needs the assigning CNA, which no incident holds: a named gap until given.
  r = drill.document("advisory INC-0001 --format cve --strict", true);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "warning: INC-0001: cna-org-id:")) << r.out;
  EXPECT_TRUE(contains(r.out, "--cna-org-id UUID")) << r.out;

  const std::string org = "8254265b-2729-46b6-b9e3-3dfca2d5bfca";
  r = drill.document("advisory INC-0001 --format cve --strict --cna-org-id " + org + " --cna-short-name GitHub_M");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const nlohmann::json cve = nlohmann::json::parse(r.out);
  EXPECT_EQ(cve["dataVersion"], "5.1");
  EXPECT_EQ(cve["cveMetadata"]["cveId"], "CVE-2026-10001");
  EXPECT_EQ(cve["cveMetadata"]["assignerOrgId"], org);
  EXPECT_EQ(cve["cveMetadata"]["datePublished"], "2026-02-10T10:00:00Z");
  const nlohmann::json& cna = cve["containers"]["cna"];
  EXPECT_EQ(cna["providerMetadata"]["orgId"], org);
  EXPECT_EQ(cna["affected"][0]["vendor"], "bastion");
  EXPECT_EQ(cna["affected"][0]["repo"], "https://github.com/example/bastion");
  EXPECT_EQ(cna["affected"][0]["versions"][0]["version"], "0.3.0");
  EXPECT_EQ(cna["affected"][0]["versions"][0]["lessThan"], "0.4.3");
  EXPECT_EQ(cna["problemTypes"][0]["descriptions"][0]["cweId"], "CWE-226");
  EXPECT_EQ(cna["metrics"][0]["cvssV4_0"]["vectorString"], kVector);
  const nlohmann::json scored = nlohmann::json::parse(run_tocsin("cvss --format json " + kVector).out);
  EXPECT_EQ(cna["metrics"][0]["cvssV4_0"]["baseScore"], scored[0]["score"]);
  EXPECT_EQ(cna["credits"][0]["value"], "Jo Smith");
}

TEST(DocumentsCli, ChangelogLineHonoursTheCreditPreference) {
  for (const auto& [credit, shown] : {std::pair<std::string, std::string>{"real-name", "Jo Smith"},
                                      {"handle", "@&#8203;jo"},  // credited, not pinged
                                      {"anonymous", "anonymous reporter"}}) {
    Drill drill("changelog_" + credit);
    drill.full_user_safety_report("Jo Smith (@jo)", credit);
    const TocsinRun r = drill.document("changelog INC-0001 --strict");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(r.out, "- security: bastion-core — fix CWE-226/CVE-2026-10001; user-safety impact: " + kImpact +
                         ". Credit: " + shown + ".\n");
  }
}

TEST(DocumentsCli, AnonymousReporterAppearsInNoDocument) {
  Drill drill("anonymous");
  drill.full_user_safety_report("Jo Smith (@jo)", "anonymous");
  for (const std::string command :
       {"advisory INC-0001", "advisory INC-0001 --format osv", "advisory INC-0001 --format cve", "changelog INC-0001",
        "incident postmortem INC-0001 --stride I"}) {
    const TocsinRun r = drill.document(command, true);
    EXPECT_EQ(r.exit_code, 0) << command << "\n" << r.out;
    EXPECT_FALSE(contains(r.out, "Jo")) << command << "\n" << r.out;  // name, handle, and the ack note
    EXPECT_FALSE(contains(r.out, "@jo")) << command << "\n" << r.out;
  }
  EXPECT_TRUE(contains(drill.document("advisory INC-0001").out, "**Reporter**: anonymous reporter\n"));
  const nlohmann::json osv = nlohmann::json::parse(drill.document("advisory INC-0001 --format osv").out);
  EXPECT_FALSE(osv.contains("credits"));
  // The ack note named the reporter; the post-mortem timeline keeps the event, not the name.
  EXPECT_TRUE(
      contains(drill.document("incident postmortem INC-0001").out, "acknowledged the report: mailed \\[reporter\\]"));
}

TEST(DocumentsCli, MissingFieldsAreNamedWithTheCommandThatRecordsThem) {
  Drill drill("missing");
  drill.run(
      "incident open --playbook user-safety-report --title 'Identity leak across contexts' "
      "--reported-at 2026-03-01T08:00:00Z",
      "2026-03-01T09:00:00Z");
  TocsinRun r = drill.document("advisory INC-0001");
  EXPECT_EQ(r.exit_code, 0) << r.out;  // a draft is still printed
  EXPECT_TRUE(contains(r.out, "**CVE**: (missing: no CVE assigned — `tocsin incident set INC-0001 cve CVE-…`)"))
      << r.out;
  EXPECT_TRUE(contains(r.out,
                       "**Acknowledgement**: (missing: acknowledgement date not recorded — "
                       "`tocsin incident ack INC-0001`)"))
      << r.out;
  // A milestone is a playbook step, not a field: the hint names user-safety-report's steps.
  EXPECT_TRUE(contains(r.out, "`tocsin incident step INC-0001 triage --done`")) << r.out;
  EXPECT_TRUE(contains(r.out, "`tocsin incident step INC-0001 test --done`")) << r.out;
  EXPECT_TRUE(contains(r.out, "`tocsin incident step INC-0001 publish --done`")) << r.out;
  EXPECT_TRUE(contains(r.out, "`tocsin incident set INC-0001 cvss CVSS:4.0/…`")) << r.out;
  EXPECT_TRUE(contains(r.out, "`tocsin incident set INC-0001 impact \"…\"`")) << r.out;

  r = drill.document("advisory INC-0001 --strict", true);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  for (const std::string field : {"affected", "patched", "cve", "cwe", "cvss-v4", "user-safety-impact", "credit",
                                  "acknowledged", "triaged", "fixed", "published"})
    EXPECT_TRUE(contains(r.out, "warning: INC-0001: " + field + ": ")) << field << "\n" << r.out;
  EXPECT_TRUE(contains(r.out, "11 field(s) missing or invalid")) << r.out;

  // Without [project] and without a manifest, the OSV record names the package and ecosystem.
  fs::remove(drill.repo() + "/tocsin.toml");
  r = drill.document("advisory INC-0001 --format osv", true);
  EXPECT_TRUE(contains(r.out, "warning: INC-0001: package:")) << r.out;
  EXPECT_TRUE(contains(r.out, "warning: INC-0001: ecosystem:")) << r.out;
  // … which the repo's only manifest then supplies.
  std::ofstream(drill.repo() + "/Cargo.toml") << "[package]\nname = \"vault-guard\"\nversion = \"0.4.2\"\n";
  const nlohmann::json osv = nlohmann::json::parse(drill.document("advisory INC-0001 --format osv").out);
  EXPECT_EQ(osv["affected"][0]["package"]["name"], "vault-guard");
  EXPECT_EQ(osv["affected"][0]["package"]["ecosystem"], "crates.io");
}

TEST(DocumentsCli, PostmortemHasTheRecordsTimelineAndStride) {
  Drill drill("postmortem");
  drill.full_user_safety_report("Jo Smith (@jo)", "handle");
  TocsinRun r = drill.document("incident postmortem INC-0001 --stride I/D");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  for (const std::string row :
       {"| 2026-02-02T10:00:00Z | drill | opened on playbook user-safety-report, severity critical",
        "| 2026-02-02T12:00:00Z | drill | acknowledged the report: mailed Jo Smith (@&#8203;jo) |",
        "| 2026-02-03T10:00:00Z | drill | step triage done (Triage) — milestone triaged |",
        "| 2026-02-03T11:00:00Z | drill | set cve = CVE-2026-10001 |",
        "| 2026-02-07T10:00:00Z | drill | step test done (Test) — milestone fixed |",
        "| 2026-02-10T10:00:00Z | drill | step publish done (Publish) — milestone disclosed |",
        "| 2026-02-12T11:00:00Z | drill | closed: released 0.4.3 |"})
    EXPECT_TRUE(contains(r.out, row)) << row << "\n" << r.out;
  EXPECT_TRUE(contains(r.out, "- **Reported**: 2026-02-02T09:00:00Z\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "- **Disclosed**: 2026-02-10T10:00:00Z\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "STRIDE category: I/D (Information disclosure, Denial of service)\n")) << r.out;

  r = drill.document("incident postmortem INC-0001 --strict", true);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "`--stride S|T|R|I|D|E (e.g. --stride I/D)`")) << r.out;
  EXPECT_EQ(drill.document("incident postmortem INC-0001 --stride Q").exit_code, 2);
}

TEST(DocumentsCli, NextSecfixTagFromGitTagsOrVersion) {
  Drill drill("tag");
  drill.full_user_safety_report("Jo Smith (@jo)", "handle");
  // Not a git repository: --version is the base, and no secfix tag exists yet.
  TocsinRun r = drill.document("incident tag INC-0001 --version 0.4.2");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "v0.4.3-secfix.1\n");
  EXPECT_EQ(drill.document("incident tag INC-0001").exit_code, 2);  // no base at all

  if (std::system("git --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "git is not installed";
  const std::string git = "git -C " + drill.repo() + " -c user.name=t -c user.email=t@example.com ";
  ASSERT_EQ(std::system((git + "init -q && " + git + "commit -q --allow-empty -m r && " + git + "tag v0.4.1 && " + git +
                         "tag v0.4.2 && " + git + "tag v0.4.3-secfix.1")
                            .c_str()),
            0);
  r = drill.document("incident tag INC-0001", true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "v0.4.3-secfix.2\n");  // patched = 0.4.3 matches: no warning
  // A record that names another release is flagged.
  drill.run("incident open --playbook user-safety-report --title other", "2026-02-13T10:00:00Z");
  drill.run("incident set INC-0002 patched 0.5.0", "2026-02-13T10:00:00Z");
  r = drill.document("incident tag INC-0002", true);
  EXPECT_TRUE(
      contains(r.out, "warning: INC-0002 records patched = 0.5.0, but the next security tag is v0.4.3-secfix.2"))
      << r.out;
}

// One closed CVE incident reported at `reported` and published at `published`.
void closed_cve(Drill& drill, int number, const std::string& reported, const std::string& published) {
  char id[16];
  std::snprintf(id, sizeof id, "INC-%04d", number);
  drill.run("incident open --playbook user-safety-report --title 'drill " + std::to_string(number) +
                "' --cve CVE-2026-2000" + std::to_string(number) + " --reported-at " + reported,
            reported);
  drill.run(std::string("incident step ") + id + " publish --done", published);
  drill.run(std::string("incident close ") + id + " --force", published);
}

TEST(DocumentsCli, CnaStatusReadyAfterFourQuartersWithCvesAndTwoChannels) {
  Drill drill("cna");
  closed_cve(drill, 1, "2026-01-05T09:00:00Z", "2026-02-01T09:00:00Z");  // Q1, 27 days
  closed_cve(drill, 2, "2026-04-01T09:00:00Z", "2026-05-01T09:00:00Z");  // Q2, 30 days
  closed_cve(drill, 3, "2026-07-01T09:00:00Z", "2026-09-29T09:00:00Z");  // Q3, exactly 90 days
  closed_cve(drill, 4, "2026-10-01T09:00:00Z", "2026-10-20T09:00:00Z");  // Q4
  fs::create_directories(drill.repo() + "/.well-known");
  fs::copy_file(kFixtures + "/springtale-security.txt", drill.repo() + "/.well-known/security.txt");

  TocsinRun r = drill.document("cna status --format json --now 2026-11-01T00:00:00Z");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  nlohmann::json status = nlohmann::json::parse(r.out);
  EXPECT_EQ(status["ready"], true);
  EXPECT_EQ(status["quarters"]["window"],
            nlohmann::json::parse(R"([{"quarter":"2026-Q1","cves":1},{"quarter":"2026-Q2","cves":1},
                                     {"quarter":"2026-Q3","cves":1},{"quarter":"2026-Q4","cves":1}])"));
  EXPECT_EQ(status["disclosure"]["within_90_days"], 4);
  EXPECT_EQ(status["contact"]["channels"].size(), 2u);
  EXPECT_EQ(status["missing"], nlohmann::json::array());
  r = drill.document("cna status --now 2026-11-01T00:00:00Z");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(contains(r.out, "CNA readiness: READY")) << r.out;

  // Eight months on, 2027-Q1 and Q2 are empty and the security.txt has expired (2027-05-13): not ready.
  r = drill.document("cna status --now 2027-07-01T00:00:00Z");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "CNA readiness: NOT READY")) << r.out;
  EXPECT_TRUE(contains(r.out, "- no CVE published in 2027-Q1, 2027-Q2 (")) << r.out;
  EXPECT_TRUE(contains(r.out, "- security.txt has expired")) << r.out;

  // One channel only (and expired long ago).
  r = drill.document("cna status --format json --now 2026-11-01T00:00:00Z --securitytxt " + kFixtures +
                     "/jazzband-security.txt");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  status = nlohmann::json::parse(r.out);
  EXPECT_EQ(status["contact"]["ok"], false);
  EXPECT_EQ(status["quarters"]["ok"], true);
}

TEST(DocumentsCli, CnaStatusCountsOnlyDisclosuresWithinNinetyDays) {
  Drill drill("cna_slow");
  closed_cve(drill, 1, "2026-01-05T09:00:00Z", "2026-02-01T09:00:00Z");
  closed_cve(drill, 2, "2026-04-01T09:00:00Z", "2026-05-01T09:00:00Z");
  closed_cve(drill, 3, "2026-07-01T09:00:00Z", "2026-09-29T09:00:01Z");  // one second past 90 days
  closed_cve(drill, 4, "2026-10-01T09:00:00Z", "2026-10-20T09:00:00Z");
  const TocsinRun r = drill.document("cna status --format json --now 2026-11-01T00:00:00Z --securitytxt " + kFixtures +
                                     "/springtale-security.txt");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  const nlohmann::json status = nlohmann::json::parse(r.out);
  EXPECT_EQ(status["disclosure"]["within_90_days"], 3);
  EXPECT_EQ(status["disclosure"]["cves"][2]["within_90_days"], false);
  EXPECT_EQ(status["quarters"]["ok"], true);
}

TEST(DocumentsCli, ProjectTableRejectsUnknownKeysWithTheirLine) {
  Drill drill("project_typo");
  std::ofstream(drill.repo() + "/tocsin.toml") << "cna = true\n[project]\nname = \"x\"\npackge = \"y\"\n";
  // tocsin.toml is read once and whole (src/config/): the typo stops every command, `open` first.
  const TocsinRun r = run_tocsin("incident open --playbook user-safety-report --title t" + drill.record() +
                                     " --actor drill --now 2026-03-01T09:00:00Z",
                                 "", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_TRUE(contains(r.out, "tocsin.toml:4:10: unknown key 'packge' in [project]")) << r.out;
}

}  // namespace
