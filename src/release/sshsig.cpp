// SSHSIG (OpenSSH PROTOCOL.sshsig) verification and allowed-signers matching on OpenSSL.
#include "release/sshsig.h"

#include <fmt/format.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <cctype>
#include <ctime>
#include <memory>

#include "core/encoding.h"
#include "core/error.h"
#include "core/text.h"
#include "release/crypto.h"

namespace tocsin::release::sshsig {
namespace {

constexpr std::string_view kBegin = "-----BEGIN SSH SIGNATURE-----";
constexpr std::string_view kEnd = "-----END SSH SIGNATURE-----";
constexpr std::string_view kMagic = "SSHSIG";

// RFC 4251 wire reader: uint32 and length-prefixed strings; every read checks the bounds.
struct Reader {
  std::string_view data;
  bool ok = true;
  std::uint32_t u32() {
    if (data.size() < 4) return ok = false, 0;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(data[i]);
    data.remove_prefix(4);
    return v;
  }
  std::string_view string() {
    const std::uint32_t n = u32();
    if (!ok || data.size() < n) return ok = false, std::string_view();
    std::string_view out = data.substr(0, n);
    data.remove_prefix(n);
    return out;
  }
};

std::string wire_string(std::string_view s) {
  std::string out;
  const auto n = static_cast<std::uint32_t>(s.size());
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xff);
  out += s;
  return out;
}

struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct BnDeleter {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
struct ParamBldDeleter {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamDeleter {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
using Bn = std::unique_ptr<BIGNUM, BnDeleter>;

crypto::Key key_from_params(const char* type, OSSL_PARAM_BLD* builder) {
  std::unique_ptr<OSSL_PARAM, ParamDeleter> params(OSSL_PARAM_BLD_to_param(builder));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
    return nullptr;
  return crypto::Key(key);
}

// An SSH mpint (two's complement, big endian) that must be positive.
Bn mpint(std::string_view bytes) {
  if (!bytes.empty() && (static_cast<unsigned char>(bytes[0]) & 0x80)) return nullptr;
  return Bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()), nullptr));
}

// The public key of an SSH key blob, with the digest its signatures use (null for Ed25519).
struct PublicKey {
  crypto::Key key;
  std::string curve_digest;  // ecdsa: sha256/sha384/sha512
};

std::optional<PublicKey> public_key(std::string_view blob, std::string& error) {
  Reader r{blob};
  const std::string_view type = r.string();
  PublicKey out;
  if (type == "ssh-ed25519") {
    const std::string_view raw = r.string();
    if (!r.ok || raw.size() != 32) return error = "malformed ssh-ed25519 key", std::nullopt;
    out.key.reset(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                              reinterpret_cast<const unsigned char*>(raw.data()), raw.size()));
  } else if (starts_with(type, "ecdsa-sha2-nistp")) {
    const std::string_view curve = r.string();
    const std::string_view point = r.string();
    const char* group = curve == "nistp256"   ? "P-256"
                        : curve == "nistp384" ? "P-384"
                        : curve == "nistp521" ? "P-521"
                                              : nullptr;
    if (!r.ok || group == nullptr || type.substr(11) != curve)
      return error = "malformed " + std::string(type) + " key", std::nullopt;
    out.curve_digest = curve == "nistp256" ? "SHA256" : curve == "nistp384" ? "SHA384" : "SHA512";
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> builder(OSSL_PARAM_BLD_new());
    OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
    OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
    out.key = key_from_params("EC", builder.get());
  } else if (type == "ssh-rsa") {
    Bn e = mpint(r.string());
    Bn n = mpint(r.string());
    if (!r.ok || !e || !n) return error = "malformed ssh-rsa key", std::nullopt;
    if (BN_num_bits(n.get()) < 1024) return error = "RSA key shorter than 1024 bits", std::nullopt;
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> builder(OSSL_PARAM_BLD_new());
    OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get());
    OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get());
    out.key = key_from_params("RSA", builder.get());
  } else {
    return error = "unsupported key type '" + std::string(type) + "'", std::nullopt;
  }
  if (!out.key) return error = "unreadable " + std::string(type) + " key", std::nullopt;
  return out;
}

bool digest_verify(EVP_PKEY* key, const char* digest, std::string_view data, std::string_view signature) {
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  const EVP_MD* md = digest ? EVP_get_digestbyname(digest) : nullptr;
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) != 1) return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

// ssh-keygen's timestamps: YYYYMMDD or YYYYMMDDHHMM[SS], local time unless suffixed with Z.
std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  const bool utc = !text.empty() && (text.back() == 'Z' || text.back() == 'z');
  if (utc) text.remove_suffix(1);
  if (text.size() != 8 && text.size() != 12 && text.size() != 14) return std::nullopt;
  for (char c : text)
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  auto number = [&](std::size_t at, std::size_t n) { return std::stoi(std::string(text.substr(at, n))); };
  std::tm tm{};
  tm.tm_year = number(0, 4) - 1900;
  tm.tm_mon = number(4, 2) - 1;
  tm.tm_mday = number(6, 2);
  if (text.size() >= 12) tm.tm_hour = number(8, 2), tm.tm_min = number(10, 2);
  if (text.size() == 14) tm.tm_sec = number(12, 2);
  if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
    return std::nullopt;
  tm.tm_isdst = -1;
  return utc ? static_cast<std::int64_t>(timegm(&tm)) : static_cast<std::int64_t>(mktime(&tm));
}

// One field of an allowed-signers line: a run of non-blanks where a "…" may hold blanks.
std::string_view next_field(std::string_view& line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  std::size_t i = 0;
  bool quoted = false;
  for (; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    if (!quoted && (line[i] == ' ' || line[i] == '\t')) break;
  }
  std::string_view out = line.substr(0, i);
  line.remove_prefix(i);
  return out;
}

// Comma-separated options, where a quoted value may hold commas (namespaces="git,file").
std::vector<std::string_view> split_options(std::string_view text) {
  std::vector<std::string_view> out;
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] == '"') quoted = !quoted;
    if (i == text.size() || (!quoted && text[i] == ',')) {
      out.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool is_key_type(std::string_view word) {
  return word == "ssh-ed25519" || word == "ssh-rsa" || starts_with(word, "ecdsa-sha2-") || starts_with(word, "sk-") ||
         word.find("-cert-v01@openssh.com") != std::string_view::npos;
}

// `*` and `?` wildcards, case-sensitive as OpenSSH matches principals (match_pattern_list with
// dolower = 0); iterative (back to the last `*` on a mismatch) so many stars stay O(|s|·|p|).
bool match_pattern(std::string_view s, std::string_view p) {
  const auto same = [](char a, char b) { return a == b; };
  std::size_t si = 0, pi = 0, star = std::string_view::npos, resume = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      resume = si;
    } else if (pi < p.size() && (p[pi] == '?' || same(p[pi], s[si]))) {
      ++pi, ++si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++resume;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

}  // namespace

std::optional<Signature> parse_armored(std::string_view armored, std::string& error) {
  const std::size_t begin = armored.find(kBegin);
  const std::size_t end = armored.find(kEnd, begin == std::string_view::npos ? 0 : begin);
  if (begin == std::string_view::npos || end == std::string_view::npos)
    return error = "no SSH SIGNATURE armor", std::nullopt;
  std::string base64;
  for (char c : armored.substr(begin + kBegin.size(), end - begin - kBegin.size()))
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') base64 += c;
  const auto blob = base64_decode(base64);
  if (!blob) return error = "the signature is not valid base64", std::nullopt;
  if (!starts_with(*blob, kMagic)) return error = "not an SSHSIG blob", std::nullopt;
  Reader r{std::string_view(*blob).substr(kMagic.size())};
  const std::uint32_t version = r.u32();
  Signature sig;
  sig.public_key = r.string();
  sig.name_space = r.string();
  r.string();  // reserved
  sig.hash_algorithm = r.string();
  sig.signature = r.string();
  if (!r.ok || !r.data.empty()) return error = "truncated or overlong SSHSIG blob", std::nullopt;
  if (version != 1) return error = fmt::format("SSHSIG version {} (only 1 is defined)", version), std::nullopt;
  sig.key_type = Reader{sig.public_key}.string();
  return sig;
}

bool verify(const Signature& sig, std::string_view message, std::string_view name_space, std::string& error) {
  if (sig.name_space != name_space) {
    error = "signature namespace '" + sig.name_space + "', expected '" + std::string(name_space) + "'";
    return false;
  }
  std::string hashed;
  if (sig.hash_algorithm == "sha512")
    hashed = crypto::sha512(message);
  else if (sig.hash_algorithm == "sha256")
    hashed = crypto::sha256(message);
  else
    return error = "unsupported hash algorithm '" + sig.hash_algorithm + "'", false;
  // The signed data; `reserved` is signed as it was carried (always empty in practice).
  const std::string signed_data = std::string(kMagic) + wire_string(sig.name_space) + wire_string("") +
                                  wire_string(sig.hash_algorithm) + wire_string(hashed);
  auto key = public_key(sig.public_key, error);
  if (!key) return false;
  Reader r{sig.signature};
  const std::string_view format = r.string();
  const std::string_view body = r.string();
  if (!r.ok) return error = "malformed signature blob", false;
  bool good = false;
  if (sig.key_type == "ssh-ed25519" && format == "ssh-ed25519") {
    good = digest_verify(key->key.get(), nullptr, signed_data, body);
  } else if (starts_with(sig.key_type, "ecdsa-sha2-") && format == sig.key_type) {
    Reader rs{body};
    Bn rr = mpint(rs.string()), ss = mpint(rs.string());
    if (!rs.ok || !rr || !ss) return error = "malformed ECDSA signature", false;
    ECDSA_SIG* ecdsa = ECDSA_SIG_new();
    ECDSA_SIG_set0(ecdsa, rr.release(), ss.release());
    unsigned char* der = nullptr;
    const int n = i2d_ECDSA_SIG(ecdsa, &der);
    ECDSA_SIG_free(ecdsa);
    if (n <= 0) return error = "malformed ECDSA signature", false;
    good = digest_verify(key->key.get(), key->curve_digest.c_str(), signed_data,
                         std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(n)));
    OPENSSL_free(der);
  } else if (sig.key_type == "ssh-rsa" && (format == "rsa-sha2-512" || format == "rsa-sha2-256")) {
    good = digest_verify(key->key.get(), format == "rsa-sha2-512" ? "SHA512" : "SHA256", signed_data, body);
  } else {
    return error = "signature format '" + std::string(format) + "' for a " + sig.key_type + " key is not accepted",
           false;
  }
  if (!good) error = "the " + std::string(format) + " signature does not verify";
  return good;
}

std::optional<SignedObject> split_signed_object(std::string_view object) {
  std::size_t at = std::string_view::npos;
  for (std::size_t from = 0;;) {
    const std::size_t found = object.find(kBegin, from);
    if (found == std::string_view::npos) break;
    if (found == 0 || object[found - 1] == '\n') at = found;
    from = found + 1;
  }
  if (at == std::string_view::npos) return std::nullopt;
  return SignedObject{std::string(object.substr(0, at)), std::string(object.substr(at))};
}

std::vector<AllowedSigner> read_allowed_signers(const std::string& path, std::string_view content) {
  std::vector<AllowedSigner> out;
  int number = 0;
  for (std::string_view raw : split(content, '\n')) {
    ++number;
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    const auto column = [&](std::string_view rest) { return static_cast<int>(raw.size() - rest.size()) + 1; };
    AllowedSigner signer;
    signer.line = number;
    std::string_view principals = next_field(line);
    if (principals.size() >= 2 && principals.front() == '"' && principals.back() == '"')
      principals = principals.substr(1, principals.size() - 2);  // OpenSSH's strdelim unquotes
    signer.principals = std::string(principals);
    std::string_view word = next_field(line);
    if (!word.empty() && !is_key_type(word)) {  // options
      for (std::string_view option : split_options(word)) {
        const auto eq = option.find('=');
        const std::string name = to_lower(option.substr(0, eq));
        std::string_view value = eq == std::string_view::npos ? std::string_view() : option.substr(eq + 1);
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        if (name == "cert-authority") {
          signer.cert_authority = true;
        } else if (name == "namespaces") {
          signer.namespaces = std::string(value);
        } else if (name == "valid-after" || name == "valid-before") {
          const auto t = parse_timestamp(value);
          if (!t)
            throw Error(path, number, column(line), "invalid " + name + " timestamp '" + std::string(value) + "'");
          (name == "valid-after" ? signer.valid_after : signer.valid_before) = t;
        } else {
          throw Error(path, number, column(line), "unknown option '" + name + "'");
        }
      }
      word = next_field(line);
    }
    if (word.empty()) throw Error(path, number, column(line), "expected 'principals [options] keytype base64-key'");
    signer.key_type = std::string(word);
    const std::string_view key = next_field(line);
    const auto blob = base64_decode(key);
    if (!blob || Reader{*blob}.string() != signer.key_type)
      throw Error(path, number, column(line), "the key is not a base64 " + signer.key_type + " key");
    signer.key_blob = *blob;
    out.push_back(std::move(signer));
  }
  return out;
}

bool match_pattern_list(std::string_view value, std::string_view patterns) {
  bool matched = false;
  for (std::string_view pattern : split(patterns, ',')) {
    const bool negated = !pattern.empty() && pattern.front() == '!';
    if (negated) pattern.remove_prefix(1);
    if (match_pattern(value, pattern)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

const AllowedSigner* find_signer(const std::vector<AllowedSigner>& signers, std::string_view key_blob,
                                 std::string_view principal, std::string_view name_space, std::int64_t time,
                                 std::string& why) {
  std::string listed_for;
  std::string excluded;
  for (const AllowedSigner& s : signers) {
    if (s.cert_authority || s.key_blob != key_blob) continue;
    if (!match_pattern_list(principal, s.principals)) {
      listed_for += (listed_for.empty() ? "" : ", ") + s.principals;
      continue;
    }
    if (s.namespaces && !match_pattern_list(name_space, *s.namespaces)) {
      excluded = fmt::format("line {}: namespaces=\"{}\" excludes '{}'", s.line, *s.namespaces, name_space);
      continue;
    }
    if ((s.valid_after && time < *s.valid_after) || (s.valid_before && time > *s.valid_before)) {
      excluded = fmt::format("line {}: the key is not valid at the tag's date", s.line);
      continue;
    }
    return &s;
  }
  why = !excluded.empty() ? excluded
        : listed_for.empty()
            ? "key " + fingerprint(key_blob) + " is not in the allowed signers"
            : "key " + fingerprint(key_blob) + " is allowed for " + listed_for + ", not " + std::string(principal);
  return nullptr;
}

std::string fingerprint(std::string_view key_blob) {
  std::string b64 = base64_encode(crypto::sha256(key_blob));
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return "SHA256:" + b64;
}

}  // namespace tocsin::release::sshsig
