// crates.io API tokens: "cio" + 32 alphanumerics (the format crates.io issues since 2023). No
// checksum: `pattern`, medium confidence.
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

class CratesIoDetector final : public Detector {
 public:
  std::string_view id() const override { return "crates-io"; }
  std::string_view kind() const override { return "crates.io API token"; }
  std::string_view registry() const override { return "crates.io"; }
  std::vector<std::string> anchors() const override { return {"cio[A-Za-z0-9]{32}"}; }

  std::optional<Hit> examine(std::string_view text, std::size_t at, std::size_t, std::int64_t) const override {
    if (!left_boundary(text, at)) return std::nullopt;
    if (run_length(text, at + 3, is_alnum, 64) != 32) return std::nullopt;
    const std::string_view body = text.substr(at + 3, 32);
    if (is_placeholder(body)) return std::nullopt;
    // A random 32-character token has both digits and letters; a word like "ciop…" has not.
    bool digit = false, letter = false;
    for (char c : body) (c >= '0' && c <= '9' ? digit : letter) = true;
    if (!digit || !letter) return std::nullopt;
    Hit hit;
    hit.begin = at;
    hit.end = at + 35;
    hit.prefix = "cio";
    hit.confidence = Confidence::Medium;
    return hit;
  }
};

}  // namespace

std::unique_ptr<Detector> make_crates_io_detector() { return std::make_unique<CratesIoDetector>(); }

}  // namespace tocsin::secrets
