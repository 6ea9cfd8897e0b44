// Shared parts of the SBOM writers: format names, timestamps, ids, the OpenVEX -> CycloneDX map.
#include "sbom/sbom.h"

#include <array>
#include <cstdint>
#include <cstdlib>

#include "core/encoding.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/time.h"
#include "sbom/view.h"

namespace tocsin::sbom {

std::string write_cyclonedx(const inventory::Inventory& inventory, const Options& options);
std::string write_spdx(const inventory::Inventory& inventory, const Options& options);

std::optional<Format> parse_format(std::string_view text) {
  if (text == "cyclonedx") return Format::CycloneDx;
  if (text == "spdx") return Format::Spdx;
  return std::nullopt;
}

std::string write_sbom(const inventory::Inventory& inventory, const Options& given) {
  Options options = given;
  if (options.tool_version.empty()) options.tool_version = TOCSIN_VERSION;
  return options.format == Format::CycloneDx ? write_cyclonedx(inventory, options) : write_spdx(inventory, options);
}

std::int64_t resolve_timestamp(const std::string& now) {
  if (!now.empty()) return parse_time(now, "--now");  // the forms of every --now (core/time.h)
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    // reproducible-builds.org: a decimal count of seconds; anything else is an error.
    std::string text(epoch);
    bool digits = text.size() <= 18 && text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits) throw Error("SOURCE_DATE_EPOCH: expected decimal seconds since 1970, got '" + text + "'");
    return std::stoll(text);
  }
  return now_unix_seconds();
}

std::string uuid_v5(std::string_view name) {
  // RFC 9562 §5.5: SHA-1 over the namespace id (NameSpace_URL, 6ba7b811-…) and the name.
  static const unsigned char kUrlNamespace[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                                  0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
  std::string input(reinterpret_cast<const char*>(kUrlNamespace), 16);
  input.append(name);
  std::array<std::uint8_t, 20> raw = sha1(input);
  raw[6] = static_cast<unsigned char>((raw[6] & 0x0F) | 0x50);
  raw[8] = static_cast<unsigned char>((raw[8] & 0x3F) | 0x80);
  // The first 16 bytes in hex, grouped 8-4-4-4-12.
  std::string out = to_hex(std::string_view(reinterpret_cast<const char*>(raw.data()), 16));
  for (const std::size_t dash : {20u, 16u, 12u, 8u}) out.insert(dash, 1, '-');
  return out;
}

std::string_view cyclonedx_state(vex::Status status) {
  switch (status) {
    case vex::Status::NotAffected: return "not_affected";
    case vex::Status::Affected: return "exploitable";
    case vex::Status::Fixed: return "resolved";
    case vex::Status::UnderInvestigation: return "in_triage";
  }
  return "in_triage";
}

// The nearest CycloneDX justification for each OpenVEX one (CycloneDX has no "component not
// present": the component is then simply absent, so code_not_present is the closest claim).
std::string_view cyclonedx_justification(vex::Justification justification) {
  switch (justification) {
    case vex::Justification::ComponentNotPresent: return "code_not_present";
    case vex::Justification::VulnerableCodeNotPresent: return "code_not_present";
    case vex::Justification::VulnerableCodeNotInExecutePath: return "code_not_reachable";
    case vex::Justification::VulnerableCodeCannotBeControlledByAdversary: return "requires_environment";
    case vex::Justification::InlineMitigationsAlreadyExist: return "protected_by_mitigating_control";
  }
  return "code_not_present";
}

}  // namespace tocsin::sbom
