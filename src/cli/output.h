// Terminal output shared by the commands: --format option, colour only on a TTY (honours
// NO_COLOR and CLICOLOR_FORCE), simple aligned tables, JSON printing.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/terminal.h"

namespace tocsin::cli {

// Adds `--format` restricted to `allowed` (first is the default) and returns the option.
CLI::Option* add_format_option(CLI::App* command, std::string& format, const std::vector<std::string>& allowed);

// Adds `--now` (the current time, for drills and reproducible output) with the one parser of
// core/time.h: the same forms in every command; an explicit empty value is a usage error. `help`
// is completed with the accepted forms and "default: the clock".
CLI::Option* add_now_option(CLI::App* command, std::string& now, const std::string& help);
// Any other time option (`--reported-at`, sbom's `--now`), checked the same way; `help` is used as
// given. Every option a command reads a time from goes through one of these two
// (tests/cli/now_option_cli_test.cpp runs them all).
CLI::Option* add_time_option(CLI::App* command, const std::string& name, std::string& value, const std::string& help);

// Colour and tables: core/terminal.h (the engine's table writers use them too).
using tocsin::Color;
using tocsin::color_enabled;
using tocsin::paint;
using tocsin::render_table;

// Pretty JSON (2-space indent) followed by a newline, to stdout.
void print_json(const nlohmann::ordered_json& document);

}  // namespace tocsin::cli
