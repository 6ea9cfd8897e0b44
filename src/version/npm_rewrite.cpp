// Follows node-semver 7.x: classes/range.js (parseRange, replaceCaret, replaceTilde,
// replaceXRange, replaceStars, replaceGTE0, hyphenReplace), internal/re.js (the "safe" regular
// expressions, whose \s* became \s{0,1} and whose digit and identifier runs are capped); the
// operator/space joining of internal/trim-comparator-whitespace.js is in npm_trim.cpp.
#include "version/npm_rewrite.h"

#include <algorithm>
#include <optional>

#include "version/semver.h"

namespace tocsin::version::npm::rewrite {

char at(std::string_view s, std::size_t i) { return i < s.size() ? s[i] : '\0'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Digit run at i of length <= limit (the regexes' \d{0,256}); returns the end.
std::size_t digits_end(std::string_view s, std::size_t i, std::size_t limit) {
  std::size_t end = i;
  while (semver::is_digit(at(s, end))) ++end;
  return std::min(end, i + limit);
}

namespace {

using semver::is_digit;
using semver::is_ident_char;

bool is_x(std::string_view id) { return id.empty() || id == "x" || id == "X" || id == "*"; }

// `+digits + 1` in JavaScript, exact (values past 2^53 are rejected later by SemVer anyway).
std::string increment(std::string_view digits) {
  std::string out(digits);
  int i = static_cast<int>(out.size()) - 1;
  while (i >= 0 && out[i] == '9') out[i--] = '0';
  if (i < 0)
    out.insert(out.begin(), '1');
  else
    ++out[i];
  return out;
}

// One XRANGEIDENTIFIER (0|[1-9]\d{0,256}|x|X|\*) at i; returns its end or i.
std::size_t xrange_id_end(std::string_view s, std::size_t i) {
  char c = at(s, i);
  if (c == 'x' || c == 'X' || c == '*') return i + 1;
  if (c == '0') return i + 1;
  if (c >= '1' && c <= '9') return digits_end(s, i + 1, kMaxLength);
  return i;
}

// One PRERELEASEIDENTIFIER (strict): returns its end or i. The regex alternatives are tried in
// order (non-numeric first), and the caller requires what follows to be '.', or the end.
std::size_t prerelease_id_end(std::string_view s, std::size_t i) {
  std::size_t d = digits_end(s, i, kMaxLength);
  char c = at(s, d);
  if (is_letter(c) || c == '-') {
    std::size_t end = d + 1, limit = end + kMaxSafeBuildLength;
    while (end < limit && is_ident_char(at(s, end))) ++end;
    return end;
  }
  if (at(s, i) == '0') return i + 1;
  if (d > i) return std::min(d, i + kMaxLength + 1);
  return i;
}

struct XRange {
  std::size_t end = 0;
  std::string_view major, minor, patch, pre;  // empty when absent
  bool has_pre = false;
};

// XRANGEPLAIN anchored at both ends of s[from..]: [v=\s]*M(.m(.p(-pre)?)?)? (builds are gone).
std::optional<XRange> match_xrange_plain(std::string_view s, std::size_t from, bool to_end = true) {
  XRange x;
  std::size_t i = from;
  while (at(s, i) == 'v' || at(s, i) == '=' || at(s, i) == ' ') ++i;
  std::size_t e = xrange_id_end(s, i);
  if (e == i) return std::nullopt;
  x.major = s.substr(i, e - i);
  i = e;
  auto finish = [&]() -> std::optional<XRange> {
    x.end = i;
    if (to_end && i != s.size()) return std::nullopt;
    return x;
  };
  if (at(s, i) != '.') return finish();
  e = xrange_id_end(s, i + 1);
  if (e == i + 1) return finish();
  x.minor = s.substr(i + 1, e - i - 1);
  i = e;
  if (at(s, i) != '.') return finish();
  e = xrange_id_end(s, i + 1);
  if (e == i + 1) return finish();
  x.patch = s.substr(i + 1, e - i - 1);
  i = e;
  if (at(s, i) == '-') {
    std::size_t j = i + 1;
    std::size_t id_end = prerelease_id_end(s, j);
    if (id_end > j) {
      while (at(s, id_end) == '.') {
        std::size_t next = prerelease_id_end(s, id_end + 1);
        if (next == id_end + 1) break;
        id_end = next;
      }
      x.has_pre = true;
      x.pre = s.substr(j, id_end - j);
      i = id_end;
    }
  }
  return finish();
}

std::string caret(std::string_view comp) {
  if (at(comp, 0) != '^') return std::string(comp);
  auto x = match_xrange_plain(comp, 1);
  if (!x) return std::string(comp);
  std::string M(x->major), m(x->minor), p(x->patch);
  if (is_x(M)) return "";
  if (is_x(m)) return ">=" + M + ".0.0 <" + increment(M) + ".0.0-0";
  if (is_x(p)) {
    if (M == "0") return ">=" + M + "." + m + ".0 <" + M + "." + increment(m) + ".0-0";
    return ">=" + M + "." + m + ".0 <" + increment(M) + ".0.0-0";
  }
  std::string low = ">=" + M + "." + m + "." + p + (x->has_pre ? "-" + std::string(x->pre) : "");
  if (M == "0") {
    if (m == "0") return low + " <" + M + "." + m + "." + increment(p) + "-0";
    return low + " <" + M + "." + increment(m) + ".0-0";
  }
  return low + " <" + increment(M) + ".0.0-0";
}

std::string tilde(std::string_view comp) {
  if (at(comp, 0) != '~') return std::string(comp);
  std::size_t start = at(comp, 1) == '>' ? 2 : 1;
  auto x = match_xrange_plain(comp, start);
  if (!x && start == 2) x = match_xrange_plain(comp, 1);  // `>?` may also match nothing
  if (!x) return std::string(comp);
  std::string M(x->major), m(x->minor), p(x->patch);
  if (is_x(M)) return "";
  if (is_x(m)) return ">=" + M + ".0.0 <" + increment(M) + ".0.0-0";
  if (is_x(p)) return ">=" + M + "." + m + ".0 <" + M + "." + increment(m) + ".0-0";
  std::string low = ">=" + M + "." + m + "." + p + (x->has_pre ? "-" + std::string(x->pre) : "");
  return low + " <" + M + "." + increment(m) + ".0-0";
}

std::string xrange(std::string_view comp) {
  std::size_t i = 0;
  if (at(comp, i) == '<' || at(comp, i) == '>') ++i;
  if (at(comp, i) == '=') ++i;
  std::string gtlt(comp.substr(0, i));
  auto x = match_xrange_plain(comp, i);
  if (!x) return std::string(comp);
  std::string M(x->major), m(x->minor), p(x->patch);
  // invalidXRangeOrder: an x before a number leaves the text as it was.
  if ((is_x(M) && !is_x(m)) || (is_x(m) && !p.empty() && !is_x(p))) return std::string(comp);
  bool xM = is_x(M), xm = xM || is_x(m), xp = xm || is_x(p);
  if (gtlt == "=" && xp) gtlt.clear();
  std::string pr;
  if (xM) return (gtlt == ">" || gtlt == "<") ? "<0.0.0-0" : "*";
  if (!gtlt.empty() && xp) {
    if (xm) m = "0";
    p = "0";
    if (gtlt == ">") {
      gtlt = ">=";
      if (xm) {
        M = increment(M);
        m = "0";
      } else {
        m = increment(m);
      }
      p = "0";
    } else if (gtlt == "<=") {
      gtlt = "<";
      if (xm)
        M = increment(M);
      else
        m = increment(m);
    }
    if (gtlt == "<") pr = "-0";
    return gtlt + M + "." + m + "." + p + pr;
  }
  if (xm) return ">=" + M + ".0.0 <" + increment(M) + ".0.0-0";
  if (xp) return ">=" + M + "." + m + ".0 <" + M + "." + increment(m) + ".0-0";
  return std::string(comp);
}

// First match of /(<|>)?=?\s{0,1}\*/ removed.
std::string stars(std::string_view s) {
  for (std::size_t start = 0; start < s.size(); ++start) {
    for (int mask = 7; mask >= 0; --mask) {  // greedy: each optional part taken first
      std::size_t i = start;
      bool ok = true;
      if (mask & 4) ok = (at(s, i) == '<' || at(s, i) == '>') && ++i;
      if (ok && (mask & 2)) ok = at(s, i) == '=' && ++i;
      if (ok && (mask & 1)) ok = at(s, i) == ' ' && ++i;
      if (ok && at(s, i) == '*') return std::string(s.substr(0, start)) + std::string(s.substr(i + 1));
    }
  }
  return std::string(s);
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += ' ';
    out += parts[i];
  }
  return out;
}

}  // namespace

std::vector<std::string_view> split_spaces(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end;
    while (at(text, start) == ' ') ++start;
  }
}

std::string strip_builds(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '+' && is_ident_char(at(text, i + 1))) {
      std::size_t end = i + 1;
      while (is_ident_char(at(text, end))) ++end;
      while (at(text, end) == '.' && is_ident_char(at(text, end + 1))) {
        ++end;
        while (is_ident_char(at(text, end))) ++end;
      }
      i = end;
      continue;
    }
    out += text[i++];
  }
  return out;
}

std::string replace_hyphen_range(std::string_view text) {
  // ^\s{0,1}(XRANGEPLAIN)\s{1}-\s{1}(XRANGEPLAIN)\s{0,1}$
  std::size_t i = at(text, 0) == ' ' ? 1 : 0;
  auto from = match_xrange_plain(text, i, false);
  if (!from) return std::string(text);
  std::size_t j = from->end;
  if (at(text, j) != ' ' || at(text, j + 1) != '-' || at(text, j + 2) != ' ') return std::string(text);
  auto to = match_xrange_plain(text, j + 3, false);
  if (!to) return std::string(text);
  std::size_t k = to->end;
  if (at(text, k) == ' ') ++k;
  if (k != text.size()) return std::string(text);

  std::string low;
  std::string from_text(text.substr(i, from->end - i));
  if (is_x(from->major))
    low = "";
  else if (is_x(from->minor))
    low = ">=" + std::string(from->major) + ".0.0";
  else if (is_x(from->patch))
    low = ">=" + std::string(from->major) + "." + std::string(from->minor) + ".0";
  else
    low = ">=" + from_text;

  std::string high;
  std::string to_text(text.substr(j + 3, to->end - j - 3));
  std::string tM(to->major), tm(to->minor), tp(to->patch);
  if (is_x(tM))
    high = "";
  else if (is_x(tm))
    high = "<" + increment(tM) + ".0.0-0";
  else if (is_x(tp))
    high = "<" + tM + "." + increment(tm) + ".0-0";
  else if (to->has_pre)
    high = "<=" + tM + "." + tm + "." + tp + "-" + std::string(to->pre);
  else
    high = "<=" + to_text;
  return std::string(trim_spaces(low + " " + high));
}

std::string trim_tilde_and_caret(std::string_view text) {
  // /(\s{0,1})~>?\s{1}/g -> '$1~' (the '>' is dropped), then /(\s{0,1})\^\s{1}/g -> '$1^'.
  std::string tilded;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '~') {
      if (at(text, i + 1) == '>' && at(text, i + 2) == ' ') {
        tilded += '~';
        i += 3;
        continue;
      }
      if (at(text, i + 1) == ' ') {
        tilded += '~';
        i += 2;
        continue;
      }
    }
    tilded += text[i++];
  }
  std::string out;
  for (std::size_t i = 0; i < tilded.size();) {
    if (tilded[i] == '^' && at(tilded, i + 1) == ' ') {
      out += '^';
      i += 2;
      continue;
    }
    out += tilded[i++];
  }
  return out;
}

std::string rewrite_comparator(std::string_view token) {
  std::vector<std::string> carets;
  for (auto piece : split_spaces(trim_spaces(token))) carets.push_back(caret(piece));
  std::string after_caret = join(carets);

  std::vector<std::string> tildes;
  for (auto piece : split_spaces(trim_spaces(after_caret))) tildes.push_back(tilde(piece));
  std::string after_tilde = join(tildes);

  std::vector<std::string> xranges;
  for (auto piece : split_spaces(after_tilde)) xranges.push_back(xrange(trim_spaces(piece)));
  std::string after_xrange = join(xranges);

  return stars(trim_spaces(after_xrange));
}

std::string_view replace_gte0(std::string_view piece) {
  piece = trim_spaces(piece);
  return piece == ">=0.0.0" ? std::string_view() : piece;
}

}  // namespace tocsin::version::npm::rewrite
