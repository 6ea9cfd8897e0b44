#include "core/encoding.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace tocsin {
namespace {

// RFC 4648 §10 test vectors.
TEST(Base64, Rfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [bytes, text] : vectors) {
    EXPECT_EQ(base64_encode(bytes), text);
    EXPECT_EQ(base64_decode(text), bytes) << text;
    std::string unpadded = text;
    while (!unpadded.empty() && unpadded.back() == '=') unpadded.pop_back();
    EXPECT_EQ(base64_decode(unpadded), bytes) << unpadded;  // padding is optional
  }
}

TEST(Base64, BothAlphabetsDecode) {
  // 0xfb 0xff 0xbf: "+/+/" in the standard alphabet, "-_-_" in the URL-safe one (§5).
  EXPECT_EQ(base64_decode("-_-_"), std::string("\xfb\xff\xbf"));
  EXPECT_EQ(base64_decode("+/+/"), std::string("\xfb\xff\xbf"));
  EXPECT_EQ(base64_encode("\xfb\xff\xbf"), "+/+/");  // encoding writes the standard alphabet
  EXPECT_EQ(base64_value('A'), 0);
  EXPECT_EQ(base64_value('-'), 62);
  EXPECT_EQ(base64_value('_'), 63);
  EXPECT_EQ(base64_value('='), -1);
  EXPECT_EQ(base64_value(0xC3), -1);
}

TEST(Base64, MalformedIsRefused) {
  EXPECT_FALSE(base64_decode("a$b=").has_value());       // a character of neither alphabet
  EXPECT_FALSE(base64_decode("Zm9v Yg==").has_value());  // white space is not skipped
  EXPECT_FALSE(base64_decode("Zm9vY").has_value());      // one character after a group of four
  EXPECT_FALSE(base64_decode("Z").has_value());
  EXPECT_FALSE(base64_decode("Zg=\n").has_value());
}

TEST(Base64, RoundTripsEveryLength) {
  std::mt19937 random(20261205);
  for (std::size_t length = 0; length < 200; ++length) {
    std::string bytes(length, '\0');
    for (char& c : bytes) c = static_cast<char>(random() & 0xFF);
    const std::string text = base64_encode(bytes);
    EXPECT_EQ(text.size(), (length + 2) / 3 * 4);
    EXPECT_EQ(base64_decode(text), bytes);
  }
}

TEST(Hex, EncodesLowerCaseAndDecodesEitherCase) {
  EXPECT_EQ(to_hex(std::string("\x01\xff\x00\xab", 4)), "01ff00ab");
  EXPECT_EQ(from_hex("01FF00aB"), std::string("\x01\xff\x00\xab", 4));
  EXPECT_EQ(from_hex(""), "");
  EXPECT_FALSE(from_hex("0").has_value());   // odd length
  EXPECT_FALSE(from_hex("0g").has_value());  // not a hex digit
}

TEST(Hex, EveryByteHasTheDigitValueItShould) {
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    const int expected = c >= '0' && c <= '9'   ? c - '0'
                         : c >= 'a' && c <= 'f' ? c - 'a' + 10
                         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                : -1;
    EXPECT_EQ(hex_digit_value(ch), expected) << c;
  }
}

// append_utf8 against nlohmann's decoding of the same code point written as a JSON \u escape
// (a surrogate pair above U+FFFF): every scalar value below U+1000, then every 7th.
TEST(Utf8, ScalarValuesEncodeAsJsonDecodesThem) {
  auto escape = [](std::uint32_t unit) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\u%04X", static_cast<unsigned>(unit));
    return std::string(buffer);
  };
  for (std::uint32_t code = 0; code <= 0x10FFFF; code += code < 0x1000 ? 1 : 7) {
    if (code >= 0xD800 && code <= 0xDFFF) continue;
    std::string literal = "\"";
    if (code < 0x10000) {
      literal += escape(code);
    } else {
      literal += escape(0xD800 + ((code - 0x10000) >> 10)) + escape(0xDC00 + ((code - 0x10000) & 0x3FF));
    }
    literal += "\"";
    std::string ours;
    append_utf8(ours, code);
    ASSERT_EQ(ours, nlohmann::json::parse(literal).get<std::string>()) << code;
  }
  std::string boundaries;
  for (std::uint32_t code : {0x7Fu, 0x80u, 0x7FFu, 0x800u, 0xFFFFu, 0x10000u, 0x10FFFFu}) append_utf8(boundaries, code);
  EXPECT_EQ(boundaries, "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF");
}

}  // namespace
}  // namespace tocsin
