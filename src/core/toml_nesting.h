// A guard every TOML reader runs before toml::parse.
//
// toml++ 3.3 recurses once per part of a dotted key or table header while parsing, so a line
// such as `a.a.a.…= 1` or `[a.a.a.…]` with some 30 000 parts overflows the stack (found by
// fuzzing; arrays and inline tables are already capped by toml++ itself). Keys cannot span
// lines, so counting the dots of each line outside quoted strings bounds the depth.
#pragma once

#include <string>
#include <string_view>

namespace tocsin {

// Far above any real key (Cargo's `target.'cfg(…)'.dependencies.x` has 3 dots), far below the
// depth that overflows an 8 MiB stack.
inline constexpr int kMaxTomlDotsPerLine = 1000;

// Throws Error(path, line, column, …) at the first line with more than kMaxTomlDotsPerLine dots
// outside single-line quoted strings.
void check_toml_nesting(const std::string& path, std::string_view content);

}  // namespace tocsin
