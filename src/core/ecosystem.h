// The package ecosystems tocsin understands, named as OSV names them.
#pragma once

#include <optional>
#include <string_view>

namespace tocsin {

// GitHubActions: `uses:` references of workflows (OSV "GitHub Actions", names owner/repo[/path]).
enum class Ecosystem { CratesIo, Npm, PyPI, GitHubActions };

// "crates.io", "npm", "PyPI", "GitHub Actions" — the OSV ecosystem names.
std::string_view ecosystem_name(Ecosystem ecosystem);

// Accepts the OSV names and common spellings ("cargo", "crates", "pypi", "python", "node").
std::optional<Ecosystem> parse_ecosystem(std::string_view text);

// The purl type of the ecosystem: "cargo", "npm", "pypi", "githubactions".
std::string_view purl_type(Ecosystem ecosystem);

}  // namespace tocsin
