// SHA-256 for every content-derived id (OpenVEX @id, the incident record's hash chain, store
// directory names): one implementation, OpenSSL's EVP.
#pragma once

#include <string>
#include <string_view>

namespace tocsin {

// Lower-case hex SHA-256 of `bytes`. Throws Error if OpenSSL fails (it does not in practice).
std::string sha256_hex(std::string_view bytes);

}  // namespace tocsin
