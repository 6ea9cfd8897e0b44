// In-CI structural checks of every golden SBOM against the official schemas shipped in
// tests/fixtures/sbom/schemas/: required fields, and every enum value checked against the enum the
// schema file itself lists (read at test time, not copied). Full JSON-schema validation (ajv) is
// tools/validate_sbom_schemas.sh, run by hand (it needs npm).
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "core/text.h"
#include "core/time.h"
#include "sbom/sbom_test_util.h"

namespace tocsin::sbom {
namespace {

namespace fx = testing;
namespace fs = std::filesystem;
using Json = nlohmann::json;

Json load(const std::string& path) { return Json::parse(read_file(path)); }

std::set<std::string> enum_of(const Json& node) {
  std::set<std::string> out;
  for (const Json& value : node.at("enum")) out.insert(value.get<std::string>());
  return out;
}

std::vector<std::string> goldens(const std::string& suffix) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(fx::kSbomFixtures + "/golden"))
    if (ends_with(entry.path().filename().string(), suffix)) out.push_back(entry.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(CycloneDxSchema, EveryGoldenHasTheRequiredFieldsAndEnums) {
  Json schema = load(fx::kSbomFixtures + "/schemas/bom-1.6.schema.json");
  const Json& defs = schema.at("definitions");
  auto component_types = enum_of(defs.at("component").at("properties").at("type"));
  auto scopes = enum_of(defs.at("component").at("properties").at("scope"));
  auto hash_algs = enum_of(defs.at("hash-alg"));
  std::regex hash_content(defs.at("hash-content").at("pattern").get<std::string>());
  std::regex serial(schema.at("properties").at("serialNumber").at("pattern").get<std::string>());
  const Json& analysis = defs.at("vulnerability").at("properties").at("analysis").at("properties");
  auto states = enum_of(defs.at(analysis.at("state").at("$ref").get<std::string>().substr(14)));
  auto justifications = enum_of(defs.at(analysis.at("justification").at("$ref").get<std::string>().substr(14)));
  std::set<std::string> required_top;
  for (const Json& key : schema.at("required")) required_top.insert(key.get<std::string>());

  auto files = goldens(".cdx.json");
  ASSERT_GE(files.size(), 9u);
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    Json bom = load(file);
    for (const std::string& key : required_top) EXPECT_TRUE(bom.contains(key)) << key;
    EXPECT_EQ(bom["bomFormat"], "CycloneDX");
    EXPECT_EQ(bom["specVersion"], "1.6");
    EXPECT_TRUE(std::regex_match(bom["serialNumber"].get<std::string>(), serial));
    EXPECT_EQ(bom["version"], 1);
    EXPECT_TRUE(parse_rfc3339(bom["metadata"]["timestamp"].get<std::string>()).has_value());
    std::set<std::string> refs;
    std::vector<Json> all = bom["components"];
    all.push_back(bom["metadata"]["component"]);
    for (const Json& component : all) {
      EXPECT_TRUE(component_types.count(component["type"].get<std::string>()));
      EXPECT_TRUE(component.contains("name"));
      if (component.contains("scope")) {
        EXPECT_TRUE(scopes.count(component["scope"].get<std::string>()));
      }
      for (const Json& hash : component.value("hashes", Json::array())) {
        EXPECT_TRUE(hash_algs.count(hash["alg"].get<std::string>()));
        EXPECT_TRUE(std::regex_match(hash["content"].get<std::string>(), hash_content));
      }
      for (const Json& property : component.value("properties", Json::array())) {
        EXPECT_TRUE(property.contains("name"));
        EXPECT_TRUE(property["value"].is_string());
      }
      EXPECT_TRUE(refs.insert(component["bom-ref"].get<std::string>()).second) << "bom-ref repeated";
    }
    std::set<std::string> listed;
    for (const Json& dependency : bom["dependencies"]) {
      EXPECT_TRUE(refs.count(dependency["ref"].get<std::string>())) << dependency["ref"];
      EXPECT_TRUE(listed.insert(dependency["ref"].get<std::string>()).second) << "dependency ref repeated";
      std::set<std::string> targets;
      for (const Json& target : dependency["dependsOn"]) {
        EXPECT_TRUE(refs.count(target.get<std::string>())) << target;
        EXPECT_TRUE(targets.insert(target.get<std::string>()).second) << "dependsOn not unique";
      }
    }
    for (const Json& vulnerability : bom.value("vulnerabilities", Json::array())) {
      if (vulnerability.contains("analysis")) {
        EXPECT_TRUE(states.count(vulnerability["analysis"]["state"].get<std::string>()));
        if (vulnerability["analysis"].contains("justification")) {
          EXPECT_TRUE(justifications.count(vulnerability["analysis"]["justification"].get<std::string>()));
        }
      }
      for (const Json& affects : vulnerability["affects"]) EXPECT_TRUE(refs.count(affects["ref"].get<std::string>()));
    }
  }
}

TEST(SpdxSchema, EveryGoldenHasTheRequiredFieldsAndEnums) {
  // Both the 2.3 release schema and the 2.3.1 errata (which also requires documentNamespace).
  for (const char* schema_file : {"spdx-schema-v2.3.json", "spdx-schema-v2.3.1.json"}) {
    Json schema = load(fx::kSbomFixtures + "/schemas/" + schema_file);
    const Json& package_schema = schema.at("properties").at("packages").at("items");
    auto categories = enum_of(
        package_schema.at("properties").at("externalRefs").at("items").at("properties").at("referenceCategory"));
    auto algorithms =
        enum_of(package_schema.at("properties").at("checksums").at("items").at("properties").at("algorithm"));
    auto purposes = enum_of(package_schema.at("properties").at("primaryPackagePurpose"));
    auto relationship_types =
        enum_of(schema.at("properties").at("relationships").at("items").at("properties").at("relationshipType"));
    std::regex spdx_id("^SPDXRef-[\\da-zA-Z.-]+$");
    auto files = goldens(".spdx.json");
    ASSERT_GE(files.size(), 9u);
    for (const std::string& file : files) {
      SCOPED_TRACE(std::string(schema_file) + " " + file);
      Json document = load(file);
      for (const Json& key : schema.at("required")) EXPECT_TRUE(document.contains(key.get<std::string>())) << key;
      EXPECT_EQ(document["spdxVersion"], "SPDX-2.3");
      EXPECT_EQ(document["dataLicense"], "CC0-1.0");
      EXPECT_EQ(document["SPDXID"], "SPDXRef-DOCUMENT");
      EXPECT_EQ(document["documentNamespace"].get<std::string>().find('#'), std::string::npos);
      EXPECT_TRUE(parse_rfc3339(document["creationInfo"]["created"].get<std::string>()).has_value());
      EXPECT_FALSE(document["creationInfo"]["creators"].empty());
      std::set<std::string> ids{"SPDXRef-DOCUMENT"};
      for (const Json& package : document["packages"]) {
        for (const Json& key : package_schema.at("required")) EXPECT_TRUE(package.contains(key.get<std::string>()));
        EXPECT_TRUE(std::regex_match(package["SPDXID"].get<std::string>(), spdx_id)) << package["SPDXID"];
        EXPECT_TRUE(ids.insert(package["SPDXID"].get<std::string>()).second) << "SPDXID repeated";
        EXPECT_TRUE(purposes.count(package["primaryPackagePurpose"].get<std::string>()));
        for (const Json& checksum : package.value("checksums", Json::array()))
          EXPECT_TRUE(algorithms.count(checksum["algorithm"].get<std::string>()));
        for (const Json& ref : package.value("externalRefs", Json::array())) {
          EXPECT_TRUE(categories.count(ref["referenceCategory"].get<std::string>()));
          EXPECT_EQ(ref["referenceType"], "purl");
        }
      }
      for (const Json& relationship : document["relationships"]) {
        EXPECT_TRUE(relationship_types.count(relationship["relationshipType"].get<std::string>()));
        EXPECT_TRUE(ids.count(relationship["spdxElementId"].get<std::string>()));
        EXPECT_TRUE(ids.count(relationship["relatedSpdxElement"].get<std::string>()));
      }
    }
  }
}

}  // namespace
}  // namespace tocsin::sbom
