// Tree scan: list the regular files (no symlink followed, no FIFO/device opened, the build and
// vendor directories of `tocsin deps` skipped), then scan them on `jobs` threads. Each file is
// opened O_NOFOLLOW|O_NONBLOCK relative to its directory's descriptor and checked with fstat (the
// entry may have been swapped for a FIFO since listing), mapped with mmap when large, skipped
// when binary or too big.
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

#include "core/error.h"
#include "inventory/inventory.h"
#include "secrets/detector.h"
#include "secrets/scan_file.h"

namespace tocsin::secrets {
namespace fs = std::filesystem;
namespace {

constexpr std::uint64_t kReadLimit = 1u << 20;  // smaller files are read, larger ones mapped

// This thread's read buffer, reused from file to file: no allocation or zero-fill per file.
char* read_buffer(std::size_t size) {
  thread_local std::unique_ptr<char[]> buffer;
  thread_local std::size_t capacity = 0;
  if (capacity < size) {
    capacity = std::max<std::size_t>(size, kReadLimit);  // once: each regrowth faults fresh pages in
    buffer = std::make_unique_for_overwrite<char[]>(capacity);
  }
  return buffer.get();
}

}  // namespace

static_assert(AT_FDCWD == -100, "ListedFile's default directory is AT_FDCWD");

FileList::FileList(FileList&& other) noexcept
    : files(std::move(other.files)), directories(std::exchange(other.directories, {})) {}

FileList::~FileList() {
  for (const int fd : directories) ::close(fd);
}

FileOutcome scan_file(const ListedFile& file, const ScanOptions& options, const ExtraScan& extra) {
  FileOutcome outcome;
  const int fd = ::openat(file.directory, file.name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    outcome.status = errno == ELOOP ? FileStatus::Special : FileStatus::Unreadable;
    outcome.reason = std::strerror(errno);
    return outcome;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    outcome.status = FileStatus::Unreadable;
    outcome.reason = std::strerror(errno);
    return outcome;
  }
  if (!S_ISREG(info.st_mode)) {
    outcome.status = FileStatus::Special;
    return outcome;
  }
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size > options.max_file_size) {
    outcome.status = FileStatus::Large;
    return outcome;
  }
  if (size == 0) {
    outcome.status = FileStatus::Scanned;
    return outcome;
  }
  void* mapped = MAP_FAILED;
  std::string_view text;
  if (size < kReadLimit) {
    // One pread into this thread's buffer; the first 8 KiB then decide binary-ness.
    char* buffer = read_buffer(size);
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = ::pread(fd, buffer + done, size - done, static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        outcome.status = FileStatus::Unreadable;
        outcome.reason = std::strerror(errno);
        return outcome;
      }
      if (n == 0) break;  // a file that shrank while read: scan what is there
      done += static_cast<std::size_t>(n);
    }
    text = std::string_view(buffer, done);
    if (looks_binary(text)) {
      outcome.status = FileStatus::Binary;
      return outcome;
    }
  } else {
    // Large: the first 8 KiB decide binary-ness before anything is mapped (a sparse file of
    // zeros is rejected after one small read).
    char head[8192];
    const ssize_t got = ::pread(fd, head, sizeof head, 0);
    if (got < 0) {
      outcome.status = FileStatus::Unreadable;
      outcome.reason = std::strerror(errno);
      return outcome;
    }
    if (looks_binary(std::string_view(head, static_cast<std::size_t>(got)))) {
      outcome.status = FileStatus::Binary;
      return outcome;
    }
    mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapped == MAP_FAILED) {
      outcome.status = FileStatus::Unreadable;
      outcome.reason = std::string("mmap: ") + std::strerror(errno);
      return outcome;
    }
    ::madvise(mapped, size, MADV_SEQUENTIAL);
    text = std::string_view(static_cast<const char*>(mapped), size);
  }
  try {
    outcome.findings = scan_text(text, file.display, options.now);
    if (extra) extra(text, file.display, outcome.findings);
  } catch (...) {
    if (mapped != MAP_FAILED) ::munmap(mapped, size);
    throw;
  }
  if (mapped != MAP_FAILED) ::munmap(mapped, size);
  outcome.bytes = text.size();
  outcome.status = FileStatus::Scanned;
  return outcome;
}

std::vector<Finding> scan_paths(const FileList& list, const ScanOptions& options, TreeStats* stats,
                                const ExtraScan& extra) {
  const std::vector<ListedFile>& files = list.files;
  std::vector<FileOutcome> outcomes(files.size());
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < files.size();) {
      try {
        outcomes[i] = scan_file(files[i], options, extra);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = files.size();
      }
    }
  };
  unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, files.size()));
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);

  TreeStats local;
  std::vector<Finding> findings;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    FileOutcome& outcome = outcomes[i];
    switch (outcome.status) {
      case FileStatus::Scanned:
        ++local.files;
        local.bytes += outcome.bytes;
        break;
      case FileStatus::Binary: ++local.skipped_binary; break;
      case FileStatus::Large: ++local.skipped_large; break;
      case FileStatus::Special: ++local.skipped_special; break;
      case FileStatus::Unreadable:
        local.warnings.push_back(files[i].display + ": cannot read: " + outcome.reason);
        break;
    }
    for (Finding& finding : outcome.findings) findings.push_back(std::move(finding));
  }
  if (stats) {
    stats->files += local.files;
    stats->bytes += local.bytes;
    stats->skipped_binary += local.skipped_binary;
    stats->skipped_large += local.skipped_large;
    stats->skipped_special += local.skipped_special;
    stats->warnings.insert(stats->warnings.end(), local.warnings.begin(), local.warnings.end());
  }
  return findings;
}

namespace {

// Directories whose descriptor the list keeps for openat (the rest are opened by whole path):
// far below the usual limit of 1,024 open files, with room for the walk's own descriptors.
constexpr std::size_t kKeptDirectories = 512;

// Depth first with openat/fdopendir: readdir's d_type tells files, directories and symlinks apart
// without a stat per entry (std::filesystem's iterator cost ~10 µs a file). `fd` is an open
// directory, owned (closed) here; O_NOFOLLOW on every openat, so a symlink is never entered.
void list_directory(int fd, const std::string& path, const std::string& relative, bool skip_build_dirs,
                    TreeStats* stats, FileList& list) {
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    ::close(fd);
    if (stats) stats->warnings.push_back(path + ": cannot list: " + std::strerror(errno));
    return;
  }
  struct Closer {
    DIR* dir;
    ~Closer() { ::closedir(dir); }
  } closer{dir};
  int kept = -1;  // this directory's descriptor in list.directories, once a file needs it
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    unsigned char type = entry->d_type;
    if (type == DT_UNKNOWN) {  // some file systems do not fill d_type
      struct stat info {};
      if (::fstatat(::dirfd(dir), entry->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0) continue;
      type = S_ISDIR(info.st_mode) ? DT_DIR : S_ISREG(info.st_mode) ? DT_REG : DT_LNK;
    }
    std::string child_relative = relative.empty() ? std::string(name) : relative + "/" + std::string(name);
    if (type == DT_REG) {
      if (kept < 0 && list.directories.size() < kKeptDirectories) {
        kept = ::fcntl(::dirfd(dir), F_DUPFD_CLOEXEC, 0);
        if (kept >= 0) list.directories.push_back(kept);
      }
      if (kept >= 0) {
        list.files.push_back({kept, std::string(name), std::move(child_relative)});
      } else {
        list.files.push_back({AT_FDCWD, path + "/" + std::string(name), std::move(child_relative)});
      }
    } else if (type == DT_DIR) {
      std::string child = path + "/" + std::string(name);
      if (skip_build_dirs && inventory::is_skipped_directory(fs::path(child))) continue;
      const int sub = ::openat(::dirfd(dir), entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0) {
        if (errno != ELOOP && stats) stats->warnings.push_back(child + ": cannot list: " + std::strerror(errno));
        if (errno == ELOOP && stats) ++stats->skipped_special;  // swapped for a symlink since readdir
        continue;
      }
      list_directory(sub, child, child_relative, skip_build_dirs, stats, list);
    } else if (stats) {
      ++stats->skipped_special;  // symlinks, FIFOs, sockets, devices
    }
  }
}

}  // namespace

FileList list_files(const std::string& root, bool skip_build_dirs, TreeStats* stats) {
  std::error_code error;
  const fs::file_status status = fs::symlink_status(root, error);
  if (error || !fs::exists(status)) throw Error(root, 0, 0, "no such file or directory");
  FileList list;
  if (fs::is_regular_file(status)) {
    list.files.push_back({AT_FDCWD, root, root});
    return list;
  }
  if (!fs::is_directory(status))
    throw Error(root, 0, 0, "not a regular file or directory (symlinks, FIFOs and devices are never read)");
  const int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) throw Error(root, 0, 0, std::string("cannot list directory: ") + std::strerror(errno));
  std::string base = root;
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  list_directory(fd, base, "", skip_build_dirs, stats, list);
  std::sort(list.files.begin(), list.files.end(),
            [](const ListedFile& a, const ListedFile& b) { return a.display < b.display; });
  return list;
}

std::vector<Finding> scan_tree(const std::string& root, const ScanOptions& options, TreeStats* stats,
                               bool skip_build_dirs) {
  return scan_paths(list_files(root, skip_build_dirs, stats), options, stats, nullptr);
}

}  // namespace tocsin::secrets
