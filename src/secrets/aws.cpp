// AWS access key ids (AKIA long-term, ASIA temporary): 4-letter prefix + 16 base32 characters.
// The id alone is not enough to authenticate; with a 40-character secret access key within a
// few lines it is a usable credential (high confidence), alone it is low confidence.
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

bool is_secret_char(char c) { return is_alnum(c) || c == '/' || c == '+'; }
bool is_base32(char c) { return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'); }

// A run of exactly 40 secret-key characters, with both cases and a digit, within `window`.
bool secret_nearby(std::string_view text, std::size_t from, std::size_t to) {
  std::size_t i = from;
  while (i < to) {
    if (!is_secret_char(text[i])) {
      ++i;
      continue;
    }
    const std::size_t length = run_length(text, i, is_secret_char, 64);
    if (length == 40) {
      const std::string_view run = text.substr(i, 40);
      bool lower = false, upper = false, digit = false;
      for (char c : run) {
        lower |= c >= 'a' && c <= 'z';
        upper |= c >= 'A' && c <= 'Z';
        digit |= c >= '0' && c <= '9';
      }
      if (lower && upper && digit && !is_placeholder(run)) return true;
    }
    i += length;
  }
  return false;
}

class AwsDetector final : public Detector {
 public:
  std::string_view id() const override { return "aws"; }
  std::string_view kind() const override { return "AWS access key id"; }
  std::string_view registry() const override { return "aws"; }
  std::vector<std::string> anchors() const override { return {"(?:AKIA|ASIA)[A-Z2-7]{16}"}; }

  std::optional<Hit> examine(std::string_view text, std::size_t at, std::size_t, std::int64_t) const override {
    if (!left_boundary(text, at)) return std::nullopt;
    if (run_length(text, at + 4, is_base32, 32) != 16 || (at + 20 < text.size() && is_alnum(text[at + 20])))
      return std::nullopt;
    if (is_placeholder(text.substr(at + 4, 16))) return std::nullopt;
    Hit hit;
    hit.begin = at;
    hit.end = at + 20;
    hit.prefix = std::string(text.substr(at, 4));
    const std::size_t window = 320;
    const std::size_t from = at > window ? at - window : 0;
    const std::size_t to = std::min(text.size(), at + 20 + window);
    if (secret_nearby(text, from, to)) {
      hit.confidence = Confidence::High;
      hit.note = "secret access key nearby";
    } else {
      hit.confidence = Confidence::Low;
    }
    return hit;
  }
};

}  // namespace

std::unique_ptr<Detector> make_aws_detector() { return std::make_unique<AwsDetector>(); }

}  // namespace tocsin::secrets
