// Fuzzes the RustSec front matter parser: any input either parses or throws tocsin::Error.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "advisory/parsers.h"
#include "core/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    auto advisory = tocsin::advisory::parse_rustsec("fuzz.md", input);
    if (advisory.affected.size() != 1 || !advisory.affected[0].uses_requirements) std::abort();
  } catch (const tocsin::Error&) {
  }
  return 0;
}
