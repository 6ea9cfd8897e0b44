// Reading trusted_root.json and npm's keys.json into TrustedRoot.
#include <fmt/format.h>

#include "core/error.h"
#include "core/time.h"
#include "release/crypto.h"
#include "release/json_util.h"
#include "release/release.h"

namespace tocsin::release {
namespace {

void read_valid_for(const std::string& path, const nlohmann::json& holder, std::int64_t& start,
                    std::optional<std::int64_t>& end) {
  const nlohmann::json* valid = member(holder, "validFor");
  if (valid == nullptr) return;
  const std::string from = string_member(*valid, "start");
  const std::string to = string_member(*valid, "end");
  if (!from.empty()) {
    auto t = parse_rfc3339(from);
    if (!t) throw Error(path, 0, 0, fmt::format("validFor.start '{}' is not an RFC 3339 time", from));
    start = *t;
  }
  if (!to.empty()) {
    auto t = parse_rfc3339(to);
    if (!t) throw Error(path, 0, 0, fmt::format("validFor.end '{}' is not an RFC 3339 time", to));
    end = *t;
  }
}

std::vector<TrustedKey> read_logs(const std::string& path, const nlohmann::json& document, std::string_view field) {
  std::vector<TrustedKey> out;
  const nlohmann::json* logs = member(document, field);
  if (logs == nullptr || !logs->is_array()) return out;
  for (const nlohmann::json& log : *logs) {
    TrustedKey key;
    const nlohmann::json* public_key = member(log, "publicKey");
    const nlohmann::json* log_id = member(log, "logId");
    auto der = public_key ? bytes_member(*public_key, "rawBytes") : std::nullopt;
    auto id = log_id ? bytes_member(*log_id, "keyId") : std::nullopt;
    if (!der || !id)
      throw Error(path, 0, 0, fmt::format("{}: an entry without publicKey.rawBytes or logId.keyId", field));
    key.der = *der;
    key.key_id = *id;
    read_valid_for(path, *public_key, key.start, key.end);
    out.push_back(std::move(key));
  }
  return out;
}

}  // namespace

TrustedRoot read_trusted_root(const std::string& path, std::string_view content) {
  const nlohmann::json document = parse_json(path, content);
  if (!document.is_object()) throw Error(path, 1, 1, "a trusted root is a JSON object");
  const std::string media_type = string_member(document, "mediaType");
  if (media_type.rfind("application/vnd.dev.sigstore.trustedroot", 0) != 0)
    throw Error(path, 1, 1, fmt::format("mediaType '{}' is not a Sigstore trusted root", media_type));
  TrustedRoot root;
  root.tlogs = read_logs(path, document, "tlogs");
  root.ctlogs = read_logs(path, document, "ctlogs");
  if (const nlohmann::json* cas = member(document, "certificateAuthorities"); cas && cas->is_array()) {
    for (const nlohmann::json& ca : *cas) {
      CertificateAuthority authority;
      const nlohmann::json* chain = member(ca, "certChain");
      const nlohmann::json* certs = chain ? member(*chain, "certificates") : nullptr;
      if (certs == nullptr || !certs->is_array() || certs->empty())
        throw Error(path, 0, 0, "certificateAuthorities: an entry without certChain.certificates");
      for (const nlohmann::json& cert : *certs) {
        auto der = bytes_member(cert, "rawBytes");
        if (!der) throw Error(path, 0, 0, "certificateAuthorities: a certificate without base64 rawBytes");
        authority.chain_der.push_back(*der);
      }
      read_valid_for(path, ca, authority.start, authority.end);
      root.certificate_authorities.push_back(std::move(authority));
    }
  }
  return root;
}

void read_npm_keys(const std::string& path, std::string_view content, TrustedRoot& root) {
  const nlohmann::json document = parse_json(path, content);
  const nlohmann::json* keys = member(document, "keys");
  if (keys == nullptr || !keys->is_array()) throw Error(path, 1, 1, "an npm keys document has a \"keys\" array");
  for (const nlohmann::json& entry : *keys) {
    TrustedKey key;
    key.key_id = string_member(entry, "keyId");
    key.usage = string_member(entry, "keyUsage");
    const nlohmann::json* public_key = member(entry, "publicKey");
    auto der = public_key ? bytes_member(*public_key, "rawBytes") : std::nullopt;
    if (key.key_id.empty() || !der) throw Error(path, 0, 0, "npm keys: an entry without keyId or publicKey.rawBytes");
    key.der = *der;
    read_valid_for(path, *public_key, key.start, key.end);
    root.npm_keys.push_back(std::move(key));
  }
}

}  // namespace tocsin::release
