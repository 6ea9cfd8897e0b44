// Private keys in PEM ("-----BEGIN RSA PRIVATE KEY-----", PKCS#8, EC, DSA, ENCRYPTED) and
// OpenSSH ("-----BEGIN OPENSSH PRIVATE KEY-----") armour. A block with its END line and a base64
// body is `structure`; a BEGIN line whose block is cut off is `pattern`, medium confidence. The
// fingerprint hashes the base64 body only, so the same key with LF or CRLF lines is one finding.
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

bool is_base64_char(char c) { return is_alnum(c) || c == '+' || c == '/' || c == '='; }

class PrivateKeyDetector final : public Detector {
 public:
  std::string_view id() const override { return "private-key"; }
  std::string_view kind() const override { return "Private key"; }
  std::string_view registry() const override { return "ssh-key"; }
  // The fixed-width "-----BEGIN" (certificates and public keys too); the label is checked here.
  std::vector<std::string> anchors() const override { return {"-----BEGIN"}; }

  std::optional<Hit> examine(std::string_view text, std::size_t at, std::size_t begin_end,
                             std::int64_t) const override {
    // "-----BEGIN" [ A-Z0-9]{0,24} "PRIVATE KEY-----": RSA, EC, DSA, OPENSSH, ENCRYPTED, none.
    constexpr std::string_view kLabel = "PRIVATE KEY-----";
    const std::size_t label = run_length(
        text, begin_end, [](char c) { return c == ' ' || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); },
        24 + kLabel.size());
    const std::size_t found = text.substr(begin_end, label + 5).find(kLabel);
    if (found == std::string_view::npos || found > 24) return std::nullopt;
    const std::size_t anchor_end = begin_end + found + kLabel.size();
    Hit hit;
    hit.begin = at;
    hit.prefix = std::string(text.substr(at, anchor_end - at));
    hit.show_tail = false;
    hit.kind = hit.prefix.find("OPENSSH") != std::string::npos ? "OpenSSH private key" : "PEM private key";
    // The body: base64 lines, possibly after "Proc-Type:"/"DEK-Info:" headers (encrypted PEM).
    const std::size_t limit = std::min(text.size(), anchor_end + 64 * 1024);
    const std::size_t end_marker = text.substr(0, limit).find("-----END", anchor_end);
    std::string body;
    const std::size_t body_end = end_marker == std::string_view::npos ? limit : end_marker;
    for (std::size_t i = anchor_end; i < body_end; ++i) {
      if (text[i] == ':') {  // a header line: skip to its end
        while (i < body_end && text[i] != '\n') ++i;
        continue;
      }
      if (is_base64_char(text[i]))
        body += text[i];
      else if (text[i] != '\n' && text[i] != '\r' && text[i] != ' ' && text[i] != '\t')
        break;
    }
    if (body.size() < 64 || is_placeholder(body)) return std::nullopt;
    hit.fingerprint_of = body;
    if (end_marker != std::string_view::npos) {
      const std::size_t close = text.find("-----", end_marker + 8);
      hit.end = close == std::string_view::npos ? end_marker + 8 : close + 5;
      hit.validated = Validation::Structure;
      hit.confidence = Confidence::High;
    } else {
      hit.end = body_end;
      hit.confidence = Confidence::Medium;
      hit.note = "no END line";
    }
    if (hit.prefix.find("ENCRYPTED") != std::string::npos ||
        text.substr(anchor_end, 200).find("ENCRYPTED") != std::string_view::npos)
      hit.note = "encrypted (passphrase protected)";
    return hit;
  }
};

}  // namespace

std::unique_ptr<Detector> make_private_key_detector() { return std::make_unique<PrivateKeyDetector>(); }

}  // namespace tocsin::secrets
