// SHA-256 and SHA-1 (FIPS 180-4) for every content-derived id: OpenVEX @id, the incident record's
// hash chain, store directory names, secret fingerprints, SBOM serial numbers (SHA-1 only for
// RFC 9562 name-based UUIDs).
//
// Why not OpenSSL: these are the only digests most commands need, and linking libcrypto into the
// `tocsin` executable cost every process ~17,000 relocations and ~100 page faults at start-up
// (issue 11). Signature verification (`release`) still uses OpenSSL, in the `tocsin-full`
// executable. tests/core/hash_test.cpp checks this code against NIST's vectors and OpenSSL.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace tocsin {

std::array<std::uint8_t, 32> sha256(std::string_view bytes);
std::array<std::uint8_t, 20> sha1(std::string_view bytes);

// Lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace tocsin
