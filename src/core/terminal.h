// Terminal rendering shared by the CLI and the engine's table writers (report/table.cpp):
// colour only on a TTY (honours NO_COLOR and CLICOLOR_FORCE) and simple aligned tables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tocsin {

enum class Color { Red, Yellow, Green, Blue, Magenta, Cyan, Bold, Dim };
// True when stdout is a terminal and NO_COLOR is unset, or CLICOLOR_FORCE is set (non-"0").
bool color_enabled();
// `text` wrapped in the ANSI sequence when colour is enabled, else unchanged.
std::string paint(std::string_view text, Color color);

// Left-aligned columns separated by two spaces; widths ignore ANSI sequences. Every cell is
// passed through escape_terminal (core/text.h) except the colour sequences paint() adds, which
// are kept only while colour is enabled: a table never prints a raw control character from data.
std::string render_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

}  // namespace tocsin
