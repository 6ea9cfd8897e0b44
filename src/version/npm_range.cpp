#include "version/npm_range.h"

#include <unordered_set>

#include "core/text.h"
#include "version/npm_rewrite.h"

namespace tocsin::version::npm {
namespace {

using Op = Comparator::Op;

// Range's constructor: JS trim, then every run of white space becomes one ' '.
std::string normalize_spaces(std::string_view text) {
  text = semver::js_trim(text);
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    if (std::size_t n = semver::js_space_length(text)) {
      while ((n = semver::js_space_length(text)) != 0) text.remove_prefix(n);
      out += ' ';
      continue;
    }
    out += text.front();
    text.remove_prefix(1);
  }
  return out;
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// The Comparator constructor: /^((?:<|>)?=?)\s*(FULLPLAIN)$|^$/ then new SemVer(version).
std::optional<Comparator> parse_comparator(std::string_view text) {
  Comparator c;
  if (text.empty()) return c;
  std::size_t i = 0;
  char first = text[0];
  if (first == '<' || first == '>') ++i;
  bool equals = i < text.size() && text[i] == '=';
  if (equals) ++i;
  if (first == '<')
    c.op = equals ? Op::LessEq : Op::Less;
  else if (first == '>')
    c.op = equals ? Op::GreaterEq : Op::Greater;
  else
    c.op = Op::Eq;
  std::string_view rest = text.substr(i);
  if (rest.empty() || semver::js_space_length(rest) != 0) return std::nullopt;
  auto version = semver::parse_npm(rest);
  if (!version) return std::nullopt;
  c.major = version->major;
  c.minor = version->minor;
  c.patch = version->patch;
  c.pre = std::string(version->pre);
  return c;
}

bool is_null_set(const Comparator& c) {
  return c.op == Op::Less && c.major == 0 && c.minor == 0 && c.patch == 0 && c.pre == "0";
}

std::optional<std::vector<Comparator>> parse_set(std::string_view part, std::string* why) {
  std::string text = rewrite::strip_builds(part);
  text = rewrite::replace_hyphen_range(text);
  text = rewrite::trim_comparator_whitespace(text);
  text = rewrite::trim_tilde_and_caret(text);

  std::string joined;
  bool first = true;
  for (auto token : split(text, " ")) {
    if (!first) joined += ' ';
    first = false;
    joined += rewrite::rewrite_comparator(token);
  }

  std::vector<Comparator> comparators;
  for (auto piece : rewrite::split_spaces(joined)) {
    auto c = parse_comparator(rewrite::replace_gte0(piece));
    if (!c) {
      if (why != nullptr) *why = "invalid comparator '" + std::string(piece) + "'";
      return std::nullopt;
    }
    comparators.push_back(std::move(*c));
  }
  for (const auto& c : comparators)
    if (is_null_set(c)) return std::vector<Comparator>{c};

  // A Map keyed by the comparator's text: duplicates collapse, and "any" ('') goes when
  // anything else is there.
  std::vector<Comparator> unique;
  std::unordered_set<std::string> seen;
  for (auto& c : comparators) {
    std::string key = std::to_string(static_cast<int>(c.op)) + ' ' + std::to_string(c.major) + '.' +
                      std::to_string(c.minor) + '.' + std::to_string(c.patch) + '-' + c.pre;
    if (seen.insert(std::move(key)).second) unique.push_back(std::move(c));
  }
  if (unique.size() > 1) {
    std::erase_if(unique, [](const Comparator& c) { return c.op == Op::Any; });
  }
  return unique;
}

bool test_comparator(const Comparator& c, const semver::Version& v) {
  if (c.op == Op::Any) return true;
  semver::Version bound{c.major, c.minor, c.patch, c.pre, {}};
  int order = semver::npm_compare(v, bound);
  switch (c.op) {
    case Op::Eq: return order == 0;
    case Op::Less: return order < 0;
    case Op::LessEq: return order <= 0;
    case Op::Greater: return order > 0;
    case Op::GreaterEq: return order >= 0;
    case Op::Any: return true;
  }
  return false;
}

bool test_set(const std::vector<Comparator>& set, const semver::Version& v) {
  for (const auto& c : set)
    if (!test_comparator(c, v)) return false;
  if (v.pre.empty()) return true;
  // A prerelease only matches through a comparator that names its [major, minor, patch]
  // with a prerelease of its own.
  for (const auto& c : set) {
    if (c.op == Op::Any || c.pre.empty()) continue;
    if (c.major == v.major && c.minor == v.minor && c.patch == v.patch) return true;
  }
  return false;
}

}  // namespace

std::optional<Range> Range::parse(std::string_view text, std::string* why) {
  std::string raw = normalize_spaces(text);
  Range range;
  for (auto part : split(raw, "||")) {
    auto set = parse_set(trim_spaces(part), why);
    if (!set) return std::nullopt;
    if (!set->empty()) range.sets_.push_back(std::move(*set));
  }
  if (range.sets_.empty()) {
    if (why != nullptr) *why = "invalid range";
    return std::nullopt;
  }
  if (range.sets_.size() > 1) {
    auto first = range.sets_.front();
    std::erase_if(range.sets_, [](const auto& set) { return is_null_set(set.front()); });
    if (range.sets_.empty()) {
      range.sets_.push_back(std::move(first));
    } else if (range.sets_.size() > 1) {
      for (const auto& set : range.sets_) {
        if (set.size() == 1 && set.front().op == Op::Any) {
          auto any = set;
          range.sets_ = {std::move(any)};
          break;
        }
      }
    }
  }
  return range;
}

bool Range::test(const semver::Version& version) const {
  for (const auto& set : sets_)
    if (test_set(set, version)) return true;
  return false;
}

}  // namespace tocsin::version::npm
