// GitLab personal access tokens: "glpat-" + 20 characters of [0-9A-Za-z_-] (the newer routable
// format is longer and may carry dots; both are accepted from 20 to 64 characters).
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

bool is_token_char(char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; }

class GitLabDetector final : public Detector {
 public:
  std::string_view id() const override { return "gitlab"; }
  std::string_view kind() const override { return "GitLab personal access token"; }
  std::string_view registry() const override { return "gitlab"; }
  std::vector<std::string> anchors() const override { return {"glpat-"}; }

  std::optional<Hit> examine(std::string_view text, std::size_t at, std::size_t, std::int64_t) const override {
    if (!left_boundary(text, at)) return std::nullopt;
    std::size_t length = run_length(text, at + 6, is_token_char, 80);
    while (length > 0 && text[at + 6 + length - 1] == '.') --length;  // a sentence's full stop
    if (length < 20 || length > 64) return std::nullopt;
    if (is_placeholder(text.substr(at + 6, length))) return std::nullopt;
    Hit hit;
    hit.begin = at;
    hit.end = at + 6 + length;
    hit.prefix = "glpat-";
    hit.confidence = Confidence::High;
    return hit;
  }
};

}  // namespace

std::unique_ptr<Detector> make_gitlab_detector() { return std::make_unique<GitLabDetector>(); }

}  // namespace tocsin::secrets
