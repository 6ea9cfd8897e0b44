// Writing files safely: every file tocsin writes (reports with -o, `vex new`, …) goes through
// write_file_atomic, so that
//   - a planted symbolic link at the destination is never followed (a pull request can add
//     `vex/x.json -> ~/.bashrc`): the destination is refused if it is a symlink, and the data
//     goes to a temporary file created with O_CREAT|O_EXCL|O_NOFOLLOW in the same directory;
//   - every write, fsync and close is checked (a full disk is an error naming the reason,
//     never a silently truncated report), then the temporary file is renamed over the
//     destination, so readers see the old file or the new one, never half of one;
//   - a destination that exists and is not a regular file (a character device such as
//     /dev/stdout or /dev/full, a FIFO) is written in place without O_CREAT, checked likewise:
//     renaming over a device would replace it.
// Errors are tocsin::Error(path, 0, 0, "cannot write …: <strerror>").
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

namespace tocsin {

struct WriteOptions {
  // false: refuse when the destination exists (checked atomically with renameat2 RENAME_NOREPLACE).
  bool replace = true;
  mode_t mode = 0644;  // of a new file (the umask applies)
};

void write_file_atomic(const std::string& path, std::string_view content, const WriteOptions& options = {});

// Removes `<dir>/<prefix><pid>` entries whose process no longer exists (left behind by a killed
// tocsin): files and directories alike. Entries of live processes and of other names are kept.
// Returns how many were removed. Never follows symlinks.
int remove_stale_pid_files(const std::string& dir, std::string_view prefix);

// Shortens `text` for an error message: at most `max` bytes, with "… (N bytes)" when cut, so
// that a 100 KB hostile value is never echoed in full.
std::string truncate_for_message(std::string_view text, std::size_t max = 200);

}  // namespace tocsin
