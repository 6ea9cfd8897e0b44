// Imports the real datasets under TOCSIN_SHARED and checks the counts against independent ones
// (files on disk, the KEV JSON array length via simdjson's own count, not our importer).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdlib>
#include <filesystem>

#include "advisory/database.h"
#include "advisory_test_util.h"
#include "core/json.h"
#include "support/shared.h"

namespace tocsin::advisory {
namespace {

namespace fs = std::filesystem;

const std::string kShared = std::string(TOCSIN_SHARED) + "/data";

std::size_t count_files(const fs::path& root, std::string_view prefix, std::string_view suffix) {
  std::size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.starts_with(prefix) && name.ends_with(suffix)) ++count;
  }
  return count;
}

TEST(SharedData, ImportsTheThreeDatasetsWithExactCounts) {
  TOCSIN_NEED_SHARED(kShared + "/osv-pypi", kShared + "/rustsec", kShared + "/kev");
  std::string kev_path = kShared + "/kev/known_exploited_vulnerabilities.json";
  testing::ScratchDir scratch;
  auto reports = import_into(scratch.path(), {{kShared + "/osv-pypi"}, {kShared + "/rustsec"}, {kev_path}}, {});

  std::size_t osv_files = count_files(kShared + "/osv-pypi", "", ".json");
  EXPECT_EQ(reports[0].records, osv_files);  // every PyPA record names a PyPI package
  EXPECT_TRUE(reports[0].diagnostics.empty());
  EXPECT_TRUE(reports[0].skipped_ecosystems.empty());

  EXPECT_EQ(reports[1].records, count_files(kShared + "/rustsec/crates", "RUSTSEC-", ".md"));
  EXPECT_EQ(reports[1].ignored_files, count_files(kShared + "/rustsec/rust", "", ".md"));
  for (const auto& diagnostic : reports[1].diagnostics) ADD_FAILURE() << format_diagnostic(diagnostic);

  std::string kev_text = testing::slurp(kev_path);
  simdjson::dom::parser kev_parser;  // simdjson, not tocsin's reader: an independent count
  simdjson::dom::array vulnerabilities;
  ASSERT_EQ(kev_parser.parse(kev_text)["vulnerabilities"].get_array().get(vulnerabilities), simdjson::SUCCESS);
  EXPECT_EQ(reports[2].records, vulnerabilities.size());

  Database db = Database::open(scratch.path());
  auto status = db.status();
  EXPECT_EQ(status.advisories_per_ecosystem.at("PyPI"), osv_files);
  EXPECT_EQ(status.advisories_per_ecosystem.at("crates.io"), reports[1].records);
  EXPECT_EQ(status.kev_entries, vulnerabilities.size());
  // Spot checks against the files themselves.
  EXPECT_EQ(db.matches(Ecosystem::PyPI, "zstd", "1.5.5.1").size(), 1u);  // listed in PYSEC-2023-121
  // Lookups go only to names with an advisory (a set read once per ecosystem): the name the
  // lockfile spells is normalized first, as the query's was (PEP 503 for PyPI).
  EXPECT_EQ(db.matches(Ecosystem::PyPI, "ZStd", "1.5.5.1").size(), 1u);
  EXPECT_TRUE(db.matches(Ecosystem::PyPI, "no-such-package-anywhere", "1.0").empty());
  EXPECT_TRUE(db.kev_for("CVE-2025-48384").has_value());
  auto libcrux = db.matches(Ecosystem::CratesIo, "libcrux-sha3", "0.0.7");
  bool found = false;
  for (const auto& match : libcrux) found |= match.advisory.id == "RUSTSEC-2026-0074";
  EXPECT_TRUE(found);
  for (const auto& match : db.matches(Ecosystem::CratesIo, "libcrux-sha3", "0.0.8"))
    EXPECT_NE(match.advisory.id, "RUSTSEC-2026-0074");
}

}  // namespace
}  // namespace tocsin::advisory
