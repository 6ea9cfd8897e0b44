#include "cli/output.h"

#include <iostream>

#include "core/error.h"
#include "core/text.h"
#include "core/time.h"

namespace tocsin::cli {

CLI::Option* add_format_option(CLI::App* command, std::string& format, const std::vector<std::string>& allowed) {
  format = allowed.front();
  return command->add_option("--format", format, "Output format")
      ->check(CLI::IsMember(allowed))
      ->default_str(allowed.front());
}

CLI::Option* add_now_option(CLI::App* command, std::string& now, const std::string& help) {
  return add_time_option(command, "--now", now, help + " (RFC 3339 date-time or YYYY-MM-DD; default: the clock)");
}

CLI::Option* add_time_option(CLI::App* command, const std::string& name, std::string& value, const std::string& help) {
  return command->add_option(name, value, help)
      ->check(CLI::Validator(
          [name](std::string& text) -> std::string {
            if (text.empty()) return name + " must not be empty (omit it for the default)";
            try {
              tocsin::parse_time(text, name);
            } catch (const tocsin::Error& error) {
              return error.message();
            }
            return {};
          },
          "TIME"));
}

void print_json(const nlohmann::ordered_json& document) { std::cout << document.dump(2) << '\n'; }

}  // namespace tocsin::cli
