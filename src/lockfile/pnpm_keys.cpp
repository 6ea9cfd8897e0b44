#include "lockfile/pnpm_keys.h"

#include <cctype>

#include "core/text.h"

namespace tocsin::lockfile::pnpm {

namespace {

bool is_numeric_identifier(std::string_view part) {
  if (part.empty()) return false;
  for (char c : part)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return part.size() == 1 || part[0] != '0';
}

bool is_identifier_list(std::string_view list, bool numbers_without_leading_zero) {
  for (std::string_view part : split(list, '.')) {
    if (part.empty()) return false;
    bool all_digits = true;
    for (char c : part) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
      if (!std::isdigit(static_cast<unsigned char>(c))) all_digits = false;
    }
    if (numbers_without_leading_zero && all_digits && !is_numeric_identifier(part)) return false;
  }
  return true;
}

std::string_view without_leading_slash(std::string_view key) {
  if (!key.empty() && key[0] == '/') key.remove_prefix(1);
  return key;
}

// 5.x: "name/version_peers" or "@scope/name/version_peers" (leading slash already removed).
std::optional<DepPath> parse_slash(std::string_view key) {
  std::size_t name_end = key.find('/');
  if (name_end == std::string_view::npos) return std::nullopt;
  if (key[0] == '@') {
    name_end = key.find('/', name_end + 1);
    if (name_end == std::string_view::npos) return std::nullopt;
  }
  DepPath path;
  path.name = key.substr(0, name_end);
  path.version = key.substr(name_end + 1);
  std::size_t peers = peer_suffix_start(path.version);
  if (peers != std::string_view::npos) {
    path.suffix = path.version.substr(peers);
    path.version = path.version.substr(0, peers);
  } else if (std::size_t underscore = path.version.find('_'); underscore != std::string_view::npos) {
    path.suffix = path.version.substr(underscore + 1);
    path.version = path.version.substr(0, underscore);
  }
  if (path.name.empty() || path.version.empty()) return std::nullopt;
  path.semver = is_strict_semver(path.version);
  return path;
}

// 6.x / 9.x: "name@version(peers)" or "@scope/name@version(peers)".
std::optional<DepPath> parse_at(std::string_view key) {
  if (key.empty()) return std::nullopt;
  std::size_t at = key.find('@', 1);
  if (at == std::string_view::npos) return std::nullopt;
  DepPath path;
  path.name = key.substr(0, at);
  path.version = key.substr(at + 1);
  std::size_t peers = peer_suffix_start(path.version);
  if (peers != std::string_view::npos) {
    path.suffix = path.version.substr(peers);
    path.version = path.version.substr(0, peers);
  }
  if (path.name.empty() || path.version.empty()) return std::nullopt;
  path.semver = is_strict_semver(path.version);
  return path;
}

}  // namespace

bool is_strict_semver(std::string_view version) {
  std::size_t plus = version.find('+');
  if (plus != std::string_view::npos) {
    if (!is_identifier_list(version.substr(plus + 1), false)) return false;
    version = version.substr(0, plus);
  }
  std::size_t dash = version.find('-');
  if (dash != std::string_view::npos) {
    if (!is_identifier_list(version.substr(dash + 1), true)) return false;
    version = version.substr(0, dash);
  }
  auto parts = split(version, '.');
  if (parts.size() != 3) return false;
  for (std::string_view part : parts)
    if (!is_numeric_identifier(part)) return false;
  return true;
}

std::size_t peer_suffix_start(std::string_view key) {
  std::size_t start = key.size();
  while (start > 0 && key[start - 1] == ')') {
    int depth = 0;
    std::size_t i = start;
    bool closed = false;
    while (i > 0) {
      --i;
      if (key[i] == ')') {
        ++depth;
      } else if (key[i] == '(') {
        if (--depth == 0) {
          closed = true;
          break;
        }
      }
    }
    if (!closed) return std::string_view::npos;
    start = i;
  }
  return start == key.size() || start == 0 ? std::string_view::npos : start;
}

std::optional<DepPath> parse_dep_path(std::string_view key, KeyStyle style) {
  bool leading_slash = !key.empty() && key[0] == '/';
  // 5.x and 6.x keys of registry packages start with '/'; others ("github.com/…") are not
  // name/version paths, whatever they contain.
  if (style != KeyStyle::BareAt && !leading_slash) return std::nullopt;
  key = without_leading_slash(key);
  return style == KeyStyle::Slash ? parse_slash(key) : parse_at(key);
}

std::string_view package_id(std::string_view key, KeyStyle style) {
  std::string_view id = without_leading_slash(key);
  std::optional<DepPath> path = parse_dep_path(key, style);
  if (!path) return id;
  // name and version are contiguous in the key: the id runs from the name to the version's end.
  return id.substr(0, static_cast<std::size_t>(path->version.data() + path->version.size() - id.data()));
}

std::string ref_to_dep_path(std::string_view reference, std::string_view dependency_name, KeyStyle style) {
  if (starts_with(reference, "link:")) return {};
  if (style == KeyStyle::BareAt) {
    if (!reference.empty() && reference[0] == '@') return std::string(reference);
    std::size_t at = reference.find('@');
    if (at == std::string_view::npos) return std::string(dependency_name) + "@" + std::string(reference);
    std::size_t colon = reference.find(':');
    std::size_t bracket = reference.find('(');
    if ((colon == std::string_view::npos || at < colon) && (bracket == std::string_view::npos || at < bracket))
      return std::string(reference);
    return std::string(dependency_name) + "@" + std::string(reference);
  }
  if (starts_with(reference, "file:")) return std::string(reference);
  // A bare version, possibly with a peer suffix that itself contains '/' (scoped peers).
  std::size_t bracket = reference.find('(');
  std::string_view head = bracket == std::string_view::npos ? reference : reference.substr(0, bracket);
  if (head.find('/') == std::string_view::npos) {
    char separator = style == KeyStyle::Slash ? '/' : '@';
    return std::string(dependency_name) + separator + std::string(reference);
  }
  return std::string(without_leading_slash(reference));
}

}  // namespace tocsin::lockfile::pnpm
