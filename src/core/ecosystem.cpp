#include "core/ecosystem.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace tocsin {

std::string_view ecosystem_name(Ecosystem ecosystem) {
  switch (ecosystem) {
    case Ecosystem::CratesIo: return "crates.io";
    case Ecosystem::Npm: return "npm";
    case Ecosystem::PyPI: return "PyPI";
    case Ecosystem::GitHubActions: return "GitHub Actions";
  }
  return "";
}

std::string_view purl_type(Ecosystem ecosystem) {
  switch (ecosystem) {
    case Ecosystem::CratesIo: return "cargo";
    case Ecosystem::Npm: return "npm";
    case Ecosystem::PyPI: return "pypi";
    case Ecosystem::GitHubActions: return "githubactions";
  }
  return "";
}

std::optional<Ecosystem> parse_ecosystem(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "crates.io" || lower == "cargo" || lower == "crates" || lower == "rust") return Ecosystem::CratesIo;
  if (lower == "npm" || lower == "node" || lower == "javascript") return Ecosystem::Npm;
  if (lower == "pypi" || lower == "python" || lower == "pip") return Ecosystem::PyPI;
  if (lower == "github actions" || lower == "github-actions" || lower == "githubactions")
    return Ecosystem::GitHubActions;
  return std::nullopt;
}

}  // namespace tocsin
