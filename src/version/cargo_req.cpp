#include "version/cargo_req.h"

namespace tocsin::version::cargo {
namespace {

using Op = Comparator::Op;

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  return text;
}

bool is_wildcard(char c) { return c == '*' || c == 'x' || c == 'X'; }

struct Failure {
  std::string message;
};

// The crate's numeric_identifier: digits, no leading zero, fits u64.
std::uint64_t take_number(std::string_view& text, const char* position) {
  std::size_t n = 0;
  while (n < text.size() && semver::is_digit(text[n])) {
    if (n == 1 && text[0] == '0') throw Failure{std::string("invalid leading zero in ") + position};
    ++n;
  }
  if (n == 0) {
    if (text.empty()) throw Failure{std::string("unexpected end of input while parsing ") + position};
    throw Failure{std::string("unexpected character '") + text[0] + "' while parsing " + position};
  }
  std::uint64_t value = 0;
  if (!semver::parse_u64(text.substr(0, n), value)) throw Failure{std::string("value out of range in ") + position};
  text.remove_prefix(n);
  return value;
}

// The crate's identifier(): segments of [A-Za-z0-9-]+ separated by '.'.
std::string_view take_identifier(std::string_view& text, bool prerelease) {
  const char* what = prerelease ? "pre-release identifier" : "build metadata";
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    bool nondigit = false;
    while (i < text.size() && semver::is_ident_char(text[i])) {
      if (!semver::is_digit(text[i])) nondigit = true;
      ++i;
    }
    if (i == start) throw Failure{std::string("empty identifier segment in ") + what};
    if (prerelease && i - start > 1 && !nondigit && text[start] == '0')
      throw Failure{std::string("invalid leading zero in ") + what};
    if (i < text.size() && text[i] == '.') {
      ++i;
      continue;
    }
    std::string_view id = text.substr(0, i);
    text.remove_prefix(i);
    return id;
  }
}

Comparator take_comparator(std::string_view& text) {
  Comparator c;
  bool default_op = false;
  if (text.starts_with(">="))
    c.op = Op::GreaterEq, text.remove_prefix(2);
  else if (text.starts_with("<="))
    c.op = Op::LessEq, text.remove_prefix(2);
  else if (text.starts_with("="))
    c.op = Op::Exact, text.remove_prefix(1);
  else if (text.starts_with(">"))
    c.op = Op::Greater, text.remove_prefix(1);
  else if (text.starts_with("<"))
    c.op = Op::Less, text.remove_prefix(1);
  else if (text.starts_with("~"))
    c.op = Op::Tilde, text.remove_prefix(1);
  else if (text.starts_with("^"))
    c.op = Op::Caret, text.remove_prefix(1);
  else
    default_op = true;
  text = trim_spaces(text);

  c.major = take_number(text, "major version number");
  bool has_wildcard = false;
  if (text.starts_with('.')) {
    text.remove_prefix(1);
    if (!text.empty() && is_wildcard(text[0])) {
      text.remove_prefix(1);
      has_wildcard = true;
      if (default_op) c.op = Op::Wildcard;
    } else {
      c.minor = take_number(text, "minor version number");
    }
  }
  if (text.starts_with('.')) {
    text.remove_prefix(1);
    if (!text.empty() && is_wildcard(text[0])) {
      text.remove_prefix(1);
      if (default_op) c.op = Op::Wildcard;
    } else if (has_wildcard) {
      throw Failure{"unexpected character after wildcard in version req"};
    } else {
      c.patch = take_number(text, "patch version number");
    }
  }
  if (c.patch && text.starts_with('-')) {
    text.remove_prefix(1);
    c.pre = take_identifier(text, true);
  }
  if (c.patch && text.starts_with('+')) {
    text.remove_prefix(1);
    take_identifier(text, false);
  }
  text = trim_spaces(text);
  return c;
}

bool matches_exact(const Comparator& c, const semver::Version& v) {
  if (v.major != c.major) return false;
  if (c.minor && v.minor != *c.minor) return false;
  if (c.patch && v.patch != *c.patch) return false;
  return v.pre == c.pre;
}

// `ordering` is the sign of (version - comparator) over the components the comparator names;
// 0 when they are all equal (then the prerelease decides).
int compare_named(const Comparator& c, const semver::Version& v, bool& all_named) {
  all_named = false;
  if (v.major != c.major) return v.major > c.major ? 1 : -1;
  if (!c.minor) return 0;
  if (v.minor != *c.minor) return v.minor > *c.minor ? 1 : -1;
  if (!c.patch) return 0;
  if (v.patch != *c.patch) return v.patch > *c.patch ? 1 : -1;
  all_named = true;
  return 0;
}

bool matches_greater(const Comparator& c, const semver::Version& v) {
  bool all = false;
  int order = compare_named(c, v, all);
  if (order != 0) return order > 0;
  return all && semver::compare_prerelease(v.pre, c.pre) > 0;
}

bool matches_less(const Comparator& c, const semver::Version& v) {
  bool all = false;
  int order = compare_named(c, v, all);
  if (order != 0) return order < 0;
  return all && semver::compare_prerelease(v.pre, c.pre) < 0;
}

bool matches_tilde(const Comparator& c, const semver::Version& v) {
  if (v.major != c.major) return false;
  if (c.minor && v.minor != *c.minor) return false;
  if (c.patch && v.patch != *c.patch) return v.patch > *c.patch;
  return semver::compare_prerelease(v.pre, c.pre) >= 0;
}

bool matches_caret(const Comparator& c, const semver::Version& v) {
  if (v.major != c.major) return false;
  if (!c.minor) return true;
  std::uint64_t minor = *c.minor;
  if (!c.patch) return c.major > 0 ? v.minor >= minor : v.minor == minor;
  std::uint64_t patch = *c.patch;
  if (c.major > 0) {
    if (v.minor != minor) return v.minor > minor;
    if (v.patch != patch) return v.patch > patch;
  } else if (minor > 0) {
    if (v.minor != minor) return false;
    if (v.patch != patch) return v.patch > patch;
  } else if (v.minor != minor || v.patch != patch) {
    return false;
  }
  return semver::compare_prerelease(v.pre, c.pre) >= 0;
}

bool matches_one(const Comparator& c, const semver::Version& v) {
  switch (c.op) {
    case Op::Exact:
    case Op::Wildcard: return matches_exact(c, v);
    case Op::Greater: return matches_greater(c, v);
    case Op::GreaterEq: return matches_exact(c, v) || matches_greater(c, v);
    case Op::Less: return matches_less(c, v);
    case Op::LessEq: return matches_exact(c, v) || matches_less(c, v);
    case Op::Tilde: return matches_tilde(c, v);
    case Op::Caret: return matches_caret(c, v);
  }
  return false;
}

bool pre_is_compatible(const Comparator& c, const semver::Version& v) {
  return c.major == v.major && c.minor == v.minor && c.patch == v.patch && !c.pre.empty();
}

}  // namespace

std::optional<Requirement> parse_requirement(std::string_view text, std::string* why) {
  try {
    Requirement req;
    text = trim_spaces(text);
    if (!text.empty() && is_wildcard(text[0])) {
      std::string_view rest = trim_spaces(text.substr(1));
      if (rest.empty()) return req;
      if (rest.front() == ',')
        throw Failure{std::string("wildcard req (") + text[0] + ") must be the only comparator in the version req"};
      throw Failure{"unexpected character after wildcard in version req"};
    }
    while (true) {
      std::string_view start = text;
      Comparator c;
      try {
        c = take_comparator(text);
      } catch (Failure& failure) {
        if (!start.empty() && is_wildcard(start[0])) {
          std::string_view rest = trim_spaces(start.substr(1));
          if (rest.empty() || rest.front() == ',')
            failure.message =
                std::string("wildcard req (") + start[0] + ") must be the only comparator in the version req";
        }
        throw;
      }
      req.comparators[req.count++] = c;
      if (text.empty()) return req;
      if (text.front() != ',') throw Failure{std::string("expected comma, found '") + text.front() + "'"};
      text = trim_spaces(text.substr(1));
      if (req.count == Requirement::kMaxComparators) throw Failure{"excessive number of version comparators"};
    }
  } catch (const Failure& failure) {
    if (why != nullptr) *why = failure.message;
    return std::nullopt;
  }
}

bool matches(const Requirement& requirement, const semver::Version& version) {
  for (std::size_t i = 0; i < requirement.count; ++i)
    if (!matches_one(requirement.comparators[i], version)) return false;
  if (version.pre.empty()) return true;
  for (std::size_t i = 0; i < requirement.count; ++i)
    if (pre_is_compatible(requirement.comparators[i], version)) return true;
  return false;
}

}  // namespace tocsin::version::cargo
