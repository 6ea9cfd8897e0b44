// Finding lockfiles and manifests under a directory without descending into what a package
// manager or a build produced (node_modules, target, virtualenvs): those hold installed copies,
// not the project's declarations, and can be huge.
#include <algorithm>
#include <filesystem>
#include <system_error>

#include "core/error.h"
#include "inventory/inventory.h"

namespace tocsin::inventory {
namespace {

namespace fs = std::filesystem;

bool is_manifest_name(const std::string& name) {
  return name == "Cargo.toml" || name == "package.json" || name == "pyproject.toml";
}

}  // namespace

bool is_skipped_directory(const fs::path& dir) {
  static const char* const kSkipped[] = {".git",        ".hg",         ".svn",        "node_modules",  "target",
                                         ".venv",       "venv",        "__pycache__", ".tox",          ".nox",
                                         ".mypy_cache", ".pnpm-store", ".yarn",       "dist-newstyle", ".cache"};
  std::string name = dir.filename().string();
  for (const char* skipped : kSkipped)
    if (name == skipped) return true;
  std::error_code ignored;
  return fs::exists(dir / "pyvenv.cfg", ignored);  // any virtualenv, whatever its name
}

Discovery discover(const std::string& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) throw Error(dir, 0, 0, "not a directory");
  Discovery found;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, error);
  if (error) throw Error(dir, 0, 0, "cannot list directory: " + error.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (error) throw Error(it->path().string(), 0, 0, "cannot list directory: " + error.message());
    const fs::directory_entry& entry = *it;
    if (entry.is_symlink(error)) {
      // Symlinks could loop or leave the repository; the package managers' own links
      // (pnpm, workspaces) point at directories we visit anyway.
      continue;
    }
    if (entry.is_directory(error)) {
      if (is_skipped_directory(entry.path())) it.disable_recursion_pending();
      continue;
    }
    std::string name = entry.path().filename().string();
    std::string relative = fs::relative(entry.path(), dir, error).generic_string();
    if (lockfile::reader_for_filename(name) != nullptr)
      found.lockfiles.push_back(relative);
    else if (is_manifest_name(name))
      found.manifests.push_back(relative);
  }
  std::sort(found.lockfiles.begin(), found.lockfiles.end());
  std::sort(found.manifests.begin(), found.manifests.end());
  return found;
}

}  // namespace tocsin::inventory
