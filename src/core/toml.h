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
#include <utility>
#include <vector>

namespace tocsin {

// Far above any real key (Cargo's `target.'cfg(…)'.dependencies.x` has 3 dots), far below the
// depth that overflows an 8 MiB stack.
inline constexpr int kMaxTomlDotsPerLine = 1000;

// Throws Error(path, line, column, …) at the first line with more than kMaxTomlDotsPerLine dots
// outside single-line quoted strings.
void check_toml_nesting(const std::string& path, std::string_view content);

// check_toml_nesting, then toml::parse; a syntax error becomes Error at its line and column.
toml::table parse_toml(const std::string& path, std::string_view content);

// Error(path, line, column, message) at `node`'s first character: what every TOML reader throws
// for a value it refuses.
[[noreturn]] void toml_fail_at(const std::string& path, const toml::node& node, const std::string& message);

// Typed getters over one file's nodes, shared by the tocsin.toml section readers, the playbook
// reader and the red-team corpus reader so that the same mistake reads the same everywhere.
// `what` names the value as the user wrote it ("step.title", "project.name"); each getter
// throws Error at the node:
//   string   "WHAT must be a string"            text      … and "WHAT must not be empty"
//   boolean  "WHAT must be true or false"       table     "WHAT must be a table"
//   strings  "WHAT must be an array of strings" (entries read as text, or as string when
//            `allow_empty`, named "WHAT entries")
//   unknown  "unknown key 'KEY' in WHERE (expected one of EXPECTED)"
class TomlReader {
 public:
  explicit TomlReader(std::string path) : path_(std::move(path)) {}
  const std::string& path() const { return path_; }

  [[noreturn]] void fail(const toml::node& node, const std::string& message) const;
  std::string string(const toml::node& node, const std::string& what) const;
  std::string text(const toml::node& node, const std::string& what) const;
  bool boolean(const toml::node& node, const std::string& what) const;
  const toml::table& table(const toml::node& node, const std::string& what) const;
  std::vector<std::string> strings(const toml::node& node, const std::string& what, bool allow_empty = false) const;
  [[noreturn]] void unknown(const toml::node& node, std::string_view key, std::string_view where,
                            std::string_view expected) const;

 private:
  std::string path_;
};

}  // namespace tocsin
