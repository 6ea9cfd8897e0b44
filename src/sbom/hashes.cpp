// Lockfile integrity fields -> hashes (see decode_integrity in sbom.h).
#include <algorithm>

#include "core/encoding.h"
#include "core/text.h"
#include "sbom/sbom.h"

namespace tocsin::sbom {
namespace {

// Standard or URL-safe base64, padding optional, as hex. nullopt when malformed.
std::optional<std::string> base64_to_hex(std::string_view text) {
  std::optional<std::string> bytes = base64_decode(text);
  if (!bytes) return std::nullopt;
  return to_hex(*bytes);
}

bool is_hex(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

// "sha512" / "SHA-512" / "sha-512" -> {"SHA-512", 128 hex digits}; nullopt for other algorithms.
std::optional<std::pair<std::string, std::size_t>> algorithm(std::string_view name) {
  std::string lower = to_lower(name);
  lower.erase(std::remove(lower.begin(), lower.end(), '-'), lower.end());
  if (lower == "sha1") return std::pair<std::string, std::size_t>{"SHA-1", 40};
  if (lower == "sha256") return std::pair<std::string, std::size_t>{"SHA-256", 64};
  if (lower == "sha384") return std::pair<std::string, std::size_t>{"SHA-384", 96};
  if (lower == "sha512") return std::pair<std::string, std::size_t>{"SHA-512", 128};
  return std::nullopt;
}

}  // namespace

std::vector<Hash> decode_integrity(std::string_view integrity) {
  std::vector<Hash> out;
  auto add = [&](std::string name, std::string hex) {
    for (const Hash& hash : out)
      if (hash.algorithm == name) return;  // first of each algorithm
    out.push_back({std::move(name), to_lower(hex)});
  };
  for (std::string_view token : split(integrity, ' ')) {
    token = trim(token);
    if (token.empty() || (token.find('/') != std::string_view::npos && token.find('-') == std::string_view::npos))
      continue;  // yarn Berry "10c0/…" (cache zip hash)
    if (auto colon = token.find(':'); colon != std::string_view::npos) {
      auto alg = algorithm(token.substr(0, colon));
      std::string_view value = token.substr(colon + 1);
      if (alg && value.size() == alg->second && is_hex(value)) add(alg->first, std::string(value));
      continue;
    }
    if (auto dash = token.find('-'); dash != std::string_view::npos && !is_hex(token)) {
      auto alg = algorithm(token.substr(0, dash));
      if (!alg) continue;
      std::string_view value = token.substr(dash + 1);
      if (auto options = value.find('?'); options != std::string_view::npos) value = value.substr(0, options);
      auto hex = base64_to_hex(value);
      if (hex && hex->size() == alg->second) add(alg->first, *hex);
      continue;
    }
    if (!is_hex(token)) continue;
    switch (token.size()) {
      case 40: add("SHA-1", std::string(token)); break;
      case 64: add("SHA-256", std::string(token)); break;
      case 96: add("SHA-384", std::string(token)); break;
      case 128: add("SHA-512", std::string(token)); break;
      default: break;
    }
  }
  return out;
}

}  // namespace tocsin::sbom
