// PEP 440 versions and specifier sets, as Python `packaging` (24.x: Version, Specifier,
// SpecifierSet.contains with prereleases=None) implements them.
//
// Versions: optional 'v', epoch, release, pre (a/b/rc and their spellings), post (including
// the implicit "-N"), dev, local; case-insensitive; surrounding white space ignored. Numbers
// are arbitrary-precision (compared as digit strings) up to Python's 4300-digit int() limit.
// Deliberate divergence: non-ASCII letters that Python's case-insensitive regex folds onto
// ASCII ones (U+017F, U+0130, U+0131, U+212A) are rejected rather than accepted.
//
// Specifier sets: comma-separated `~= == != <= >= < > ===`, `==`/`!=` with `.*`, local
// versions only with `==`/`!=`. A prerelease (or dev) version is accepted only when some
// specifier in the set names a prerelease with ==, >=, <=, ~= or ===; an empty set accepts
// every final release. The exclusive `<`/`>` rules (no prerelease of the bound's release under
// `<`, no post-release or local of it above `>`) and `~=`'s prefix computed from the raw text
// are reproduced, quirks included.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tocsin::version::pep440 {

struct Version {
  std::string_view epoch;                                // digits without leading zeros; empty means 0
  std::string_view release;                              // "1.02.3" as written (components compared numerically)
  char pre_kind = 0;                                     // 'a', 'b', 'c' (rc) or 0 when absent
  std::string_view pre_number, post_number, dev_number;  // digits, leading zeros stripped
  bool has_post = false, has_dev = false;
  std::string_view local;  // as written, without '+'; empty when absent

  bool is_prerelease() const { return pre_kind != 0 || has_dev; }
  bool is_postrelease() const { return has_post; }
};

std::optional<Version> parse(std::string_view text);
int compare(const Version& a, const Version& b);
// packaging's str(Version): the normalized form ("1.0a1.post2.dev3+ubuntu.1").
std::string normalize(const Version& version);

// SpecifierSet(specifiers).contains(version). Throws tocsin::Error when the version or a
// specifier is invalid (packaging raises InvalidVersion / InvalidSpecifier there).
bool satisfies(const Version& version, std::string_view specifiers);
// Whether every comma-separated specifier parses (without evaluating).
bool is_valid_specifier_set(std::string_view specifiers);

// Numeric comparison of digit strings of any length (leading zeros ignored).
int compare_digits(std::string_view a, std::string_view b);

}  // namespace tocsin::version::pep440
