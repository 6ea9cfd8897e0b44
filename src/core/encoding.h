// Base64, hex and UTF-8 encoding: one implementation for every module that decodes tokens, DSSE envelopes,
// Sigstore bundles, lockfile integrity fields or CI log payloads (five copies before).
//
// Base64 (RFC 4648): decoding accepts the standard (§4, '+' '/') and the URL-safe (§5, '-' '_')
// alphabets alike, because the inputs mix them (DSSE payloads, JWT segments, SRI integrity
// strings some tools write URL-safe); padding is optional; white space is not skipped (callers
// that allow it remove it first). Encoding writes the standard alphabet with padding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace tocsin {

// The 6-bit value of a base64 character of either alphabet, or -1.
int base64_value(unsigned char c);
// The bytes, or nullopt on a character outside both alphabets or a length no base64 text has
// (one character left over after the last group of four).
std::optional<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);

// The value of one hexadecimal digit of either case, or -1.
int hex_digit_value(char c);
// Lower-case hex of `bytes`.
std::string to_hex(std::string_view bytes);
// nullopt on a character outside [0-9a-fA-F] or an odd length.
std::optional<std::string> from_hex(std::string_view hex);

// The code point at text[at] and its length; length 0 when the bytes there are not valid UTF-8
// (Unicode table 3-7: a bad lead byte, a truncated or overlong sequence, a surrogate, beyond
// U+10FFFF).
std::pair<char32_t, std::size_t> decode_utf8(std::string_view text, std::size_t at);
// The offset of the first byte of `text` that is not part of valid UTF-8, or npos.
std::size_t invalid_utf8_at(std::string_view text);
// Appends the UTF-8 encoding of `code_point` (at most U+10FFFF; whether a surrogate may be
// written is the caller's decision).
void append_utf8(std::string& out, std::uint32_t code_point);

}  // namespace tocsin
