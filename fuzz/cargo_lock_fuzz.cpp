// Cargo.lock reader on arbitrary bytes: it must return or throw tocsin::Error, nothing else.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "lockfile/lockfile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const tocsin::lockfile::Reader* reader = tocsin::lockfile::reader_for_type("Cargo.lock");
  std::string_view content(reinterpret_cast<const char*>(data), size);
  try {
    tocsin::lockfile::Lockfile lock = reader->read("fuzz/Cargo.lock", content);
    // Every edge must point inside the package list: consumers index with it unchecked.
    for (const auto& edge : lock.edges)
      if (edge.from >= lock.packages.size() || edge.to >= lock.packages.size()) __builtin_trap();
  } catch (const tocsin::Error&) {
  }
  return 0;
}
