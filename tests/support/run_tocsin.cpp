#include "support/run_tocsin.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <stdexcept>

namespace tocsin::testing {
namespace {

// A file holding one call's stdin, unique to the call and removed when it goes out of scope.
class StdinFile {
 public:
  explicit StdinFile(const std::string& bytes) {
    std::string pattern = ::testing::TempDir() + "tocsin-stdin-XXXXXX";
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw std::runtime_error("mkstemp failed for " + pattern);
    path_ = pattern;
    for (std::size_t written = 0; written < bytes.size();) {
      const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
      if (n <= 0) {
        ::close(fd);
        ::unlink(path_.c_str());
        throw std::runtime_error("cannot write " + path_);
      }
      written += static_cast<std::size_t>(n);
    }
    ::close(fd);
  }
  StdinFile(const StdinFile&) = delete;
  StdinFile& operator=(const StdinFile&) = delete;
  ~StdinFile() { ::unlink(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

TocsinRun run_shell(const std::string& command_line, const std::string& input, bool with_stderr) {
  std::string command = command_line + (with_stderr ? " 2>&1" : " 2>/dev/null");
  std::optional<StdinFile> stdin_file;
  if (!input.empty()) {
    stdin_file.emplace(input);
    command += " < " + stdin_file->path();
  }
  TocsinRun result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) result.out.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace tocsin::testing
