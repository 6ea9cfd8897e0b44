// Any byte string given to the CVSS parser either scores in [0, 10] or throws tocsin::Error.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/error.h"
#include "cvss/cvss.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    const tocsin::cvss::Result result = tocsin::cvss::score(input);
    if (!(result.score >= 0.0 && result.score <= 10.0)) std::abort();
    if (result.version == tocsin::cvss::Version::V4_0 && result.macro_vector.size() != 6) std::abort();
  } catch (const tocsin::Error&) {
  }
  return 0;
}
