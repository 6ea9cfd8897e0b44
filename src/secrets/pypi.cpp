// PyPI API tokens: "pypi-" + a base64url (unpadded) macaroon in libmacaroons' v2 binary format
// (pypa/warehouse issues them with pymacaroons): version byte 2, a header section (location
// "pypi.org" or "test.pypi.org", identifier), caveat sections, an empty section, and a 32-byte
// signature. Decoding that structure proves the string is a PyPI token (`structure`).
#include "core/encoding.h"
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

// Field tags of the v2 format.
constexpr std::uint64_t kEos = 0, kLocation = 1, kIdentifier = 2, kVid = 4, kSignature = 6;

struct Reader {
  std::string_view bytes;
  std::size_t at = 0;
  bool varint(std::uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at >= bytes.size()) return false;
      const auto byte = static_cast<unsigned char>(bytes[at++]);
      value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }
  // One field: tag, and for tags other than EOS, length-prefixed data.
  bool field(std::uint64_t& tag, std::string_view& data) {
    if (!varint(tag)) return false;
    if (tag == kEos) return true;
    std::uint64_t length = 0;
    if (!varint(length) || length > bytes.size() - at) return false;
    data = bytes.substr(at, length);
    at += length;
    return true;
  }
};

// The location when `bytes` is a well-formed v2 macaroon, else nullopt.
std::optional<std::string> macaroon_location(std::string_view bytes) {
  Reader reader{bytes};
  if (bytes.empty() || bytes[0] != 2) return std::nullopt;
  reader.at = 1;
  std::uint64_t tag = 0;
  std::string_view data;
  std::string location;
  bool identifier = false;
  // Header section.
  while (true) {
    if (!reader.field(tag, data)) return std::nullopt;
    if (tag == kEos) break;
    if (tag == kLocation)
      location = std::string(data);
    else if (tag == kIdentifier)
      identifier = true;
    else
      return std::nullopt;
  }
  if (!identifier) return std::nullopt;
  // Caveat sections, then the empty section that ends them.
  for (int caveats = 0;; ++caveats) {
    if (caveats > 1000 || !reader.field(tag, data)) return std::nullopt;
    if (tag == kEos) break;
    while (tag != kEos) {
      if (tag != kLocation && tag != kIdentifier && tag != kVid) return std::nullopt;
      if (!reader.field(tag, data)) return std::nullopt;
    }
  }
  if (!reader.field(tag, data) || tag != kSignature || data.size() != 32) return std::nullopt;
  return location;
}

bool is_base64url(char c) { return is_alnum(c) || c == '-' || c == '_'; }

class PypiDetector final : public Detector {
 public:
  std::string_view id() const override { return "pypi"; }
  std::string_view kind() const override { return "PyPI API token"; }
  std::string_view registry() const override { return "pypi"; }
  bool reassembles() const override { return true; }
  std::vector<std::string> anchors() const override { return {"pypi-Ag"}; }

  std::optional<Hit> examine(std::string_view text, std::size_t at, std::size_t, std::int64_t) const override {
    if (!left_boundary(text, at)) return std::nullopt;
    const std::size_t body_at = at + 5;
    const std::size_t length = run_length(text, body_at, is_base64url, 8192);
    if (length < 60) return std::nullopt;
    const std::string_view body = text.substr(body_at, length);
    if (is_placeholder(body)) return std::nullopt;
    Hit hit;
    hit.begin = at;
    hit.end = body_at + length;
    hit.prefix = "pypi-";
    auto decoded = base64_decode(body);
    auto location = decoded ? macaroon_location(*decoded) : std::nullopt;
    if (location && (*location == "pypi.org" || *location == "test.pypi.org")) {
      hit.validated = Validation::Structure;
      hit.confidence = Confidence::High;
      if (*location != "pypi.org") hit.note = "location " + *location;
    } else {
      hit.confidence = Confidence::Low;
      hit.note = "not a pypi.org macaroon";
    }
    return hit;
  }
};

}  // namespace

std::unique_ptr<Detector> make_pypi_detector() { return std::make_unique<PypiDetector>(); }

}  // namespace tocsin::secrets
