// Package URLs (https://github.com/package-url/purl-spec), the identifiers OpenVEX products and
// subcomponents carry: `pkg:cargo/rand@0.8.5`, `pkg:npm/%40scope/name@1.0.0`, `pkg:pypi/name@1.0`.
//
// parse_purl follows the spec's "how to parse" algorithm (subpath after '#', qualifiers after '?',
// version after the last '@', name after the last '/', namespace segments before it, every
// component percent-decoded, type and qualifier keys lower-cased). Type-specific normalisation:
// pypi names are lower-cased with '_' replaced by '-' (purl-spec PURL-TYPES). format_purl is the
// inverse and percent-encodes everything but the unreserved characters, so an npm scope is
// written `%40scope`.
//
// Matching a product purl against a package (purl_covers) — the rule tocsin implements:
//   - type and namespace+name must be equal (PyPI names compared after PEP 503 normalisation);
//   - no version in the purl: every version is covered;
//   - a version equal to the package version (ecosystem equality: PEP 440 says 1.0 == 1.0.0) is
//     covered;
//   - crates.io and npm only: a *partial* version of one or two numeric components ("1", "0.37")
//     is a prefix and covers every version whose leading components are the same ("0.37" covers
//     0.37.0 and 0.37.5-rc.1, not 0.370.1 nor 0.38.0). SemVer versions always have three
//     components, so such a version can only mean a prefix. PyPI gets no prefix rule because
//     "1.0" is itself a complete PEP 440 version;
//   - purl qualifiers must all be absent from the package or equal (packages carry none today,
//     so a purl with qualifiers covers the package only when tocsin knows nothing that contradicts).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ecosystem.h"

namespace tocsin::vex {

struct Purl {
  std::string type;        // lower-case: "cargo", "npm", "pypi", …
  std::string namespace_;  // decoded segments joined by '/', e.g. "@scope"; empty when none
  std::string name;        // decoded
  std::string version;     // decoded; empty when none
  std::vector<std::pair<std::string, std::string>> qualifiers;  // sorted by key
  std::string subpath;                                          // decoded segments joined by '/'

  // The registry name of the package: "@scope/name" for npm scopes, else the name.
  std::string package_name() const;
};

// Throws Error (no path) naming what is wrong when `text` is not a purl.
Purl parse_purl(std::string_view text);
std::optional<Purl> try_parse_purl(std::string_view text);

std::string format_purl(const Purl& purl);

// "cargo" -> crates.io, "npm" -> npm, "pypi" -> PyPI; other types -> nullopt.
std::optional<Ecosystem> ecosystem_of_purl_type(std::string_view type);

// The purl of a package: npm "@scope/name" becomes namespace "@scope" + name "name".
Purl purl_for_package(Ecosystem ecosystem, std::string_view name, std::string_view version);

// PEP 503 for PyPI (lower-case, runs of '-', '_', '.' become '-'); names of other ecosystems as is.
std::string normalized_package_name(Ecosystem ecosystem, std::string_view name);

// Whether a purl version is a prefix under the rule above ("1", "0.37" for crates.io / npm).
bool is_version_prefix(Ecosystem ecosystem, std::string_view version);

// The matching rule documented above.
bool purl_covers(const Purl& purl, Ecosystem ecosystem, std::string_view name, std::string_view version);

}  // namespace tocsin::vex
