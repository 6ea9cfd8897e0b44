// Generic assignments: password=…, token: "…", "api_key": "…" with a literal value that looks
// like a credential (8+ characters, not a variable reference, not a plain identifier). Only ever
// low confidence; it yields to any specific detector on the same bytes.
#include "core/text.h"
#include "secrets/detector.h"

namespace tocsin::secrets {
namespace {

bool is_value_char(char c) {
  return c > ' ' && c != '"' && c != '\'' && c != '`' && c != ',' && c != ';' && c != ')' && c != '}' && c != ']' &&
         c != '\x7f';
}

bool looks_like_code(std::string_view value) {
  const char first = value.front();
  if (first == '$' || first == '%' || first == '(' || first == '[' || first == '{' || first == '<' || first == '@' ||
      first == '&' || first == '*')
    return true;
  const std::string lower = to_lower(value);
  for (const char* word : {"process.env", "os.environ", "getenv", "secrets.", "env.", "null", "none", "true", "false",
                           "undefined", "password", "token", "secret", "string", "required"})
    if (lower.find(word) != std::string::npos) return true;
  // A plain identifier or dotted path (self.token, config.api_key): code, not a value.
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
  std::vector<std::string> anchors() const override {
    return {"(?i)(?:password|passwd|secret|token|api_?key|access_?key)[\"']?[ \\t]{0,4}(?::|=|:=|=>)[ \\t]{0,4}[\"']?"};
  }

  std::optional<Hit> examine(std::string_view text, std::size_t, std::size_t anchor_end, std::int64_t) const override {
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
