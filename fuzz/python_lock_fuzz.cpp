// Fuzzes the four Python lockfile readers; the first byte selects which one reads the rest.
// Only tocsin::Error may escape a reader; anything else (crash, hang, other exception) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "lockfile/lockfile.h"
#include "lockfile/python_names.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr std::string_view kTypes[] = {"requirements.txt", "poetry.lock", "uv.lock", "Pipfile.lock"};
  std::string_view type = kTypes[data[0] % 4];
  std::string_view content(reinterpret_cast<const char*>(data + 1), size - 1);
  const tocsin::lockfile::Reader* reader = tocsin::lockfile::reader_for_type(type);
  try {
    tocsin::lockfile::Lockfile lockfile = reader->read(std::string(type), content);
    for (const auto& edge : lockfile.edges)
      if (edge.from >= lockfile.packages.size() || edge.to >= lockfile.packages.size()) __builtin_trap();
  } catch (const tocsin::Error&) {
  }
  if (type == "requirements.txt") (void)tocsin::lockfile::requirements_txt_includes("dir/requirements.txt", content);
  return 0;
}
