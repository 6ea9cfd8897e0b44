// The YAML tree the pnpm-lock.yaml reader works on, and the two parsers that build it.
//
// pnpm writes its lockfile with js-yaml in a narrow block style: two-space indented mappings,
// plain or single-quoted keys, one-line flow mappings/sequences ({integrity: …}, [darwin]),
// block sequences of scalars. parse_pnpm_yaml() first tries a dedicated parser of exactly that
// subset (several times cheaper than any general YAML parser) and falls back to libyaml
// (yaml/tree.h) for anything else (comments after values, block scalars, anchors, escapes in
// double quotes, multi-line scalars, tabs, deep nesting…). Both produce the same tree, with
// yaml-cpp's positions (the reader's former parser: the tests check both parsers against it),
// so callers cannot tell which one ran.
//
// Scalars keep their text without type resolution ("true", "5.4", "'9.0'" -> "9.0"); null
// (empty, "~", "null") is YamlKind::Null. Lines and columns are 1-based.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin::lockfile::pnpm {

enum class YamlKind : unsigned char { Null, Scalar, Map, Seq };

struct YamlEntry;

struct YamlNode {
  YamlKind kind = YamlKind::Null;
  int line = 0;
  int column = 0;
  std::string scalar;              // Scalar only
  std::vector<YamlEntry> entries;  // Map only, in document order
  std::vector<YamlNode> items;     // Seq only

  bool is_map() const { return kind == YamlKind::Map; }
  bool is_scalar() const { return kind == YamlKind::Scalar; }
  // The value of `key` in a mapping, or nullptr (also when this is not a mapping).
  const YamlNode* find(std::string_view key) const;
  // The scalar text of `key`, or empty when absent or not a scalar.
  std::string_view scalar_of(std::string_view key) const;
};

struct YamlEntry {
  std::string key;
  int line = 0;
  int column = 0;
  YamlNode value;
};

// Every document of the stream, in order. Throws tocsin::Error(path, line, column, …) on
// malformed YAML ("invalid YAML: " and libyaml's message and position) and on a key repeated in one mapping, which
// pnpm's js-yaml load() refuses ("duplicated mapping key"): pnpm does not read such a file.
std::vector<YamlNode> parse_pnpm_yaml(const std::string& path, std::string_view content);

// The dedicated subset parser alone: nullopt when the input leaves the subset. Exposed for
// tests (both parsers must agree) and the benchmark.
std::optional<std::vector<YamlNode>> parse_block_subset(std::string_view content);

// libyaml alone, converted to the same tree. Throws like parse_pnpm_yaml.
std::vector<YamlNode> parse_with_libyaml(const std::string& path, std::string_view content);

}  // namespace tocsin::lockfile::pnpm
