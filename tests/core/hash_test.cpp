// core/hash.h against FIPS 180-4's example vectors (NIST CSRC "Examples with intermediate
// values") and against OpenSSL, which tocsin used before and which the test links as an oracle.
#include "core/hash.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <random>
#include <string>

#include "core/encoding.h"

namespace tocsin {
namespace {

template <std::size_t N>
std::string hex(const std::array<std::uint8_t, N>& digest) {
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest.data()), N));
}

std::string openssl_hex(const EVP_MD* md, std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EXPECT_EQ(EVP_Digest(bytes.data(), bytes.size(), digest, &length, md, nullptr), 1);
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

const std::string k448Bits = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const std::string k896Bits =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
    "mnopqrstnopqrstu";

TEST(Sha256, NistVectors) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex(k448Bits), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(k896Bits), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha1, NistVectors) {
  EXPECT_EQ(hex(sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hex(sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(hex(sha1(k448Bits)), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(hex(sha1(k896Bits)), "a49b2446a02c645bf419f995b67091253a04a259");
  EXPECT_EQ(hex(sha1(std::string(1000000, 'a'))), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

// Every length from 0 to 300 bytes (each padding case: the length field in the last block or
// in an extra one, block boundaries) and a few large ones, random content, against OpenSSL.
TEST(Hash, AgreesWithOpenSslOnEveryLengthAroundTheBlockBoundaries) {
  std::mt19937 random(20261205);
  std::string bytes;
  for (std::size_t length = 0; length <= 300; ++length) {
    bytes.resize(length);
    for (char& c : bytes) c = static_cast<char>(random());
    ASSERT_EQ(sha256_hex(bytes), openssl_hex(EVP_sha256(), bytes)) << "length " << length;
    ASSERT_EQ(hex(sha1(bytes)), openssl_hex(EVP_sha1(), bytes)) << "length " << length;
  }
  for (std::size_t length : {4095u, 4096u, 65537u, 1u << 20}) {
    bytes.resize(length);
    for (char& c : bytes) c = static_cast<char>(random());
    EXPECT_EQ(sha256_hex(bytes), openssl_hex(EVP_sha256(), bytes)) << "length " << length;
    EXPECT_EQ(hex(sha1(bytes)), openssl_hex(EVP_sha1(), bytes)) << "length " << length;
  }
}

}  // namespace
}  // namespace tocsin
