// next_secfix_tag: see documents.h for the rule and why the patch number is bumped.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "core/error.h"
#include "core/text.h"
#include "documents/documents.h"

namespace tocsin::documents {
namespace {

struct Triple {
  long long major = 0, minor = 0, patch = 0;
  auto operator<=>(const Triple&) const = default;
};

std::optional<long long> number(std::string_view text) {
  // SemVer: digits, no leading zero; bounded so that huge numbers cannot overflow.
  if (text.empty() || text.size() > 15 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  long long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<Triple> parse_triple(std::string_view text) {
  if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) text.remove_prefix(1);
  const std::vector<std::string_view> parts = split(text, '.');
  if (parts.size() != 3) return std::nullopt;
  auto major = number(parts[0]), minor = number(parts[1]), patch = number(parts[2]);
  if (!major || !minor || !patch) return std::nullopt;
  return Triple{*major, *minor, *patch};
}

// "vX.Y.Z-secfix.N" (or without "v") → (X.Y.Z, N).
std::optional<std::pair<Triple, long long>> parse_secfix(std::string_view tag) {
  const std::size_t dash = tag.find("-secfix.");
  if (dash == std::string_view::npos) return std::nullopt;
  auto triple = parse_triple(tag.substr(0, dash));
  auto n = number(tag.substr(dash + 8));
  if (!triple || !n) return std::nullopt;
  return std::pair{*triple, *n};
}

}  // namespace

std::string next_secfix_tag(const std::vector<std::string>& existing_tags, const std::string& base_version) {
  std::vector<Triple> releases;
  for (const std::string& tag : existing_tags)
    if (auto triple = parse_triple(trim(tag))) releases.push_back(*triple);

  Triple base;
  if (!trim(base_version).empty()) {
    auto parsed = parse_triple(trim(base_version));
    if (!parsed) throw Error(fmt::format("base version '{}' is not X.Y.Z", base_version));
    base = *parsed;
  } else if (releases.empty()) {
    throw Error("no release tag vX.Y.Z found and no base version given");
  } else {
    base = *std::max_element(releases.begin(), releases.end());
  }

  long long patch = base.patch;
  for (const Triple& release : releases)
    if (release.major == base.major && release.minor == base.minor) patch = std::max(patch, release.patch);
  const Triple target{base.major, base.minor, patch + 1};

  long long n = 0;
  for (const std::string& tag : existing_tags)
    if (auto secfix = parse_secfix(trim(tag)); secfix && secfix->first == target) n = std::max(n, secfix->second);
  return fmt::format("v{}.{}.{}-secfix.{}", target.major, target.minor, target.patch, n + 1);
}

}  // namespace tocsin::documents
