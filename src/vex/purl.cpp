// Matching purls against packages for VEX. Parsing and formatting live in core/purl.h (shared
// with the SBOM reader and writer); the names below keep the vex:: spelling working.
#include "vex/purl.h"

#include <algorithm>

#include "core/error.h"
#include "core/text.h"
#include "version/version.h"

namespace tocsin::vex {
namespace {
// Numeric release components before any pre-release / build suffix: "0.37.5-rc.1" -> {0,37,5}.
std::vector<std::string_view> release_components(std::string_view version) {
  auto end = version.find_first_of("-+");
  return split(version.substr(0, end), '.');
}

}  // namespace

bool is_version_prefix(Ecosystem ecosystem, std::string_view version) {
  if (ecosystem == Ecosystem::PyPI || version.empty()) return false;
  auto parts = split(version, '.');
  if (parts.size() > 2) return false;
  return std::all_of(parts.begin(), parts.end(), [](std::string_view part) {
    return !part.empty() && std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  });
}

bool purl_covers(const Purl& purl, Ecosystem ecosystem, std::string_view name, std::string_view version) {
  if (purl.type != purl_type(ecosystem)) return false;
  if (normalized_package_name(ecosystem, purl.package_name()) != normalized_package_name(ecosystem, name)) return false;
  if (purl.version.empty() || purl.version == version) return true;
  if (is_version_prefix(ecosystem, purl.version)) {
    auto prefix = split(purl.version, '.');
    auto components = release_components(version);
    if (components.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      // Text comparison is exact: SemVer forbids leading zeros, so "01" never names component 1.
      if (components[i] != prefix[i]) return false;
    }
    return true;
  }
  try {
    return version::is_valid(ecosystem, purl.version) && version::is_valid(ecosystem, version) &&
           version::compare(ecosystem, purl.version, version) == 0;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace tocsin::vex
