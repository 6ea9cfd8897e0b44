#include "core/hash.h"

#include <openssl/evp.h>

#include "core/encoding.h"
#include "core/error.h"

namespace tocsin {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw Error("SHA-256 failed (OpenSSL)");
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

}  // namespace tocsin
