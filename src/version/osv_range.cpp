// OSV range evaluation (https://ossf.github.io/osv-schema/#evaluation): IncludedInVersions,
// then for each SEMVER/ECOSYSTEM range BeforeLimits and the walk over sorted events.
#include <algorithm>
#include <optional>

#include "core/error.h"
#include "version/semver.h"
#include "version/version.h"

namespace tocsin::version {
namespace {

// SEMVER ranges use SemVer precedence whatever the ecosystem; the strict crate grammar first,
// node-semver's (leading 'v', white space) as a fallback for loosely written advisories.
std::optional<semver::Version> parse_semver(std::string_view text) {
  if (auto v = semver::parse_cargo(text)) return v;
  return semver::parse_npm(text);
}

// compare(a, b) for the range's type; nullopt when either side does not parse.
std::optional<int> compare_for(Ecosystem ecosystem, OsvRange::Type type, std::string_view a, std::string_view b) {
  if (type == OsvRange::Type::Semver) {
    auto x = parse_semver(a), y = parse_semver(b);
    if (!x || !y) return std::nullopt;
    return semver::cargo_compare(*x, *y);
  }
  if (!is_valid(ecosystem, a) || !is_valid(ecosystem, b)) return std::nullopt;
  return compare(ecosystem, a, b);
}

bool in_range(Ecosystem ecosystem, std::string_view version, const OsvRange& range) {
  using Kind = OsvEvent::Kind;
  bool has_limit = false, before_limit = false;
  for (const auto& e : range.events) {
    if (e.kind != Kind::Limit) continue;
    has_limit = true;
    if (e.value.find('*') != std::string::npos) {
      before_limit = true;  // "*" is infinity
      continue;
    }
    auto order = compare_for(ecosystem, range.type, version, e.value);
    if (order && *order < 0) before_limit = true;
  }
  if (has_limit && !before_limit) return false;

  // Events that cannot be read are left out of the walk: the range cannot speak about them.
  std::vector<const OsvEvent*> events;
  for (const auto& e : range.events) {
    if (e.kind == Kind::Limit) continue;
    bool zero = e.kind == Kind::Introduced && e.value == "0";
    if (!zero && !compare_for(ecosystem, range.type, e.value, e.value)) continue;
    events.push_back(&e);
  }
  auto is_zero = [](const OsvEvent* e) { return e->kind == Kind::Introduced && e->value == "0"; };
  std::stable_sort(events.begin(), events.end(), [&](const OsvEvent* a, const OsvEvent* b) {
    if (is_zero(a) || is_zero(b)) return is_zero(a) && !is_zero(b);
    return *compare_for(ecosystem, range.type, a->value, b->value) < 0;
  });

  bool vulnerable = false;
  for (const OsvEvent* e : events) {
    std::optional<int> order =
        is_zero(e) ? std::optional<int>(1) : compare_for(ecosystem, range.type, version, e->value);
    if (!order) continue;
    if (e->kind == Kind::Introduced && *order >= 0)
      vulnerable = true;
    else if (e->kind == Kind::Fixed && *order >= 0)
      vulnerable = false;
    else if (e->kind == Kind::LastAffected && *order > 0)
      vulnerable = false;
  }
  return vulnerable;
}

}  // namespace

bool osv_affected(Ecosystem ecosystem, std::string_view version, const std::vector<OsvRange>& ranges,
                  const std::vector<std::string>& versions) {
  bool valid = is_valid(ecosystem, version);
  for (const auto& listed : versions) {
    if (listed == version) return true;
    if (valid && is_valid(ecosystem, listed) && compare(ecosystem, listed, version) == 0) return true;
  }
  for (const auto& range : ranges) {
    if (range.type == OsvRange::Type::Git) continue;
    if (in_range(ecosystem, version, range)) return true;
  }
  return false;
}

std::vector<std::string> unreadable_range_bounds(Ecosystem ecosystem, const std::vector<OsvRange>& ranges) {
  std::vector<std::string> out;
  for (const auto& range : ranges) {
    if (range.type == OsvRange::Type::Git) continue;
    for (const auto& e : range.events) {
      const bool narrows = (e.kind == OsvEvent::Kind::Introduced && e.value != "0") ||
                           (e.kind == OsvEvent::Kind::Limit && e.value.find('*') == std::string::npos);
      if (narrows && !compare_for(ecosystem, range.type, e.value, e.value)) out.push_back(e.value);
    }
  }
  return out;
}

}  // namespace tocsin::version
