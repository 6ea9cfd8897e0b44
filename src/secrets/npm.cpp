// npm access tokens (github.blog 2021-09-23, "Announcing npm's new access token format"):
// "npm_" + 30 random base62 + 6-character base62 CRC32, the same scheme as GitHub's.
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

class NpmDetector final : public Detector {
 public:
  std::string_view id() const override { return "npm"; }
  std::string_view kind() const override { return "npm access token"; }
  std::string_view registry() const override { return "npm"; }
  bool reassembles() const override { return true; }
  std::vector<std::string> anchors() const override { return {"npm_"}; }

  std::optional<Hit> examine(std::string_view text, std::size_t at, std::size_t, std::int64_t) const override {
    if (!left_boundary(text, at)) return std::nullopt;
    const std::size_t body_at = at + 4;
    if (run_length(text, body_at, is_alnum, 64) != 36) return std::nullopt;
    const std::string_view body = text.substr(body_at, 36);
    if (is_placeholder(body) || !checksum_ok(body)) return std::nullopt;
    Hit hit;
    hit.begin = at;
    hit.end = body_at + 36;
    hit.prefix = "npm_";
    hit.validated = Validation::Checksum;
    hit.confidence = Confidence::High;
    return hit;
  }
};

}  // namespace

std::unique_ptr<Detector> make_npm_detector() { return std::make_unique<NpmDetector>(); }

}  // namespace tocsin::secrets
