// Parsing TOML for every reader: parse_toml() guards against input that would crash toml++ and
// turns its errors into tocsin::Error(path, line, column, "invalid TOML: …").
//
// The guard:
//
// toml++ 3.3 recurses once per part of a dotted key or table header while parsing, so a line
// such as `a.a.a.…= 1` or `[a.a.a.…]` with some 30 000 parts overflows the stack (found by
// fuzzing; arrays and inline tables are already capped by toml++ itself). Keys cannot span
// lines, so counting the dots of each line outside quoted strings bounds the depth.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>

namespace tocsin {

// Far above any real key (Cargo's `target.'cfg(…)'.dependencies.x` has 3 dots), far below the
// depth that overflows an 8 MiB stack.
inline constexpr int kMaxTomlDotsPerLine = 1000;

// Throws Error(path, line, column, …) at the first line with more than kMaxTomlDotsPerLine dots
// outside single-line quoted strings.
void check_toml_nesting(const std::string& path, std::string_view content);

// check_toml_nesting, then toml::parse; a syntax error becomes Error at its line and column.
toml::table parse_toml(const std::string& path, std::string_view content);

}  // namespace tocsin
