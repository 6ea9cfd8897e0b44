// Whole-file reads and writes for tests.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace tocsin::testing {

// The bytes of `path`; throws std::runtime_error when it cannot be opened, so a test that reads
// a file that was never written fails loudly instead of comparing against "".
std::string slurp(const std::filesystem::path& path);

// Writes `bytes` to `path` (replacing it), creating missing parent directories.
void spit(const std::filesystem::path& path, std::string_view bytes);

}  // namespace tocsin::testing
