// node-semver 7.x internal/trim-comparator-whitespace.js: joins an operator to its version
// ("> 1.2.3" -> ">1.2.3") while stepping over whole versions the way the old regex matched them.
#include "version/npm_rewrite.h"
#include "version/semver.h"

namespace tocsin::version::npm::rewrite {
namespace {

using semver::is_digit;
using semver::is_ident_char;

// --- internal/trim-comparator-whitespace.js ---

bool is_version_prefix(char c) { return c == 'v' || c == '=' || c == ' '; }
bool is_version_start(char c) { return is_digit(c) || c == 'x' || c == 'X' || c == '*'; }

std::size_t version_number_end(std::string_view s, std::size_t i, bool loose) {
  if (!loose && at(s, i) == '0') return i + 1;
  if (!is_digit(at(s, i))) return i;
  return digits_end(s, i, loose ? kMaxLength : kMaxLength + 1);
}

std::size_t scan_prerelease_id_end(std::string_view s, std::size_t i, bool loose) {
  std::size_t d = is_digit(at(s, i)) ? digits_end(s, i, kMaxLength) : i;
  if (is_letter(at(s, d)) || at(s, d) == '-') {
    std::size_t end = d + 1, limit = end + kMaxSafeBuildLength;
    while (end < limit && is_ident_char(at(s, end))) ++end;
    return end;
  }
  return version_number_end(s, i, loose);
}

std::size_t scan_prerelease_end(std::string_view s, std::size_t start, bool loose) {
  bool hyphen = at(s, start) == '-';
  if (!loose && !hyphen) return start;
  std::size_t id_start = start + (hyphen ? 1 : 0);
  std::size_t end = scan_prerelease_id_end(s, id_start, loose);
  if (end == id_start) {
    if (!loose || !hyphen) return start;
    end = scan_prerelease_id_end(s, start, loose);
  }
  while (at(s, end) == '.') {
    std::size_t next = scan_prerelease_id_end(s, end + 1, loose);
    if (next == end + 1) break;
    end = next;
  }
  return end;
}

std::size_t scan_build_id_end(std::string_view s, std::size_t start) {
  std::size_t end = start;
  while (end - start < kMaxSafeBuildLength && is_ident_char(at(s, end))) ++end;
  return end;
}

std::size_t scan_build_end(std::string_view s, std::size_t start) {
  if (at(s, start) != '+') return start;
  std::size_t end = scan_build_id_end(s, start + 1);
  if (end == start + 1) return start;
  while (at(s, end) == '.') {
    std::size_t next = scan_build_id_end(s, end + 1);
    if (next == end + 1) break;
    end = next;
  }
  return end;
}

std::size_t scan_loose_full_version_end(std::string_view s, std::size_t start) {
  std::size_t end = start;
  for (int component = 0; component < 3; ++component) {
    std::size_t next = version_number_end(s, end, true);
    if (next == end) return start;
    end = next;
    if (component < 2) {
      if (at(s, end) != '.') return start;
      ++end;
    }
  }
  return scan_build_end(s, scan_prerelease_end(s, end, true));
}

std::size_t scan_partial_component_end(std::string_view s, std::size_t start) {
  if (is_digit(at(s, start))) return version_number_end(s, start, false);
  return is_version_start(at(s, start)) ? start + 1 : start;
}

std::size_t scan_partial_version_end(std::string_view s, std::size_t start) {
  std::size_t end = scan_partial_component_end(s, start);
  for (int component = 0; component < 2; ++component) {
    if (at(s, end) != '.') return end;
    std::size_t next = scan_partial_component_end(s, end + 1);
    if (next == end + 1) return end;
    end = next;
  }
  return scan_build_end(s, scan_prerelease_end(s, end, false));
}

std::size_t scan_version_end(std::string_view s, std::size_t start) {
  std::size_t full = scan_loose_full_version_end(s, start);
  return full != start ? full : scan_partial_version_end(s, start);
}

}  // namespace

std::string trim_comparator_whitespace(std::string_view s) {
  std::string result;
  std::size_t copy_from = 0, cursor = 0;
  while (cursor < s.size()) {
    std::size_t match_start = cursor;
    if (s[cursor] == '<' || s[cursor] == '>') {
      ++cursor;
    } else if (!is_version_prefix(s[cursor]) && !is_version_start(s[cursor])) {
      ++cursor;
      continue;
    }
    while (cursor < s.size() && is_version_prefix(s[cursor])) ++cursor;
    if (!is_version_start(at(s, cursor))) continue;
    std::size_t p = match_start;
    if (at(s, p) == ' ') ++p;
    if (at(s, p) == '<' || at(s, p) == '>') ++p;
    if (at(s, p) == '=') ++p;
    if (at(s, p) == ' ') {
      result.append(s.substr(copy_from, p - copy_from));
      copy_from = p + 1;
    }
    cursor = scan_version_end(s, cursor);
  }
  result.append(s.substr(copy_from));
  return result;
}

}  // namespace tocsin::version::npm::rewrite
