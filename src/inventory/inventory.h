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

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

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
  bool operator==(const PackageRef&) const = default;
};

struct Inventory {
  std::string root_dir;                       // the scanned directory ("" for explicit files)
  std::vector<lockfile::Lockfile> lockfiles;  // Lockfile::path relative to root_dir
  std::vector<manifest::Manifest> manifests;  // Manifest::path relative to root_dir
  // Per lockfile, per package: true when on the release path (see above).
  std::vector<std::vector<bool>> release_path;
  // Per lockfile, per package: true when no root reaches it (verdict is then conservative).
  std::vector<std::vector<bool>> unreached;

  const lockfile::Package& package(PackageRef ref) const { return lockfiles[ref.lockfile].packages[ref.package]; }
  bool on_release_path(PackageRef ref) const { return release_path[ref.lockfile][ref.package]; }
};

// Files discovered under a directory, relative paths, sorted. Skips .git, node_modules,
// target, virtualenvs (.venv, venv, any dir holding pyvenv.cfg), __pycache__, .tox, dist-newstyle.
struct Discovery {
  std::vector<std::string> lockfiles;
  std::vector<std::string> manifests;
};
Discovery discover(const std::string& dir);
// The directory-skip rule of discover(), shared with `tocsin secrets scan`.
bool is_skipped_directory(const std::filesystem::path& dir);

// Builds the inventory of `dir` (discovery), or of `explicit_files` alone when not empty
// (relative to `dir` when `dir` is not empty). Throws Error on any malformed file.
Inventory build_inventory(const std::string& dir, const std::vector<LockfileArg>& explicit_files = {});

// Every path from a root to `target`, each a list of refs root-first, shortest first, at most
// `max_paths` of them. Empty when no root reaches it.
std::vector<std::vector<PackageRef>> paths_to(const Inventory& inventory, PackageRef target,
                                              std::size_t max_paths = 64);

// Packages matching `name` (and `version` when not empty) across all lockfiles.
std::vector<PackageRef> find_packages(const Inventory& inventory, const std::string& name,
                                      const std::string& version = "");

}  // namespace tocsin::inventory
