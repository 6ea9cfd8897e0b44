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
FileOutcome scan_file(const std::string& path, const std::string& display, const ScanOptions& options,
                      const ExtraScan& extra);
// (path to open, path to show) pairs, in order; findings in the same order.
std::vector<Finding> scan_paths(const std::vector<std::pair<std::string, std::string>>& files,
                                const ScanOptions& options, TreeStats* stats, const ExtraScan& extra);
std::vector<std::pair<std::string, std::string>> list_files(const std::string& root, bool skip_build_dirs,
                                                            TreeStats* stats);

}  // namespace tocsin::secrets
