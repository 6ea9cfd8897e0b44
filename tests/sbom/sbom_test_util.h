// Shared by the sbom tests: the golden inputs (the demo repository and one fixture per lockfile
// format) and the fixed options the golden files were written with.
#pragma once

#include <string>
#include <vector>

#include "inventory/inventory.h"
#include "sbom/sbom.h"

namespace tocsin::sbom::testing {

inline const std::string kFixtures = TOCSIN_FIXTURES;
inline const std::string kSbomFixtures = kFixtures + "/sbom";
inline const std::string kRepo = std::string(TOCSIN_FIXTURES) + "/../..";

struct GoldenInput {
  std::string name;  // golden file stem: tests/fixtures/sbom/golden/<name>.cdx.json / .spdx.json
  std::string dir;   // build_inventory(dir, files)
  std::vector<inventory::LockfileArg> files;
};

inline std::vector<GoldenInput> golden_inputs() {
  const std::string lock = kFixtures + "/lockfile";
  return {
      {"demo-repo", kRepo + "/examples/demo-repo", {}},
      {"cargo-lock", lock + "/cargo", {{"Cargo.lock", "v3-sources.lock"}}},
      {"package-lock", lock + "/npm", {{"package-lock.json", "handwritten-flags-v3.package-lock.json"}}},
      {"pnpm-lock", lock + "/pnpm", {{"pnpm-lock.yaml", "v9.0-peers-workspace.yaml"}}},
      {"yarn-lock", lock + "/yarn", {{"yarn.lock", "generated-v1.yarn.lock"}}},
      {"requirements-txt", lock + "/python/written", {{"requirements.txt", "requirements.txt"}}},
      {"poetry-lock", lock + "/python/written", {{"poetry.lock", "poetry.lock"}}},
      {"uv-lock", lock + "/python/written", {{"uv.lock", "uv.lock"}}},
      {"pipfile-lock", lock + "/python/written", {{"Pipfile.lock", "Pipfile.lock"}}},
  };
}

inline Options golden_options(Format format) {
  Options options;
  options.format = format;
  options.timestamp = 1793872800;  // 2026-11-05T10:00:00Z
  options.tool_version = "0.1.0";  // fixed, so a version bump does not rewrite the goldens
  return options;
}

}  // namespace tocsin::sbom::testing
