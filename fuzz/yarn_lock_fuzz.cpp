// Feeds arbitrary bytes to the yarn.lock reader: it must throw tocsin::Error or succeed, never
// crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "lockfile/lockfile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const tocsin::lockfile::Reader* reader = tocsin::lockfile::reader_for_type("yarn.lock");
  try {
    reader->read("fuzz", std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const tocsin::Error&) {
  }
  return 0;
}
