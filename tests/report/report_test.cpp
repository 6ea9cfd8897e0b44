#include "report/report.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/golden.h"

namespace tocsin::report {
namespace {

std::vector<scan::Finding> sample_findings() {
  scan::Finding kev;
  kev.ecosystem = Ecosystem::CratesIo;
  kev.name = "openssl";
  kev.version = "0.10.40";
  kev.lockfile = "Cargo.lock";
  kev.line = 120;
  kev.paths = {{"app@0.1.0", "openssl@0.10.40"}};
  kev.id = "RUSTSEC-2023-0044";
  kev.aliases = {"CVE-2023-0001", "GHSA-xxxx-yyyy-zzzz"};
  kev.summary = "Use-after-free in X509 | pipe";
  kev.url = "https://rustsec.org/advisories/RUSTSEC-2023-0044";
  kev.cvss = {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"};
  kev.fixed_version = "0.10.55";
  kev.kev = scan::KevMatch{"CVE-2023-0001", "OpenSSL UAF", "2024-01-02", "2024-01-23", "Known"};
  kev.level = "critical";
  kev.why = "CVSS 9.8 (v3.1)";
  kev.sla_hours = 4;
  kev.score = 9.8;
  kev.sources = {"rustsec"};

  scan::Finding dev = kev;
  dev.name = "openssl";
  dev.version = "0.10.41";
  dev.line = 0;  // unknown line must still give SARIF a valid region
  dev.release_path = false;
  dev.kev.reset();

  scan::Finding bad;
  bad.ecosystem = Ecosystem::Npm;
  bad.name = "@ctrl/tinycolor";
  bad.version = "4.1.1";
  bad.lockfile = "tauri/pnpm-lock.yaml";
  bad.line = 33;
  bad.id = "KNOWN-BAD-@ctrl/tinycolor@4.1.1";
  bad.known_bad = scan::KnownBadMatch{"CERT/CC VU#534320", ".github/known-bad-npm.txt", 18};
  bad.level = "critical";
  bad.why = "known-bad package";
  bad.sla_hours = 4;
  bad.sources = {"known-bad"};

  scan::Finding suppressed = kev;
  suppressed.name = "rsa";
  suppressed.id = "RUSTSEC-2023-0071";
  suppressed.kev.reset();
  suppressed.level = "medium";
  suppressed.score.reset();
  suppressed.sla_hours = 72;
  suppressed.suppressed = scan::Suppression{"not_affected", "vulnerable_code_not_in_execute_path", "", "vex/rsa.json"};
  return {kev, dev, bad, suppressed};
}

std::string render(std::string_view format, const std::vector<scan::Finding>& findings) {
  static const scan::ScanSummary summary{2, 900, "advisories.db"};
  Report report{&findings, summary, "0.1.0"};
  std::ostringstream out;
  const Writer* writer = writer_for(format);
  EXPECT_NE(writer, nullptr) << format;
  writer->write(out, report);
  return out.str();
}

// Golden files document the formats for reviewers; TOCSIN_UPDATE_GOLDEN=1 rewrites them (tests/support/golden.h).
const std::filesystem::path kGolden = std::string(TOCSIN_FIXTURES) + "/report";

TEST(JsonReport, CarriesTheDocumentedFields) {
  auto findings = sample_findings();
  auto document = nlohmann::json::parse(render("json", findings));
  EXPECT_EQ(document["schema_version"], 1);
  ASSERT_EQ(document["findings"].size(), findings.size());
  const auto& first = document["findings"][0];
  EXPECT_EQ(first["package"]["ecosystem"], "crates.io");
  EXPECT_EQ(first["package"]["name"], "openssl");
  EXPECT_EQ(first["vulnerability"]["id"], "RUSTSEC-2023-0044");
  EXPECT_EQ(first["vulnerability"]["aliases"].size(), 2u);
  EXPECT_EQ(first["kev"]["due_date"], "2024-01-23");
  EXPECT_TRUE(first["known_bad"].is_null());
  EXPECT_EQ(first["release_path"], true);
  EXPECT_EQ(document["findings"][1]["release_path"], false);
  EXPECT_EQ(document["findings"][2]["known_bad"]["line"], 18);
  EXPECT_EQ(document["findings"][3]["suppressed"]["status"], "not_affected");
  EXPECT_EQ(document["summary"]["suppressed"], 1);
  EXPECT_EQ(document["summary"]["findings"], 3);
  testing::expect_golden(kGolden / "scan.json", render("json", findings));
}

TEST(SarifReport, OneRulePerVulnerabilityAndValidRegions) {
  auto findings = sample_findings();
  auto document = nlohmann::json::parse(render("sarif", findings));
  EXPECT_EQ(document["version"], "2.1.0");
  const auto& run = document["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["rules"].size(), 3u) << "two openssl findings share one rule";
  ASSERT_EQ(run["results"].size(), findings.size());
  for (const auto& result : run["results"]) {
    EXPECT_GE(result["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>(), 1);
    auto index = result["ruleIndex"].get<std::size_t>();
    EXPECT_EQ(run["tool"]["driver"]["rules"][index]["id"], result["ruleId"]);
  }
  EXPECT_EQ(run["results"][0]["level"], "error");
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"], 120);
  EXPECT_EQ(run["tool"]["driver"]["rules"][0]["properties"]["security-severity"], "9.8");
  EXPECT_TRUE(run["results"][3].contains("suppressions"));
  EXPECT_FALSE(run["results"][0].contains("suppressions"));
  testing::expect_golden(kGolden / "scan.sarif", render("sarif", findings));
}

TEST(MarkdownReport, EscapesCellsAndCountsSuppressed) {
  auto findings = sample_findings();
  std::string markdown = render("markdown", findings);
  EXPECT_NE(markdown.find("**3 findings**"), std::string::npos);
  EXPECT_NE(markdown.find("(1 suppressed by VEX)"), std::string::npos);
  EXPECT_NE(markdown.find("X509 \\| pipe"), std::string::npos) << "a pipe in a summary must not split the cell";
  EXPECT_EQ(markdown.find("rsa@"), std::string::npos) << "suppressed findings are only counted";
  testing::expect_golden(kGolden / "scan.md", markdown);
  std::vector<scan::Finding> none;
  EXPECT_NE(render("markdown", none).find("**no findings**"), std::string::npos);
}

// Issue 10 item 6: a PR comment gains no link, image, HTML or mention from a feed or a lockfile.
TEST(MarkdownReport, HostileFieldsCannotInjectMarkdown) {
  auto findings = sample_findings();
  scan::Finding& evil = findings[0];
  evil.url = "https://evil.example/a) [pwn](https://evil.example/b";
  evil.summary = "<img src=x onerror=alert(1)> [click](https://evil.example) cc @octocat " + std::string(200000, 'A');
  evil.name = "we`ird|name";
  std::string markdown = render("markdown", findings);
  std::string row = markdown.substr(markdown.find("| critical"));
  row = row.substr(0, row.find('\n'));
  EXPECT_NE(row.find("[RUSTSEC-2023-0044](https://evil.example/a%29%20%5Bpwn%5D%28https://evil.example/b)"),
            std::string::npos)
      << row.substr(0, 300);
  EXPECT_EQ(row.find("<img"), std::string::npos);
  EXPECT_NE(row.find("&lt;img"), std::string::npos);
  EXPECT_NE(row.find("\\[click\\](https://evil.example)"), std::string::npos) << "no second link";
  EXPECT_NE(row.find("@&#8203;octocat"), std::string::npos) << "no mention";
  EXPECT_NE(row.find("``we`ird\\|name@0.10.40``"), std::string::npos) << "code span survives the backtick";
  EXPECT_LT(row.size(), 1000u) << "summaries are truncated";
  EXPECT_NE(row.find("(truncated)"), std::string::npos);
  // A URL that is not http(s) is not a link at all.
  findings[0].url = "javascript:alert(1)";
  EXPECT_EQ(render("markdown", findings).find("javascript"), std::string::npos);
}

// Issue 11: SARIF as GitHub code scanning needs it.
TEST(SarifReport, FingerprintsUrisAndSeverityForGitHub) {
  auto findings = sample_findings();
  findings[2].lockfile = "web app/pnpm#lock.yaml";
  scan::Finding info = findings[1];
  info.id = "RUSTSEC-2099-0001";
  info.informational = "unmaintained";
  info.level = "low";
  info.score.reset();
  findings.push_back(info);
  static const scan::ScanSummary summary{2, 900, "advisories.db"};
  Report report{&findings, summary, "0.1.0", "/repo root", {{"Cargo.lock", "sub/Cargo.lock"}}};
  std::ostringstream out;
  writer_for("sarif")->write(out, report);
  auto document = nlohmann::json::parse(out.str());
  const auto& run = document["runs"][0];
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///repo%20root/");
  const auto& first = run["results"][0];
  EXPECT_EQ(first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "sub/Cargo.lock");
  EXPECT_EQ(first["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  const std::string hash = first["partialFingerprints"]["primaryLocationLineHash"];
  EXPECT_EQ(hash.size(), 18u);
  EXPECT_EQ(hash.substr(16), ":1");
  EXPECT_NE(hash, run["results"][1]["partialFingerprints"]["primaryLocationLineHash"]) << "another version";
  EXPECT_EQ(run["results"][2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "web%20app/pnpm%23lock.yaml");
  // Known-bad is critical by policy, with no CVSS: GitHub must show critical too.
  const auto& rules = run["tool"]["driver"]["rules"];
  auto rule = [&](const std::string& id) {
    for (const auto& r : rules)
      if (r["id"] == id) return r;
    return nlohmann::json();
  };
  EXPECT_EQ(rule("KNOWN-BAD-@ctrl/tinycolor@4.1.1")["properties"]["security-severity"], "9.5");
  // KEV raised a 7.5 to critical: 9.5, not 7.5.
  findings[0].score = 7.5;
  EXPECT_DOUBLE_EQ(security_severity(findings[0]), 9.5);
  findings[0].level = "high";
  EXPECT_DOUBLE_EQ(security_severity(findings[0]), 7.5);
  // Informational advisories are not security alerts.
  const auto informational = rule("RUSTSEC-2099-0001");
  EXPECT_FALSE(informational["properties"].contains("security-severity"));
  for (const auto& tag : informational["properties"]["tags"]) EXPECT_NE(tag, "security");
}

TEST(Writers, UnknownFormatHasNoWriter) { EXPECT_EQ(writer_for("xml"), nullptr); }

// The CLI's --format list is the registry's: the table (the default) first.
TEST(Writers, FormatNamesComeFromTheRegistry) {
  EXPECT_EQ(format_names(), (std::vector<std::string>{"table", "json", "sarif", "markdown", "openvex"}));
  for (const std::string& name : format_names()) EXPECT_NE(writer_for(name), nullptr) << name;
}

std::string table(const std::vector<scan::Finding>& findings, bool show_suppressed) {
  // Colour follows the environment; these tests compare plain text.
  unsetenv("CLICOLOR_FORCE");
  setenv("NO_COLOR", "1", 1);
  static const scan::ScanSummary summary{2, 900, "advisories.db"};  // not a temporary: GCC 12 -O3 -Wmaybe-uninitialized
  Report report{&findings, summary, "0.1.0"};
  report.show_suppressed = show_suppressed;
  std::ostringstream out;
  writer_for("table")->write(out, report);
  return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(TableReport, OneRowPerShownFindingAndASummary) {
  auto findings = sample_findings();
  findings[2].sla_hours = 0;  // no deadline: "-"
  const std::vector<std::string> lines = lines_of(table(findings, false));
  ASSERT_EQ(lines.size(), 5u);  // header, three rows, summary
  EXPECT_EQ(lines[0].rfind("LEVEL", 0), 0u);
  const auto columns = [](const std::string& line) {
    std::vector<std::string> cells;
    std::istringstream in(line);
    for (std::string cell; in >> cell;) cells.push_back(cell);
    return cells;
  };
  EXPECT_EQ(columns(lines[1]), (std::vector<std::string>{"critical", "openssl@0.10.40", "RUSTSEC-2023-0044", "0.10.55",
                                                         "release", "4h", "KEV", "Cargo.lock:120"}));
  EXPECT_EQ(columns(lines[2]), (std::vector<std::string>{"critical", "openssl@0.10.41", "RUSTSEC-2023-0044", "0.10.55",
                                                         "dev", "4h", "Cargo.lock:0"}));
  EXPECT_EQ(columns(lines[3]),
            (std::vector<std::string>{"critical", "@ctrl/tinycolor@4.1.1", "KNOWN-BAD-@ctrl/tinycolor@4.1.1", "-",
                                      "release", "-", "known-bad", "tauri/pnpm-lock.yaml:33"}));
  EXPECT_EQ(lines[4], "900 packages in 2 lockfiles: 3 findings, 1 suppressed by VEX (--show-suppressed lists them)");

  const std::vector<std::string> all = lines_of(table(findings, true));
  ASSERT_EQ(all.size(), 6u);
  EXPECT_NE(all[4].find("suppressed(not_affected)"), std::string::npos);
  EXPECT_NE(all[4].find(" 3d "), std::string::npos);  // 72 hours
  EXPECT_EQ(all[5], "900 packages in 2 lockfiles: 3 findings, 1 suppressed by VEX");
}

TEST(TableReport, NoFindingsIsJustTheSummary) {
  EXPECT_EQ(table({}, false), "900 packages in 2 lockfiles: 0 findings\n");
}

TEST(OpenVexReport, OneUnderInvestigationStatementPerUnsuppressedFinding) {
  auto findings = sample_findings();
  static const scan::ScanSummary summary{2, 900, "advisories.db"};  // not a temporary: GCC 12 -O3 -Wmaybe-uninitialized
  Report report{&findings, summary, "0.1.0"};
  report.generated_at = 1767323045;  // 2026-01-02T03:04:05Z
  std::ostringstream out;
  writer_for("openvex")->write(out, report);
  const auto document = nlohmann::json::parse(out.str());
  EXPECT_EQ(document["timestamp"], "2026-01-02T03:04:05Z");
  EXPECT_EQ(document["author"], "tocsin scan");
  EXPECT_EQ(document["tooling"], "tocsin 0.1.0");
  ASSERT_EQ(document["statements"].size(), 3u);  // the suppressed rsa finding has its statement already
  EXPECT_EQ(document["statements"][0]["vulnerability"]["name"], "RUSTSEC-2023-0044");
  EXPECT_EQ(document["statements"][0]["products"][0]["@id"], "pkg:cargo/openssl@0.10.40");
  EXPECT_EQ(document["statements"][0]["status"], "under_investigation");
  EXPECT_EQ(document["statements"][1]["status_notes"], "Found by tocsin scan in Cargo.lock:0 (dev-only)");
  EXPECT_EQ(document["statements"][2]["products"][0]["@id"], "pkg:npm/%40ctrl/tinycolor@4.1.1");
  // Same findings and time: the same document, id included.
  std::ostringstream again;
  writer_for("openvex")->write(again, report);
  EXPECT_EQ(out.str(), again.str());
  EXPECT_EQ(document["@id"].get<std::string>().rfind("https://openvex.dev/docs/public/vex-", 0), 0u);
}

}  // namespace
}  // namespace tocsin::report
