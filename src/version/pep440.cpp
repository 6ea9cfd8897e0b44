#include "version/pep440.h"

namespace tocsin::version::pep440 {
namespace {

constexpr std::size_t kMaxIntDigits = 4300;  // Python's int() string-conversion limit

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_separator(char c) { return c == '-' || c == '_' || c == '.'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view strip_zeros(std::string_view digits) {
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  if (digits == "0") return {};
  return digits;
}

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
  bool done() const { return pos_ >= text_.size(); }
  std::size_t pos() const { return pos_; }
  void reset(std::size_t pos) { pos_ = pos; }
  bool take(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  bool take_separator() {
    if (!is_separator(peek())) return false;
    ++pos_;
    return true;
  }
  // Case-insensitive keyword.
  bool take_word(std::string_view word) {
    for (std::size_t i = 0; i < word.size(); ++i)
      if (lower(peek(i)) != word[i]) return false;
    pos_ += word.size();
    return true;
  }
  // A run of digits, or an empty view; `ok` turns false past Python's int() limit.
  std::string_view take_digits(bool& ok) {
    std::size_t start = pos_;
    while (is_digit(peek())) ++pos_;
    if (pos_ - start > kMaxIntDigits) ok = false;
    return text_.substr(start, pos_ - start);
  }
  std::string_view slice(std::size_t from) const { return text_.substr(from, pos_ - from); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

// Python's str.isspace() set (what \s matches in a str pattern), UTF-8 encoded.
std::size_t python_space_length(std::string_view t) {
  if (t.empty()) return 0;
  auto b = [&](std::size_t i) { return static_cast<unsigned char>(t[i]); };
  unsigned char c = b(0);
  if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F)) return 1;
  if (c == 0xC2 && t.size() >= 2 && (b(1) == 0x85 || b(1) == 0xA0)) return 2;
  if (t.size() < 3) return 0;
  unsigned char c1 = b(1), c2 = b(2);
  if (c == 0xE1 && c1 == 0x9A && c2 == 0x80) return 3;
  if (c == 0xE2 && c1 == 0x80 && (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF)) return 3;
  if (c == 0xE2 && c1 == 0x81 && c2 == 0x9F) return 3;
  if (c == 0xE3 && c1 == 0x80 && c2 == 0x80) return 3;
  return 0;
}

std::string_view python_strip(std::string_view text) {
  while (std::size_t n = python_space_length(text)) text.remove_prefix(n);
  while (!text.empty()) {
    std::size_t removed = 0;
    for (std::size_t n = 1; n <= 3 && n <= text.size(); ++n) {
      if (python_space_length(text.substr(text.size() - n)) == n) {
        removed = n;
        break;
      }
    }
    if (removed == 0) break;
    text.remove_suffix(removed);
  }
  return text;
}

int compare_digits(std::string_view a, std::string_view b) {
  a = strip_zeros(a);
  b = strip_zeros(b);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return (c > 0) - (c < 0);
}

std::optional<Version> parse(std::string_view text) {
  Cursor in(python_strip(text));
  Version v;
  bool ok = true;
  if (lower(in.peek()) == 'v') in.take(in.peek());

  std::size_t start = in.pos();
  std::string_view first = in.take_digits(ok);
  if (first.empty()) return std::nullopt;
  if (in.take('!')) {
    v.epoch = strip_zeros(first);
    start = in.pos();
    if (in.take_digits(ok).empty()) return std::nullopt;
  }
  while (in.peek() == '.' && is_digit(in.peek(1))) {
    in.take('.');
    in.take_digits(ok);
  }
  v.release = in.slice(start);

  // pre: [-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?[0-9]*
  std::size_t mark = in.pos();
  in.take_separator();
  static constexpr std::pair<std::string_view, char> kPre[] = {
      {"alpha", 'a'}, {"a", 'a'}, {"beta", 'b'}, {"b", 'b'}, {"preview", 'c'}, {"pre", 'c'}, {"c", 'c'}, {"rc", 'c'}};
  for (const auto& [word, kind] : kPre) {
    if (in.take_word(word)) {
      v.pre_kind = kind;
      break;
    }
  }
  if (v.pre_kind != 0) {
    in.take_separator();
    v.pre_number = strip_zeros(in.take_digits(ok));
  } else {
    in.reset(mark);
  }

  // post: -N | [-_.]?(post|rev|r)[-_.]?[0-9]*
  mark = in.pos();
  if (in.peek() == '-' && is_digit(in.peek(1))) {
    in.take('-');
    v.has_post = true;
    v.post_number = strip_zeros(in.take_digits(ok));
  } else {
    in.take_separator();
    if (in.take_word("post") || in.take_word("rev") || in.take_word("r")) {
      v.has_post = true;
      in.take_separator();
      v.post_number = strip_zeros(in.take_digits(ok));
    } else {
      in.reset(mark);
    }
  }

  // dev: [-_.]?dev[-_.]?[0-9]*
  mark = in.pos();
  in.take_separator();
  if (in.take_word("dev")) {
    v.has_dev = true;
    in.take_separator();
    v.dev_number = strip_zeros(in.take_digits(ok));
  } else {
    in.reset(mark);
  }

  // local: +[a-z0-9]+([-_.][a-z0-9]+)*
  if (in.take('+')) {
    std::size_t local_start = in.pos();
    while (true) {
      std::size_t segment = in.pos();
      while (is_alnum(in.peek())) in.reset(in.pos() + 1);
      if (in.pos() == segment) return std::nullopt;
      std::string_view part = in.slice(segment);
      bool numeric = true;
      for (char c : part) numeric = numeric && is_digit(c);
      if (numeric && part.size() > kMaxIntDigits) return std::nullopt;
      if (is_separator(in.peek()) && is_alnum(in.peek(1))) {
        in.take_separator();
        continue;
      }
      break;
    }
    v.local = in.slice(local_start);
  }
  if (!in.done() || !ok) return std::nullopt;
  for (auto part = v.release;;) {  // each release component within the int() limit
    std::size_t dot = part.find('.');
    if (part.substr(0, dot).size() > kMaxIntDigits) return std::nullopt;
    if (dot == std::string_view::npos) break;
    part.remove_prefix(dot + 1);
  }
  return v;
}

namespace {

std::string_view next_part(std::string_view& rest, bool local) {
  std::size_t i = 0;
  while (i < rest.size() && !(local ? is_separator(rest[i]) : rest[i] == '.')) ++i;
  std::string_view part = rest.substr(0, i);
  rest = i < rest.size() ? rest.substr(i + 1) : std::string_view();
  return part;
}

int compare_release(std::string_view a, std::string_view b) {
  while (!a.empty() || !b.empty()) {
    std::string_view x = a.empty() ? std::string_view() : next_part(a, false);
    std::string_view y = b.empty() ? std::string_view() : next_part(b, false);
    if (int c = compare_digits(x, y)) return c;
  }
  return 0;
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

int compare_local(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? -1 : 1);
  while (true) {
    if (a.empty() || b.empty()) return a.empty() == b.empty() ? 0 : (a.empty() ? -1 : 1);
    std::string_view x = next_part(a, true), y = next_part(b, true);
    bool xn = all_digits(x), yn = all_digits(y);
    if (xn != yn) return xn ? 1 : -1;  // alphanumeric segments sort before numeric ones
    if (xn) {
      if (int c = compare_digits(x, y)) return c;
      continue;
    }
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
      if (lower(x[i]) != lower(y[i])) return lower(x[i]) < lower(y[i]) ? -1 : 1;
    if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  }
}

// Rank of the pre segment in packaging's _cmpkey: -1 for a bare dev release, 1 for none.
int pre_rank(const Version& v) {
  if (v.pre_kind == 0) return (!v.has_post && v.has_dev) ? -1 : 1;
  return 0;
}

}  // namespace

int compare(const Version& a, const Version& b) {
  if (int c = compare_digits(a.epoch, b.epoch)) return c;
  if (int c = compare_release(a.release, b.release)) return c;
  int ra = pre_rank(a), rb = pre_rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra == 0) {
    if (a.pre_kind != b.pre_kind) return a.pre_kind < b.pre_kind ? -1 : 1;
    if (int c = compare_digits(a.pre_number, b.pre_number)) return c;
  }
  if (a.has_post != b.has_post) return a.has_post ? 1 : -1;
  if (int c = compare_digits(a.post_number, b.post_number)) return c;
  if (a.has_dev != b.has_dev) return a.has_dev ? -1 : 1;
  if (int c = compare_digits(a.dev_number, b.dev_number)) return c;
  return compare_local(a.local, b.local);
}

namespace {
std::string number_text(std::string_view digits) { return digits.empty() ? "0" : std::string(digits); }
}  // namespace

std::string normalize(const Version& v) {
  std::string out;
  if (!v.epoch.empty()) out += std::string(v.epoch) + "!";
  for (auto rest = v.release;;) {
    out += number_text(strip_zeros(next_part(rest, false)));
    if (rest.empty()) break;
    out += '.';
  }
  if (v.pre_kind != 0) out += (v.pre_kind == 'c' ? "rc" : std::string(1, v.pre_kind)) + number_text(v.pre_number);
  if (v.has_post) out += ".post" + number_text(v.post_number);
  if (v.has_dev) out += ".dev" + number_text(v.dev_number);
  if (!v.local.empty()) {
    out += '+';
    for (auto rest = v.local;;) {
      std::string_view part = next_part(rest, true);
      if (all_digits(part)) {
        out += number_text(strip_zeros(part));
      } else {
        for (char c : part) out += lower(c);
      }
      if (rest.empty()) break;
      out += '.';
    }
  }
  return out;
}

}  // namespace tocsin::version::pep440
