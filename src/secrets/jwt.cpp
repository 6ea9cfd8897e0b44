// JSON Web Tokens: three base64url parts, the first two JSON objects ({"alg"…} and the claims).
// Decoded (`structure`): issuer, subject and expiry are reported, `expired` when exp < now. A
// token from GitHub's OIDC issuer belongs to the Sigstore/trusted-publishing flow: short-lived,
// no revocation (the runbook), so an expired one is low confidence.
#include <nlohmann/json.hpp>

#include "core/encoding.h"
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

bool is_base64url(char c) { return is_alnum(c) || c == '-' || c == '_'; }

std::optional<nlohmann::json> decode_object(std::string_view part) {
  auto bytes = base64_decode(part);
  if (!bytes) return std::nullopt;
  auto value = nlohmann::json::parse(*bytes, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

std::string string_claim(const nlohmann::json& claims, const char* name) {
  auto found = claims.find(name);
  return found != claims.end() && found->is_string() ? found->get<std::string>() : std::string();
}

class JwtDetector final : public Detector {
 public:
  std::string_view id() const override { return "jwt"; }
  std::string_view kind() const override { return "JSON Web Token"; }
  std::string_view registry() const override { return "jwt"; }
  bool reassembles() const override { return true; }
  std::vector<std::string> anchors() const override { return {"eyJ[A-Za-z0-9_-]{8}"}; }

  std::optional<Hit> examine(std::string_view text, std::size_t at, std::size_t, std::int64_t now) const override {
    if (at > 0 && is_base64url(text[at - 1])) return std::nullopt;
    const std::size_t header = run_length(text, at, is_base64url, 4096);
    std::size_t i = at + header;
    if (i >= text.size() || text[i] != '.') return std::nullopt;
    const std::size_t payload = run_length(text, i + 1, is_base64url, 64 * 1024);
    const std::size_t payload_at = i + 1;
    i = payload_at + payload;
    if (payload < 4 || i >= text.size() || text[i] != '.') return std::nullopt;
    const std::size_t signature = run_length(text, i + 1, is_base64url, 4096);
    auto head = decode_object(text.substr(at, header));
    auto claims = decode_object(text.substr(payload_at, payload));
    if (!head || !claims || !head->contains("alg")) return std::nullopt;
    Hit hit;
    hit.begin = at;
    hit.end = i + 1 + signature;
    hit.prefix = "eyJ";
    hit.validated = Validation::Structure;
    hit.issuer = string_claim(*claims, "iss");
    hit.subject = string_claim(*claims, "sub");
    auto exp = claims->find("exp");
    if (exp != claims->end() && exp->is_number()) {
      hit.expires_at = exp->get<std::int64_t>();
      hit.expired = *hit.expires_at < now;
    }
    const bool unsigned_token = signature == 0 || string_claim(*head, "alg") == "none";
    hit.confidence = unsigned_token || hit.expired.value_or(false) ? Confidence::Low : Confidence::High;
    if (hit.issuer == "https://token.actions.githubusercontent.com") {
      hit.registry = "sigstore";
      hit.kind = "GitHub Actions OIDC token";
    }
    if (unsigned_token) hit.note = "unsigned";
    return hit;
  }
};

}  // namespace

std::unique_ptr<Detector> make_jwt_detector() { return std::make_unique<JwtDetector>(); }

}  // namespace tocsin::secrets
