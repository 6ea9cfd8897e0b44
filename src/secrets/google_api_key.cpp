// Google API keys: "AIza" + 35 characters of [0-9A-Za-z_-].
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

bool is_key_char(char c) { return is_alnum(c) || c == '-' || c == '_'; }

class GoogleApiKeyDetector final : public Detector {
 public:
  std::string_view id() const override { return "google-api-key"; }
  std::string_view kind() const override { return "Google API key"; }
  std::string_view registry() const override { return "google"; }
  std::vector<std::string> anchors() const override { return {"AIza"}; }

  std::optional<Hit> examine(std::string_view text, std::size_t at, std::size_t, std::int64_t) const override {
    if (!left_boundary(text, at)) return std::nullopt;
    if (run_length(text, at + 4, is_key_char, 64) != 35) return std::nullopt;
    if (is_placeholder(text.substr(at + 4, 35))) return std::nullopt;
    Hit hit;
    hit.begin = at;
    hit.end = at + 39;
    hit.prefix = "AIza";
    hit.confidence = Confidence::High;
    return hit;
  }
};

}  // namespace

std::unique_ptr<Detector> make_google_api_key_detector() { return std::make_unique<GoogleApiKeyDetector>(); }

}  // namespace tocsin::secrets
