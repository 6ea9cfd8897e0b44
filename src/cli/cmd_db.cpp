// STUB — to be replaced by the real command.
#include "cli/commands.h"

namespace tocsin::cli {

void register_db_command(CLI::App& app, Context& context) {
  auto* sub = app.add_subcommand("db", "(not implemented yet)");
  sub->callback([&context] { context.exit_code = 2; });
}

}  // namespace tocsin::cli
