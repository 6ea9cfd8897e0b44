// Cargo version requirements, exactly as the Rust `semver` crate's VersionReq (parse.rs and
// eval.rs): comma-separated comparators, each `op? major(.minor(.patch(-pre)?(+build)?)?)?` with
// ops = > >= < <= ~ ^ and bare (caret); `*`, `x`, `X` as a whole requirement or as minor/patch
// wildcards; spaces (only U+0020) around ops and commas; at most 32 comparators. A prerelease
// version matches only when some comparator names the same major.minor.patch with a prerelease.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "version/semver.h"

namespace tocsin::version::cargo {

struct Comparator {
  enum class Op { Exact, Greater, GreaterEq, Less, LessEq, Tilde, Caret, Wildcard };
  Op op = Op::Caret;
  std::uint64_t major = 0;
  std::optional<std::uint64_t> minor;
  std::optional<std::uint64_t> patch;
  std::string_view pre;
};

struct Requirement {
  static constexpr std::size_t kMaxComparators = 32;
  std::array<Comparator, kMaxComparators> comparators{};
  std::size_t count = 0;  // 0 is `*`
};

// Parses `text`; on failure returns nullopt and, when `why` is given, the crate's reason.
std::optional<Requirement> parse_requirement(std::string_view text, std::string* why = nullptr);

bool matches(const Requirement& requirement, const semver::Version& version);

}  // namespace tocsin::version::cargo
