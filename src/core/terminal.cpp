#include "core/terminal.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/text.h"

namespace tocsin {

bool color_enabled() {
  static const bool enabled = [] {
    const char* force = std::getenv("CLICOLOR_FORCE");
    if (force != nullptr && std::string_view(force) != "0") return true;
    if (std::getenv("NO_COLOR") != nullptr) return false;
    return isatty(STDOUT_FILENO) == 1;
  }();
  return enabled;
}

std::string paint(std::string_view text, Color color) {
  if (!color_enabled()) return std::string(text);
  const char* code = "";
  switch (color) {
    case Color::Red: code = "31"; break;
    case Color::Yellow: code = "33"; break;
    case Color::Green: code = "32"; break;
    case Color::Blue: code = "34"; break;
    case Color::Magenta: code = "35"; break;
    case Color::Cyan: code = "36"; break;
    case Color::Bold: code = "1"; break;
    case Color::Dim: code = "2"; break;
  }
  return std::string("\x1b[") + code + "m" + std::string(text) + "\x1b[0m";
}

namespace {

std::size_t visible_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b') {
      while (i < text.size() && text[i] != 'm') ++i;
      continue;
    }
    // Count UTF-8 code points, not bytes.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++width;
  }
  return width;
}

// escape_terminal, keeping "ESC [ digits/; m" colour sequences when colour is on (paint()'s).
std::string escape_cell(std::string_view text) {
  if (!color_enabled()) return escape_terminal(text);
  std::string out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\x1b' || i + 1 >= text.size() || text[i + 1] != '[') continue;
    std::size_t end = i + 2;
    while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == ';')) ++end;
    if (end >= text.size() || text[end] != 'm') continue;
    out += escape_terminal(text.substr(start, i - start));
    out.append(text.substr(i, end + 1 - i));
    start = end + 1;
    i = end;
  }
  return out + escape_terminal(text.substr(start));
}

}  // namespace

std::string render_table(const std::vector<std::string>& header,
                         const std::vector<std::vector<std::string>>& raw_rows) {
  // Escaped once into their own strings (not copied first, then escaped: each fresh heap page is
  // a page fault, and a 1,000-row table is most of a short command's heap).
  std::vector<std::vector<std::string>> rows;
  rows.reserve(raw_rows.size());
  for (const auto& raw : raw_rows) {
    std::vector<std::string>& row = rows.emplace_back();
    row.reserve(raw.size());
    for (const std::string& cell : raw) row.push_back(escape_cell(cell));
  }
  std::vector<std::size_t> widths(header.size(), 0);
  auto widen = [&widths](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], visible_width(row[i]));
  };
  widen(header);
  for (const auto& row : rows) widen(row);
  std::size_t line_width = 0;
  for (const std::size_t width : widths) line_width += width + 2;
  std::string out;
  out.reserve((rows.size() + 1) * (line_width + 8));  // + room for the header's colour codes
  auto emit = [&](const std::vector<std::string>& row, bool bold) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      out += bold ? paint(row[i], Color::Bold) : row[i];
      if (i + 1 < row.size()) out.append(widths[i] - visible_width(row[i]) + 2, ' ');
    }
    out += '\n';
  };
  emit(header, true);
  for (const auto& row : rows) emit(row, false);
  return out;
}

}  // namespace tocsin
