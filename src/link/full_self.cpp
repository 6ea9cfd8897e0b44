// The tocsin-full executable links every library itself: nothing to hand over.
#include "cli/commands.h"

namespace tocsin {

void cli::use_full_executable(const char*) {}

}  // namespace tocsin
