#include "version/semver.h"

#include <cstdlib>
#include <cstring>

namespace tocsin::version::semver {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_ident_char(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-'; }

bool parse_u64(std::string_view digits, std::uint64_t& out) {
  if (digits.empty()) return false;
  std::uint64_t value = 0;
  for (char c : digits) {
    if (!is_digit(c)) return false;
    auto d = static_cast<std::uint64_t>(c - '0');
    if (value > (UINT64_MAX - d) / 10) return false;
    value = value * 10 + d;
  }
  out = value;
  return true;
}

std::size_t js_space_length(std::string_view t) {
  if (t.empty()) return 0;
  auto b = [&](std::size_t i) { return static_cast<unsigned char>(t[i]); };
  unsigned char c = b(0);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c == 0xC2 && t.size() >= 2 && b(1) == 0xA0) return 2;
  if (t.size() < 3) return 0;
  unsigned char c1 = b(1), c2 = b(2);
  if (c == 0xE1 && c1 == 0x9A && c2 == 0x80) return 3;                                              // U+1680
  if (c == 0xE2 && c1 == 0x80 && (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF)) return 3;  // U+2000..
  if (c == 0xE2 && c1 == 0x81 && c2 == 0x9F) return 3;                                              // U+205F
  if (c == 0xE3 && c1 == 0x80 && c2 == 0x80) return 3;                                              // U+3000
  if (c == 0xEF && c1 == 0xBB && c2 == 0xBF) return 3;                                              // U+FEFF
  return 0;
}

std::string_view js_trim(std::string_view text) {
  while (std::size_t n = js_space_length(text)) text.remove_prefix(n);
  while (!text.empty()) {
    std::size_t removed = 0;
    for (std::size_t n = 1; n <= 3 && n <= text.size(); ++n) {
      if (js_space_length(text.substr(text.size() - n)) == n) {
        removed = n;
        break;
      }
    }
    if (removed == 0) break;
    text.remove_suffix(removed);
  }
  return text;
}

std::size_t utf16_length(std::string_view text) {
  std::size_t units = 0;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) != 0x80) ++units;  // a lead byte starts a code point
    if (c >= 0xF0) ++units;           // outside the BMP: a surrogate pair
  }
  return units;
}

namespace {

// Rust semver: segments of [A-Za-z0-9-]+ joined by '.', numeric prerelease segments without
// leading zeros. Returns the length consumed, or npos when malformed or empty.
std::size_t cargo_identifier(std::string_view text, bool prerelease) {
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    bool nondigit = false;
    while (i < text.size() && is_ident_char(text[i])) {
      if (!is_digit(text[i])) nondigit = true;
      ++i;
    }
    std::size_t len = i - start;
    if (len == 0) return std::string_view::npos;
    if (prerelease && len > 1 && !nondigit && text[start] == '0') return std::string_view::npos;
    if (i < text.size() && text[i] == '.') {
      ++i;
      continue;
    }
    return i;
  }
}

// A number without leading zeros (except "0" itself).
bool take_number(std::string_view& text, std::uint64_t& out) {
  std::size_t n = 0;
  while (n < text.size() && is_digit(text[n])) ++n;
  if (n == 0 || (n > 1 && text[0] == '0')) return false;
  if (!parse_u64(text.substr(0, n), out)) return false;
  text.remove_prefix(n);
  return true;
}

bool take_main(std::string_view& text, Version& v) {
  if (!take_number(text, v.major) || text.empty() || text[0] != '.') return false;
  text.remove_prefix(1);
  if (!take_number(text, v.minor) || text.empty() || text[0] != '.') return false;
  text.remove_prefix(1);
  return take_number(text, v.patch);
}

// node-semver's PRERELEASEIDENTIFIER: numeric without leading zeros, or containing a non-digit.
bool npm_prerelease_valid(std::string_view pre) {
  std::size_t start = 0;
  while (true) {
    std::size_t end = pre.find('.', start);
    std::string_view id = pre.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (id.empty()) return false;
    bool all_digits = true;
    for (char c : id) {
      if (!is_ident_char(c)) return false;
      if (!is_digit(c)) all_digits = false;
    }
    if (all_digits && id.size() > 1 && id[0] == '0') return false;
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

bool npm_build_valid(std::string_view build) {
  std::size_t start = 0;
  while (true) {
    std::size_t end = build.find('.', start);
    std::string_view id = build.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (id.empty()) return false;
    for (char c : id)
      if (!is_ident_char(c)) return false;
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

bool all_digits(std::string_view id) {
  for (char c : id)
    if (!is_digit(c)) return false;
  return true;
}

// Next dot-separated identifier of `rest`, advancing it.
std::string_view next_identifier(std::string_view& rest) {
  std::size_t dot = rest.find('.');
  std::string_view id = rest.substr(0, dot);
  rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
  return id;
}

int sign(int x) { return (x > 0) - (x < 0); }

int compare_main(const Version& a, const Version& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  return 0;
}

// JavaScript's `+digits` (round-to-nearest double), as node-semver compares numeric identifiers.
double js_number(std::string_view digits) {
  char buffer[512];
  std::size_t n = digits.size() < sizeof buffer - 1 ? digits.size() : sizeof buffer - 1;
  std::memcpy(buffer, digits.data(), n);
  buffer[n] = '\0';
  return std::strtod(buffer, nullptr);
}

}  // namespace

std::optional<Version> parse_cargo(std::string_view text) {
  Version v;
  if (!take_main(text, v)) return std::nullopt;
  if (!text.empty() && text[0] == '-') {
    std::size_t n = cargo_identifier(text.substr(1), true);
    if (n == std::string_view::npos) return std::nullopt;
    v.pre = text.substr(1, n);
    text.remove_prefix(1 + n);
  }
  if (!text.empty() && text[0] == '+') {
    std::size_t n = cargo_identifier(text.substr(1), false);
    if (n == std::string_view::npos) return std::nullopt;
    v.build = text.substr(1, n);
    text.remove_prefix(1 + n);
  }
  if (!text.empty()) return std::nullopt;
  return v;
}

std::optional<Version> parse_npm(std::string_view text) {
  if (utf16_length(text) > 256) return std::nullopt;
  text = js_trim(text);
  if (!text.empty() && text[0] == 'v') text.remove_prefix(1);
  Version v;
  if (!take_main(text, v)) return std::nullopt;
  if (v.major > kMaxSafeInteger || v.minor > kMaxSafeInteger || v.patch > kMaxSafeInteger) return std::nullopt;
  std::size_t plus = text.find('+');
  std::string_view before_build = text.substr(0, plus);
  if (plus != std::string_view::npos) {
    v.build = text.substr(plus + 1);
    if (!npm_build_valid(v.build)) return std::nullopt;
  }
  if (!before_build.empty()) {
    if (before_build[0] != '-') return std::nullopt;
    v.pre = before_build.substr(1);
    if (!npm_prerelease_valid(v.pre)) return std::nullopt;
  }
  return v;
}

int compare_prerelease(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? 1 : -1);
  // Identifiers are never empty in a parsed version, so an empty rest means "no more".
  while (true) {
    if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? -1 : 1);
    std::string_view x = next_identifier(a), y = next_identifier(b);
    bool xn = all_digits(x), yn = all_digits(y);
    if (xn != yn) return xn ? -1 : 1;
    if (xn && x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
    if (int c = sign(x.compare(y))) return c;
  }
}

int cargo_compare(const Version& a, const Version& b) {
  if (int c = compare_main(a, b)) return c;
  return compare_prerelease(a.pre, b.pre);
}

int npm_compare(const Version& a, const Version& b) {
  if (int c = compare_main(a, b)) return c;
  if (a.pre == b.pre) return 0;
  if (a.pre.empty() || b.pre.empty()) return a.pre.empty() ? 1 : -1;
  std::string_view ra = a.pre, rb = b.pre;
  while (true) {
    if (ra.empty() || rb.empty()) return ra.empty() == rb.empty() ? 0 : (ra.empty() ? -1 : 1);
    std::string_view x = next_identifier(ra), y = next_identifier(rb);
    if (x == y) continue;
    bool xn = all_digits(x), yn = all_digits(y);
    if (xn && yn) {
      // Both numeric and different as JS values: compared as doubles, and a tie (two
      // identifiers above 2^53 that round alike) ends the comparison at 0, as in node-semver.
      double dx = js_number(x), dy = js_number(y);
      return dx == dy ? 0 : (dx < dy ? -1 : 1);
    }
    if (xn != yn) return xn ? -1 : 1;
    return sign(x.compare(y));
  }
}

}  // namespace tocsin::version::semver
