// Any bytes given to the secret detectors and the log decoder: no crash, and every finding is in
// range and redacted (the "…" is there and at most 4 characters follow it).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/error.h"
#include "secrets/secrets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& finding : tocsin::secrets::scan_text(input, "fuzz", 1'800'000'000)) {
      if (finding.line == 0 || finding.column == 0 || finding.column > size + 1) std::abort();
      const std::size_t ellipsis = finding.redacted.find("…");
      if (ellipsis == std::string::npos || finding.redacted.size() - ellipsis - 3 > 4) std::abort();
      if (finding.fingerprint.size() != 16) std::abort();
    }
    for (const auto& payload : tocsin::secrets::decode_base64_payloads(input)) {
      if (payload.offset + payload.length > size || (payload.layers != 1 && payload.layers != 2)) std::abort();
      (void)tocsin::secrets::scan_text(payload.decoded, "fuzz", 0);
    }
    (void)tocsin::secrets::import_github_alerts("fuzz.json", input);
  } catch (const tocsin::Error&) {
  }
  return 0;
}
