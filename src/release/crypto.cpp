#include "release/crypto.h"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/pem.h>

#include <array>

namespace tocsin::release::crypto {
namespace {

std::string digest(const EVP_MD* md, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &size, md, nullptr);
  return std::string(reinterpret_cast<const char*>(out.data()), size);
}

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};

const EVP_MD* ecdsa_digest_for(EVP_PKEY* key) {
  switch (EVP_PKEY_get_bits(key)) {
    case 384: return EVP_sha384();
    case 521: return EVP_sha512();
    default: return EVP_sha256();
  }
}

}  // namespace

std::string sha256(std::string_view data) { return digest(EVP_sha256(), data); }
std::string sha384(std::string_view data) { return digest(EVP_sha384(), data); }
std::string sha512(std::string_view data) { return digest(EVP_sha512(), data); }

Key public_key_from_der(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  return Key(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
}

Cert certificate_from_der(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  Cert cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  // Trailing bytes after the certificate are not a certificate.
  if (cert && p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) return nullptr;
  return cert;
}

std::string public_key_der(EVP_PKEY* key) {
  unsigned char* buffer = nullptr;
  int size = i2d_PUBKEY(key, &buffer);
  if (size <= 0) return {};
  std::string out(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(size));
  OPENSSL_free(buffer);
  return out;
}

bool verify_message(EVP_PKEY* key, std::string_view message, std::string_view signature) {
  if (key == nullptr) return false;
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  const int type = EVP_PKEY_get_base_id(key);
  const EVP_MD* md = nullptr;  // Ed25519 hashes internally
  if (type == EVP_PKEY_EC)
    md = ecdsa_digest_for(key);
  else if (type == EVP_PKEY_RSA)
    md = EVP_sha256();
  else if (type != EVP_PKEY_ED25519)
    return false;
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) != 1) return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

bool verify_prehashed_sha256(EVP_PKEY* key, std::string_view digest_bytes, std::string_view signature) {
  if (key == nullptr || digest_bytes.size() != 32) return false;
  const int type = EVP_PKEY_get_base_id(key);
  if (type != EVP_PKEY_EC && type != EVP_PKEY_RSA) return false;
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(EVP_PKEY_CTX_new(key, nullptr));
  if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1) return false;
  if (EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) != 1) return false;
  return EVP_PKEY_verify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                         reinterpret_cast<const unsigned char*>(digest_bytes.data()), digest_bytes.size()) == 1;
}

std::string leaf_hash(std::string_view data) {
  std::string prefixed(1, '\0');
  prefixed.append(data);
  return sha256(prefixed);
}

// RFC 9162 §2.1.3.2, the iterative form of RFC 6962's audit path check.
bool verify_inclusion(std::string_view leaf, std::uint64_t index, std::uint64_t tree_size,
                      const std::vector<std::string>& path, std::string_view root) {
  if (index >= tree_size) return false;
  std::uint64_t fn = index, sn = tree_size - 1;
  std::string r(leaf);
  auto node = [](std::string_view left, std::string_view right) {
    std::string buffer(1, '\1');
    buffer.append(left);
    buffer.append(right);
    return sha256(buffer);
  };
  for (const std::string& p : path) {
    if (p.size() != 32 || sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      r = node(p, r);
      if ((fn & 1) == 0)
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
    } else {
      r = node(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

}  // namespace tocsin::release::crypto
