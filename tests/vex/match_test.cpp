#include "vex/match.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/time.h"

namespace tocsin::vex {
namespace {

struct StatementSpec {
  std::string name;
  std::string aliases;   // JSON array body
  std::string products;  // JSON array body
  std::string status_fields;
  std::string timestamp;  // "" = inherit
};

LoadedDocument make(const std::string& path, const std::string& doc_time, const std::vector<StatementSpec>& specs) {
  std::string statements;
  for (const auto& s : specs) {
    if (!statements.empty()) statements += ",";
    statements += fmt::format(R"({{"vulnerability": {{"name": "{}", "aliases": [{}]}}, "products": [{}], {}{}}})",
                              s.name, s.aliases, s.products, s.status_fields,
                              s.timestamp.empty() ? "" : ", \"timestamp\": \"" + s.timestamp + "\"");
  }
  return read_openvex(path, fmt::format(R"({{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "{}", "author": "t",
      "timestamp": "{}", "version": 1, "statements": [{}]}})",
                                        "https://example.org/" + path, doc_time, statements));
}

const std::string kNotAffected = R"("status": "not_affected", "justification": "vulnerable_code_not_in_execute_path")";
const std::string kAffected = R"("status": "affected", "action_statement": "upgrade")";

TEST(Suppression, NotAffectedAndFixedSuppressOthersNever) {
  const std::pair<std::string, bool> cases[] = {{kNotAffected, true},
                                                {R"("status": "fixed")", true},
                                                {kAffected, false},
                                                {R"("status": "under_investigation")", false}};
  for (const auto& [fields, suppresses] : cases) {
    std::vector<LoadedDocument> docs = {
        make("a.json", "2024-01-01T00:00:00Z", {{"CVE-2024-1", "", R"({"@id": "pkg:cargo/demo@1.0.0"})", fields, ""}})};
    auto found = find_applicable_statement(docs, {Ecosystem::CratesIo, "demo", "1.0.0"}, "CVE-2024-1", {});
    ASSERT_TRUE(found.has_value()) << fields;
    EXPECT_EQ(found->suppresses, suppresses) << fields;
    EXPECT_EQ(found->source_path, "a.json");
  }
}

TEST(Suppression, MatchesThroughAliasesBothWays) {
  std::vector<LoadedDocument> docs = {
      make("a.json", "2024-01-01T00:00:00Z",
           {{"CVE-2024-1", "\"GHSA-2qrg-x229-3v8q\"", R"({"@id": "pkg:cargo/demo"})", kNotAffected, ""}})};
  const PackageQuery demo{Ecosystem::CratesIo, "demo", "2.0.0"};
  // The finding's id is the statement's alias (case differs: GHSA ids are case-insensitive).
  EXPECT_TRUE(find_applicable_statement(docs, demo, "ghsa-2qrg-x229-3v8q", {}).has_value());
  // The finding's alias is the statement's name.
  EXPECT_TRUE(find_applicable_statement(docs, demo, "RUSTSEC-2024-0001", {"CVE-2024-1"}).has_value());
  EXPECT_FALSE(find_applicable_statement(docs, demo, "CVE-2024-2", {"GHSA-xxxx"}).has_value());
}

TEST(Suppression, VersionAwareProducts) {
  std::vector<LoadedDocument> docs = {
      make("a.json", "2024-01-01T00:00:00Z",
           {{"CVE-2024-1", "", R"({"@id": "pkg:cargo/demo@1.0.0"})", kNotAffected, ""},
            {"CVE-2024-2", "", R"({"@id": "pkg:cargo/demo@0.37"})", kNotAffected, ""}})};
  EXPECT_TRUE(find_applicable_statement(docs, {Ecosystem::CratesIo, "demo", "1.0.0"}, "CVE-2024-1", {}));
  EXPECT_FALSE(find_applicable_statement(docs, {Ecosystem::CratesIo, "demo", "1.0.1"}, "CVE-2024-1", {}));
  EXPECT_TRUE(find_applicable_statement(docs, {Ecosystem::CratesIo, "demo", "0.37.4"}, "CVE-2024-2", {}));
  EXPECT_FALSE(find_applicable_statement(docs, {Ecosystem::CratesIo, "demo", "0.38.0"}, "CVE-2024-2", {}));
  EXPECT_FALSE(find_applicable_statement(docs, {Ecosystem::Npm, "demo", "1.0.0"}, "CVE-2024-1", {}));
}

TEST(Suppression, Subcomponents) {
  std::vector<LoadedDocument> docs = {
      make("a.json", "2024-01-01T00:00:00Z",
           {{"CVE-2024-1", "", R"({"@id": "pkg:cargo/app@2.0.0", "subcomponents": [{"@id": "pkg:cargo/libz@1.3.1"}]})",
             kNotAffected, ""}})};
  auto found = find_applicable_statement(docs, {Ecosystem::CratesIo, "libz", "1.3.1"}, "CVE-2024-1", {});
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(found->via_subcomponent);
  EXPECT_EQ(found->matched_product, "pkg:cargo/app@2.0.0");
  auto product = find_applicable_statement(docs, {Ecosystem::CratesIo, "app", "2.0.0"}, "CVE-2024-1", {});
  ASSERT_TRUE(product.has_value());
  EXPECT_FALSE(product->via_subcomponent);
}

TEST(Suppression, NewestStatementWins) {
  // Document-level timestamps cascade; a later statement timestamp in an older document still wins.
  std::vector<LoadedDocument> docs = {
      make("old.json", "2024-01-01T00:00:00Z",
           {{"CVE-2024-1", "", R"({"@id": "pkg:cargo/demo"})", kNotAffected, "2024-06-01T00:00:00Z"}}),
      make("new.json", "2024-03-01T00:00:00Z", {{"CVE-2024-1", "", R"({"@id": "pkg:cargo/demo"})", kAffected, ""}})};
  auto found = find_applicable_statement(docs, {Ecosystem::CratesIo, "demo", "1.0.0"}, "CVE-2024-1", {});
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->source_path, "old.json");
  EXPECT_TRUE(found->suppresses);
  EXPECT_EQ(found->timestamp, parse_rfc3339("2024-06-01T00:00:00Z"));
  // Equal timestamps: the later statement supersedes (OpenVEX appends updates).
  std::vector<LoadedDocument> tie = {make("t.json", "2024-01-01T00:00:00Z",
                                          {{"CVE-2024-1", "", R"({"@id": "pkg:cargo/demo"})", kNotAffected, ""},
                                           {"CVE-2024-1", "", R"({"@id": "pkg:cargo/demo"})", kAffected, ""}})};
  auto later = find_applicable_statement(tie, {Ecosystem::CratesIo, "demo", "1.0.0"}, "CVE-2024-1", {});
  ASSERT_TRUE(later.has_value());
  EXPECT_EQ(later->status, Status::Affected);
  EXPECT_FALSE(later->suppresses);
}

TEST(Suppression, UnknownStatusNeverApplies) {
  std::vector<LoadedDocument> docs = {make(
      "a.json", "2024-01-01T00:00:00Z", {{"CVE-2024-1", "", R"({"@id": "pkg:cargo/demo"})", R"("status": "ok")", ""}})};
  EXPECT_FALSE(find_applicable_statement(docs, {Ecosystem::CratesIo, "demo", "1.0.0"}, "CVE-2024-1", {}));
}

TEST(Merge, NewestPerProductAndVulnerabilityWins) {
  std::vector<LoadedDocument> docs = {
      make("a.json", "2024-01-01T00:00:00Z",
           {{"CVE-2024-2", "", R"({"@id": "pkg:cargo/demo"})", R"("status": "under_investigation")", ""},
            {"CVE-2024-1", "", R"({"@id": "pkg:cargo/demo"})", R"("status": "under_investigation")", ""}}),
      make("b.json", "2024-02-01T00:00:00Z", {{"CVE-2024-2", "", R"({"@id": "pkg:cargo/demo"})", kNotAffected, ""}})};
  MergeOptions options{"", "merger", *parse_rfc3339("2024-05-01T00:00:00Z"), false};
  Document merged = merge_documents(docs, options);
  ASSERT_EQ(merged.statements.size(), 2u);
  EXPECT_EQ(merged.statements[0].vulnerability.name, "CVE-2024-1");
  EXPECT_EQ(merged.statements[1].vulnerability.name, "CVE-2024-2");
  EXPECT_EQ(merged.statements[1].status, Status::NotAffected);
  // Timestamps cascaded from the source documents.
  EXPECT_EQ(merged.statements[0].timestamp, "2024-01-01T00:00:00Z");
  EXPECT_EQ(merged.statements[1].timestamp, "2024-02-01T00:00:00Z");
  EXPECT_EQ(merged.timestamp, "2024-05-01T00:00:00Z");
  EXPECT_EQ(merged.author, "merger");
  // The OpenVEX schema's @id is an IRI (format "iri"); go-vex's bare "merged-vex-…" is not one.
  EXPECT_EQ(merged.id.rfind("https://openvex.dev/docs/public/merged-vex-", 0), 0u);
  // Same sources -> same id, whatever their order (go-vex sorts the ids).
  std::vector<LoadedDocument> reversed = {docs[1], docs[0]};
  EXPECT_EQ(merge_documents(reversed, options).id, merged.id);
  EXPECT_EQ(merged.id, "https://openvex.dev/docs/public/merged-vex-" +
                           sha256_hex("https://example.org/a.json:https://example.org/b.json"));
}

TEST(Merge, KeepHistoryIsVexctlOrder) {
  std::vector<LoadedDocument> docs = {
      make("b.json", "2024-02-01T00:00:00Z", {{"CVE-2024-2", "", R"({"@id": "pkg:cargo/demo"})", kNotAffected, ""}}),
      make("a.json", "2024-01-01T00:00:00Z",
           {{"CVE-2024-2", "", R"({"@id": "pkg:cargo/demo"})", R"("status": "under_investigation")", ""}})};
  Document merged = merge_documents(docs, {"id-1", "", 0, true});
  ASSERT_EQ(merged.statements.size(), 2u);
  EXPECT_EQ(merged.statements[0].status, Status::UnderInvestigation);  // older first
  EXPECT_EQ(merged.statements[1].status, Status::NotAffected);
  EXPECT_EQ(merged.id, "id-1");
  EXPECT_EQ(merged.author, "Unknown Author");
  EXPECT_THROW(merge_documents({}, {}), Error);
}

}  // namespace
}  // namespace tocsin::vex
