// `tocsin securitytxt check [FILE]`: RFC 9116 validation of a security.txt (documents/securitytxt.h).
// Exit 0 valid (warnings allowed), 1 invalid, 2 unreadable or bad usage.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/diagnostic.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "documents/securitytxt.h"

namespace tocsin::cli {
namespace {

struct Options {
  std::string file;
  std::string now;
  std::string format;
};

// RFC 9116 §3 places the file at /.well-known/security.txt; repositories also keep it at the
// root or under docs/.
std::string default_file() {
  for (const char* candidate : {".well-known/security.txt", "security.txt", "docs/security.txt"})
    if (std::filesystem::is_regular_file(candidate)) return candidate;
  throw Error("no security.txt found (looked for .well-known/security.txt, security.txt, docs/security.txt)");
}

int run(const Options& options) {
  const std::string path = options.file.empty() ? default_file() : options.file;
  const std::int64_t now = tocsin::parse_now(options.now);
  const documents::SecurityTxtReport report = documents::check_securitytxt(read_file(path), now, path);

  if (options.format == "json") {
    nlohmann::ordered_json out;
    out["file"] = path;
    out["valid"] = report.valid();
    out["signed"] = report.signed_cleartext;
    out["signature_verified"] = false;  // tocsin never verifies OpenPGP signatures
    out["expires"] = report.expires ? nlohmann::ordered_json(format_rfc3339(*report.expires)) : nullptr;
    out["expired"] = report.expired(now);
    nlohmann::ordered_json fields = nlohmann::ordered_json::array();
    for (const auto& field : report.fields)
      fields.push_back({{"line", field.line}, {"name", field.name}, {"value", field.value}});
    out["fields"] = fields;
    nlohmann::ordered_json findings = nlohmann::ordered_json::array();
    for (const auto& finding : report.findings)
      findings.push_back({{"line", finding.location.line},
                          {"column", finding.location.column},
                          {"level", severity_name(finding.severity)},
                          {"message", finding.message},
                          {"hint", finding.hint}});
    out["findings"] = findings;
    print_json(out);
  } else {
    for (const auto& finding : report.findings) std::cout << format_diagnostic(finding) << '\n';
    if (!report.findings.empty()) std::cout << '\n';
    const auto count = [&](Severity severity) { return count_severity(report.findings, severity); };
    std::cout << fmt::format("{}: {} ({} error(s), {} warning(s); {} field(s){})\n", path,
                             report.valid() ? paint("valid", Color::Green) : paint("invalid", Color::Red),
                             count(Severity::Error), count(Severity::Warning), report.fields.size(),
                             report.signed_cleartext ? ", signature not verified" : "");
  }
  return report.valid() ? kExitClean : kExitFindings;
}

}  // namespace

void register_securitytxt_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<Options>();
  auto* group = app.add_subcommand("securitytxt", "RFC 9116 security.txt tools");
  group->require_subcommand(1);
  auto* check = group->add_subcommand(
      "check", "Validate a security.txt (default: .well-known/security.txt, security.txt or docs/security.txt)");
  check->add_option("file", options->file, "security.txt to check");
  add_now_option(check, options->now, "Judge expiry at this time");
  add_format_option(check, options->format, {"table", "json"});
  check->callback([options, &context] { context.exit_code = run(*options); });
}

}  // namespace tocsin::cli
