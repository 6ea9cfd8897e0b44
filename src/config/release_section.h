// tocsin.toml `[release]`: who is expected to publish the project's releases (`tocsin release
// history`) and whether release tags must be signed (`tocsin release tags`).
//   [release]
//   repository = "owner/repo"                      # the repository whose CI publishes
//   workflow = ".github/workflows/release.yml"     # the workflow that publishes
//   require_signed_tags = true                     # lightweight / unsigned tags are flagged
// Unknown keys and values of the wrong type are errors with their line and column.
#pragma once

#include <toml++/toml.h>

#include <string>

namespace tocsin::config {

struct ReleaseSection {
  std::string repository;
  std::string workflow;
  bool require_signed_tags = false;
};

ReleaseSection read_release_section(const toml::table& document, const std::string& path);

}  // namespace tocsin::config
