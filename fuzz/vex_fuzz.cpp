// Fuzz target: the lenient OpenVEX reader, the writer on what it read, and purl parsing of every
// product id. Only tocsin::Error may escape the reader; everything else must hold.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "vex/openvex.h"
#include "vex/purl.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    tocsin::vex::LoadedDocument loaded = tocsin::vex::read_openvex("fuzz.json", text);
    (void)tocsin::vex::write_openvex(loaded.document);
    for (const auto& statement : loaded.document.statements)
      for (const auto& product : statement.products) (void)tocsin::vex::try_parse_purl(product.id);
  } catch (const tocsin::Error&) {
  }
  (void)tocsin::vex::try_parse_purl(text);
  return 0;
}
