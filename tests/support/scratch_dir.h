// A fresh temporary directory for one test, removed with everything in it when the object dies.
// Each instance gets its own directory (mkdtemp), so tests running in parallel processes or
// threads never share one; nothing is left behind in /tmp after a test, passed or failed.
#pragma once

#include <string>
#include <string_view>

namespace tocsin::testing {

class ScratchDir {
 public:
  // Creates <temp>/tocsin-<label>-XXXXXX (temp: $TMPDIR or /tmp); throws std::runtime_error on failure.
  explicit ScratchDir(std::string_view label = "test");
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir();

  const std::string& path() const { return path_; }
  // `scratch / "db/advisories.db"`: a path inside the directory (nothing is created).
  std::string operator/(std::string_view name) const;

 private:
  std::string path_;
};

// A directory unique to this test process, ending in '/': a drop-in for ::testing::TempDir() (which
// is the same /tmp/ for every process) in fixtures that name their own subdirectories. Created on
// first use, removed with its contents when the process exits.
const std::string& process_temp_dir();

}  // namespace tocsin::testing
