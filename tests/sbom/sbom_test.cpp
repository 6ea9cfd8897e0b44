// Units of the SBOM writers: integrity decoding, UUIDv5, timestamps, the OpenVEX -> CycloneDX map,
// bom-refs of repeated purls, serial numbers that follow the content.
#include "sbom/sbom.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "sbom/sbom_test_util.h"

namespace tocsin::sbom {
namespace {

namespace fx = testing;
using Json = nlohmann::json;

// Expected values computed independently: python3 hashlib / base64 over the bytes "tocsin".
const char* kSha512Hex =
    "0d69d7a48bdbc0b062a1961856895870a6f390d430608a8a51e70bf66480a12e9bc38fd4bc643da23731bb95ea6e6387ef67d15d3bf46313"
    "2b05caaaa2198bfd";
const char* kSha256Hex = "b5a8dd20cc56908f40e2082b5c7f5137ccb4ec9a67e05f0727dce4fce02cd645";
const char* kSha1Hex = "9d995fbad27ace79c5f50a596bbd7e1ba344accf";

TEST(DecodeIntegrity, SriBase64OfEachAlgorithm) {
  auto hashes = decode_integrity(
      "sha512-DWnXpIvbwLBioZYYVolYcKbzkNQwYIqKUecL9mSAoS6bw4/UvGQ9ojcxu5XqbmOH72fRXTv0YxMrBcqqohmL/Q== "
      "sha256-tajdIMxWkI9A4ggrXH9RN8y07Jpn4F8HJ9zk/OAs1kU= sha1-nZlfutJ6znnF9QpZa71+G6NErM8=");
  ASSERT_EQ(hashes.size(), 3u);
  EXPECT_EQ(hashes[0].algorithm, "SHA-512");
  EXPECT_EQ(hashes[0].hex, kSha512Hex);
  EXPECT_EQ(hashes[1].algorithm, "SHA-256");
  EXPECT_EQ(hashes[1].hex, kSha256Hex);
  EXPECT_EQ(hashes[2].algorithm, "SHA-1");
  EXPECT_EQ(hashes[2].hex, kSha1Hex);
}

TEST(DecodeIntegrity, HexForms) {
  // Cargo: bare sha256 hex; pip/uv/poetry: "sha256:<hex>", several (first kept).
  auto cargo = decode_integrity(kSha256Hex);
  ASSERT_EQ(cargo.size(), 1u);
  EXPECT_EQ(cargo[0].algorithm, "SHA-256");
  auto pip = decode_integrity(std::string("sha256:") + kSha256Hex + " sha256:" + std::string(64, 'a'));
  ASSERT_EQ(pip.size(), 1u);
  EXPECT_EQ(pip[0].hex, kSha256Hex);
  auto upper = decode_integrity(std::string("SHA-1:") + "9D995FBAD27ACE79C5F50A596BBD7E1BA344ACCF");
  ASSERT_EQ(upper.size(), 1u);
  EXPECT_EQ(upper[0].hex, kSha1Hex);  // lower-cased
}

TEST(DecodeIntegrity, SkipsWhatIsNotAPackageHash) {
  EXPECT_TRUE(decode_integrity("").empty());
  EXPECT_TRUE(decode_integrity(std::string("10c0/") + kSha512Hex).empty());  // yarn Berry cache zip
  EXPECT_TRUE(decode_integrity("md5:d41d8cd98f00b204e9800998ecf8427e").empty());
  EXPECT_TRUE(decode_integrity("sha512-not*base64").empty());
  EXPECT_TRUE(decode_integrity("sha256-tajdIMxWkI9A4ggr").empty());  // truncated: wrong length
  EXPECT_TRUE(decode_integrity("sha256:abc").empty());
  EXPECT_TRUE(decode_integrity("abcdef").empty());  // hex of no digest length
}

TEST(UuidV5, MatchesTheRfcConstruction) {
  // Python: uuid.uuid5(uuid.NAMESPACE_URL, "http://python.org/")
  EXPECT_EQ(uuid_v5("http://python.org/"), "4c565f0d-3f5a-5890-b41b-20cf47701c5e");
}

TEST(Timestamp, NowThenSourceDateEpoch) {
  EXPECT_EQ(resolve_timestamp("2026-11-05T10:00:00Z"), 1793872800);
  EXPECT_THROW(resolve_timestamp("yesterday"), Error);
  EXPECT_EQ(resolve_timestamp("2026-11-05"), 1793836800) << "a plain date, as every --now";
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  EXPECT_EQ(resolve_timestamp(""), 1700000000);
  EXPECT_EQ(resolve_timestamp("2026-11-05T10:00:00Z"), 1793872800);  // --now wins
  setenv("SOURCE_DATE_EPOCH", "17e8", 1);
  EXPECT_THROW(resolve_timestamp(""), Error);
  unsetenv("SOURCE_DATE_EPOCH");
}

TEST(VexMapping, OpenVexStatusAndJustification) {
  EXPECT_EQ(cyclonedx_state(vex::Status::NotAffected), "not_affected");
  EXPECT_EQ(cyclonedx_state(vex::Status::Affected), "exploitable");
  EXPECT_EQ(cyclonedx_state(vex::Status::Fixed), "resolved");
  EXPECT_EQ(cyclonedx_state(vex::Status::UnderInvestigation), "in_triage");
  EXPECT_EQ(cyclonedx_justification(vex::Justification::VulnerableCodeNotInExecutePath), "code_not_reachable");
  EXPECT_EQ(cyclonedx_justification(vex::Justification::InlineMitigationsAlreadyExist),
            "protected_by_mitigating_control");
}

TEST(CycloneDx, SerialFollowsContentUnlessGiven) {
  fx::GoldenInput demo = fx::golden_inputs().front();
  inventory::Inventory inventory = inventory::build_inventory(demo.dir, demo.files);
  Options options = fx::golden_options(Format::CycloneDx);
  Json first = Json::parse(write_sbom(inventory, options));
  options.timestamp += 1;
  Json later = Json::parse(write_sbom(inventory, options));
  EXPECT_NE(first["serialNumber"], later["serialNumber"]);
  options.serial = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79";
  EXPECT_EQ(Json::parse(write_sbom(inventory, options))["serialNumber"], options.serial);
}

TEST(CycloneDx, RepeatedPurlsGetDistinctBomRefs) {
  // Every bom-ref is the purl, unless the purl repeats (one name@version installed at several
  // places): then purl#lockfile:line.
  for (const fx::GoldenInput& input : fx::golden_inputs()) {
    Json bom = Json::parse(
        write_sbom(inventory::build_inventory(input.dir, input.files), fx::golden_options(Format::CycloneDx)));
    std::map<std::string, int> purls;
    for (const Json& component : bom["components"]) ++purls[component.value("purl", "")];
    for (const Json& component : bom["components"]) {
      std::string purl = component.value("purl", "");
      if (purl.empty()) continue;
      if (purls[purl] == 1) {
        EXPECT_EQ(component["bom-ref"], purl);
      } else {
        EXPECT_EQ(component["bom-ref"].get<std::string>().rfind(purl + "#", 0), 0u) << component["bom-ref"];
      }
    }
  }
}

}  // namespace
}  // namespace tocsin::sbom
