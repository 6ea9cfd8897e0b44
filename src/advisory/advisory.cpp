#include "advisory/advisory.h"

#include <algorithm>

#include "core/error.h"
#include "core/text.h"

namespace tocsin::advisory {

std::string_view source_name(Source source) {
  switch (source) {
    case Source::Osv: return "osv";
    case Source::RustSec: return "rustsec";
  }
  return "";
}

std::string_view informational_name(Informational kind) {
  switch (kind) {
    case Informational::None: return "";
    case Informational::Unmaintained: return "unmaintained";
    case Informational::Unsound: return "unsound";
    case Informational::Notice: return "notice";
    case Informational::Other: return "other";
  }
  return "";
}

Informational parse_informational(std::string_view text) {
  std::string kind = to_lower(trim(text));
  if (kind.empty()) return Informational::None;
  if (kind == "unmaintained") return Informational::Unmaintained;
  if (kind == "unsound") return Informational::Unsound;
  if (kind == "notice") return Informational::Notice;
  return Informational::Other;
}

std::string normalize_name(Ecosystem ecosystem, std::string_view name) {
  switch (ecosystem) {
    case Ecosystem::Npm: return std::string(name);
    case Ecosystem::CratesIo: return to_lower(name);
    case Ecosystem::GitHubActions: return to_lower(name);  // GitHub owner/repo names ignore case
    case Ecosystem::PyPI: {
      std::string out;
      out.reserve(name.size());
      bool in_separator_run = false;
      for (char c : name) {
        if (c == '-' || c == '_' || c == '.') {
          if (!in_separator_run) out.push_back('-');
          in_separator_run = true;
          continue;
        }
        in_separator_run = false;
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
      }
      return out;
    }
  }
  return std::string(name);
}

namespace {

bool satisfies_any(Ecosystem ecosystem, std::string_view version, const std::vector<std::string>& requirements) {
  for (const auto& requirement : requirements) {
    try {
      if (version::satisfies(ecosystem, version, requirement)) return true;
    } catch (const Error&) {
      // An unparsable requirement cannot prove the version safe; keep looking.
    }
  }
  return false;
}

}  // namespace

bool is_affected(const Affected& affected, std::string_view version) {
  return affected_verdict(affected, version).affected;
}

AffectedVerdict affected_verdict(const Affected& affected, std::string_view version) {
  bool listed = std::find(affected.versions.begin(), affected.versions.end(), version) != affected.versions.end();
  if (affected.uses_requirements) {
    if (listed) return {true, {}};
    if (!version::is_valid(affected.ecosystem, version)) return {false, {}};
    return {!satisfies_any(affected.ecosystem, version, affected.patched) &&
                !satisfies_any(affected.ecosystem, version, affected.unaffected),
            {}};
  }
  // osv_affected never throws: a bound it cannot read is left out of its walk, so a "no" is only
  // an answer when nothing that could have opened the range was left out.
  if (version::osv_affected(affected.ecosystem, version, affected.ranges, affected.versions)) return {true, {}};
  if (!version::is_valid(affected.ecosystem, version)) return {false, {}};
  const std::vector<std::string> unreadable = version::unreadable_range_bounds(affected.ecosystem, affected.ranges);
  if (unreadable.empty()) return {false, {}};
  return {true, "the advisory's range bound '" + truncate_text(unreadable.front(), 64, "…") + "' is not a " +
                    std::string(ecosystem_name(affected.ecosystem)) + " version: cannot tell whether " +
                    truncate_text(version, 64, "…") + " is affected, so it is reported"};
}

}  // namespace tocsin::advisory
