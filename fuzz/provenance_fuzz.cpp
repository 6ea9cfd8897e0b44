// Fuzz target: the provenance reader (.intoto.jsonl, bundles, attestation documents, statements)
// and the trusted-root reader. Only tocsin::Error may escape.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "release/release.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)tocsin::release::read_provenance("fuzz.jsonl", text);
  } catch (const tocsin::Error&) {
  }
  try {
    (void)tocsin::release::read_trusted_root("fuzz.json", text);
  } catch (const tocsin::Error&) {
  }
  return 0;
}
