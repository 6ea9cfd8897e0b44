// OSV and CVE JSON records: schema rules (schema_checks.h), values, and their gaps.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "documents/documents.h"
#include "documents/sample_facts.h"
#include "documents/schema_checks.h"

namespace tocsin::documents {
namespace {

using testing::check_cve;
using testing::check_osv;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::Json;
using testing::sample_facts;

bool has_gap(const Document& document, const std::string& field) {
  for (const Gap& gap : document.gaps)
    if (gap.field == field) return true;
  return false;
}

TEST(OsvRecord, CompleteRecordIsValidAndExact) {
  const Document doc = render_advisory_osv(sample_facts());
  EXPECT_THAT(doc.gaps, IsEmpty());
  const Json r = Json::parse(doc.text);
  EXPECT_THAT(check_osv(r), IsEmpty()) << doc.text;
  EXPECT_EQ(r["schema_version"], "1.6.0");
  EXPECT_EQ(r["id"], "CVE-2026-31337");
  EXPECT_FALSE(r.contains("aliases"));               // the id is the only identifier
  EXPECT_EQ(r["modified"], "2026-03-27T10:00:00Z");  // closed_at: the latest time in the record
  EXPECT_EQ(r["published"], "2026-03-20T16:00:00Z");
  EXPECT_EQ(r["severity"][0], (Json{{"type", "CVSS_V4"}, {"score", sample_facts().cvss_v4_vector}}));
  EXPECT_EQ(r["severity"][1], (Json{{"type", "CVSS_V3"}, {"score", sample_facts().cvss_v31_vector}}));
  const Json& affected = r["affected"][0];
  EXPECT_EQ(
      affected["package"],
      (Json{{"ecosystem", "crates.io"}, {"name", "springtale-connector"}, {"purl", "pkg:cargo/springtale-connector"}}));
  EXPECT_EQ(affected["ranges"][0]["type"], "SEMVER");
  EXPECT_EQ(affected["ranges"][0]["events"], Json::parse(R"([{"introduced":"0.3.0"},{"fixed":"0.4.3"}])"));
  EXPECT_EQ(r["credits"], Json::parse(R"([{"name":"@ada-example","type":"REPORTER"}])"));
  EXPECT_EQ(r["database_specific"]["cwe_ids"], Json::parse(R"(["CWE-200"])"));
}

TEST(OsvRecord, IdPrefersTheAdvisoryThenTheCveThenALocalId) {
  IncidentFacts facts = sample_facts();
  facts.advisory_id = "GHSA-abcd-efgh-ijkl";
  Json r = Json::parse(render_advisory_osv(facts).text);
  EXPECT_EQ(r["id"], "GHSA-abcd-efgh-ijkl");
  EXPECT_EQ(r["aliases"], Json::parse(R"(["CVE-2026-31337"])"));
  EXPECT_THAT(check_osv(r), IsEmpty());

  facts = sample_facts();
  facts.cve_id.clear();
  const Document doc = render_advisory_osv(facts);
  r = Json::parse(doc.text);
  EXPECT_EQ(r["id"], "x_Springtale-INC-2026-0007");
  EXPECT_THAT(check_osv(r), IsEmpty());
  EXPECT_TRUE(has_gap(doc, "cve"));
}

TEST(OsvRecord, EcosystemsGetTheirRangeTypeAndPurl) {
  IncidentFacts facts = sample_facts();
  facts.ecosystem = "npm";
  facts.package = "@scope/pkg";
  Json r = Json::parse(render_advisory_osv(facts).text);
  EXPECT_EQ(r["affected"][0]["package"]["purl"], "pkg:npm/%40scope/pkg");
  EXPECT_EQ(r["affected"][0]["ranges"][0]["type"], "SEMVER");
  facts.ecosystem = "pypi";
  facts.package = "Foo_Bar";
  r = Json::parse(render_advisory_osv(facts).text);
  EXPECT_EQ(r["affected"][0]["package"]["ecosystem"], "PyPI");
  EXPECT_EQ(r["affected"][0]["package"]["purl"], "pkg:pypi/foo-bar");
  EXPECT_EQ(r["affected"][0]["ranges"][0]["type"], "ECOSYSTEM");
  EXPECT_THAT(check_osv(r), IsEmpty());
}

TEST(OsvRecord, GapsAreLeftOutAndNamed) {
  IncidentFacts facts = sample_facts();
  facts.affected_versions.clear();  // no range recorded: the bounds come from the two fields
  facts.introduced_version.clear();
  facts.patched_version.clear();
  facts.published_at.clear();
  facts.cvss_v4_vector.clear();
  facts.credit = CreditPreference::Unset;
  const Document doc = render_advisory_osv(facts);
  const Json r = Json::parse(doc.text);
  EXPECT_THAT(check_osv(r), IsEmpty()) << doc.text;
  for (const char* field : {"introduced", "patched", "published", "cvss-v4", "credit"})
    EXPECT_TRUE(has_gap(doc, field)) << field;
  // Conservative range: every version from the beginning, no fix.
  EXPECT_EQ(r["affected"][0]["ranges"][0]["events"], Json::parse(R"([{"introduced":"0"}])"));
  EXPECT_FALSE(r.contains("published"));
  EXPECT_FALSE(r.contains("credits"));
  EXPECT_EQ(r["severity"].size(), 1u);

  const Document empty = render_advisory_osv(IncidentFacts{});
  EXPECT_TRUE(has_gap(empty, "reported"));  // no timestamp at all: `modified` cannot be given
  EXPECT_THAT(check_osv(Json::parse(empty.text)), ElementsAre("record lacks required 'modified'"));
}

TEST(OsvRecord, TheCheckerCanFail) {
  Json r = Json::parse(render_advisory_osv(sample_facts()).text);
  r["id"] = "SPRINGTALE-1";
  r["affected"][0]["ranges"][0]["events"] = Json::parse(R"([{"fixed":"1.0.0"},{"last_affected":"0.9"}])");
  r["extra"] = true;
  EXPECT_EQ(check_osv(r).size(), 4u);
}

TEST(CveRecord, CompleteRecordIsValidAndExact) {
  const Document doc = render_advisory_cve(sample_facts());
  EXPECT_THAT(doc.gaps, IsEmpty());
  const Json r = Json::parse(doc.text);
  EXPECT_THAT(check_cve(r), IsEmpty()) << doc.text;
  EXPECT_EQ(r["cveMetadata"]["cveId"], "CVE-2026-31337");
  EXPECT_EQ(r["cveMetadata"]["assignerOrgId"], "a0819718-46f1-4df5-94e2-005712e83aaa");
  EXPECT_EQ(r["cveMetadata"]["datePublished"], "2026-03-20T16:00:00Z");
  const Json& cna = r["containers"]["cna"];
  EXPECT_EQ(cna["providerMetadata"]["shortName"], "GitHub_M");
  const Json& product = cna["affected"][0];
  EXPECT_EQ(product["vendor"], "Springtale");
  EXPECT_EQ(product["collectionURL"], "https://crates.io");
  EXPECT_EQ(product["versions"], Json::parse(R"([{"version":"0.3.0","status":"affected","lessThan":"0.4.3",
                                                  "versionType":"semver"}])"));
  EXPECT_EQ(cna["problemTypes"][0]["descriptions"][0]["cweId"], "CWE-200");
  // baseScore is the CVSS-B score (FIRST: 8.7) even though the vector carries E:P (CVSS-BT 7.7).
  const Json& v4 = cna["metrics"][0]["cvssV4_0"];
  EXPECT_EQ(v4["vectorString"], sample_facts().cvss_v4_vector);
  EXPECT_DOUBLE_EQ(v4["baseScore"].get<double>(), 8.7);
  EXPECT_EQ(v4["baseSeverity"], "HIGH");
  EXPECT_DOUBLE_EQ(cna["metrics"][1]["cvssV3_1"]["baseScore"].get<double>(), 7.5);
  EXPECT_EQ(cna["references"][0]["tags"], Json::parse(R"(["vendor-advisory"])"));
  EXPECT_EQ(cna["references"][1]["tags"], Json::parse(R"(["patch"])"));
  EXPECT_EQ(cna["credits"], Json::parse(R"([{"lang":"en","value":"@ada-example","type":"finder"}])"));
}

TEST(CveRecord, MissingRequiredFieldsAreGapsAndMakeTheDraftInvalid) {
  IncidentFacts facts = sample_facts();
  facts.cve_id.clear();
  facts.cna_org_id = "not-a-uuid";
  facts.references.clear();
  facts.repository_url.clear();
  const Document doc = render_advisory_cve(facts);
  for (const char* field : {"cve", "cna-org-id", "reference"}) EXPECT_TRUE(has_gap(doc, field)) << field;
  const testing::Violations violations = check_cve(Json::parse(doc.text));
  EXPECT_THAT(violations,
              ::testing::UnorderedElementsAre(
                  "cveMetadata lacks required 'cveId'", "cveMetadata lacks required 'assignerOrgId'",
                  "cna lacks required 'references'", "providerMetadata lacks required 'orgId'", "references is empty"));
}

TEST(CveRecord, UnknownBoundsUseTheSchemaConventions) {
  IncidentFacts facts = sample_facts();
  facts.affected_versions.clear();  // no range recorded: the bounds come from the two fields
  facts.introduced_version.clear();
  facts.patched_version.clear();
  facts.ecosystem = "PyPI";
  const Document doc = render_advisory_cve(facts);
  const Json r = Json::parse(doc.text);
  EXPECT_THAT(check_cve(r), IsEmpty());
  EXPECT_EQ(r["containers"]["cna"]["affected"][0]["versions"],
            Json::parse(R"([{"version":"0","status":"affected","lessThan":"*","versionType":"python"}])"));
  EXPECT_TRUE(has_gap(doc, "introduced"));
  EXPECT_TRUE(has_gap(doc, "patched"));
}

TEST(CveRecord, AnonymousReporterIsNotCredited) {
  IncidentFacts facts = sample_facts();
  facts.credit = CreditPreference::Anonymous;
  const Document doc = render_advisory_cve(facts);
  EXPECT_THAT(doc.gaps, IsEmpty());
  EXPECT_FALSE(Json::parse(doc.text)["containers"]["cna"].contains("credits"));
}

TEST(CveRecord, TheCheckerCanFail) {
  Json r = Json::parse(render_advisory_cve(sample_facts()).text);
  r["containers"]["cna"]["metrics"][0]["cvssV4_0"]["baseSeverity"] = "CRITICAL";
  r["containers"]["cna"]["problemTypes"][0]["descriptions"][0]["cweId"] = "CWE-0200";
  r["containers"]["cna"]["references"][0]["tags"] = Json::parse(R"(["advisory"])");
  EXPECT_EQ(check_cve(r).size(), 3u);
}

}  // namespace
}  // namespace tocsin::documents
