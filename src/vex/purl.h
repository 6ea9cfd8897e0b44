// Package URLs as OpenVEX products and subcomponents carry them. Parsing and formatting are in
// core/purl.h (the names are re-exported here so vex::parse_purl etc. keep working).
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
#include "core/purl.h"

namespace tocsin::vex {

using tocsin::ecosystem_of_purl_type;
using tocsin::format_purl;
using tocsin::normalized_package_name;
using tocsin::parse_purl;
using tocsin::Purl;
using tocsin::purl_for_package;
using tocsin::try_parse_purl;

// Whether a purl version is a prefix under the rule above ("1", "0.37" for crates.io / npm).
bool is_version_prefix(Ecosystem ecosystem, std::string_view version);

// The matching rule documented above.
bool purl_covers(const Purl& purl, Ecosystem ecosystem, std::string_view name, std::string_view version);

}  // namespace tocsin::vex
