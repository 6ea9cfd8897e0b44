// Fuzz target: the playbook parser and the [incident]/[roles] reader of tocsin.toml, and the
// RFC 3339 reader of --now. Only tocsin::Error may escape; a playbook that parses must hold
// together (every `when` names a declared branch and one of its choices).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "core/time.h"
#include "incident/config.h"
#include "incident/playbook.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const tocsin::incident::Playbook playbook = tocsin::incident::parse_playbook(text, "fuzz.toml");
    for (const auto& step : playbook.steps)
      if (step.when) {
        const auto* branch = playbook.find_branch(step.when->branch);
        if (!branch) std::abort();
      }
  } catch (const tocsin::Error&) {
  }
  try {
    (void)tocsin::incident::parse_config(text, "tocsin.toml");
  } catch (const tocsin::Error&) {
  }
  try {
    (void)tocsin::format_rfc3339(tocsin::parse_time(text, "--now"));
  } catch (const tocsin::Error&) {
  }
  return 0;
}
