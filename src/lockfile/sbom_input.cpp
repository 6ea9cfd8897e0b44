#include "lockfile/sbom_input.h"

#include <array>

namespace tocsin::lockfile::sbom_input {

std::vector<std::size_t> element_offsets(std::string_view content, std::string_view key) {
  // A minimal walk over valid JSON: containers, strings (with escapes) and the last key seen.
  // An object qualifies when it is the root or an element of a qualifying array; an array
  // qualifies when its key is `key` and the object holding it qualifies.
  struct Frame {
    bool array = false;
    bool qualifies = false;
  };
  std::vector<Frame> stack;
  std::vector<std::size_t> out;
  std::string_view last_string;
  bool last_was_key = false;
  for (std::size_t i = 0; i < content.size(); ++i) {
    char c = content[i];
    if (c == '"') {
      std::size_t start = ++i;
      while (i < content.size() && content[i] != '"') i += content[i] == '\\' ? 2 : 1;
      last_string = content.substr(start, i - start);
      last_was_key = false;
      continue;
    }
    if (c == ':') {
      last_was_key = true;
      continue;
    }
    if (c == '{') {
      bool qualifies = stack.empty() || (stack.back().array && stack.back().qualifies);
      if (!stack.empty() && qualifies) out.push_back(i);
      stack.push_back({false, qualifies});
      last_was_key = false;
    } else if (c == '[') {
      bool qualifies =
          !stack.empty() && !stack.back().array && stack.back().qualifies && last_was_key && last_string == key;
      stack.push_back({true, qualifies});
      last_was_key = false;
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
      last_was_key = false;
    } else if (c == ',') {
      last_was_key = false;
    }
  }
  return out;
}

std::optional<Package> package_from_purl(const Purl& purl) {
  auto ecosystem = ecosystem_of_purl_type(purl.type);
  if (!ecosystem) return std::nullopt;
  Package package;
  package.ecosystem = *ecosystem;
  package.name = purl.package_name();
  package.version = purl.version;
  for (const auto& [key, value] : purl.qualifiers)
    if (key == "repository_url" || key == "vcs_url" || key == "download_url") package.source = value;
  return package;
}

Ecosystem majority_ecosystem(const std::vector<Package>& packages) {
  std::array<std::size_t, 3> counts{};
  for (const Package& package : packages) ++counts[static_cast<std::size_t>(package.ecosystem)];
  std::size_t best = static_cast<std::size_t>(Ecosystem::Npm);
  for (std::size_t i = 0; i < counts.size(); ++i)
    if (counts[i] > counts[best]) best = i;
  return static_cast<Ecosystem>(best);
}

}  // namespace tocsin::lockfile::sbom_input
