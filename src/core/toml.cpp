#include "core/toml.h"

#include <fmt/format.h>

#include "core/error.h"
#include "core/text.h"

namespace tocsin {

void check_toml_nesting(const std::string& path, std::string_view content) {
  int line = 1;
  int dots = 0;
  char quote = 0;  // the quote of the string being skipped, 0 outside strings
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < content.size(); ++i) {
    const char c = content[i];
    if (c == '\n') {  // a single-line string cannot continue past the end of its line
      ++line;
      dots = 0;
      quote = 0;
      line_start = i + 1;
    } else if (quote != 0) {
      // Basic strings have escapes, literal strings do not; an escape never hides a line break,
      // so every line starts outside strings, as every key does.
      if (c == '\\' && quote == '"' && i + 1 < content.size() && content[i + 1] != '\n')
        ++i;
      else if (c == quote)
        quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '.' && ++dots > kMaxTomlDotsPerLine) {
      throw Error(path, line, static_cast<int>(i - line_start) + 1,
                  fmt::format("more than {} dots on one line: a dotted key or table header this deep is not "
                              "a real manifest or lockfile",
                              kMaxTomlDotsPerLine));
    }
  }
}

toml::table parse_toml(const std::string& path, std::string_view content) {
  check_toml_nesting(path, content);
  try {
    return toml::parse(content, std::string_view(path));
  } catch (const toml::parse_error& error) {
    throw Error(path, static_cast<int>(error.source().begin.line), static_cast<int>(error.source().begin.column),
                "invalid TOML: " + std::string(error.description()));
  }
}

void toml_fail_at(const std::string& path, const toml::node& node, const std::string& message) {
  throw Error(path, static_cast<int>(node.source().begin.line), static_cast<int>(node.source().begin.column), message);
}

void TomlReader::fail(const toml::node& node, const std::string& message) const { toml_fail_at(path_, node, message); }

std::string TomlReader::string(const toml::node& node, const std::string& what) const {
  if (const auto* s = node.as_string()) return s->get();
  fail(node, what + " must be a string");
}

std::string TomlReader::text(const toml::node& node, const std::string& what) const {
  std::string value = string(node, what);
  if (trim(value).empty()) fail(node, what + " must not be empty");
  return value;
}

bool TomlReader::boolean(const toml::node& node, const std::string& what) const {
  if (const auto* b = node.as_boolean()) return b->get();
  fail(node, what + " must be true or false");
}

const toml::table& TomlReader::table(const toml::node& node, const std::string& what) const {
  if (const toml::table* t = node.as_table()) return *t;
  fail(node, what + " must be a table");
}

std::vector<std::string> TomlReader::strings(const toml::node& node, const std::string& what, bool allow_empty) const {
  const toml::array* array = node.as_array();
  if (!array) fail(node, what + " must be an array of strings");
  std::vector<std::string> out;
  for (const toml::node& item : *array)
    out.push_back(allow_empty ? string(item, what + " entries") : text(item, what + " entries"));
  return out;
}

void TomlReader::unknown(const toml::node& node, std::string_view key, std::string_view where,
                         std::string_view expected) const {
  fail(node, "unknown key '" + std::string(key) + "' in " + std::string(where) + " (expected one of " +
                 std::string(expected) + ")");
}

}  // namespace tocsin
