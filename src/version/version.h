// Version semantics, one interface for every ecosystem.
//
//   compare(Ecosystem::Npm, "1.2.3-beta.1", "1.2.3")          -> -1
//   satisfies(Ecosystem::Npm, "1.2.3", "^1.0.0 || ~0.9")       -> true
//   satisfies(Ecosystem::CratesIo, "0.3.5", "0.3")             -> true   (Cargo: caret default)
//   satisfies(Ecosystem::PyPI, "1.0.post1", "~=1.0")           -> true
//
// Rules followed exactly:
//   crates.io  versions: SemVer 2.0 precedence; requirements: the Rust `semver` crate
//              (VersionReq: caret default, ~, *, =, <, <=, >, >=, wildcards, comma lists).
//   npm        versions: SemVer 2.0 precedence (node-semver strict parsing: surrounding white
//              space and one leading 'v' accepted; '=' only inside ranges, as node-semver);
//              ranges: node-semver `satisfies` with default options (no loose, no
//              includePrerelease), rewriting quirks included (see npm_range.h).
//   PyPI       versions and specifiers: PEP 440 as Python `packaging` 24.x implements it.
//   Build metadata never affects precedence (SemVer 2.0 section 11), for crates.io too.
//
// Invalid versions or ranges throw tocsin::Error (no path) naming what is wrong. Where
// node-semver's `satisfies` answers false for an unparseable range or version, tocsin throws:
// an unreadable advisory range must not read as "not affected". The agreement with node-semver
// and packaging is checked on generated corpora (tests/fixtures/version, tools/oracles/version).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/ecosystem.h"

namespace tocsin::version {

// -1, 0 or 1. Throws Error if either version is invalid for the ecosystem.
int compare(Ecosystem ecosystem, std::string_view a, std::string_view b);

// Whether `version` is inside `range` (npm range, Cargo VersionReq or PEP 440 specifier set).
bool satisfies(Ecosystem ecosystem, std::string_view version, std::string_view range);

// Whether `version` parses for the ecosystem.
bool is_valid(Ecosystem ecosystem, std::string_view version);

// OSV affected ranges (https://ossf.github.io/osv-schema/#affectedranges-field).
struct OsvEvent {
  enum class Kind { Introduced, Fixed, LastAffected, Limit };
  Kind kind = Kind::Introduced;
  std::string value;  // "0" allowed for introduced
};

struct OsvRange {
  enum class Type { Semver, Ecosystem, Git };
  Type type = Type::Ecosystem;
  std::vector<OsvEvent> events;
};

// Whether `version` is affected per OSV: listed in `versions`, or inside any SEMVER/ECOSYSTEM
// range (events sorted by version, introduced opens, fixed/last_affected close, limit caps).
// GIT ranges are ignored (they name commits, not versions). SEMVER ranges compare by SemVer
// precedence whatever the ecosystem (strict SemVer, node-semver's 'v'/space tolerance as a
// fallback); ECOSYSTEM ranges by the ecosystem's order. A `versions` entry matches when it is
// the same string or an equal version. Never throws: a version that does not parse can only
// match `versions` by string; range events that do not parse are left out of the walk.
bool osv_affected(Ecosystem ecosystem, std::string_view version, const std::vector<OsvRange>& ranges,
                  const std::vector<std::string>& versions);

// The event values osv_affected left out of the walk whose absence can only narrow a range: an
// `introduced` other than "0" (the range never opens) and a `limit` (the version is never below
// it). While there are any, osv_affected's "not affected" proves nothing (a `fixed` or
// `last_affected` left out only widens the range, which errs on the side of reporting).
std::vector<std::string> unreadable_range_bounds(Ecosystem ecosystem, const std::vector<OsvRange>& ranges);

}  // namespace tocsin::version
