// Arbitrary bytes as versions and ranges for every ecosystem: parsing and matching must never
// crash, hang or throw anything but tocsin::Error. Input: selector byte, then "A\0B".
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "version/version.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using tocsin::Ecosystem;
  const Ecosystem ecosystems[] = {Ecosystem::Npm, Ecosystem::CratesIo, Ecosystem::PyPI};
  Ecosystem ecosystem = ecosystems[data[0] % 3];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::size_t split = text.find('\0');
  std::string_view a = text.substr(0, split);
  std::string_view b = split == std::string_view::npos ? text : text.substr(split + 1);
  namespace v = tocsin::version;
  (void)v::is_valid(ecosystem, a);
  try {
    (void)v::compare(ecosystem, a, b);
  } catch (const tocsin::Error&) {
  }
  try {
    (void)v::satisfies(ecosystem, a, b);
  } catch (const tocsin::Error&) {
  }
  try {  // the range against a known-good version, so range parsing is always reached
    (void)v::satisfies(ecosystem, ecosystem == Ecosystem::PyPI ? "1.0" : "1.2.3", b);
  } catch (const tocsin::Error&) {
  }
  std::vector<v::OsvRange> ranges = {
      {v::OsvRange::Type::Ecosystem,
       {{v::OsvEvent::Kind::Introduced, std::string(a)}, {v::OsvEvent::Kind::Fixed, std::string(b)}}},
      {v::OsvRange::Type::Semver, {{v::OsvEvent::Kind::Introduced, "0"}, {v::OsvEvent::Kind::Limit, std::string(a)}}}};
  (void)v::osv_affected(ecosystem, b, ranges, {std::string(a)});
  return 0;
}
