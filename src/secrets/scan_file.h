// Reading one file safely and scanning a list of files on several threads; shared by the tree
// and log scans. Internal to the secrets module.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "secrets/secrets.h"

namespace tocsin::secrets {

enum class FileStatus { Scanned, Binary, Large, Special, Unreadable };
struct FileOutcome {
  FileStatus status = FileStatus::Scanned;
  std::uint64_t bytes = 0;
  std::string reason;
  std::vector<Finding> findings;
};

// `extra`, when set, runs on the file's text after the detectors (the log scan's decoding).
using ExtraScan = std::function<void(std::string_view text, const std::string& display, std::vector<Finding>&)>;
// A file to scan. It is opened with openat(directory, name): one path component for the kernel
// to resolve instead of the whole path (a tenth of a tree scan's CPU time went to walking the
// same directories again for every file). `directory` is AT_FDCWD, and `name` the whole path,
// when the listing kept no descriptor for the file's directory.
struct ListedFile {
  int directory = -100;  // AT_FDCWD
  std::string name;
  std::string display;  // the path shown in findings and warnings
};

// The listed files, in display order, and the directory descriptors they are opened from
// (owned: closed with the list).
class FileList {
 public:
  FileList() = default;
  FileList(const FileList&) = delete;
  FileList& operator=(const FileList&) = delete;
  FileList(FileList&& other) noexcept;
  FileList& operator=(FileList&&) = delete;
  ~FileList();

  std::vector<ListedFile> files;
  std::vector<int> directories;
};

// `extra`, when set, runs on the file's text after the detectors (the log scan's decoding).
using ExtraScan = std::function<void(std::string_view text, const std::string& display, std::vector<Finding>&)>;
FileOutcome scan_file(const ListedFile& file, const ScanOptions& options, const ExtraScan& extra);
// Scans every file of the list on options.jobs threads; findings in the list's order.
std::vector<Finding> scan_paths(const FileList& list, const ScanOptions& options, TreeStats* stats,
                                const ExtraScan& extra);
// The regular files below `root` (or `root` itself when it is a file), sorted by display path.
FileList list_files(const std::string& root, bool skip_build_dirs, TreeStats* stats);

}  // namespace tocsin::secrets
