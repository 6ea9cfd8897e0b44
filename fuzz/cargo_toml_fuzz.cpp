// Cargo.toml manifest reader on arbitrary bytes: it must return or throw tocsin::Error, nothing else.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "manifest/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view content(reinterpret_cast<const char*>(data), size);
  try {
    tocsin::manifest::read_cargo_toml("fuzz/Cargo.toml", content);
  } catch (const tocsin::Error&) {
  }
  return 0;
}
