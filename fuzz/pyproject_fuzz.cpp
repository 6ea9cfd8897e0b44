// Fuzzes the pyproject.toml manifest reader: only tocsin::Error may escape it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "manifest/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view content(reinterpret_cast<const char*>(data), size);
  try {
    (void)tocsin::manifest::read_pyproject_toml("pyproject.toml", content);
  } catch (const tocsin::Error&) {
  }
  return 0;
}
