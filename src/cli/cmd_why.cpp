// STUB — to be replaced by the real command.
#include "cli/commands.h"

namespace tocsin::cli {

void register_why_command(CLI::App& app, Context& context) {
  auto* sub = app.add_subcommand("why", "(not implemented yet)");
  sub->callback([&context] { context.exit_code = 2; });
}

}  // namespace tocsin::cli
