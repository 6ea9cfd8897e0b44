// The text-rewriting steps of node-semver's Range parsing (internal to npm_range.cpp, exposed
// for tests). Each step takes and returns the whole text, as the JavaScript replace() calls do.
// Inputs have already had every run of white space turned into one ' '.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tocsin::version::npm::rewrite {

std::string strip_builds(std::string_view text);                // /\+ident(\.ident)*/g -> ''
std::string replace_hyphen_range(std::string_view text);        // "A - B" -> ">=A <=B"
std::string trim_comparator_whitespace(std::string_view text);  // "> 1" -> ">1"
std::string trim_tilde_and_caret(std::string_view text);        // "~ 1" -> "~1", "^ 1" -> "^1"
std::string rewrite_comparator(std::string_view token);         // caret, tilde, x-range, star
std::string_view replace_gte0(std::string_view piece);          // ">=0.0.0" -> ""

// Shared by the rewriting steps: the safe regexes' length caps and small character helpers.
constexpr std::size_t kMaxLength = 256;           // MAX_LENGTH
constexpr std::size_t kMaxSafeBuildLength = 250;  // MAX_SAFE_BUILD_LENGTH
char at(std::string_view s, std::size_t i);       // '\0' past the end, like JS's undefined
bool is_letter(char c);
std::size_t digits_end(std::string_view s, std::size_t i, std::size_t limit);

// JavaScript's split(/\s+/) on text whose only white space is ' '.
std::vector<std::string_view> split_spaces(std::string_view text);

}  // namespace tocsin::version::npm::rewrite
