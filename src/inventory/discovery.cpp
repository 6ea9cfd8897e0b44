// Finding lockfiles and manifests under a directory without descending into what a package
// manager or a build produced (node_modules, target, virtualenvs): those hold installed copies,
// not the project's declarations, and can be huge.
//
// Hostile trees are normal: symlinks are never followed (they could loop or leave the
// repository), only regular files are taken (a FIFO named package-lock.json would block the
// read forever; it is skipped with a warning), and a directory that cannot be listed is
// reported (Discovery::unreadable) instead of silently leaving its lockfiles out.
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

namespace {

const char* kind_of(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory: return "a directory";
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::block:
    case fs::file_type::character: return "a device";
    default: return "a special file";
  }
}

}  // namespace

Discovery discover(const std::string& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) throw Error(dir, 0, 0, "not a directory");
  Discovery found;
  // Depth-first with an explicit stack, so that every directory that cannot be listed is seen
  // (recursive_directory_iterator either stops at the first or skips them silently). Each
  // directory carries its path relative to `dir`, built from the names listed: no link is
  // followed, so that is what fs::relative would give, without its realpath() of both sides
  // for every entry (a thousand failed readlink calls on Springtale).
  struct Pending {
    fs::path path;
    std::string relative;  // "." for `dir` itself
  };
  std::vector<Pending> pending = {{fs::path(dir), "."}};
  while (!pending.empty()) {
    Pending next = std::move(pending.back());
    pending.pop_back();
    const fs::path& current = next.path;
    const std::string& current_relative = next.relative;
    fs::directory_iterator it(current, error);
    if (error) {
      found.unreadable.push_back(current_relative);
      found.warnings.push_back(
          lockfile::warning_at(current_relative, 0, 0, "unreadable-directory",
                               "cannot list this directory (" + error.message() + "): lockfiles in it are not read",
                               "fix its permissions, or pass --skip-unreadable to accept that"));
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(error)) {
      const fs::directory_entry& entry = *it;
      fs::file_status status = entry.symlink_status(error);
      if (error) continue;
      std::string name = entry.path().filename().string();
      if (fs::is_symlink(status)) continue;  // package managers' own links point at dirs we visit anyway
      std::string relative = current_relative == "." ? name : current_relative + "/" + name;
      if (fs::is_directory(status)) {
        if (!is_skipped_directory(entry.path())) pending.push_back({entry.path(), std::move(relative)});
        continue;
      }
      bool lockfile_name = lockfile::reader_for_filename(name) != nullptr;
      if (!lockfile_name && !is_manifest_name(name)) continue;
      if (!fs::is_regular_file(status)) {
        found.warnings.push_back(lockfile::warning_at(relative, 0, 0, "not-a-regular-file",
                                                      std::string("skipped: named like a ") +
                                                          (lockfile_name ? "lockfile" : "manifest") + " but is " +
                                                          kind_of(status.type()) + ", not a regular file"));
        continue;
      }
      (lockfile_name ? found.lockfiles : found.manifests).push_back(relative);
    }
    if (error) {  // an error while listing: what was listed is kept, the rest is reported
      found.unreadable.push_back(current_relative);
      found.warnings.push_back(lockfile::warning_at(
          current_relative, 0, 0, "unreadable-directory",
          "listing this directory failed (" + error.message() + "): lockfiles in what was not listed are not read",
          "fix its permissions, or pass --skip-unreadable to accept that"));
      error.clear();
    }
  }
  std::sort(found.lockfiles.begin(), found.lockfiles.end());
  std::sort(found.manifests.begin(), found.manifests.end());
  std::sort(found.unreadable.begin(), found.unreadable.end());
  return found;
}

}  // namespace tocsin::inventory
