// Issue 10 items 5, 6, 22 and issue 11 (output parts), end to end through the built binary:
// no raw control character reaches the terminal from any human-readable output, advisory
// values are validated when set, SARIF is independent of the working directory, vex check
// joins alias groups and names ignores that hide findings, and the small CLI fixes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "support/files.h"
#include "support/run_tocsin.h"
#include "support/scratch_dir.h"
#include "support/shared.h"

namespace tocsin::cli {
namespace {

namespace fs = std::filesystem;
using tocsin::testing::run_tocsin;
using Json = nlohmann::json;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The first raw control character of `text` (C0 but '\n', DEL, C1, bidi), described; "" if none.
std::string raw_control(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::string at = " at byte " + std::to_string(i) + ": ..." + text.substr(i < 40 ? 0 : i - 40, 80);
    if ((byte < 0x20 && byte != '\n') || byte == 0x7f) return "C0/DEL " + std::to_string(byte) + at;
    if (byte == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xa0) return "C1" + at;
    for (const char* bidi : {"\xe2\x80\xae", "\xe2\x80\xad", "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8"})
      if (text.compare(i, 3, bidi) == 0) return "bidi" + at;
  }
  return "";
}

class Scratch : public ::testing::Test {
 protected:
  void write(const std::string& relative, const std::string& text) const {
    tocsin::testing::spit(dir / relative, text);
  }
  std::string path(const std::string& relative = "") const { return (dir / relative).string(); }
  tocsin::testing::ScratchDir scratch{"out"};
  fs::path dir{scratch.path()};
};

// A Cargo.lock whose names carry an OSC title sequence, a screen clear and a bidi override
// (TOML escapes: refused by the reader, with an error that must itself be escaped), a clean one
// beside it, an OSV feed whose summary and id do the same, a VEX document with hostile fields,
// and an incident with a hostile title.
constexpr const char* kCleanLock = R"(version = 3

[[package]]
name = "app"
version = "1.0.0"
dependencies = ["victim"]

[[package]]
name = "victim"
version = "1.0.0"
)";

constexpr const char* kEvilLock = R"(version = 3

[[package]]
name = "app"
version = "1.0.0"
dependencies = ["evil\u001b]0;pwned\u0007\u001b[2J", "victim"]

[[package]]
name = "evil\u001b]0;pwned\u0007\u001b[2J"
version = "1.0.0\u202e"

[[package]]
name = "victim"
version = "1.0.0"
)";

constexpr const char* kEvilOsv = R"({"schema_version": "1.6.0", "id": "RUSTSEC-2099-0001",
  "modified": "2026-01-01T00:00:00Z", "published": "2026-01-01T00:00:00Z",
  "summary": "boom\u001b[2J\u001b]0;pwned\u0007 \u202eevil",
  "details": "d\u0085x",
  "affected": [{"package": {"ecosystem": "crates.io", "name": "victim"},
                "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.0.1\u001b[31m"}]}]}],
  "references": [{"type": "WEB", "url": "https://evil.example/a) [pwn](https://evil.example/b"}]})";

constexpr const char* kEvilVex = R"({"@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.org/vex\u001b]0;pwned\u0007", "author": "a\u001b[2J\u202e",
  "timestamp": "2026-01-01T00:00:00Z", "version": 1,
  "statements": [{"vulnerability": {"name": "RUSTSEC-2099-0001\u0007"},
                  "products": [{"@id": "pkg:cargo/victim@1.0.0\u001b[2J"}], "status": "affected",
                  "action_statement": "x"}]})";

TEST_F(Scratch, NoRawControlCharacterReachesTheTerminal) {
  write("repo/Cargo.lock", kCleanLock);
  write("bad/Cargo.lock", kEvilLock);
  write("feed/RUSTSEC-2099-0001.json", kEvilOsv);
  write("repo/vex/evil.json", kEvilVex);
  write("repo/.cargo/audit.toml", "[advisories]\nignore = [\"RUSTSEC-2099-0001\\u001b[2J\"]\n");
  const std::string repo = path("repo"), db = path("db");
  auto import = run_tocsin("db import '" + path("feed") + "' --db '" + db + "'", "", true);
  ASSERT_NE(import.exit_code, 2) << import.out;

  const std::string record = " --repo '" + repo + "' --store '" + path("record.db") + "' --actor t";
  const std::string title = "\"$(printf 'T\\033]0;pwned\\007\\033[2J\\342\\200\\256x')\"";
  ASSERT_EQ(run_tocsin("incident open --playbook vulnerable-dependency --title " + title + record +
                           " --now 2026-01-02T00:00:00Z",
                       "", true)
                .exit_code,
            0);
  const std::vector<std::string> commands = {
      "deps '" + repo + "'",
      "deps '" + path("bad") + "'",
      "why victim '" + repo + "'",
      "scan '" + repo + "' --db '" + db + "'",
      "scan '" + repo + "' --db '" + db + "' --show-suppressed",
      "incident list" + record,
      "incident show INC-0001" + record,
      "incident due" + record,
      "incident postmortem INC-0001" + record,
      "advisory INC-0001" + record,
      "vex show '" + repo + "/vex/evil.json'",
      "vex check '" + repo + "' --db '" + db + "' --now 2026-01-03T00:00:00Z",
      "db status --db '" + db + "'",
      "why 'evil\x1b]0;pwned\x07' '" + repo + "'",  // an error message that quotes the input
  };
  for (const std::string& command : commands) {
    auto run = run_tocsin(command, "", true);
    EXPECT_EQ(raw_control(run.out), "") << command << "\n" << run.out;
  }
  // A lockfile name with control characters is refused (no package manager writes one), and the
  // error that names it is escaped, as git shows odd file names.
  auto deps = run_tocsin("deps '" + path("bad") + "'", "", true);
  EXPECT_EQ(deps.exit_code, 2) << deps.out;
  EXPECT_TRUE(contains(deps.out, "invalid package name (control character 0x1B")) << deps.out;
  EXPECT_EQ(raw_control(deps.out), "") << deps.out;
  // Markdown for PR comments: escaped markup, no injected link.
  auto markdown = run_tocsin("scan '" + repo + "' --db '" + db + "' --format markdown");
  EXPECT_FALSE(contains(markdown.out, "](https://evil.example/b")) << markdown.out;
  EXPECT_EQ(raw_control(markdown.out), "") << markdown.out;
}

// Issue 11: values recorded on an incident are validated when set.
TEST_F(Scratch, IncidentSetValidatesAffectedAndPatched) {
  const std::string record = " --store '" + path("record.db") + "' --repo '" + path() + "' --actor t";
  ASSERT_EQ(run_tocsin("incident open --playbook vulnerable-dependency --title t" + record).exit_code, 0);
  auto good = run_tocsin("incident set INC-0001 affected '>= 0.3.0, < 0.3.5 || >= 0.4.0, < 0.4.3'" + record, "", true);
  EXPECT_EQ(good.exit_code, 0) << good.out;
  auto patched = run_tocsin("incident set INC-0001 patched '>= 0.4.3'" + record, "", true);
  EXPECT_EQ(patched.exit_code, 2) << patched.out;
  EXPECT_TRUE(contains(patched.out, "is not a version")) << patched.out;
  auto hull = run_tocsin("incident set INC-0001 affected '> 0.3.0'" + record, "", true);
  EXPECT_EQ(hull.exit_code, 2) << hull.out;
  ASSERT_EQ(run_tocsin("incident set INC-0001 patched '0.3.5, 0.4.3'" + record).exit_code, 0);
  auto osv = run_tocsin("advisory INC-0001 --format osv --package demo --ecosystem crates.io" + record);
  const Json ranges = Json::parse(osv.out)["affected"][0]["ranges"];
  ASSERT_EQ(ranges.size(), 2u) << osv.out;
  EXPECT_EQ(ranges[0]["events"][1]["fixed"], "0.3.5");
  EXPECT_EQ(ranges[1]["events"][0]["introduced"], "0.4.0");
  // A repository URL without a scheme: refused when given, and a gap for --strict.
  auto repo = run_tocsin("advisory INC-0001 --format osv --repository github.com/o/r" + record, "", true);
  EXPECT_EQ(repo.exit_code, 2) << repo.out;
  EXPECT_TRUE(contains(repo.out, "is not an absolute http(s) URL")) << repo.out;
  write("tocsin.toml", "[project]\nrepository = \"github.com/o/r\"\n");
  auto configured = run_tocsin("advisory INC-0001 --format cve --strict" + record, "", true);
  EXPECT_EQ(configured.exit_code, 2) << configured.out;
  EXPECT_TRUE(contains(configured.out, "tocsin.toml:2:")) << configured.out;
}

// Issue 11: the same repository scanned from two working directories gives the same SARIF
// locations and fingerprints, relative to the repository root.
TEST_F(Scratch, SarifIsIndependentOfTheWorkingDirectory) {
  const std::string demo = std::string(TOCSIN_FIXTURES) + "/scan/repo";
  fs::create_directories(dir / "git" / ".git");
  fs::copy(demo, dir / "git" / "project", fs::copy_options::recursive);
  const std::string db_args = " --db '" + path("db") + "'";
  ASSERT_NE(run_tocsin("db import '" + std::string(TOCSIN_FIXTURES) + "/scan/advisories/rustsec' '" +
                       std::string(TOCSIN_FIXTURES) + "/scan/advisories/osv'" + db_args)
                .exit_code,
            2);
  auto sarif_from = [&](const std::string& cwd, const std::string& target) {
    const std::string command =
        "cd '" + cwd + "' && '" + std::string(TOCSIN_BINARY) + "' scan " + target + " --format sarif" + db_args;
    return Json::parse(tocsin::testing::run_shell(command).out);
  };
  const Json a = sarif_from(path("git/project"), ".");
  const Json b = sarif_from(path(), "git/project");
  const Json& results_a = a["runs"][0]["results"];
  ASSERT_GT(results_a.size(), 0u);
  EXPECT_EQ(results_a, b["runs"][0]["results"]);
  EXPECT_EQ(a["runs"][0]["originalUriBaseIds"], b["runs"][0]["originalUriBaseIds"]);
  const std::string root = fs::weakly_canonical(dir / "git").generic_string();
  EXPECT_EQ(a["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file://" + percent_encode_path(root) + "/");
  for (const Json& result : results_a) {
    const std::string uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    EXPECT_TRUE(starts_with(uri, "project/")) << uri << ": relative to the repository root";
    EXPECT_EQ(result["partialFingerprints"]["primaryLocationLineHash"].get<std::string>().size(), 18u);
  }
}

// Issue 11: vex check on Springtale with the RustSec database: the ignore of RUSTSEC-2026-0097
// hides rand 0.9.2, which the VEX statement (rand 0.8.5 only) does not resolve.
TEST_F(Scratch, VexCheckSpringtaleIgnoreHidesRand092) {
  const std::string shared = tocsin::testing::shared_dir();
  const std::string springtale = shared + "/fixtures/springtale", rustsec = shared + "/data/rustsec";
  TOCSIN_NEED_SHARED(springtale, rustsec);
  const std::string db = " --db '" + path("db") + "'";
  auto import = run_tocsin("db import '" + rustsec + "'" + db, "", true);
  ASSERT_EQ(import.exit_code, 0) << import.out;
  auto check = run_tocsin("vex check '" + springtale + "' --now 2026-11-25T00:00:00Z" + db + " --format json");
  EXPECT_EQ(check.exit_code, 1);
  int hidden_rand = 0;
  const Json report = Json::parse(check.out);
  for (const Json& problem : report["problems"]) {
    if (problem["kind"] != "ignore-hides-unresolved") continue;
    const std::string message = problem["message"];
    EXPECT_FALSE(contains(message, "rand@0.8.5")) << message;
    if (problem["vulnerability"] == "RUSTSEC-2026-0097" && contains(message, "rand@0.9.2")) ++hidden_rand;
  }
  EXPECT_EQ(hidden_rand, 2) << "one per ignore list (.cargo/audit.toml and deny.toml)\n" << check.out;
}

TEST_F(Scratch, SmallCliFixes) {
  // `tocsin foo` names the unknown command.
  auto unknown = run_tocsin("foo", "", true);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(contains(unknown.out, "unknown command 'foo'")) << unknown.out;
  // "1 lockfile", and the table's last line ends with a newline.
  write("Cargo.lock", "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"1.0.0\"\n");
  auto deps = run_tocsin("deps '" + path() + "'");
  EXPECT_TRUE(contains(deps.out, "1 package in 1 lockfile,")) << deps.out;
  auto scan = run_tocsin("scan '" + path() + "' --no-db --known-bad /dev/null", "", false);
  EXPECT_TRUE(contains(scan.out, "1 package in 1 lockfile: 0 findings\n")) << scan.out;
  EXPECT_TRUE(ends_with(scan.out, "\n")) << scan.out;
  // scan --format openvex honours --now.
  auto openvex = run_tocsin("scan '" + path() +
                            "' --no-db --known-bad /dev/null --format openvex --now "
                            "2026-02-03T04:05:06Z");
  EXPECT_TRUE(contains(openvex.out, "\"timestamp\": \"2026-02-03T04:05:06Z\"")) << openvex.out;
  // vex merge's default @id is an IRI (OpenVEX schema: format "iri").
  write("a.json", R"({"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.org/a",
    "author": "t", "timestamp": "2026-01-01T00:00:00Z", "version": 1, "statements": [{"vulnerability":
    {"name": "CVE-2026-1"}, "products": [{"@id": "pkg:cargo/x@1.0.0"}], "status": "fixed"}]})");
  auto merged = run_tocsin("vex merge '" + path("a.json") + "' --now 2026-02-01T00:00:00Z");
  EXPECT_TRUE(
      contains(Json::parse(merged.out)["@id"].get<std::string>(), "https://openvex.dev/docs/public/merged-vex-"))
      << merged.out;
  // security.txt: a control character in Contact is an error.
  write("security.txt", "Contact: mailto:sec@example.org\x1b]0;x\x07\nExpires: 2099-01-01T00:00:00Z\n");
  auto securitytxt =
      run_tocsin("securitytxt check '" + path("security.txt") + "' --now 2026-01-01T00:00:00Z", "", true);
  EXPECT_EQ(securitytxt.exit_code, 1) << securitytxt.out;
  EXPECT_TRUE(contains(securitytxt.out, "control character")) << securitytxt.out;
  EXPECT_EQ(raw_control(securitytxt.out), "") << securitytxt.out;
}

}  // namespace
}  // namespace tocsin::cli
