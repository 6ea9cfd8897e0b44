#include "vex/openvex.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/time.h"

namespace tocsin::vex {
namespace {

using ::testing::HasSubstr;

// A project-written document with one statement; `statement_fields` are spliced in.
std::string document_with(const std::string& statement_fields) {
  return R"({
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.org/vex/test-1",
  "author": "Test Maintainers",
  "timestamp": "2024-03-01T12:00:00Z",
  "version": 1,
  "statements": [
    {
      "vulnerability": {"name": "CVE-2024-1234", "aliases": ["GHSA-2qrg-x229-3v8q"]},
      "products": [{"@id": "pkg:cargo/demo@1.2.3"}],
)" + statement_fields +
         R"(
    }
  ]
}
)";
}

const Diagnostic* find_diagnostic(const LoadedDocument& loaded, const std::string& json_path) {
  for (const auto& d : loaded.diagnostics)
    if (d.location.field_path == json_path) return &d;
  return nullptr;
}

TEST(OpenVexRead, EveryStatusAndJustification) {
  const std::pair<const char*, const char*> valid[] = {
      {"\"status\": \"not_affected\", \"justification\": \"component_not_present\"", "component_not_present"},
      {"\"status\": \"not_affected\", \"justification\": \"vulnerable_code_not_present\"",
       "vulnerable_code_not_present"},
      {"\"status\": \"not_affected\", \"justification\": \"vulnerable_code_not_in_execute_path\"",
       "vulnerable_code_not_in_execute_path"},
      {"\"status\": \"not_affected\", \"justification\": \"vulnerable_code_cannot_be_controlled_by_adversary\"",
       "vulnerable_code_cannot_be_controlled_by_adversary"},
      {"\"status\": \"not_affected\", \"justification\": \"inline_mitigations_already_exist\"",
       "inline_mitigations_already_exist"},
  };
  for (const auto& [fields, justification] : valid) {
    LoadedDocument loaded = read_openvex("a.json", document_with(fields));
    EXPECT_TRUE(loaded.diagnostics.empty()) << fields;
    ASSERT_EQ(loaded.document.statements.size(), 1u);
    const Statement& s = loaded.document.statements[0];
    EXPECT_EQ(s.status, Status::NotAffected);
    ASSERT_TRUE(s.justification.has_value());
    EXPECT_EQ(justification_name(*s.justification), justification);
  }
  for (const char* status : {"fixed", "under_investigation"}) {
    LoadedDocument loaded = read_openvex("a.json", document_with(fmt::format("\"status\": \"{}\"", status)));
    EXPECT_TRUE(loaded.diagnostics.empty()) << status;
    EXPECT_EQ(status_name(*loaded.document.statements[0].status), status);
  }
  LoadedDocument affected =
      read_openvex("a.json", document_with("\"status\": \"affected\", \"action_statement\": \"Upgrade to 1.2.4\""));
  EXPECT_TRUE(affected.diagnostics.empty());
  EXPECT_EQ(affected.document.statements[0].status, Status::Affected);
  EXPECT_FALSE(status_suppresses(Status::Affected));
  EXPECT_FALSE(status_suppresses(Status::UnderInvestigation));
  EXPECT_TRUE(status_suppresses(Status::NotAffected));
  EXPECT_TRUE(status_suppresses(Status::Fixed));
}

TEST(OpenVexRead, ModelFields) {
  const std::string text = R"({
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.org/vex/2",
  "author": "A", "role": "Maintainer", "timestamp": "2024-03-01T12:00:00Z",
  "last_updated": "2024-03-02T00:00:00Z", "version": 4, "tooling": "hand",
  "statements": [{
    "@id": "https://example.org/vex/2#s1",
    "vulnerability": {"@id": "https://nvd.nist.gov/vuln/detail/CVE-2019-17571", "name": "CVE-2019-17571",
                      "description": "deserialisation", "aliases": ["GHSA-2qrg-x229-3v8q"]},
    "timestamp": "2024-03-01T13:00:00Z", "last_updated": "2024-03-01T14:00:00Z",
    "products": [{"@id": "pkg:npm/%40scope/app@1.0.0",
                  "identifiers": {"purl": "pkg:npm/%40scope/app@1.0.0", "cpe23": "cpe:2.3:a:x:app:1.0.0:*:*:*:*:*:*:*"},
                  "hashes": {"sha-256": "abcd"},
                  "subcomponents": [{"@id": "pkg:npm/log4js@6.0.0"}]}],
    "status": "fixed", "status_notes": "fixed in 1.0.0"
  }]
})";
  LoadedDocument loaded = read_openvex("b.json", text);
  EXPECT_TRUE(loaded.diagnostics.empty());
  const Document& d = loaded.document;
  EXPECT_EQ(d.role, "Maintainer");
  EXPECT_EQ(d.version, 4);
  EXPECT_EQ(d.tooling, "hand");
  EXPECT_EQ(d.last_updated, "2024-03-02T00:00:00Z");
  const Statement& s = d.statements[0];
  EXPECT_EQ(s.id, "https://example.org/vex/2#s1");
  EXPECT_EQ(s.vulnerability.description, "deserialisation");
  EXPECT_EQ(s.vulnerability.aliases, std::vector<std::string>{"GHSA-2qrg-x229-3v8q"});
  EXPECT_EQ(s.products[0].identifiers.size(), 2u);
  EXPECT_EQ(s.products[0].hashes[0].second, "abcd");
  EXPECT_EQ(s.products[0].subcomponents[0].id, "pkg:npm/log4js@6.0.0");
  EXPECT_EQ(s.timestamp_unix, parse_rfc3339("2024-03-01T13:00:00Z"));
  EXPECT_EQ(effective_timestamp(s, d), parse_rfc3339("2024-03-01T13:00:00Z"));
  EXPECT_EQ(s.status_notes, "fixed in 1.0.0");
}

TEST(OpenVexValidate, UnknownStatusNamesFilePathAndLine) {
  const std::string text =
      document_with("      \"status\": \"Not_Affected\", \"justification\": \"component_not_present\"");
  LoadedDocument loaded = read_openvex("vex/x.json", text);
  const Diagnostic* d = find_diagnostic(loaded, "$.statements[0].status");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->severity, Severity::Error);
  EXPECT_EQ(d->location.path, "vex/x.json");
  EXPECT_EQ(d->location.line, 11);   // the line of "status" in document_with()
  EXPECT_EQ(d->location.column, 7);  // its opening quote, after six spaces
  EXPECT_THAT(d->message, HasSubstr("unknown status \"Not_Affected\""));
  EXPECT_THAT(d->hint, HasSubstr("not_affected"));
  EXPECT_FALSE(loaded.document.statements[0].status.has_value());
  try {
    read_openvex_strict("vex/x.json", text);
    FAIL() << "strict read accepted an unknown status";
  } catch (const Error& e) {
    EXPECT_EQ(e.path(), "vex/x.json");
    EXPECT_EQ(e.line(), 11);
    EXPECT_EQ(e.column(), 7);
    EXPECT_THAT(e.message(), HasSubstr("$.statements[0].status"));
  }
}

TEST(OpenVexValidate, UnknownJustification) {
  LoadedDocument loaded =
      read_openvex("x.json", document_with("\"status\": \"not_affected\", \"justification\": \"not_used\""));
  const Diagnostic* d = find_diagnostic(loaded, "$.statements[0].justification");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->severity, Severity::Error);
  EXPECT_THAT(d->message, HasSubstr("unknown justification \"not_used\""));
  EXPECT_EQ(d->location.line, 11);
}

TEST(OpenVexValidate, NotAffectedNeedsJustificationOrImpact) {
  LoadedDocument bare = read_openvex("x.json", document_with("\"status\": \"not_affected\""));
  ASSERT_NE(find_diagnostic(bare, "$.statements[0].status"), nullptr);
  EXPECT_TRUE(bare.has_errors());
  LoadedDocument impact_only =
      read_openvex("x.json", document_with("\"status\": \"not_affected\", \"impact_statement\": \"not reachable\""));
  EXPECT_FALSE(impact_only.has_errors());  // allowed, but discouraged: a warning
  ASSERT_NE(find_diagnostic(impact_only, "$.statements[0].impact_statement"), nullptr);
}

TEST(OpenVexValidate, AffectedNeedsActionStatement) {
  LoadedDocument loaded = read_openvex("x.json", document_with("\"status\": \"affected\""));
  const Diagnostic* d = find_diagnostic(loaded, "$.statements[0].status");
  ASSERT_NE(d, nullptr);
  EXPECT_THAT(d->message, HasSubstr("action_statement"));
  EXPECT_THROW(read_openvex_strict("x.json", document_with("\"status\": \"affected\"")), Error);
}

TEST(OpenVexValidate, FieldsOnTheWrongStatusAreWarnings) {
  LoadedDocument loaded = read_openvex(
      "x.json", document_with("\"status\": \"affected\", \"justification\": \"vulnerable_code_not_present\", "
                              "\"impact_statement\": \"x\", \"action_statement\": \"y\""));
  EXPECT_FALSE(loaded.has_errors());
  const Diagnostic* justification = find_diagnostic(loaded, "$.statements[0].justification");
  ASSERT_NE(justification, nullptr);
  EXPECT_EQ(justification->severity, Severity::Warning);
  EXPECT_THAT(justification->hint, HasSubstr("not_affected"));
  EXPECT_NE(find_diagnostic(loaded, "$.statements[0].impact_statement"), nullptr);
  LoadedDocument fixed = read_openvex("x.json", document_with("\"status\": \"fixed\", \"action_statement\": \"y\""));
  EXPECT_NE(find_diagnostic(fixed, "$.statements[0].action_statement"), nullptr);
}

TEST(OpenVexValidate, MissingPiecesAndWrongTypes) {
  LoadedDocument loaded = read_openvex("x.json", R"({"@context": "https://example.com/other", "version": "1",
    "statements": [{"vulnerability": "CVE-2024-1", "products": [], "status": "fixed", "timestamp": "yesterday"}]})");
  for (const char* path : {"$[\"@context\"]", "$.version", "$.statements[0].vulnerability", "$.statements[0].products",
                           "$.statements[0].timestamp"})
    EXPECT_NE(find_diagnostic(loaded, path), nullptr) << path;
  // Missing document fields are reported at the root.
  int missing = 0;
  for (const auto& d : loaded.diagnostics)
    if (d.location.field_path == "$") ++missing;
  EXPECT_EQ(missing, 3);  // @id, author, timestamp
  // The v0.0.1 string form still yields the name, so matching keeps working.
  EXPECT_EQ(loaded.document.statements[0].vulnerability.name, "CVE-2024-1");
}

TEST(OpenVexValidate, UnknownFieldsAreKeptAndReported) {
  LoadedDocument loaded =
      read_openvex("x.json", document_with("\"status\": \"fixed\", \"next_review\": \"2026-09-01\", \"version\": 2"));
  const Diagnostic* d = find_diagnostic(loaded, "$.statements[0].next_review");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->severity, Severity::Warning);
  EXPECT_EQ(loaded.document.statements[0].extra["next_review"], "2026-09-01");
  EXPECT_EQ(loaded.document.statements[0].extra["version"], 2);  // spec field, not modelled, preserved
  EXPECT_EQ(find_diagnostic(loaded, "$.statements[0].version"), nullptr);
  EXPECT_NE(write_openvex(loaded.document).find("\"next_review\": \"2026-09-01\""), std::string::npos);
}

TEST(OpenVexValidate, PurlPrefixAndBadPurl) {
  const std::string text = R"({"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x", "author": "a",
    "timestamp": "2024-01-01T00:00:00Z", "version": 1, "statements": [{"vulnerability": {"name": "CVE-2024-1"},
    "products": [{"@id": "pkg:cargo/app", "subcomponents": [{"@id": "pkg:cargo/rusqlite@0.37"}, {"@id": "pkg:cargo/x%zz"}]}],
    "status": "fixed"}]})";
  LoadedDocument loaded = read_openvex("x.json", text);
  const Diagnostic* prefix = find_diagnostic(loaded, "$.statements[0].products[0].subcomponents[0][\"@id\"]");
  ASSERT_NE(prefix, nullptr);
  EXPECT_EQ(prefix->severity, Severity::Warning);
  const Diagnostic* bad = find_diagnostic(loaded, "$.statements[0].products[0].subcomponents[1][\"@id\"]");
  ASSERT_NE(bad, nullptr);
  EXPECT_EQ(bad->severity, Severity::Error);
}

TEST(OpenVexRead, NonObjectsThrow) {
  EXPECT_THROW(read_openvex("x.json", "[1, 2]"), Error);
  EXPECT_THROW(read_openvex("x.json", "{\"a\": "), Error);
  LoadedDocument empty = read_openvex("x.json", "{}");
  EXPECT_TRUE(empty.has_errors());
}

TEST(OpenVexWrite, FixedKeyOrderRoundTrip) {
  const std::string text = document_with(
      "\"status\": \"not_affected\", \"justification\": \"inline_mitigations_already_exist\", \"impact_statement\": "
      "\"sandboxed\"");
  Document document = read_openvex("x.json", text).document;
  const std::string written = write_openvex(document);
  EXPECT_EQ(written.find("\"@context\""), 4u);  // first key, 2-space indent
  EXPECT_LT(written.find("\"vulnerability\""), written.find("\"products\""));
  EXPECT_LT(written.find("\"status\""), written.find("\"justification\""));
  EXPECT_EQ(written.back(), '\n');
  // Writing what was read gives the same bytes again (deterministic).
  EXPECT_EQ(write_openvex(read_openvex("y.json", written).document), written);
}

// go-vex's TestCanonicalHashFixture (pkg/vex/canonical_hash_test.go): same document, same hashes.
Document go_vex_fixture(int n) {
  const std::int64_t base = *parse_rfc3339("2024-03-01T12:00:00Z");
  Document doc;
  doc.author = "Test Author";
  doc.version = 3;
  doc.timestamp_unix = base;
  for (int i = 0; i < n; ++i) {
    Statement s;
    s.vulnerability.id = fmt::format("https://example.com/vulns/{}", i);
    s.vulnerability.name = fmt::format("CVE-2024-{:05}", i);
    s.vulnerability.aliases = {"GHSA-zzzz", "GHSA-aaaa"};
    s.status = Status::NotAffected;
    s.justification = Justification::ComponentNotPresent;
    Product zeta;
    zeta.id = "pkg:oci/zeta@sha256:beef";
    zeta.hashes = {{"sha-256", "beef"}};
    zeta.identifiers = {{"purl", "pkg:oci/zeta@sha256:beef"}};
    zeta.subcomponents = {Component{"pkg:apk/wolfi/libz@1.3", {}, {}, 0},
                          Component{"pkg:apk/wolfi/liba@1.0", {}, {}, 0}};
    Product alpha;
    alpha.id = "pkg:oci/alpha@sha256:cafe";
    s.products = {zeta, alpha};
    if (i % 2 == 0) s.timestamp_unix = base + i * 3600;
    doc.statements.push_back(s);
  }
  return doc;
}

TEST(OpenVexCanonical, MatchesGoVexHashes) {
  EXPECT_EQ(canonical_hash(go_vex_fixture(0)), "2ceca891f56cc74b5c8b10e59d0cb0eec2863c14bd6d3dc1e8d5257c8892a44c");
  EXPECT_EQ(canonical_hash(go_vex_fixture(1)), "3271817c8ce125c34c506753e45306ed56ab6e154c1bff47f13eae6d5e4407e5");
  EXPECT_EQ(canonical_hash(go_vex_fixture(7)), "395f0269c1586deefc920f0dc876cd0690dc3bbd50854bf2c76dfb2e6638c607");
  EXPECT_EQ(canonical_id(go_vex_fixture(1)),
            "https://openvex.dev/docs/public/vex-3271817c8ce125c34c506753e45306ed56ab6e154c1bff47f13eae6d5e4407e5");
  Document no_time = go_vex_fixture(1);
  no_time.timestamp_unix.reset();
  EXPECT_THROW(canonical_hash(no_time), Error);
}

}  // namespace
}  // namespace tocsin::vex
