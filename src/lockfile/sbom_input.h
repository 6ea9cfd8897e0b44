// Shared by the SBOM readers (cyclonedx_json.cpp, spdx_json.cpp). Internal to the lockfile module.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/purl.h"
#include "lockfile/lockfile.h"

namespace tocsin::lockfile::sbom_input {

// Byte offsets of the objects that are elements of the top-level array `key`, in document order,
// and, recursively, of the arrays of the same key inside those elements (CycloneDX nested
// `components`). `content` must be valid JSON (the caller parsed it already).
std::vector<std::size_t> element_offsets(std::string_view content, std::string_view key);

// A package from a purl of a type tocsin knows (cargo, npm, pypi); nullopt for other types
// (golang, gem, githubactions, …), which tocsin cannot scan. Qualifiers repository_url /
// vcs_url / download_url become the source.
std::optional<Package> package_from_purl(const Purl& purl);

// The ecosystem most packages have (npm when there are none), for Lockfile::ecosystem.
Ecosystem majority_ecosystem(const std::vector<Package>& packages);

}  // namespace tocsin::lockfile::sbom_input
