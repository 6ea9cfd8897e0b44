#include "support/shared.h"

#include <cstdlib>
#include <filesystem>

namespace tocsin::testing {

const std::string& shared_dir() {
  static const std::string dir = TOCSIN_SHARED;
  return dir;
}

bool shared_required() { return std::getenv("TOCSIN_REQUIRE_SHARED") != nullptr; }

std::string first_missing(std::initializer_list<std::string> paths) {
  for (const std::string& path : paths)
    if (!std::filesystem::exists(path)) return path;
  return "";
}

}  // namespace tocsin::testing
