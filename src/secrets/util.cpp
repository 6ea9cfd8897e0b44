// Checksums, encodings, redaction and the placeholder rule shared by every detector.
#include <array>
#include <cstring>
#include <memory>

#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"
#include "secrets/detector.h"

namespace tocsin::secrets {

std::string_view validation_name(Validation validation) {
  switch (validation) {
    case Validation::Checksum: return "checksum";
    case Validation::Structure: return "structure";
    case Validation::Pattern: return "pattern";
  }
  return "pattern";
}

std::string_view confidence_name(Confidence confidence) {
  switch (confidence) {
    case Confidence::Low: return "low";
    case Confidence::Medium: return "medium";
    case Confidence::High: return "high";
  }
  return "low";
}

// The reflected IEEE CRC-32 (zlib's, GitHub's): polynomial 0xEDB88320, init and xor-out ~0.
std::uint32_t crc32(std::string_view bytes) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char byte : bytes) crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

namespace {
constexpr std::string_view kBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
}

std::string base62(std::uint32_t value, std::size_t width) {
  std::string digits;
  do {
    digits.insert(digits.begin(), kBase62[value % 62]);
    value /= 62;
  } while (value != 0);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

bool checksum_ok(std::string_view body36) {
  if (body36.size() != 36) return false;
  return base62(crc32(body36.substr(0, 30)), 6) == body36.substr(30);
}

nlohmann::json parse_json_quietly(const std::string& path, std::string_view text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(path, 0, 0, "not JSON (byte " + std::to_string(e.byte) + ")");
  } catch (const nlohmann::json::out_of_range&) {
    throw Error(path, 0, 0, "not JSON that can be read: a number is out of range");
  }
}

bool left_boundary(std::string_view text, std::size_t at) { return at == 0 || !is_alnum(text[at - 1]); }

std::string fingerprint(std::string_view secret) {
  return sha256_hex(secret).substr(0, 16);  // the first 8 bytes of the digest
}

std::string redact(std::string_view secret, std::string_view public_prefix) {
  std::string out(public_prefix);
  out += "…";
  // A short secret loses too much to a visible tail; long ones keep 4 characters to tell apart.
  if (secret.size() >= 16 + public_prefix.size()) out += secret.substr(secret.size() - 4);
  return out;
}

bool is_placeholder(std::string_view body) {
  const std::string lower = to_lower(body);
  for (const char* word : {"xxxx", "example", "placeholder", "redacted", "dummy", "changeme", "sample", "your_",
                           "your-", "<", "...", "…", "abcdefgh", "12345678", "0000000", "********", "${", "{{"})
    if (lower.find(word) != std::string::npos) return true;
  std::size_t run = 1;
  for (std::size_t i = 1; i < body.size(); ++i) {
    run = body[i] == body[i - 1] ? run + 1 : 1;
    if (run >= 6) return true;
  }
  if (body.size() >= 16) {
    bool seen[256] = {};
    std::size_t distinct = 0;
    for (unsigned char c : body) distinct += seen[c] ? 0 : (seen[c] = true, 1);
    if (distinct < 8) return true;
  }
  return false;
}

bool looks_binary(std::string_view bytes) {
  return std::memchr(bytes.data(), '\0', std::min<std::size_t>(bytes.size(), 8192)) != nullptr;
}

Revocation revocation_for(std::string_view registry) {
  // Pages and wording from the runbook's Playbook 2 ("Revoke immediately"), one per registry.
  if (registry == "github")
    return {"github", "https://github.com/settings/tokens",
            "GitHub PAT: Settings > Developer settings > Personal access tokens > revoke (app/OAuth tokens: "
            "revoke the app's authorization)"};
  if (registry == "npm")
    return {"npm", "https://www.npmjs.com/settings/<user>/tokens",
            "npm token: npmjs.com/settings/<user>/tokens > revoke"};
  if (registry == "pypi")
    return {"pypi", "https://pypi.org/manage/account/token/", "PyPI token: PyPI account > API tokens > revoke"};
  if (registry == "crates.io")
    return {"crates.io", "https://crates.io/settings/tokens",
            "crates.io API token: Settings > Account > API Tokens > revoke"};
  if (registry == "sigstore")
    return {"sigstore", "https://github.com/settings/security",
            "Sigstore OIDC tokens are short-lived (no revoke needed); rotate the linked GitHub identity if it is "
            "compromised"};
  if (registry == "aws")
    return {"aws", "https://console.aws.amazon.com/iam/home#/security_credentials",
            "AWS: IAM > Security credentials > Access keys > deactivate, then delete the key"};
  if (registry == "slack")
    return {"slack", "https://api.slack.com/apps",
            "Slack: the app's OAuth & Permissions > revoke / regenerate the token"};
  if (registry == "stripe")
    return {"stripe", "https://dashboard.stripe.com/apikeys", "Stripe: Developers > API keys > roll the key"};
  if (registry == "gitlab")
    return {"gitlab", "https://gitlab.com/-/user_settings/personal_access_tokens",
            "GitLab: User settings > Access tokens > revoke"};
  if (registry == "google")
    return {"google", "https://console.cloud.google.com/apis/credentials",
            "Google Cloud: APIs & Services > Credentials > regenerate or delete the key"};
  if (registry == "ssh-key")
    return {"ssh-key", "",
            "Private key: remove its public key from every authorized_keys / deploy key / signing "
            "config and generate a new pair"};
  if (registry == "jwt")
    return {"jwt", "", "JWT: revoke the session or rotate the signing key of the issuer if it is still valid"};
  return {std::string(registry), "", "Rotate the credential wherever it is used"};
}

}  // namespace tocsin::secrets
