#include "core/toml.h"

#include <fmt/format.h>

#include "core/error.h"

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

}  // namespace tocsin
