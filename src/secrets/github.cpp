// GitHub tokens, classic format (github.blog 2021-04-05, "Behind GitHub's new authentication
// token formats"): a prefix naming the kind, 30 random base62 characters and a 6-character
// base62 CRC32 of those 30. The checksum tells a real token from an invented one offline.
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

class GitHubDetector final : public Detector {
 public:
  std::string_view id() const override { return "github"; }
  std::string_view kind() const override { return "GitHub token"; }
  std::string_view registry() const override { return "github"; }
  bool reassembles() const override { return true; }
  std::vector<std::string> anchors() const override { return {"gh[pousr]_"}; }

  std::optional<Hit> examine(std::string_view text, std::size_t at, std::size_t, std::int64_t) const override {
    if (!left_boundary(text, at)) return std::nullopt;
    const std::size_t body_at = at + 4;
    const std::size_t length = run_length(text, body_at, is_alnum, 64);
    if (length != 36) return std::nullopt;
    const std::string_view body = text.substr(body_at, 36);
    if (is_placeholder(body) || !checksum_ok(body)) return std::nullopt;
    Hit hit;
    hit.begin = at;
    hit.end = body_at + 36;
    hit.prefix = std::string(text.substr(at, 4));
    switch (text[at + 2]) {
      case 'p': hit.kind = "GitHub personal access token (classic)"; break;
      case 'o': hit.kind = "GitHub OAuth access token"; break;
      case 'u': hit.kind = "GitHub user-to-server token"; break;
      case 's': hit.kind = "GitHub server-to-server token"; break;
      default: hit.kind = "GitHub refresh token"; break;
    }
    hit.validated = Validation::Checksum;
    hit.confidence = Confidence::High;
    return hit;
  }
};

}  // namespace

std::unique_ptr<Detector> make_github_detector() { return std::make_unique<GitHubDetector>(); }

}  // namespace tocsin::secrets
