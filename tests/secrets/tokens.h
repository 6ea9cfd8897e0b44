// Test-made tokens. The checksums are computed here independently of src/secrets: zlib's crc32
// and a base62 encoder written for the tests, from GitHub's published scheme (30 random base62
// characters, then the CRC32 of those 30 in base62, left-padded with '0' to 6 characters).
#pragma once

#include <openssl/sha.h>
#include <zlib.h>

#include <cstdint>
#include <random>
#include <string>

namespace tocsin::secrets::testing {

inline const std::string kAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

inline std::string random_from(const std::string& alphabet, std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += alphabet[pick(rng)];
  return out;
}

inline std::string test_base62(std::uint64_t value) {
  std::string out;
  while (value > 0) {
    out = kAlnum[value % 62] + out;
    value /= 62;
  }
  while (out.size() < 6) out = "0" + out;
  return out;
}

inline std::string checksummed(const std::string& prefix, unsigned seed) {
  const std::string body = random_from(kAlnum, 30, seed);
  const uLong crc = ::crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  return prefix + body + test_base62(crc);
}

// The same token with one character of the random part changed (the checksum then fails).
inline std::string one_char_changed(std::string token, std::size_t at) {
  token[at] = token[at] == 'a' ? 'b' : 'a';
  return token;
}

inline std::string base64url(const std::string& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    std::uint32_t v = (std::uint8_t(bytes[i]) << 16) | (std::uint8_t(bytes[i + 1]) << 8) | std::uint8_t(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += alphabet[(v >> s) & 63];
  }
  if (i + 1 == bytes.size()) {
    std::uint32_t v = std::uint8_t(bytes[i]) << 16;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
  } else if (i + 2 == bytes.size()) {
    std::uint32_t v = (std::uint8_t(bytes[i]) << 16) | (std::uint8_t(bytes[i + 1]) << 8);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
  }
  return out;
}

inline std::string standard_base64(const std::string& bytes) {
  std::string out = base64url(bytes);
  for (char& c : out) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (out.size() % 4) out += '=';
  return out;
}

// A libmacaroons v2 macaroon as PyPI issues them: header (location, identifier), one caveat,
// the end-of-caveats marker and a 32-byte signature.
inline std::string pypi_token(const std::string& location, unsigned seed) {
  auto field = [](int tag, const std::string& data) {
    std::string out(1, char(tag));
    out += char(data.size());  // all test fields are shorter than 128 bytes: one varint byte
    return out + data;
  };
  std::string m(1, '\x02');
  m += field(1, location);
  m += field(2, random_from(kAlnum, 40, seed));
  m += '\0';
  m += field(2, "{\"version\": 1, \"permissions\": \"user\"}");
  m += '\0';
  m += '\0';
  m += field(6, random_from(kAlnum, 32, seed + 1));
  return "pypi-" + base64url(m);
}

inline std::string jwt(const std::string& claims, unsigned seed) {
  return base64url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + base64url(claims) + "." +
         base64url(random_from(kAlnum, 64, seed));
}

inline std::string sha256_16(const std::string& bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 8; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

}  // namespace tocsin::secrets::testing
