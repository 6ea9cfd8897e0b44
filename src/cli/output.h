// Terminal output shared by the commands: --format option, colour only on a TTY (honours
// NO_COLOR and CLICOLOR_FORCE), simple aligned tables, JSON printing.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin::cli {

// Adds `--format` restricted to `allowed` (first is the default) and returns the option.
CLI::Option* add_format_option(CLI::App* command, std::string& format, const std::vector<std::string>& allowed);

// Adds `--now` (the current time, for drills and reproducible output) with the one parser of
// core/time.h: the same forms in every command; an explicit empty value is a usage error.
CLI::Option* add_now_option(CLI::App* command, std::string& now, const std::string& help);

enum class Color { Red, Yellow, Green, Blue, Magenta, Cyan, Bold, Dim };
// True when stdout is a terminal and NO_COLOR is unset, or CLICOLOR_FORCE is set (non-"0").
bool color_enabled();
// `text` wrapped in the ANSI sequence when colour is enabled, else unchanged.
std::string paint(std::string_view text, Color color);

// Left-aligned columns separated by two spaces; widths ignore ANSI sequences. Every cell is
// passed through escape_terminal (core/text.h) except the colour sequences paint() adds, which
// are kept only while colour is enabled: a table never prints a raw control character from data.
std::string render_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

// Pretty JSON (2-space indent) followed by a newline, to stdout.
void print_json(const nlohmann::ordered_json& document);

}  // namespace tocsin::cli
