// security.txt checker: any bytes must give a report, never a crash, hang or exception.
#include <cstdint>
#include <string_view>

#include "documents/securitytxt.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto report = tocsin::documents::check_securitytxt(text, 1780000000);
  (void)report.valid();
  return 0;
}
