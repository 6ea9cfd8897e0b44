// Any bytes must give a Lockfile or a tocsin::Error: never a crash, a hang or another exception.
// Both YAML paths are exercised: the dedicated subset parser and the libyaml fallback.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "lockfile/lockfile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const tocsin::lockfile::Reader* reader = tocsin::lockfile::reader_for_type("pnpm-lock.yaml");
  std::string_view content(reinterpret_cast<const char*>(data), size);
  try {
    tocsin::lockfile::Lockfile lock = reader->read("fuzz/pnpm-lock.yaml", content);
    for (const tocsin::lockfile::Edge& edge : lock.edges)
      if (edge.from >= lock.packages.size() || edge.to >= lock.packages.size()) __builtin_trap();
  } catch (const tocsin::Error&) {
  }
  return 0;
}
