// Reading GitHub exports: list shapes, Dependabot alerts and repository advisories.
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/text.h"
#include "intake/intake.h"

namespace tocsin::intake {
namespace {

std::string fixture(const std::string& name) { return std::string(TOCSIN_FIXTURES) + "/intake/" + name; }

std::vector<ListItem> list(const std::string& name) { return read_github_list(name, read_file(fixture(name))); }

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(GithubList, ReadsOneArrayPaginatedPagesAndSlurpedPages) {
  const std::vector<ListItem> plain = list("dependabot-alerts.json");
  ASSERT_EQ(plain.size(), 3u);
  for (const char* name : {"dependabot-paginate.json", "dependabot-slurp.json"}) {
    const std::vector<ListItem> pages = list(name);
    ASSERT_EQ(pages.size(), plain.size()) << name;
    for (std::size_t i = 0; i < pages.size(); ++i) {
      EXPECT_EQ(pages[i].value, plain[i].value) << name << " entry " << i;
      EXPECT_EQ(pages[i].index, i);
    }
  }
}

TEST(GithubList, PagesSeparatedByNewlinesAndEmptyPages) {
  EXPECT_EQ(read_github_list("x", "[{\"a\":1}]\n[]\n[{\"a\":2}]\n").size(), 2u);
  EXPECT_TRUE(read_github_list("x", "[]").empty());
}

TEST(GithubList, DuplicateKeysReadAsJsonParseDoes) {
  const auto items = read_github_list("x", R"([{"state":"open","state":"fixed"}])");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].value["state"], "fixed");
}

TEST(GithubList, RefusesWhatIsNotAList) {
  EXPECT_NE(error_of([] { list("github-error.json"); }).find("GitHub's error response \"Bad credentials\""),
            std::string::npos);
  EXPECT_NE(error_of([] { read_github_list("f.json", "[1, 2]"); }).find("entry 0: expected a JSON object"),
            std::string::npos);
  EXPECT_NE(error_of([] { read_github_list("f.json", "  "); }).find("empty file"), std::string::npos);
  const std::string syntax = error_of([] { read_github_list("f.json", "[\n  {\"number\": 1,}\n]"); });
  EXPECT_NE(syntax.find("f.json:2:"), std::string::npos) << syntax;
  EXPECT_NE(syntax.find("invalid JSON"), std::string::npos) << syntax;
  // A number too large for a double: nlohmann's out_of_range 406, not a parse error.
  const std::string range = error_of([] { read_github_list("f.json", "[\n  {\"number\": 1e999}\n]"); });
  EXPECT_NE(range.find("a number is out of range"), std::string::npos) << range;
}

TEST(Dependabot, MapsAnOpenAlert) {
  const auto reports = dependabot_reports("alerts.json", list("dependabot-alerts.json"), Context{});
  ASSERT_EQ(reports.size(), 3u);
  const incident::ExternalReport& django = reports[0];
  EXPECT_EQ(django.key, "github-dependabot:octocat/hello-world#2");
  EXPECT_TRUE(django.opens);
  EXPECT_EQ(django.request.playbook, "vulnerable-dependency");
  EXPECT_EQ(django.request.cve, "CVE-2018-6188");
  EXPECT_EQ(django.request.cwe, "CWE-200");
  // cvss_severities.cvss_v4 is preferred over v3: 8.7 is high.
  EXPECT_EQ(django.request.cvss, "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N");
  EXPECT_EQ(django.request.severity, policy::Level::High);
  EXPECT_NE(django.request.severity_why.find("CVSS 4.0 score 8.7"), std::string::npos) << django.request.severity_why;
  EXPECT_EQ(django.request.affected, ">= 2.0.0, < 2.0.2");
  EXPECT_EQ(django.request.patched, "2.0.2");
  EXPECT_EQ(django.request.reported_at, parse_time("2022-06-15T07:43:03Z", "t"));
  EXPECT_EQ(django.request.external.at("ghsa"), "GHSA-rf4j-j272-fj86");
  EXPECT_EQ(django.request.external.at("url"), "https://github.com/octocat/hello-world/security/dependabot/2");
  EXPECT_EQ(django.request.external.at("package"), "PyPI/Django");
  EXPECT_EQ(django.request.external.at("release_path"), "not in the inventory");
}

TEST(Dependabot, GithubSeverityStandsInWithoutAVectorAndEcosystemsAreMapped) {
  const auto reports = dependabot_reports("alerts.json", list("dependabot-alerts.json"), Context{});
  const incident::ExternalReport& time = reports[1];
  EXPECT_EQ(time.join_package, "crates.io/time");
  EXPECT_TRUE(time.request.cvss.empty());
  EXPECT_EQ(time.request.severity, policy::Level::Medium);
  EXPECT_NE(time.request.severity_why.find("GitHub's severity medium"), std::string::npos) << time.request.severity_why;
  const incident::ExternalReport& lodash = reports[2];
  EXPECT_FALSE(lodash.opens);
  EXPECT_EQ(lodash.state, "dismissed");
  EXPECT_EQ(lodash.state_note, "not_used: dev tooling only");
  EXPECT_EQ(osv_ecosystem("rust"), "crates.io");
  EXPECT_EQ(osv_ecosystem("pip"), "PyPI");
  EXPECT_EQ(osv_ecosystem("npm"), "npm");
  EXPECT_EQ(osv_ecosystem("actions"), "GitHub Actions");
}

TEST(Dependabot, FixedAlertsReachTheFixMilestoneAtTheirFixTime) {
  const auto reports = dependabot_reports("later.json", list("dependabot-alerts-later.json"), Context{});
  EXPECT_TRUE(reports[0].fixed);
  EXPECT_EQ(reports[0].state_at, "2022-09-01T10:00:00Z");
  EXPECT_FALSE(reports[1].fixed);
  EXPECT_EQ(reports[1].state, "dismissed");
}

TEST(Dependabot, AnAlertWithoutAPackageNamesTheEntry) {
  const std::string message =
      error_of([] { dependabot_reports("bad.json", list("dependabot-no-package.json"), Context{}); });
  EXPECT_NE(message.find("bad.json"), std::string::npos) << message;
  EXPECT_NE(message.find("entry 0 (alert #7): no package"), std::string::npos) << message;
  EXPECT_NE(error_of([] {
              dependabot_reports("b.json", read_github_list("b", R"([{"state":"open"}])"), Context{});
            }).find("entry 0: a Dependabot alert needs an integer \"number\""),
            std::string::npos);
}

TEST(RepositoryAdvisories, UserSafetyReportsAndOtherReportsTakeTheirPlaybooks) {
  const auto reports = advisory_reports("advisories.json", list("advisories.json"), Context{});
  ASSERT_EQ(reports.size(), 4u);
  const incident::ExternalReport& vault = reports[0];
  EXPECT_EQ(vault.key, "github-advisory:GHSA-1111-2222-3333");
  EXPECT_TRUE(vault.opens);  // triage: privately reported
  EXPECT_EQ(vault.request.playbook, "user-safety-report");
  EXPECT_EQ(vault.request.user_safety_class, "vault-key-extraction");
  EXPECT_FALSE(vault.request.severity.has_value());  // user-safety: always Critical, decided when opened
  EXPECT_EQ(vault.request.reporter, "@alice-sec");
  EXPECT_EQ(vault.request.external.at("package"), "crates.io/springtale-vault");
  EXPECT_EQ(vault.request.credit, "handle");
  EXPECT_EQ(vault.request.cwe, "CWE-321");
  EXPECT_EQ(vault.request.reported_at, parse_time("2026-12-01T08:00:00Z", "t"));

  const incident::ExternalReport& xss = reports[1];
  EXPECT_TRUE(xss.opens);  // published
  EXPECT_EQ(xss.request.playbook, "reported-vulnerability");
  EXPECT_EQ(xss.request.severity, policy::Level::Critical);  // CVSS 3.1 9.1
  EXPECT_EQ(xss.request.reporter, "@bob");
  EXPECT_EQ(xss.request.affected, ">= 0.3.0, < 0.4.3");
  EXPECT_EQ(xss.request.patched, "0.4.3");

  EXPECT_FALSE(reports[2].opens);  // draft
  EXPECT_FALSE(reports[3].opens);  // withdrawn
  EXPECT_EQ(reports[3].state_at, "2026-11-02T00:00:00Z");
}

TEST(RepositoryAdvisories, AnAdvisoryWithoutAnIdIsRefused) {
  EXPECT_NE(error_of([] {
              advisory_reports("a.json", read_github_list("a", R"([{"state":"triage"}])"), Context{});
            }).find("entry 0: a repository advisory needs a \"ghsa_id\""),
            std::string::npos);
}

}  // namespace
}  // namespace tocsin::intake
