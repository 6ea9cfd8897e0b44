// GitHub fine-grained personal access tokens: "github_pat_" + 22 base62 + "_" + 59 base62. No
// public checksum; the exact layout is the proof (`structure`).
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

class GitHubFineGrainedDetector final : public Detector {
 public:
  std::string_view id() const override { return "github-fine-grained"; }
  std::string_view kind() const override { return "GitHub fine-grained personal access token"; }
  std::string_view registry() const override { return "github"; }
  std::vector<std::string> anchors() const override { return {"github_pat_"}; }

  std::optional<Hit> examine(std::string_view text, std::size_t at, std::size_t, std::int64_t) const override {
    if (!left_boundary(text, at)) return std::nullopt;
    const std::size_t first = at + 11;
    if (run_length(text, first, is_alnum, 32) != 22 || first + 22 >= text.size() || text[first + 22] != '_')
      return std::nullopt;
    const std::size_t second = first + 23;
    if (run_length(text, second, is_word, 80) != 59) return std::nullopt;
    if (is_placeholder(text.substr(first, 22)) || is_placeholder(text.substr(second, 59))) return std::nullopt;
    Hit hit;
    hit.begin = at;
    hit.end = second + 59;
    hit.prefix = "github_pat_";
    hit.validated = Validation::Structure;
    hit.confidence = Confidence::High;
    return hit;
  }
};

}  // namespace

std::unique_ptr<Detector> make_github_fine_grained_detector() { return std::make_unique<GitHubFineGrainedDetector>(); }

}  // namespace tocsin::secrets
