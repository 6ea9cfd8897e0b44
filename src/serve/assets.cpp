// Looking up the compiled-in assets (the table itself is generated: see assets.h).
#include "serve/assets.h"

#include "core/text.h"

namespace tocsin::serve {

const Asset* find_asset(std::string_view name) {
  for (std::size_t i = 0; i < kAssetCount; ++i)
    if (name == kAssets[i].name) return &kAssets[i];
  return nullptr;
}

std::string_view asset_type(std::string_view name) {
  if (ends_with(name, ".html")) return "text/html; charset=utf-8";
  if (ends_with(name, ".css")) return "text/css; charset=utf-8";
  if (ends_with(name, ".js")) return "text/javascript; charset=utf-8";
  if (ends_with(name, ".svg")) return "image/svg+xml";
  if (ends_with(name, ".png")) return "image/png";
  return "application/octet-stream";
}

}  // namespace tocsin::serve
