// The cryptography `release verify` needs, on OpenSSL: digests, base64, public keys, signature
// checks, X.509 parsing and the RFC 6962 Merkle inclusion proof. Kept apart from the Sigstore
// logic so that each check in sigstore.cpp reads as the specification does.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin::release::crypto {

struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertDeleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyDeleter>;
using Cert = std::unique_ptr<X509, CertDeleter>;

// Raw digests (32 / 64 bytes).
std::string sha256(std::string_view data);
std::string sha384(std::string_view data);
std::string sha512(std::string_view data);

// A DER SubjectPublicKeyInfo, or null.
Key public_key_from_der(std::string_view der);
// A DER certificate, or null.
Cert certificate_from_der(std::string_view der);
// The certificate's SubjectPublicKeyInfo in DER.
std::string public_key_der(EVP_PKEY* key);

// Verifies `signature` over `message` with the key: ECDSA (DER signature; SHA-256 for P-256,
// SHA-384 for P-384, SHA-512 for P-521), Ed25519 (pure), RSA PKCS#1 v1.5 with SHA-256.
bool verify_message(EVP_PKEY* key, std::string_view message, std::string_view signature);
// Verifies an ECDSA or RSA signature over an already computed SHA-256 digest (a blob that is
// not held in memory: Sigstore's hashedrekord signs SHA-256(blob)).
bool verify_prehashed_sha256(EVP_PKEY* key, std::string_view digest, std::string_view signature);

// RFC 6962 §2.1.1 inclusion proof: recomputes the root from the leaf hash, the index of the
// leaf, the tree size and the audit path; true when it equals `root`.
bool verify_inclusion(std::string_view leaf_hash, std::uint64_t index, std::uint64_t tree_size,
                      const std::vector<std::string>& path, std::string_view root);
// SHA-256(0x00 || data): the hash of a Merkle leaf.
std::string leaf_hash(std::string_view data);

}  // namespace tocsin::release::crypto
