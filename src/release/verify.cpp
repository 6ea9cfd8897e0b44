// verify_bundle: the checks listed in release.h, each one named so that a failure says which.
#include <fmt/format.h>
#include <openssl/ct.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <regex>

#include "core/encoding.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "release/crypto.h"
#include "release/json_util.h"
#include "release/release.h"

namespace tocsin::release {
namespace {

using crypto::Cert;
using crypto::Key;

class Checks {
 public:
  explicit Checks(Verification& v) : v_(v) {}
  void add(std::string name, bool passed, std::string detail) {
    v_.checks.push_back({std::move(name), passed, std::move(detail)});
  }

 private:
  Verification& v_;
};

std::string pae(std::string_view type, std::string_view body) {
  return fmt::format("DSSEv1 {} {} {} ", type.size(), type, body.size()) + std::string(body);
}

const TrustedKey* find_key(const std::vector<TrustedKey>& keys, std::string_view id) {
  for (const TrustedKey& key : keys)
    if (key.key_id == id) return &key;
  return nullptr;
}

// The DER of the first certificate or public key in a PEM text (Rekor bodies carry PEM).
std::string pem_to_der(std::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    unsigned char* buffer = nullptr;
    int size = i2d_X509(cert, &buffer);
    std::string out = size > 0 ? std::string(reinterpret_cast<char*>(buffer), static_cast<std::size_t>(size)) : "";
    OPENSSL_free(buffer);
    X509_free(cert);
    return out;
  }
  BIO_reset(bio.get());
  if (EVP_PKEY* key = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr)) {
    std::string out = crypto::public_key_der(key);
    EVP_PKEY_free(key);
    return out;
  }
  return {};
}

std::string asn1_text(const ASN1_STRING* s) {
  return s ? std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                         static_cast<std::size_t>(ASN1_STRING_length(s)))
           : std::string();
}

std::string subject_alternative_name(X509* leaf) {
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(leaf, NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return {};
  std::string out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names) && out.empty(); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type == GEN_URI)
      out = asn1_text(name->d.uniformResourceIdentifier);
    else if (name->type == GEN_EMAIL)
      out = asn1_text(name->d.rfc822Name);
  }
  GENERAL_NAMES_free(names);
  return out;
}

// Fulcio's extension value: .1.1 (deprecated) holds the raw string, .1.8 and later a DER UTF8String.
std::string fulcio_extension(X509* leaf, const char* oid, bool der_encoded) {
  ASN1_OBJECT* object = OBJ_txt2obj(oid, 1);
  const int index = X509_get_ext_by_OBJ(leaf, object, -1);
  ASN1_OBJECT_free(object);
  if (index < 0) return {};
  const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(X509_get_ext(leaf, index));
  if (!der_encoded) return asn1_text(data);
  const unsigned char* p = ASN1_STRING_get0_data(data);
  ASN1_UTF8STRING* text = d2i_ASN1_UTF8STRING(nullptr, &p, ASN1_STRING_length(data));
  std::string out = asn1_text(text);
  ASN1_UTF8STRING_free(text);
  return out;
}

struct ChainOutcome {
  bool chained = false;
  bool in_time = false;
  std::string detail;
  Cert issuer;
};

ChainOutcome verify_chain(X509* leaf, std::int64_t at, const TrustedRoot& root) {
  ChainOutcome outcome;
  outcome.detail = "no Fulcio CA of the trusted root issued the certificate";
  for (const CertificateAuthority& ca : root.certificate_authorities) {
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
    std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> untrusted(
        sk_X509_new_null(), [](STACK_OF(X509) * s) { sk_X509_pop_free(s, X509_free); });
    bool usable = true;
    for (std::size_t i = 0; i < ca.chain_der.size(); ++i) {
      Cert cert = crypto::certificate_from_der(ca.chain_der[i]);
      if (!cert) {
        usable = false;
        break;
      }
      if (i + 1 == ca.chain_der.size())
        X509_STORE_add_cert(store.get(), cert.get());
      else
        sk_X509_push(untrusted.get(), cert.release());
    }
    if (!usable) continue;
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(), X509_STORE_CTX_free);
    X509_STORE_CTX_init(ctx.get(), store.get(), leaf, untrusted.get());
    X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx.get()), static_cast<time_t>(at));
    const bool ok = X509_verify_cert(ctx.get()) == 1;
    const int error = X509_STORE_CTX_get_error(ctx.get());
    const bool time_error = error == X509_V_ERR_CERT_HAS_EXPIRED || error == X509_V_ERR_CERT_NOT_YET_VALID;
    if (!ok && !time_error) continue;
    outcome.chained = true;
    if (!ok) {
      outcome.detail = fmt::format("certificate chain not valid at the log time {}: {}", format_rfc3339(at),
                                   X509_verify_cert_error_string(error));
      continue;
    }
    if (!ca.valid_at(at)) {
      outcome.detail =
          fmt::format("the issuing Fulcio CA is valid {} to {} in the trusted root, not at the log time {}",
                      format_rfc3339(ca.start), ca.end ? format_rfc3339(*ca.end) : "open", format_rfc3339(at));
      continue;
    }
    outcome.in_time = true;
    outcome.detail = "chains to a Fulcio CA of the trusted root, valid at the log time " + format_rfc3339(at);
    STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx.get());
    if (sk_X509_num(chain) > 1) {
      X509* issuer = sk_X509_value(chain, 1);
      X509_up_ref(issuer);
      outcome.issuer.reset(issuer);
    }
    return outcome;
  }
  return outcome;
}

void put_be(std::string& out, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

// RFC 6962 §3.2: an embedded SCT signs the precertificate's TBS (the certificate without its
// SCT list extension) and the SHA-256 of the issuer's key.
std::pair<bool, std::string> verify_scts(X509* leaf, X509* issuer, const TrustedRoot& root) {
  auto* scts = static_cast<STACK_OF(SCT)*>(X509_get_ext_d2i(leaf, NID_ct_precert_scts, nullptr, nullptr));
  if (scts == nullptr) return {false, "the certificate carries no embedded SCT"};
  if (issuer == nullptr) {
    SCT_LIST_free(scts);
    return {false, "no issuer certificate to verify the SCTs with"};
  }
  Cert precert(X509_dup(leaf));
  const int index = X509_get_ext_by_NID(precert.get(), NID_ct_precert_scts, -1);
  X509_EXTENSION_free(X509_delete_ext(precert.get(), index));
  unsigned char* tbs_buffer = nullptr;
  const int tbs_size = i2d_re_X509_tbs(precert.get(), &tbs_buffer);
  const std::string tbs(reinterpret_cast<char*>(tbs_buffer), static_cast<std::size_t>(std::max(tbs_size, 0)));
  OPENSSL_free(tbs_buffer);
  unsigned char* key_buffer = nullptr;
  const int key_size = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(issuer), &key_buffer);
  const std::string issuer_key_hash = crypto::sha256(
      std::string_view(reinterpret_cast<char*>(key_buffer), static_cast<std::size_t>(std::max(key_size, 0))));
  OPENSSL_free(key_buffer);

  int verified = 0, total = sk_SCT_num(scts);
  std::string detail;
  for (int i = 0; i < total; ++i) {
    SCT* sct = sk_SCT_value(scts, i);
    unsigned char* id = nullptr;
    const std::size_t id_size = SCT_get0_log_id(sct, &id);
    const TrustedKey* log = find_key(root.ctlogs, std::string_view(reinterpret_cast<char*>(id), id_size));
    if (log == nullptr) {
      detail = "an SCT from a CT log not in the trusted root";
      continue;
    }
    unsigned char* extensions = nullptr;
    const std::size_t extensions_size = SCT_get0_extensions(sct, &extensions);
    unsigned char* signature = nullptr;
    const std::size_t signature_size = SCT_get0_signature(sct, &signature);
    std::string signed_data;
    put_be(signed_data, 0, 1);  // v1
    put_be(signed_data, 0, 1);  // certificate_timestamp
    put_be(signed_data, SCT_get_timestamp(sct), 8);
    put_be(signed_data, 1, 2);  // precert_entry
    signed_data += issuer_key_hash;
    put_be(signed_data, tbs.size(), 3);
    signed_data += tbs;
    put_be(signed_data, extensions_size, 2);
    signed_data.append(reinterpret_cast<char*>(extensions), extensions_size);
    Key key = crypto::public_key_from_der(log->der);
    const std::int64_t when = static_cast<std::int64_t>(SCT_get_timestamp(sct) / 1000);
    if (crypto::verify_message(key.get(), signed_data,
                               std::string_view(reinterpret_cast<char*>(signature), signature_size)) &&
        log->valid_at(when))
      ++verified;
    else
      detail = "an SCT's signature does not verify with its CT log's key";
  }
  SCT_LIST_free(scts);
  if (verified > 0) return {true, fmt::format("{} of {} SCT(s) verified against the CT log keys", verified, total)};
  return {false, detail.empty() ? "no SCT verified" : detail};
}

bool signature_in_body(std::string_view recorded_b64, const std::string& signature, bool double_encoded) {
  auto decoded = base64_decode(recorded_b64);
  if (!decoded) return false;
  if (*decoded == signature) return true;
  if (!double_encoded) return false;
  auto twice = base64_decode(*decoded);  // intoto/0.0.2 stores base64(base64(sig))
  return twice && *twice == signature;
}

const nlohmann::json* path_of(const nlohmann::json& root, std::initializer_list<std::string_view> keys) {
  const nlohmann::json* at = &root;
  for (std::string_view key : keys) {
    at = member(*at, key);
    if (at == nullptr) return nullptr;
  }
  return at;
}

std::string path_string(const nlohmann::json& root, std::initializer_list<std::string_view> keys) {
  const nlohmann::json* at = path_of(root, keys);
  return at != nullptr && at->is_string() ? at->get<std::string>() : std::string();
}

// The Rekor entry must record this bundle's signature (and key) and digest; a valid entry for
// something else proves nothing about this bundle.
std::pair<bool, std::string> check_tlog_body(const Bundle& bundle, const TlogEntry& entry,
                                             const std::string& signed_digest) {
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(entry.canonicalized_body);
  } catch (const nlohmann::json::exception&) {
    return {false, "canonicalizedBody is not JSON"};
  }
  if (string_member(body, "kind") != entry.kind || string_member(body, "apiVersion") != entry.kind_version)
    return {false, "the body's kind/apiVersion differ from kindVersion"};
  const std::string kind = entry.kind + "/" + entry.kind_version;
  const std::string leaf = bundle.certificates_der.empty() ? "" : bundle.certificates_der.front();
  auto key_matches = [&](std::string_view pem_b64) {
    if (leaf.empty()) return true;  // key-signed: the key comes from trusted material
    auto pem = base64_decode(pem_b64);
    return pem && pem_to_der(*pem) == leaf;
  };
  const std::string payload_hash = to_hex(crypto::sha256(bundle.payload));
  if (kind == "hashedrekord/0.0.1") {
    if (bundle.is_dsse) return {false, "a hashedrekord entry for a DSSE bundle"};
    if (!signature_in_body(path_string(body, {"spec", "signature", "content"}), bundle.signature, false))
      return {false, "the entry records another signature"};
    if (!key_matches(path_string(body, {"spec", "signature", "publicKey", "content"})))
      return {false, "the entry records another certificate"};
    if (path_string(body, {"spec", "data", "hash", "value"}) != to_hex(signed_digest))
      return {false, "the entry records another digest"};
    return {true, "hashedrekord entry records this signature, certificate and digest"};
  }
  if (!bundle.is_dsse) return {false, kind + " entry for a message signature"};
  if (kind == "intoto/0.0.2") {
    const nlohmann::json* sigs = path_of(body, {"spec", "content", "envelope", "signatures"});
    bool found = false;
    if (sigs && sigs->is_array())
      for (const nlohmann::json& s : *sigs)
        found = found || (signature_in_body(string_member(s, "sig"), bundle.signature, true) &&
                          key_matches(string_member(s, "publicKey")));
    if (!found) return {false, "the entry records another signature or key"};
    if (path_string(body, {"spec", "content", "payloadHash", "value"}) != payload_hash)
      return {false, "the entry records another payload"};
    return {true, "intoto entry records this signature and payload"};
  }
  if (kind == "dsse/0.0.1") {
    const nlohmann::json* sigs = path_of(body, {"spec", "signatures"});
    bool found = false;
    if (sigs && sigs->is_array())
      for (const nlohmann::json& s : *sigs)
        found = found || (signature_in_body(string_member(s, "signature"), bundle.signature, false) &&
                          key_matches(string_member(s, "verifier")));
    if (!found) return {false, "the entry records another signature or key"};
    if (path_string(body, {"spec", "payloadHash", "value"}) != payload_hash)
      return {false, "the entry records another payload"};
    return {true, "dsse entry records this signature and payload"};
  }
  return {false, "unsupported transparency-log entry kind " + kind};
}

// A signed note (https://github.com/transparency-dev/formats/blob/main/log/README.md):
// "origin\nsize\nbase64(root)\n[extension lines]\n\n— name base64(keyhint[4] || signature)\n".
std::pair<bool, std::string> check_checkpoint(const TlogEntry::Proof& proof, const TrustedKey& log) {
  const std::string& note = proof.checkpoint;
  const auto blank = note.find("\n\n");
  if (blank == std::string::npos) return {false, "checkpoint is not a signed note"};
  const std::string text = note.substr(0, blank + 1);
  const std::vector<std::string_view> lines = split(std::string_view(text).substr(0, text.size() - 1), '\n');
  if (lines.size() < 3) return {false, "checkpoint body has fewer than 3 lines"};
  if (lines[1] != std::to_string(proof.tree_size)) return {false, "checkpoint tree size differs from the proof's"};
  auto root_hash = base64_decode(lines[2]);
  if (!root_hash || *root_hash != proof.root_hash) return {false, "checkpoint root hash differs from the proof's"};
  Key key = crypto::public_key_from_der(log.der);
  const std::string hint = crypto::sha256(log.der).substr(0, 4);
  for (std::string_view line : split(std::string_view(note).substr(blank + 2), '\n')) {
    static constexpr std::string_view kDash = "\xe2\x80\x94 ";
    if (!starts_with(line, kDash)) continue;
    line.remove_prefix(kDash.size());
    const auto space = line.rfind(' ');
    if (space == std::string_view::npos) continue;
    auto raw = base64_decode(line.substr(space + 1));
    if (!raw || raw->size() <= 4 || raw->substr(0, 4) != hint) continue;
    if (crypto::verify_message(key.get(), text, std::string_view(*raw).substr(4)))
      return {true, "checkpoint signed by the log's key; root and size equal the proof's"};
    return {false, "checkpoint signature does not verify with the log's key"};
  }
  return {false, "no checkpoint signature by the log's key"};
}

}  // namespace

bool Verification::verified() const {
  for (const Check& check : checks)
    if (!check.passed) return false;
  return !checks.empty();
}

std::vector<std::string> Verification::failed_checks() const {
  std::vector<std::string> out;
  for (const Check& check : checks)
    if (!check.passed && std::find(out.begin(), out.end(), check.name) == out.end()) out.push_back(check.name);
  return out;
}

Verification verify_bundle(const Bundle& bundle, const ArtifactDigests* artifact, const IdentityPolicy& policy,
                           const TrustedRoot& root) {
  Verification v;
  Checks checks(v);
  v.media_type = bundle.media_type;
  v.content = bundle.is_dsse ? "dsseEnvelope" : "messageSignature";
  v.key_material = bundle.certificates_der.empty() ? "publicKey" : "certificate";

  // The transparency-log entry: the signing time and the log key come from it.
  const TlogEntry* entry = bundle.tlog_entries.empty() ? nullptr : &bundle.tlog_entries.front();
  const TrustedKey* log = entry ? find_key(root.tlogs, entry->log_id) : nullptr;
  if (entry == nullptr)
    checks.add("tlog", false, "the bundle has no transparency-log entry");
  else if (log == nullptr)
    checks.add("tlog", false, "the entry's log id is not a log of the trusted root");
  else if (!log->valid_at(entry->integrated_time))
    checks.add("tlog", false, "the log's key was not valid at integratedTime");
  if (entry) {
    v.tlog_kind = entry->kind + "/" + entry->kind_version;
    v.integrated_time = entry->integrated_time;
  }

  if (bundle.is_dsse && bundle.payload_type == "application/vnd.in-toto+json") {
    try {
      v.statement = read_statement("dsseEnvelope.payload", bundle.payload);
    } catch (const Error& e) {
      checks.add("statement", false, e.message());
    }
  }

  // The signer's key: the leaf certificate's, or npm's registry key named by the hint.
  Cert leaf;
  Key signer;
  if (!bundle.certificates_der.empty()) {
    leaf = crypto::certificate_from_der(bundle.certificates_der.front());
    if (!leaf)
      checks.add("certificate-chain", false, "the leaf certificate is not DER X.509");
    else
      signer.reset(X509_get_pubkey(leaf.get()));
  } else {
    const TrustedKey* npm = nullptr;
    for (const TrustedKey& key : root.npm_keys)
      if (key.key_id == bundle.public_key_hint && key.usage == "npm:attestations" &&
          (entry == nullptr || key.valid_at(entry->integrated_time)))
        npm = &key;
    if (npm == nullptr)
      checks.add("signature", false,
                 fmt::format("no npm:attestations key '{}' valid at the log time in the trusted material",
                             bundle.public_key_hint));
    else
      signer = crypto::public_key_from_der(npm->der);
  }

  // artifact-digest
  std::string signed_digest = bundle.message_digest;
  if (artifact != nullptr) {
    if (bundle.is_dsse) {
      if (v.statement) {
        bool comparable = false, matched = false;
        std::string which;
        for (const Subject& subject : v.statement->subjects)
          for (const auto& [algorithm, hex] : subject.digest) {
            const std::string* mine = algorithm == "sha256"   ? &artifact->sha256
                                      : algorithm == "sha512" ? &artifact->sha512
                                                              : nullptr;
            if (mine == nullptr || mine->empty()) continue;
            comparable = true;
            if (to_hex(*mine) == hex && !matched) {
              matched = true;
              which = fmt::format("{} equals subject {}", algorithm, subject.name);
            }
          }
        checks.add("artifact-digest", matched,
                   matched      ? which
                   : comparable ? "the artifact's digest equals no subject of the statement"
                                : "no subject names a sha256 or sha512 digest");
      } else {
        checks.add("artifact-digest", false, "the DSSE payload is not an in-toto statement");
      }
    } else {
      if (bundle.message_digest_algorithm == "SHA2_256" || bundle.message_digest.empty()) {
        const bool equal = bundle.message_digest.empty() || bundle.message_digest == artifact->sha256;
        checks.add("artifact-digest", equal,
                   equal ? "sha256 equals the messageDigest" : "the artifact's sha256 differs from the messageDigest");
      } else {
        checks.add("artifact-digest", false, "unsupported messageDigest algorithm " + bundle.message_digest_algorithm);
      }
      signed_digest = artifact->sha256;  // the signature must be over this artifact
    }
  }

  // signature
  if (signer) {
    const bool ok = bundle.is_dsse ? crypto::verify_message(signer.get(), pae(bundle.payload_type, bundle.payload),
                                                            bundle.signature)
                                   : crypto::verify_prehashed_sha256(signer.get(), signed_digest, bundle.signature);
    checks.add(
        "signature", ok,
        ok ? (leaf ? "verifies with the certificate's key"
                   : "verifies with npm's registry key " + bundle.public_key_hint)
           : "the signature does not verify with the " + std::string(leaf ? "certificate's key" : "registry key"));
  }

  // certificate-chain, certificate-time, sct
  if (leaf) {
    v.san = subject_alternative_name(leaf.get());
    v.issuer = fulcio_extension(leaf.get(), "1.3.6.1.4.1.57264.1.8", true);
    if (v.issuer.empty()) v.issuer = fulcio_extension(leaf.get(), "1.3.6.1.4.1.57264.1.1", false);
    if (entry != nullptr) {
      ChainOutcome chain = verify_chain(leaf.get(), entry->integrated_time, root);
      if (!chain.chained) {
        checks.add("certificate-chain", false, chain.detail);
      } else {
        checks.add("certificate-chain", true, "chains to a Fulcio CA of the trusted root");
        checks.add("certificate-time", chain.in_time, chain.detail);
        if (chain.in_time) {
          auto [ok, detail] = verify_scts(leaf.get(), chain.issuer.get(), root);
          checks.add("sct", ok, detail);
        }
      }
    }
  }

  // tlog-body, inclusion-proof, checkpoint, set
  if (entry != nullptr && log != nullptr) {
    // The entry must record the bundle's own digest; the artifact is compared with that above.
    auto [body_ok, body_detail] =
        check_tlog_body(bundle, *entry, bundle.message_digest.empty() ? signed_digest : bundle.message_digest);
    checks.add("tlog-body", body_ok, body_detail);
    if (!entry->inclusion_proof && !entry->signed_entry_timestamp)
      checks.add("tlog", false, "the entry has neither an inclusion proof nor a signed entry timestamp");
    if (entry->inclusion_proof) {
      const TlogEntry::Proof& proof = *entry->inclusion_proof;
      const bool ok = proof.log_index >= 0 && proof.tree_size > 0 &&
                      crypto::verify_inclusion(
                          crypto::leaf_hash(entry->canonicalized_body), static_cast<std::uint64_t>(proof.log_index),
                          static_cast<std::uint64_t>(proof.tree_size), proof.hashes, proof.root_hash);
      checks.add("inclusion-proof", ok,
                 ok ? fmt::format("entry {} of a tree of {} leaves", proof.log_index, proof.tree_size)
                    : "the audit path does not lead to the proof's root hash");
      if (proof.checkpoint.empty()) {
        checks.add("checkpoint", false, "the inclusion proof has no checkpoint");
      } else {
        auto [ok_cp, detail] = check_checkpoint(proof, *log);
        checks.add("checkpoint", ok_cp, detail);
      }
    }
    if (entry->signed_entry_timestamp) {
      // Rekor signs the canonical JSON (RFC 8785: sorted keys, no spaces) of these four fields.
      const std::string payload =
          fmt::format(R"({{"body":"{}","integratedTime":{},"logID":"{}","logIndex":{}}})",
                      entry->canonicalized_body_b64, entry->integrated_time, to_hex(entry->log_id), entry->log_index);
      Key key = crypto::public_key_from_der(log->der);
      const bool ok = crypto::verify_message(key.get(), payload, *entry->signed_entry_timestamp);
      checks.add("set", ok,
                 ok ? "signed entry timestamp verifies with the log's key"
                    : "the signed entry timestamp does not verify with the log's key");
    }
  }

  // identity, issuer
  if (leaf) {
    if (!policy.identity.empty()) {
      const bool ok = v.san == policy.identity;
      checks.add("identity", ok, ok ? "SAN " + v.san : fmt::format("SAN '{}' is not '{}'", v.san, policy.identity));
    } else if (!policy.identity_regexp.empty()) {
      bool ok = false;
      try {
        ok = std::regex_search(v.san, std::regex(policy.identity_regexp, std::regex::ECMAScript));
      } catch (const std::regex_error& e) {
        throw Error(fmt::format("--certificate-identity-regexp: {}", e.what()));
      }
      checks.add("identity", ok,
                 ok ? "SAN " + v.san : fmt::format("SAN '{}' does not match /{}/", v.san, policy.identity_regexp));
    }
    if (!policy.issuer.empty()) {
      const bool ok = v.issuer == policy.issuer;
      checks.add("issuer", ok,
                 ok ? "issuer " + v.issuer : fmt::format("issuer '{}' is not '{}'", v.issuer, policy.issuer));
    }
  }
  return v;
}

ArtifactDigests digest_bytes(std::string_view data) { return {crypto::sha256(data), crypto::sha512(data)}; }

ArtifactDigests digest_file(const std::string& path) { return digest_bytes(read_file(path)); }

}  // namespace tocsin::release
