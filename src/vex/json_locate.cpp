#include "vex/json_locate.h"

#include <fmt/format.h>

namespace tocsin::vex {
namespace {

constexpr int kMaxDepth = 1024;
constexpr std::size_t kNotFound = std::string_view::npos;

class Scanner {
 public:
  Scanner(std::string_view text, std::size_t pos) : text_(text), pos_(pos) {}

  // Records the members of the object or array opening at the current position, up to the end
  // of the container or the first syntax error (members before it are still found).
  void index(JsonLocator::Container& out) {
    out.is_object = consume('{');
    if (!out.is_object && !consume('[')) return;
    const char close = out.is_object ? '}' : ']';
    while (true) {
      skip_whitespace();
      if (at_end() || peek() == close) return;
      if (out.is_object) {
        JsonLocator::Member member;
        member.key_offset = pos_;
        std::string key;
        if (!read_string(&key)) return;
        skip_whitespace();
        if (!consume(':')) return;
        skip_whitespace();
        member.value_offset = pos_;
        out.members.try_emplace(std::move(key), member);
      } else {
        out.items.push_back(pos_);
      }
      if (!skip_value(1)) return;
      skip_whitespace();
      if (!consume(',')) return;
    }
  }

  std::size_t value_start() {
    skip_whitespace();
    return pos_;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  bool consume(char c) {
    if (at_end() || peek() != c) return false;
    ++pos_;
    return true;
  }
  void skip_whitespace() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++pos_;
  }

  // Keys are compared after undoing the simple escapes; \u escapes are kept verbatim, which only
  // means a key spelled with \u escapes is not found (the diagnostic then has no line).
  bool read_string(std::string* out) {
    if (!consume('"')) return false;
    while (!at_end()) {
      char c = text_[pos_++];
      if (c == '"') return true;
      if (c == '\\') {
        if (at_end()) return false;
        char escaped = text_[pos_++];
        if (out) *out += escaped == 'u' ? std::string("\\u") : std::string(1, escaped);
        continue;
      }
      if (out) *out += c;
    }
    return false;
  }

  bool skip_value(int depth) {
    skip_whitespace();
    if (at_end() || depth > kMaxDepth) return false;
    char c = peek();
    if (c == '"') return read_string(nullptr);
    if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      ++pos_;
      skip_whitespace();
      if (consume(close)) return true;
      while (true) {
        if (c == '{') {
          skip_whitespace();
          if (!read_string(nullptr)) return false;
          skip_whitespace();
          if (!consume(':')) return false;
        }
        if (!skip_value(depth + 1)) return false;
        skip_whitespace();
        if (consume(close)) return true;
        if (!consume(',')) return false;
      }
    }
    const std::size_t start = pos_;
    while (!at_end() && peek() != ',' && peek() != '}' && peek() != ']' && peek() != ' ' && peek() != '\n' &&
           peek() != '\r' && peek() != '\t')
      ++pos_;
    return pos_ > start;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

bool is_identifier(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

JsonPath operator/(JsonPath path, std::string key) {
  path.push_back({std::move(key), 0, false});
  return path;
}

JsonPath operator/(JsonPath path, std::size_t index) {
  path.push_back({{}, index, true});
  return path;
}

std::string format_json_path(const JsonPath& path) {
  std::string out = "$";
  for (const auto& segment : path) {
    if (segment.is_index)
      out += fmt::format("[{}]", segment.index);
    else if (is_identifier(segment.key))
      out += "." + segment.key;
    else
      out += "[\"" + segment.key + "\"]";
  }
  return out;
}

std::size_t locate_json_path(std::string_view content, const JsonPath& path) { return JsonLocator(content).find(path); }

std::size_t JsonLocator::find(const JsonPath& path) {
  if (path.size() > static_cast<std::size_t>(kMaxDepth)) return kNotFound;
  std::size_t offset = Scanner(content_, 0).value_start();
  for (std::size_t segment = 0; segment < path.size(); ++segment) {
    if (offset >= content_.size()) return kNotFound;
    auto [it, added] = containers_.try_emplace(offset);
    if (added) Scanner(content_, offset).index(it->second);
    const Container& container = it->second;
    const JsonPathSegment& wanted = path[segment];
    if (wanted.is_index) {
      if (container.is_object || wanted.index >= container.items.size()) return kNotFound;
      offset = container.items[wanted.index];
      continue;
    }
    if (!container.is_object) return kNotFound;
    auto member = container.members.find(wanted.key);
    if (member == container.members.end()) return kNotFound;
    if (segment + 1 == path.size()) return member->second.key_offset;
    offset = member->second.value_offset;
  }
  return offset;
}

}  // namespace tocsin::vex
