#include "support/scratch_dir.h"

#include <unistd.h>

#include <filesystem>
#include <stdexcept>

namespace tocsin::testing {

ScratchDir::ScratchDir(std::string_view label) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / ("tocsin-" + std::string(label) + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;  // a destructor must not throw; a leftover directory is only litter
  std::filesystem::remove_all(path_, ignored);
}

std::string ScratchDir::operator/(std::string_view name) const {
  return (std::filesystem::path(path_) / name).string();
}

const std::string& process_temp_dir() {
  // Only the process that made it removes it: a forked child that exits must not take it away.
  struct Owned {
    pid_t owner = ::getpid();
    std::string path;
    Owned() {
      std::string pattern = (std::filesystem::temp_directory_path() / "tocsin-process-XXXXXX").string();
      if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
      path = pattern + "/";
    }
    ~Owned() {
      std::error_code ignored;
      if (::getpid() == owner) std::filesystem::remove_all(path, ignored);
    }
  };
  static const Owned dir;
  return dir.path;
}

}  // namespace tocsin::testing
