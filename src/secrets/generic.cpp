// Generic assignments: password=…, token: "…", "api_key": "…" with a literal value that looks
// like a credential (8+ characters, not a variable reference, not a plain identifier). Only ever
// low confidence; it yields to any specific detector on the same bytes.
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

bool is_value_char(char c) {
  return c > ' ' && c != '"' && c != '\'' && c != '`' && c != ',' && c != ';' && c != ')' && c != '}' && c != ']' &&
         c != '\x7f';
}

// ASCII case-insensitive search for a lower-case word, without allocating (this runs on every
// `token =` of a code base).
bool contains_word(std::string_view value, std::string_view lower) {
  for (std::size_t i = 0; i + lower.size() <= value.size(); ++i) {
    std::size_t k = 0;
    while (k < lower.size() && (value[i + k] | 0x20) == lower[k]) ++k;
    if (k == lower.size()) return true;
  }
  return false;
}

bool looks_like_code(std::string_view value) {
  const char first = value.front();
  if (first == '$' || first == '%' || first == '(' || first == '[' || first == '{' || first == '<' || first == '@' ||
      first == '&' || first == '*')
    return true;
  for (std::string_view word : {"process.env", "os.environ", "getenv", "secrets.", "env.", "null", "none", "true",
                                "false", "undefined", "password", "token", "secret", "string", "required"})
    if (contains_word(value, word)) return true;
  // A plain identifier or dotted path (self.token, config.api_key), or a call of one
  // (props.getProperty(…), std::env::var(…)): code, not a value.
  const std::size_t name = run_length(value, 0, [](char c) { return is_word(c) || c == '.' || c == ':'; });
  if (name > 0 && name < value.size() && value[name] == '(' && !(first >= '0' && first <= '9')) return true;
  bool digit = false, other = false;
  for (char c : value) {
    digit |= c >= '0' && c <= '9';
    other |= !is_word(c) && c != '.';
  }
  return !digit && !other;
}

class GenericDetector final : public Detector {
 public:
  std::string_view id() const override { return "generic"; }
  std::string_view kind() const override { return "Password or token assignment"; }
  std::string_view registry() const override { return "generic"; }
  bool generic() const override { return true; }
  // The assignment and the first 8 characters of its value (is_value_char): Hyperscan drops
  // the many `token = getToken()`-like lines that have no such value without a callback. The
  // value starts 8 bytes before the end of the match.
  std::vector<std::string> anchors() const override {
    return {
        "(?i)(?:password|passwd|secret|token|api_?key|access_?key)[\"']?[ \\t]{0,4}(?::|=|:=|=>)[ \\t]{0,4}[\"']?"
        "[\\x21\\x23-\\x26\\x28\\x2a\\x2b\\x2d-\\x3a\\x3c-\\x5c\\x5e\\x5f\\x61-\\x7c\\x7e]{8}"};
  }

  std::optional<Hit> examine(std::string_view text, std::size_t, std::size_t anchor_end, std::int64_t) const override {
    anchor_end -= 8;
    const std::size_t length = run_length(text, anchor_end, is_value_char, 256);
    if (length < 8 || length >= 256) return std::nullopt;
    const std::string_view value = text.substr(anchor_end, length);
    if (looks_like_code(value) || is_placeholder(value)) return std::nullopt;
    Hit hit;
    hit.begin = anchor_end;
    hit.end = anchor_end + length;
    hit.confidence = Confidence::Low;
    hit.show_tail = false;  // the tail of a short password is too much of it
    return hit;
  }
};

}  // namespace

std::unique_ptr<Detector> make_generic_detector() { return std::make_unique<GenericDetector>(); }

}  // namespace tocsin::secrets
