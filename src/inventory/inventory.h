// The inventory of a repository: every lockfile and manifest found, combined into one
// dependency graph with roots, and the release-path verdict of every package.
//
// Pipeline: discover(dir) -> read lockfiles + manifests -> attach manifests to lockfile roots
// (dev/build kinds, synthetic roots for formats without them) -> graph queries (paths, verdict).
//
// A package is on the release path when some root reaches it through edges that are neither
// Dev nor Build (Optional and Peer edges count as shipped). A package no root reaches at all
// (a lockfile without manifest information) is conservatively on the release path.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "lockfile/lockfile.h"
#include "manifest/manifest.h"

namespace tocsin::inventory {

// A lockfile named explicitly (`--lockfile [TYPE:]FILE`); type empty = by file name.
struct LockfileArg {
  std::string type;
  std::string path;
};

struct PackageRef {
  std::size_t lockfile = 0;  // index into Inventory::lockfiles
  std::size_t package = 0;   // index into that lockfile's packages
  auto operator<=>(const PackageRef&) const = default;
};

struct Inventory {
  std::string root_dir;                       // the scanned directory ("" for explicit files)
  std::vector<lockfile::Lockfile> lockfiles;  // Lockfile::path relative to root_dir
  std::vector<manifest::Manifest> manifests;  // Manifest::path relative to root_dir
  // Per lockfile, per package: true when on the release path (see above).
  std::vector<std::vector<bool>> release_path;
  // Per lockfile, per package: true when no root reaches it (verdict is then conservative).
  std::vector<std::vector<bool>> unreached;
  // Per lockfile, per package: the packages with an edge to it (sorted, unique). Built once
  // with the release path, so that paths_to costs no graph rebuild per call.
  std::vector<std::vector<std::vector<std::uint32_t>>> dependents;
  // Every warning (Severity::Warning diagnostics), in order: discovery (codes not-a-regular-file,
  // unreadable-directory, no-lockfile), then each lockfile's own (Lockfile::warnings, paths
  // relative to root_dir; codes in lockfile/lockfile.h), then requirements includes that were
  // not followed (include-not-followed, constraints-file). Callers print them with
  // format_diagnostic(); none stops the inventory.
  std::vector<Diagnostic> warnings;
  // Directories (relative) that could not be listed: their lockfiles are missing. A gate
  // treats this as an error unless told to accept it (`--skip-unreadable`).
  std::vector<std::string> unreadable;

  const lockfile::Package& package(PackageRef ref) const { return lockfiles[ref.lockfile].packages[ref.package]; }
  bool on_release_path(PackageRef ref) const { return release_path[ref.lockfile][ref.package]; }
};

// Files discovered under a directory, relative paths, sorted. Skips .git, node_modules,
// target, virtualenvs (.venv, venv, any dir holding pyvenv.cfg), __pycache__, .tox, dist-newstyle.
// Only regular files are taken; others named like a lockfile or manifest (a FIFO would block
// the read) are skipped with a warning. Directories that cannot be listed are in `unreadable`,
// with a warning each.
struct Discovery {
  std::vector<std::string> lockfiles;
  std::vector<std::string> manifests;
  std::vector<std::string> unreadable;
  std::vector<Diagnostic> warnings;
};
Discovery discover(const std::string& dir);
// The directory-skip rule of discover(), shared with `tocsin secrets scan`.
bool is_skipped_directory(const std::filesystem::path& dir);

// Builds the inventory of `dir` (discovery), or of `explicit_files` alone when not empty
// (relative to `dir` when `dir` is not empty). Throws Error on any malformed file, and on an
// explicit file that is not a regular file (a directory given as --lockfile).
// A requirements file's `-r FILE` includes are read as lockfiles of their own (each attributed
// to its file), to kMaxRequirementsIncludeDepth levels, when they stay inside the scanned
// directory (or, for explicit files outside it, the including file's directory); others are
// warnings. `-c` constraints files install nothing and are only mentioned in a warning.
inline constexpr int kMaxRequirementsIncludeDepth = 8;
Inventory build_inventory(const std::string& dir, const std::vector<LockfileArg>& explicit_files = {});

// Every path from a root to `target`, each a list of refs root-first, shortest first, at most
// `max_paths` of them. Empty when no root reaches it.
std::vector<std::vector<PackageRef>> paths_to(const Inventory& inventory, PackageRef target,
                                              std::size_t max_paths = 64);

// paths_to plus what was not shown: `total` is the exact number of paths from a root (cycle-free
// paths of the graph of `target`'s ancestors, counted without enumerating them, saturating at
// UINT64_MAX) when that graph has no cycle, else nullopt. Paths come shortest first; when the
// breadth-first search runs out of its expansion budget (millions of equal-length paths), a
// depth-first pass adds paths until `max_paths`; `budget_exhausted` says both ran out before
// `max_paths` paths were found (so more may exist than shown, even with fewer than max_paths).
struct PathSearch {
  std::vector<std::vector<PackageRef>> paths;
  std::optional<std::uint64_t> total;
  bool budget_exhausted = false;
};
PathSearch search_paths(const Inventory& inventory, PackageRef target, std::size_t max_paths = 64);

// Packages matching `name` (and `version` when not empty) across all lockfiles.
std::vector<PackageRef> find_packages(const Inventory& inventory, const std::string& name,
                                      const std::string& version = "");

}  // namespace tocsin::inventory
