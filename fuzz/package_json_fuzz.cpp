// Feeds arbitrary bytes to the package.json manifest reader: it must throw tocsin::Error or
// succeed, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "manifest/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    tocsin::manifest::read_package_json("fuzz", std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const tocsin::Error&) {
  }
  return 0;
}
