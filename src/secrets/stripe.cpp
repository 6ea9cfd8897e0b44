// Stripe secret and restricted keys: sk_live_/rk_live_ (high confidence) and sk_test_/rk_test_
// (low: test-mode keys move no money) + 24 or more alphanumerics.
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

class StripeDetector final : public Detector {
 public:
  std::string_view id() const override { return "stripe"; }
  std::string_view kind() const override { return "Stripe secret key"; }
  std::string_view registry() const override { return "stripe"; }
  std::vector<std::string> anchors() const override { return {"[sr]k_(?:live|test)_"}; }

  std::optional<Hit> examine(std::string_view text, std::size_t at, std::size_t anchor_end,
                             std::int64_t) const override {
    if (!left_boundary(text, at)) return std::nullopt;
    const std::size_t length = run_length(text, anchor_end, is_alnum, 128);
    if (length < 24 || length > 99) return std::nullopt;
    if (is_placeholder(text.substr(anchor_end, length))) return std::nullopt;
    Hit hit;
    hit.begin = at;
    hit.end = anchor_end + length;
    hit.prefix = std::string(text.substr(at, anchor_end - at));
    const bool live = text.substr(at + 3, 4) == "live";
    hit.confidence = live ? Confidence::High : Confidence::Low;
    if (text[at] == 'r') hit.kind = "Stripe restricted key";
    if (!live) hit.note = "test mode";
    return hit;
  }
};

}  // namespace

std::unique_ptr<Detector> make_stripe_detector() { return std::make_unique<StripeDetector>(); }

}  // namespace tocsin::secrets
