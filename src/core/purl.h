// Package URLs (https://github.com/package-url/purl-spec): `pkg:cargo/rand@0.8.5`,
// `pkg:npm/%40scope/name@1.0.0`, `pkg:pypi/name@1.0`. Used by OpenVEX products (vex/), SBOM
// components (sbom/) and the CycloneDX / SPDX lockfile readers (lockfile/).
//
// parse_purl follows the spec's "how to parse" algorithm (subpath after '#', qualifiers after '?',
// version after the last '@', name after the last '/', namespace segments before it, every
// component percent-decoded, type and qualifier keys lower-cased; qualifier keys must be
// [a-z0-9.-_] and not start with a digit). Type-specific normalisation (purl-spec PURL-TYPES):
// pypi names are lower-cased with '_' replaced by '-'; github namespace and name are lower-cased.
// format_purl is the inverse and percent-encodes everything but the unreserved characters, so an
// npm scope is written `%40scope`. Checked against the purl-spec test suites
// (tests/fixtures/sbom/purl-spec/) for npm, pypi, cargo and github.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ecosystem.h"

namespace tocsin {

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

// The canonical form. Throws Error when a component makes a purl impossible (empty name or type,
// a qualifier key outside [a-z0-9.-_]).
std::string format_purl(const Purl& purl);

// "cargo" -> crates.io, "npm" -> npm, "pypi" -> PyPI; other types -> nullopt.
std::optional<Ecosystem> ecosystem_of_purl_type(std::string_view type);

// The purl of a package: npm "@scope/name" becomes namespace "@scope" + name "name".
Purl purl_for_package(Ecosystem ecosystem, std::string_view name, std::string_view version);

// PEP 503 for PyPI (lower-case, runs of '-', '_', '.' become '-'); names of other ecosystems as is.
std::string normalized_package_name(Ecosystem ecosystem, std::string_view name);

}  // namespace tocsin
