// `tocsin version compare|satisfies`: the version module from the command line, one question
// per invocation or one per stdin line with --batch (for scripts and oracle comparisons).
//
// An invalid version or range is an error (exit 2), also for npm where node-semver's
// `satisfies` would quietly answer false: an unreadable range must never read as "not
// affected". In --batch mode the line gets an `error: …` answer and the run exits 2 at the end.
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "core/ecosystem.h"
#include "core/error.h"
#include "core/text.h"
#include "version/version.h"

namespace tocsin::cli {
namespace {

struct VersionOptions {
  std::string ecosystem;
  std::string first, second;
  bool batch = false;
};

Ecosystem ecosystem_or_throw(const std::string& text) {
  auto ecosystem = parse_ecosystem(text);
  if (!ecosystem) throw Error("unknown ecosystem '" + text + "' (expected npm, crates.io or PyPI)");
  return *ecosystem;
}

std::string answer(bool compare_mode, Ecosystem ecosystem, std::string_view a, std::string_view b) {
  if (compare_mode) return std::to_string(version::compare(ecosystem, a, b));
  return version::satisfies(ecosystem, a, b) ? "true" : "false";
}

int run_batch(bool compare_mode, Ecosystem ecosystem) {
  int exit_code = kExitClean;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::size_t tab = line.find('\t');
    try {
      if (tab == std::string::npos) throw Error("expected two tab-separated fields");
      std::cout << answer(compare_mode, ecosystem, std::string_view(line).substr(0, tab),
                          std::string_view(line).substr(tab + 1))
                << '\n';
    } catch (const Error& e) {
      std::cout << "error: " << e.what() << '\n';
      exit_code = kExitError;
    }
  }
  return exit_code;
}

void add_question(CLI::App* version, Context& context, bool compare_mode) {
  auto options = std::make_shared<VersionOptions>();
  auto* sub = compare_mode
                  ? version->add_subcommand("compare", "Print -1, 0 or 1 as version A sorts before, with or after B")
                  : version->add_subcommand("satisfies", "Print true or false: is VERSION inside RANGE");
  sub->add_option("--ecosystem,-e", options->ecosystem, "npm, crates.io or PyPI")->required();
  sub->add_flag("--batch", options->batch,
                compare_mode ? "Read 'A<TAB>B' lines from stdin" : "Read 'VERSION<TAB>RANGE' lines from stdin");
  sub->add_option(compare_mode ? "A" : "VERSION", options->first);
  sub->add_option(compare_mode ? "B" : "RANGE", options->second);
  sub->callback([options, &context, compare_mode, sub] {
    Ecosystem ecosystem = ecosystem_or_throw(options->ecosystem);
    if (options->batch) {
      context.exit_code = run_batch(compare_mode, ecosystem);
      return;
    }
    // An empty npm range ("") is meaningful, so only a missing first argument is an error.
    if (sub->count(compare_mode ? "A" : "VERSION") == 0 || (compare_mode && sub->count("B") == 0))
      throw Error(compare_mode ? "expected A and B (or --batch)" : "expected VERSION and RANGE (or --batch)");
    std::cout << answer(compare_mode, ecosystem, options->first, options->second) << '\n';
    context.exit_code = kExitClean;
  });
}

}  // namespace

void register_version_command(CLI::App& app, Context& context) {
  auto* version = app.add_subcommand("version", "Compare versions and test ranges as npm, Cargo and pip do");
  version->require_subcommand(1);
  add_question(version, context, true);
  add_question(version, context, false);
}

}  // namespace tocsin::cli
