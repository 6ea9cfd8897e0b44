// The dashboard's static files (src/serve/assets/), compiled into the binary by CMake
// (src/serve/embed_assets.cmake writes serve_assets.cpp into the build directory): the server
// never reads a file from disk to answer a request, so no path can lead outside this table.
#pragma once

#include <cstddef>
#include <string_view>

namespace tocsin::serve {

struct Asset {
  const char* name;  // the file name under src/serve/assets/, e.g. "app.js"
  const unsigned char* data;
  std::size_t size;
};

extern const Asset kAssets[];
extern const std::size_t kAssetCount;

// The asset named exactly `name`, or nullptr.
const Asset* find_asset(std::string_view name);
// text/html, text/css, text/javascript, image/png, … by extension.
std::string_view asset_type(std::string_view name);

}  // namespace tocsin::serve
