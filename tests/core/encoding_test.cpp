#include "core/encoding.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace tocsin
