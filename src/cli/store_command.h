// `tocsin store init|migrate|copy` (cmd_store.cpp). Declared here rather than in commands.h so
// that adding it did not rebuild every command; the integrator may move the line there.
#pragma once

#include "cli/commands.h"

namespace tocsin::cli {

void register_store_command(CLI::App& app, Context& context);

}  // namespace tocsin::cli
