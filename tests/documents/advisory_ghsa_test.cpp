// The GitHub "create a repository security advisory" body, checked against the request schema
// shipped in tests/fixtures/intake/ghsa-create-schema.json by a small JSON Schema evaluator
// (type, enum, required, properties, additionalProperties, items, maxLength: all that schema uses).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "documents/documents.h"
#include "documents/sample_facts.h"

namespace tocsin::documents {
namespace {

using Json = nlohmann::json;
using testing::sample_facts;

bool has_type(const Json& value, const std::string& type) {
  if (type == "null") return value.is_null();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_boolean();
  if (type == "array") return value.is_array();
  if (type == "object") return value.is_object();
  return false;
}

void validate(const Json& schema, const Json& value, const std::string& where, std::vector<std::string>& out) {
  if (schema.contains("type")) {
    bool ok = false;
    for (const Json& type : schema["type"].is_array() ? schema["type"] : Json::array({schema["type"]}))
      ok = ok || has_type(value, type.get<std::string>());
    if (!ok) return out.push_back(where + ": wrong type");
  }
  if (schema.contains("enum")) {
    bool ok = false;
    for (const Json& allowed : schema["enum"]) ok = ok || allowed == value;
    if (!ok) out.push_back(where + ": not one of the enum values");
  }
  if (schema.contains("maxLength") && value.is_string() && value.get<std::string>().size() > schema["maxLength"])
    out.push_back(where + ": too long");
  if (value.is_object()) {
    for (const Json& key : schema.value("required", Json::array()))
      if (!value.contains(key.get<std::string>())) out.push_back(where + ": lacks " + key.get<std::string>());
    const Json properties = schema.value("properties", Json::object());
    for (const auto& [key, member] : value.items()) {
      if (properties.contains(key))
        validate(properties[key], member, where + "." + key, out);
      else if (schema.value("additionalProperties", true) == false)
        out.push_back(where + ": unexpected " + key);
    }
  }
  if (value.is_array() && schema.contains("items"))
    for (std::size_t i = 0; i < value.size(); ++i)
      validate(schema["items"], value[i], where + "[" + std::to_string(i) + "]", out);
}

std::vector<std::string> violations(const Json& body) {
  static const Json schema = Json::parse(read_file(std::string(TOCSIN_FIXTURES) + "/intake/ghsa-create-schema.json"));
  std::vector<std::string> out;
  validate(schema, body, "$", out);
  // A rule the schema states in prose: "You must choose between setting this field or severity."
  if (body.contains("severity") && body.contains("cvss_vector_string")) out.push_back("$: severity and cvss both set");
  return out;
}

TEST(AdvisoryGhsa, TheSampleIsAValidRequestBody) {
  const Document document = render_advisory_ghsa(sample_facts());
  const Json body = Json::parse(document.text);
  EXPECT_TRUE(violations(body).empty()) << ::testing::PrintToString(violations(body));
  EXPECT_EQ(body["summary"], sample_facts().title);
  EXPECT_EQ(body["description"], render_advisory_markdown(sample_facts()).text);
  EXPECT_EQ(body["vulnerabilities"][0]["package"]["ecosystem"], "rust");
  EXPECT_EQ(body["vulnerabilities"][0]["package"]["name"], "springtale-connector");
  EXPECT_EQ(body["vulnerabilities"][0]["vulnerable_version_range"], ">= 0.3.0, < 0.4.3");
  EXPECT_EQ(body["vulnerabilities"][0]["patched_versions"], "0.4.3");
  EXPECT_EQ(body["cvss_vector_string"], sample_facts().cvss_v4_vector);  // v4 preferred, never with severity
  EXPECT_FALSE(body.contains("severity"));
  EXPECT_EQ(body["credits"], Json::parse(R"([{"login":"ada-example","type":"reporter"}])"));
}

TEST(AdvisoryGhsa, TheValidatorRejectsBrokenBodies) {
  Json body = Json::parse(render_advisory_ghsa(sample_facts()).text);
  body["vulnerabilities"][0]["package"]["ecosystem"] = "crates.io";
  body["severity"] = "high";
  body["extra"] = 1;
  EXPECT_EQ(violations(body).size(), 3u) << ::testing::PrintToString(violations(body));
}

TEST(AdvisoryGhsa, AUnionOfRangesIsOneEntryPerRange) {
  IncidentFacts facts = sample_facts();
  facts.affected_versions = ">= 0.3.0, < 0.3.5 || >= 0.4.0, < 0.4.3";
  const Json body = Json::parse(render_advisory_ghsa(facts).text);
  ASSERT_EQ(body["vulnerabilities"].size(), 2u);
  EXPECT_EQ(body["vulnerabilities"][0]["vulnerable_version_range"], ">= 0.3.0, < 0.3.5");
  EXPECT_EQ(body["vulnerabilities"][1]["vulnerable_version_range"], ">= 0.4.0, < 0.4.3");
  EXPECT_TRUE(violations(body).empty());
}

TEST(AdvisoryGhsa, WithoutAVectorTheSeverityAndGapsAreNamed) {
  IncidentFacts facts = sample_facts();
  facts.cvss_v4_vector.clear();
  facts.cvss_v31_vector.clear();
  facts.ecosystem = "Conan";
  facts.credit = CreditPreference::Anonymous;
  const Document document = render_advisory_ghsa(facts);
  const Json body = Json::parse(document.text);
  EXPECT_TRUE(violations(body).empty()) << ::testing::PrintToString(violations(body));
  EXPECT_EQ(body["severity"], to_lower(facts.severity));
  EXPECT_EQ(body["vulnerabilities"][0]["package"]["ecosystem"], "other");
  EXPECT_FALSE(body.contains("credits"));  // anonymous: nobody is named
  bool ecosystem_gap = false;
  for (const Gap& gap : document.gaps) ecosystem_gap = ecosystem_gap || gap.field == "ecosystem";
  EXPECT_TRUE(ecosystem_gap);
  EXPECT_EQ(body.dump().find("ada-example"), std::string::npos);
  EXPECT_EQ(body.dump().find("Ada Example"), std::string::npos);
}

TEST(AdvisoryGhsa, AnEmptyRecordStillGivesABodyOfTheRightShape) {
  const Document document = render_advisory_ghsa(IncidentFacts{});
  EXPECT_TRUE(violations(Json::parse(document.text)).empty());
  EXPECT_FALSE(document.gaps.empty());
}

}  // namespace
}  // namespace tocsin::documents
