// Fuzzes the OSV record parser and the stored-record round trip: any input either parses or
// throws tocsin::Error; a parsed record must survive encode -> decode unchanged in shape.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "advisory/parsers.h"
#include "advisory/record_json.h"
#include "core/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    std::map<std::string, std::size_t> skipped;
    auto advisory = tocsin::advisory::parse_osv("fuzz.json", input, &skipped);
    tocsin::advisory::RecordDecoder decoder;
    auto decoded = decoder.advisory(tocsin::advisory::advisory_to_json(advisory).dump());
    if (decoded.id != advisory.id || decoded.affected.size() != advisory.affected.size()) std::abort();
  } catch (const tocsin::Error&) {
  }
  return 0;
}
