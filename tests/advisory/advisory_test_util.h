// Helpers shared by the advisory tests: zip archives built on the fly (scratch directories and
// whole-file reads and writes come from tests/support/).
#pragma once

#include <zip.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include "support/files.h"
#include "support/scratch_dir.h"

namespace tocsin::advisory::testing {

inline const std::string kFixtures = std::string(TOCSIN_FIXTURES) + "/advisory";

using tocsin::testing::ScratchDir;
using tocsin::testing::slurp;
using tocsin::testing::spit;

// Writes a zip archive whose entries are `files` (entry name -> bytes).
inline void write_zip(const std::string& path, const std::map<std::string, std::string>& files) {
  int code = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (archive == nullptr) throw std::runtime_error("zip_open failed");
  for (const auto& [name, bytes] : files) {
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    if (source == nullptr || zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE) < 0)
      throw std::runtime_error("zip_file_add failed");
  }
  if (zip_close(archive) != 0) throw std::runtime_error("zip_close failed");
}

}  // namespace tocsin::advisory::testing
