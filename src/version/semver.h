// SemVer 2.0 versions as two reference implementations read them.
//
// crates.io versions follow the Rust `semver` crate (Version::parse): no surrounding
// whitespace, no 'v', numbers fit u64, prerelease numeric identifiers without leading zeros.
// npm versions follow node-semver's strict parse (`new SemVer(v)` without loose): the text is
// JS-trimmed, may start with one 'v', is at most 256 UTF-16 units, and major/minor/patch are at
// most Number.MAX_SAFE_INTEGER. '=' is *not* accepted in an npm version (node-semver accepts it
// only in ranges or in loose mode).
//
// Precedence is SemVer 2.0 section 11 (build metadata ignored). node-semver compares numeric
// prerelease identifiers above 2^53 as JavaScript numbers (doubles); npm_compare reproduces that
// so that results agree with node-semver on every input it accepts.
//
// Parsed versions are views into the caller's text: parsing and comparing never allocate.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tocsin::version::semver {

struct Version {
  std::uint64_t major = 0;
  std::uint64_t minor = 0;
  std::uint64_t patch = 0;
  std::string_view pre;    // dot-separated identifiers without the leading '-', empty if none
  std::string_view build;  // without the leading '+', empty if none
};

inline constexpr std::uint64_t kMaxSafeInteger = 9007199254740991ULL;  // JavaScript 2^53 - 1

std::optional<Version> parse_cargo(std::string_view text);
std::optional<Version> parse_npm(std::string_view text);

// -1, 0, 1 by SemVer precedence; numeric prerelease identifiers of any length compare exactly.
int cargo_compare(const Version& a, const Version& b);
// -1, 0, 1 as node-semver's SemVer.compare.
int npm_compare(const Version& a, const Version& b);

// Compares two prerelease strings by SemVer precedence ("" is a release, above any prerelease).
int compare_prerelease(std::string_view a, std::string_view b);

// Helpers shared with the range parsers.
bool is_ident_char(char c);
bool is_digit(char c);
// Decimal digits without sign; false on overflow of u64.
bool parse_u64(std::string_view digits, std::uint64_t& out);
// JavaScript String.prototype.trim (Unicode white space, UTF-8 encoded).
std::string_view js_trim(std::string_view text);
// Length in UTF-16 code units of UTF-8 text (what JavaScript's .length reports).
std::size_t utf16_length(std::string_view text);
// Byte length of the JavaScript white-space character starting at text[0], or 0.
std::size_t js_space_length(std::string_view text);

}  // namespace tocsin::version::semver
