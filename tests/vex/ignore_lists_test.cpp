#include "vex/ignore_lists.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/time.h"

namespace tocsin::vex {
namespace {

TEST(IgnoreLists, CargoAudit) {
  IgnoreList list = read_cargo_audit_toml(".cargo/audit.toml", R"([advisories]
ignore = [
    # comment
    "RUSTSEC-2023-0071",

    "RUSTSEC-2023-0089",
]
)");
  ASSERT_EQ(list.entries.size(), 2u);
  EXPECT_EQ(list.entries[0].id, "RUSTSEC-2023-0071");
  EXPECT_EQ(list.entries[0].line, 4);
  EXPECT_EQ(list.entries[1].line, 6);
  EXPECT_EQ(list.kind, IgnoreListKind::CargoAudit);
}

TEST(IgnoreLists, CargoDenyStringsAndTables) {
  IgnoreList list = read_deny_toml("deny.toml", R"([graph]
targets = []
[advisories]
yanked = "deny"
ignore = [
  "RUSTSEC-2023-0089", # trailing comment
  { id = "RUSTSEC-2024-0384", reason = "unmaintained, no fix" },
]
)");
  ASSERT_EQ(list.entries.size(), 2u);
  EXPECT_EQ(list.entries[0].line, 6);
  EXPECT_EQ(list.entries[1].id, "RUSTSEC-2024-0384");
  EXPECT_EQ(list.entries[1].reason, "unmaintained, no fix");
  EXPECT_EQ(list.entries[1].line, 7);
}

TEST(IgnoreLists, OsvScanner) {
  IgnoreList list = read_osv_scanner_toml("osv-scanner.toml", R"([[IgnoredVulns]]
id = "GHSA-c3g4-w6cv-6v7h"
ignoreUntil = 2024-08-02T00:00:00Z
reason = "no fix yet"

[[IgnoredVulns]]
id = "CVE-2024-1"
ignoreUntil = 2025-01-01

[[IgnoredVulns]]
id = "CVE-2024-2"
)");
  ASSERT_EQ(list.entries.size(), 3u);
  EXPECT_EQ(list.entries[0].ignore_until, parse_rfc3339("2024-08-02T00:00:00Z"));
  EXPECT_EQ(list.entries[0].reason, "no fix yet");
  EXPECT_EQ(list.entries[0].line, 1);
  EXPECT_EQ(list.entries[1].ignore_until, parse_rfc3339("2025-01-01", true));
  EXPECT_FALSE(list.entries[2].ignore_until.has_value());
  EXPECT_EQ(list.entries[2].line, 10);  // the [[IgnoredVulns]] header
}

TEST(IgnoreLists, MissingTablesAreEmpty) {
  EXPECT_TRUE(read_deny_toml("deny.toml", "[bans]\nmultiple-versions = \"warn\"\n").entries.empty());
  EXPECT_TRUE(read_osv_scanner_toml("o.toml", "").entries.empty());
}

TEST(IgnoreLists, MalformedThrowsWithLine) {
  try {
    read_cargo_audit_toml("audit.toml", "[advisories]\nignore = [\n  \"RUSTSEC-2023-0071\"\n  \"x\"\n]\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.path(), "audit.toml");
    EXPECT_EQ(e.line(), 4);
  }
  try {
    read_cargo_audit_toml("audit.toml", "[advisories]\nignore = [\n  { id = \"RUSTSEC-2023-0071\" },\n]\n");
    FAIL() << "cargo-audit takes strings only";
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 3);
  }
  EXPECT_THROW(read_deny_toml("deny.toml", "[advisories]\nignore = [ { reason = \"x\" } ]\n"), Error);
  EXPECT_THROW(read_deny_toml("deny.toml", "[advisories]\nignore = \"RUSTSEC-2023-0071\"\n"), Error);
  EXPECT_THROW(read_osv_scanner_toml("o.toml", "[[IgnoredVulns]]\nid = \"X\"\nignoreUntil = \"soon\"\n"), Error);
  EXPECT_THROW(read_deny_toml("deny.toml", "<<<<<<< HEAD\n[advisories]\n"), Error);
}

}  // namespace
}  // namespace tocsin::vex
