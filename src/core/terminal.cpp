#include "core/terminal.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <deque>

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
  // A cell of printable ASCII — nearly every one — is shown as it is and its width is its length;
  // only the others are escaped, each into a copy kept in `escaped` (a deque: its strings never
  // move). A Springtale `deps` table is ~6,000 cells: a copy of each was ~6,000 allocations and
  // two width scans (issue 11, start-up cost).
  struct Cell {
    std::string_view text;
    std::size_t width;
  };
  std::deque<std::string> escaped;
  auto prepare = [&escaped](std::string_view raw) -> Cell {
    if (std::all_of(raw.begin(), raw.end(), [](char c) { return static_cast<unsigned char>(c) - 0x20u < 0x5Fu; }))
      return {raw, raw.size()};
    const std::string& copy = escaped.emplace_back(escape_cell(raw));
    return {copy, visible_width(copy)};
  };
  std::vector<Cell> cells;
  std::vector<std::size_t> row_ends;  // cells of row r: [row_ends[r-1] or 0, row_ends[r])
  for (const std::string& name : header) cells.push_back(prepare(name));
  row_ends.push_back(cells.size());
  for (const auto& raw : raw_rows) {
    for (const std::string& cell : raw) cells.push_back(prepare(cell));
    row_ends.push_back(cells.size());
  }
  std::vector<std::size_t> widths(header.size(), 0);
  std::size_t begin = 0;
  for (const std::size_t end : row_ends) {
    for (std::size_t i = 0; begin + i < end && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], cells[begin + i].width);
    begin = end;
  }
  std::size_t line_width = 0;
  for (const std::size_t width : widths) line_width += width + 2;
  std::string out;
  out.reserve(row_ends.size() * (line_width + 8));  // + room for the header's colour codes
  begin = 0;
  for (std::size_t row = 0; row < row_ends.size(); ++row) {
    const std::size_t end = row_ends[row];
    const bool bold = row == 0;  // the header
    for (std::size_t i = 0; begin + i < end && i < widths.size(); ++i) {
      const Cell& cell = cells[begin + i];
      if (bold)
        out += paint(cell.text, Color::Bold);
      else
        out.append(cell.text);
      if (begin + i + 1 < end) out.append(widths[i] - cell.width + 2, ' ');
    }
    out += '\n';
    begin = end;
  }
  return out;
}

}  // namespace tocsin
