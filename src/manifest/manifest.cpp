#include "manifest/manifest.h"

#include <filesystem>

#include "core/text.h"

namespace tocsin::manifest {

bool read_manifest(const std::string& path, Manifest& out) {
  std::string filename = std::filesystem::path(path).filename().string();
  Manifest (*reader)(const std::string&, std::string_view) = nullptr;
  if (filename == "Cargo.toml")
    reader = read_cargo_toml;
  else if (filename == "package.json")
    reader = read_package_json;
  else if (filename == "pyproject.toml")
    reader = read_pyproject_toml;
  if (reader == nullptr) return false;
  std::string content = read_file(path);
  out = reader(path, content);
  return true;
}

}  // namespace tocsin::manifest
