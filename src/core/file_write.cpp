#include "core/file_write.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include "core/error.h"

namespace tocsin {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what, int error) {
  throw Error(path, 0, 0, what + ": " + std::strerror(error));
}

// Writes everything, retrying on EINTR and short writes. Returns 0 or errno.
int write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
  return 0;
}

void write_in_place(const std::string& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) fail(path, "cannot write", errno);
  int error = write_all(fd, content);
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error != 0) fail(path, "cannot write", error);
}

std::string temporary_name(const std::filesystem::path& target) {
  std::random_device random;
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, ".tmp-%ld-%08x", static_cast<long>(::getpid()), random());
  return (target.parent_path() / ("." + target.filename().string() + suffix)).string();
}

}  // namespace

void write_file_atomic(const std::string& path, std::string_view content, const WriteOptions& options) {
  struct stat existing {};
  if (::lstat(path.c_str(), &existing) == 0) {
    if (S_ISLNK(existing.st_mode))
      throw Error(path, 0, 0, "refusing to write through a symbolic link (remove it first)");
    if (!options.replace) throw Error(path, 0, 0, "already exists");
    if (S_ISDIR(existing.st_mode)) throw Error(path, 0, 0, "cannot write: is a directory");
    if (!S_ISREG(existing.st_mode)) return write_in_place(path, content);
  } else if (errno != ENOENT) {
    fail(path, "cannot write", errno);
  }
  const std::filesystem::path target(path);
  const std::string temporary = temporary_name(target);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, options.mode);
  if (fd < 0) fail(path, "cannot write", errno);
  int error = write_all(fd, content);
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0) {
    // rename() replaces a symlink planted meanwhile rather than following it; RENAME_NOREPLACE
    // makes "do not overwrite" atomic.
    const int renamed = options.replace
                            ? ::rename(temporary.c_str(), path.c_str())
                            : ::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE);
    if (renamed != 0) error = errno;
  }
  if (error != 0) {
    ::unlink(temporary.c_str());
    if (error == EEXIST) throw Error(path, 0, 0, "already exists");
    fail(path, "cannot write", error);
  }
  const std::string directory = target.has_parent_path() ? target.parent_path().string() : ".";
  if (const int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir_fd >= 0) {
    ::fsync(dir_fd);  // best effort: the data itself is already on disk
    ::close(dir_fd);
  }
}

int remove_stale_pid_files(const std::string& dir, std::string_view prefix) {
  int removed = 0;
  DIR* listing = ::opendir(dir.c_str());
  if (!listing) return 0;
  std::vector<std::string> stale;
  while (const dirent* entry = ::readdir(listing)) {
    const std::string_view name(entry->d_name);
    if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) continue;
    const std::string_view digits = name.substr(prefix.size());
    if (digits.find_first_not_of("0123456789") != std::string_view::npos || digits.size() > 9) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(std::string(digits)));
    if (pid == ::getpid() || pid <= 0) continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // alive (or not ours to signal): keep
    stale.emplace_back(name);
  }
  ::closedir(listing);
  for (const std::string& name : stale) {
    std::error_code error;
    // remove_all does not follow symlinks; it removes the link itself.
    if (std::filesystem::remove_all(std::filesystem::path(dir) / name, error) > 0 && !error) ++removed;
  }
  return removed;
}

std::string truncate_for_message(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
  return std::string(text.substr(0, cut)) + "… (" + std::to_string(text.size()) + " bytes)";
}

}  // namespace tocsin
