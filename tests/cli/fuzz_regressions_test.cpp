// Inputs that once crashed, hung or exhausted memory in a fuzz target, replayed through the same
// engine entry point the target calls. Each must give a result or a tocsin::Error, nothing else.
//
// tests/fixtures/fuzz-regressions/<target>/ holds raw inputs of fuzz/<target>_fuzz.cpp (so the
// fuzz binary replays them too); inputs too large to commit are generated below instead.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "advisory/parsers.h"
#include "core/error.h"
#include "core/text.h"
#include "cvss/cvss.h"
#include "lockfile/lockfile.h"
#include "manifest/manifest.h"
#include "secrets/secrets.h"
#include "vex/openvex.h"

namespace {

namespace fs = std::filesystem;
using Entry = std::function<void(std::string_view)>;

void read_lockfile_as(std::string_view type, std::string_view content) {
  const tocsin::lockfile::Reader* reader = tocsin::lockfile::reader_for_type(type);
  ASSERT_NE(reader, nullptr) << type;
  tocsin::lockfile::Lockfile lock = reader->read("fuzz/" + std::string(type), content);
  for (const auto& edge : lock.edges) {
    EXPECT_LT(edge.from, lock.packages.size());
    EXPECT_LT(edge.to, lock.packages.size());
  }
}

// The entry point of each fuzz target, reading its raw input the way the target does.
const std::map<std::string, Entry>& entries() {
  static const std::map<std::string, Entry> table = {
      {"cargo_lock", [](std::string_view in) { read_lockfile_as("Cargo.lock", in); }},
      {"package_lock", [](std::string_view in) { read_lockfile_as("package-lock.json", in); }},
      {"pnpm_lock", [](std::string_view in) { read_lockfile_as("pnpm-lock.yaml", in); }},
      {"yarn_lock", [](std::string_view in) { read_lockfile_as("yarn.lock", in); }},
      {"python_lock",
       [](std::string_view in) {
         if (in.empty()) return;
         static constexpr std::string_view kTypes[] = {"requirements.txt", "poetry.lock", "uv.lock", "Pipfile.lock"};
         read_lockfile_as(kTypes[static_cast<unsigned char>(in[0]) % 4], in.substr(1));
       }},
      {"cargo_toml", [](std::string_view in) { tocsin::manifest::read_cargo_toml("fuzz/Cargo.toml", in); }},
      {"package_json", [](std::string_view in) { tocsin::manifest::read_package_json("fuzz", in); }},
      {"pyproject", [](std::string_view in) { tocsin::manifest::read_pyproject_toml("pyproject.toml", in); }},
      {"osv", [](std::string_view in) { tocsin::advisory::parse_osv("fuzz.json", in, nullptr); }},
      {"rustsec", [](std::string_view in) { tocsin::advisory::parse_rustsec("fuzz.md", in); }},
      {"vex", [](std::string_view in) { tocsin::vex::read_openvex("fuzz.json", in); }},
      {"cvss", [](std::string_view in) { tocsin::cvss::score(in); }},
      {"secrets",
       [](std::string_view in) {
         (void)tocsin::secrets::scan_text(in, "fuzz", 1'800'000'000);
         (void)tocsin::secrets::decode_base64_payloads(in);
         (void)tocsin::secrets::import_github_alerts("fuzz.json", in);
       }},
  };
  return table;
}

// Runs `entry`; a tocsin::Error is an accepted outcome, any other exception fails the test.
// Returns whether it threw tocsin::Error.
bool run_entry(const std::string& target, std::string_view input, const std::string& label) {
  try {
    entries().at(target)(input);
  } catch (const tocsin::Error&) {
    return true;
  } catch (const std::exception& e) {
    ADD_FAILURE() << target << " " << label << ": escaped as a non-tocsin exception: " << e.what();
  }
  return false;
}

TEST(FuzzRegressions, EveryCommittedInputGivesAResultOrAnError) {
  const fs::path root = fs::path(TOCSIN_FIXTURES) / "fuzz-regressions";
  ASSERT_TRUE(fs::is_directory(root));
  int replayed = 0;
  for (const auto& dir : fs::directory_iterator(root)) {
    if (!dir.is_directory()) continue;
    const std::string target = dir.path().filename().string();
    ASSERT_TRUE(entries().count(target)) << "no entry point for fuzz-regressions/" << target;
    for (const auto& file : fs::directory_iterator(dir.path())) {
      run_entry(target, tocsin::read_file(file.path().string()), file.path().filename().string());
      ++replayed;
    }
  }
  EXPECT_GT(replayed, 0);
}

// yaml-cpp 0.7 never consumes a ',' outside a flow collection: LoadAll used to produce empty
// documents at that spot forever, until memory ran out.
TEST(FuzzRegressions, PnpmStrayCommaIsALocatedError) {
  const tocsin::lockfile::Reader* reader = tocsin::lockfile::reader_for_type("pnpm-lock.yaml");
  try {
    reader->read("pnpm-lock.yaml", "lockfileVersion: '9.0'\n[a], b\n");
    FAIL() << "expected tocsin::Error";
  } catch (const tocsin::Error& e) {
    EXPECT_EQ(e.line(), 2);
  }
  EXPECT_THROW(reader->read("pnpm-lock.yaml", ","), tocsin::Error);
}

// toml++ recurses once per part of a dotted key or table header while parsing: 60 000 parts
// overflowed the stack of every TOML reader.
TEST(FuzzRegressions, DeepDottedTomlKeysAreErrorsInEveryTomlReader) {
  std::string parts = "a";
  for (int i = 0; i < 60000; ++i) parts += ".a";
  const std::string dotted_key = "[package]\nname = \"x\"\n" + parts + " = 1\n";
  const std::string table_header = "[" + parts + "]\n";
  const std::string rustsec = "```toml\n[advisory]\n" + parts + " = 1\n```\n";
  for (const std::string& input : {dotted_key, table_header}) {
    for (const char* target : {"cargo_lock", "cargo_toml", "pyproject"})
      EXPECT_TRUE(run_entry(target, input, "deep key")) << target;
    for (char selector : {'\1', '\2'})  // poetry.lock, uv.lock
      EXPECT_TRUE(run_entry("python_lock", std::string(1, selector) + input, "deep key")) << int(selector);
  }
  try {
    tocsin::advisory::parse_rustsec("RUSTSEC-0000-0000.md", rustsec);
    FAIL() << "expected tocsin::Error";
  } catch (const tocsin::Error& e) {
    EXPECT_EQ(e.line(), 3);  // the key's line in the Markdown file, not in the front matter
  }
}

// The guard counts dots outside quoted strings only: long dotted strings are ordinary data.
TEST(FuzzRegressions, DotsInsideTomlStringsAreNotKeyParts) {
  const std::string dots(5000, '.');
  const std::string manifest =
      "[package]\nname = \"x\"\nversion = \"1.0.0\"\ndescription = \"" + dots + "\"\nhomepage = '" + dots + "'\n";
  EXPECT_NO_THROW(tocsin::manifest::read_cargo_toml("Cargo.toml", manifest));
}

std::string openvex_header() {
  return "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"@id\": \"https://example.com/vex\", "
         "\"author\": \"a\", \"timestamp\": \"2024-01-01T00:00:00Z\", \"version\": 1,\n";
}

// Every statement's line used to be found by rescanning the document from its start, and every
// unknown field was kept through ordered_json's linear lookup: both quadratic, minutes at 100k.
TEST(FuzzRegressions, OpenVexWithManyStatementsKeepsExactLines) {
  constexpr int kStatements = 100000;
  std::string text = openvex_header() + "\"statements\": [\n";
  for (int i = 0; i < kStatements; ++i) {
    text += "{\"vulnerability\": {\"name\": \"CVE-2024-" + std::to_string(i) +
            "\"}, \"products\": [{\"@id\": \"pkg:npm/a@1\"}], \"status\": \"fixed\"}";
    text += i + 1 < kStatements ? ",\n" : "\n";
  }
  text += "]}\n";
  tocsin::vex::LoadedDocument loaded = tocsin::vex::read_openvex("many.json", text);
  ASSERT_EQ(loaded.document.statements.size(), static_cast<std::size_t>(kStatements));
  for (int i : {0, 1, kStatements / 2, kStatements - 1}) {
    const auto& statement = loaded.document.statements[static_cast<std::size_t>(i)];
    EXPECT_EQ(statement.line, i + 3) << i;  // header line, "statements" line, then one per line
    ASSERT_EQ(statement.products.size(), 1u);
    EXPECT_EQ(statement.products[0].line, i + 3) << i;
  }
}

TEST(FuzzRegressions, OpenVexWithManyUnknownFieldsReportsEachOne) {
  constexpr int kFields = 200000;
  std::string text = openvex_header() + "\"statements\": []";
  for (int i = 0; i < kFields; ++i) text += ",\n\"x" + std::to_string(i) + "\": " + std::to_string(i);
  text += "}\n";
  tocsin::vex::LoadedDocument loaded = tocsin::vex::read_openvex("fields.json", text);
  std::vector<const tocsin::vex::Diagnostic*> unknown;
  for (const auto& diagnostic : loaded.diagnostics)
    if (diagnostic.location.field_path.rfind("$.x", 0) == 0) unknown.push_back(&diagnostic);
  ASSERT_EQ(unknown.size(), static_cast<std::size_t>(kFields));
  EXPECT_EQ(unknown.back()->location.field_path, "$.x" + std::to_string(kFields - 1));
  EXPECT_EQ(unknown.back()->location.line, kFields + 2);  // field i is on line i + 3
  EXPECT_EQ(unknown.back()->location.column, 1);
  EXPECT_EQ(loaded.document.extra.size(), 1000u);  // the first 1000 are kept for writing back
  EXPECT_EQ(loaded.document.extra["x999"], 999);
}

}  // namespace
