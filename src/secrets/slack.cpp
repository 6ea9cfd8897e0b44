// Slack tokens: xoxb- (bot), xoxp- (user), xoxa-/xoxr- (app/refresh), xoxs-: dash-separated
// numeric ids then a random part. Pattern only (no checksum); an incoming-webhook URL is one too.
#include <algorithm>

#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

bool is_token_char(char c) { return is_alnum(c) || c == '-'; }

class SlackDetector final : public Detector {
 public:
  std::string_view id() const override { return "slack"; }
  std::string_view kind() const override { return "Slack token"; }
  std::string_view registry() const override { return "slack"; }
  std::vector<std::string> anchors() const override { return {"xox[abposr]-[0-9]", "hooks\\.slack\\.com/services/T"}; }

  std::optional<Hit> examine(std::string_view text, std::size_t at, std::size_t, std::int64_t) const override {
    if (!left_boundary(text, at)) return std::nullopt;
    Hit hit;
    hit.begin = at;
    hit.confidence = Confidence::High;
    if (text[at] == 'h') {  // https://hooks.slack.com/services/T…/B…/secret
      const std::size_t path = at + 28;
      const std::size_t length = run_length(
          text, path, [](char c) { return is_alnum(c) || c == '/'; }, 128);
      if (length < 20 || std::count(text.begin() + path, text.begin() + path + length, '/') != 2) return std::nullopt;
      hit.end = path + length;
      hit.prefix = "hooks.slack.com/services/";
      hit.kind = "Slack incoming webhook URL";
      if (is_placeholder(text.substr(path, length))) return std::nullopt;
      return hit;
    }
    const std::size_t length = run_length(text, at, is_token_char, 256);
    if (length < 24) return std::nullopt;
    const std::string_view token = text.substr(at, length);
    if (is_placeholder(token.substr(5))) return std::nullopt;
    hit.end = at + length;
    hit.prefix = std::string(token.substr(0, 5));
    return hit;
  }
};

}  // namespace

std::unique_ptr<Detector> make_slack_detector() { return std::make_unique<SlackDetector>(); }

}  // namespace tocsin::secrets
