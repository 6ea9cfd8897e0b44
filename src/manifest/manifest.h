// Manifests: the files that say which dependencies a project declares and how (normal, dev,
// build, optional, peer). Lockfiles say what was resolved; manifests decide the release path.
//
//   Cargo.toml      [package], [workspace] members/exclude (globs), [dependencies],
//                   [dev-dependencies], [build-dependencies], [target.'cfg(..)'.*dependencies],
//                   renamed deps (package = "…"), `workspace = true` inheritance from
//                   [workspace.dependencies].
//   package.json    name, version, dependencies / devDependencies / peerDependencies /
//                   optionalDependencies, workspaces (array or {packages: […]}).
//   pyproject.toml  [project] name/version/dependencies/optional-dependencies,
//                   [build-system] requires, [tool.poetry] dependencies and groups,
//                   [dependency-groups] (PEP 735).
//
// Readers throw tocsin::Error(path, line, column, …) on malformed input.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/ecosystem.h"
#include "lockfile/lockfile.h"

namespace tocsin::manifest {

struct Dependency {
  std::string name;         // registry name (after `package = "…"` renames / npm: aliases)
  std::string key;          // the name as written in the manifest (rename / alias key)
  std::string requirement;  // version requirement as written ("^1.2", ">=2,<3", "workspace:*")
  lockfile::DepKind kind = lockfile::DepKind::Normal;
  std::string target;      // Cargo cfg(...) target, or PEP 508 marker; empty when unconditional
  std::string group;       // optional-dependency group / extra / poetry group; empty otherwise
  bool optional = false;   // Cargo optional = true, an extra, npm optionalDependencies
  bool workspace = false;  // Cargo `workspace = true` (requirement taken from the workspace)
  std::string path;        // path dependency, when declared
  int line = 0;
};

struct Manifest {
  std::string path;
  Ecosystem ecosystem = Ecosystem::Npm;
  std::string name;  // may be empty (virtual workspace root, private package without name)
  std::string version;
  // Workspace members as written (globs allowed) and exclusions; empty when not a workspace root.
  std::vector<std::string> workspace_members;
  std::vector<std::string> workspace_exclude;
  std::vector<Dependency> dependencies;
};

Manifest read_cargo_toml(const std::string& path, std::string_view content);
Manifest read_package_json(const std::string& path, std::string_view content);
Manifest read_pyproject_toml(const std::string& path, std::string_view content);

// Dispatch on the file name ("Cargo.toml", "package.json", "pyproject.toml"); reads the file.
// Returns false (and leaves `out` alone) when the name is not a manifest tocsin reads.
bool read_manifest(const std::string& path, Manifest& out);

}  // namespace tocsin::manifest
