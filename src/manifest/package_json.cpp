// STUB — to be replaced by the real manifest reader.
#include "core/error.h"
#include "manifest/manifest.h"

namespace tocsin::manifest {

Manifest read_package_json(const std::string& path, std::string_view) {
  throw Error(path, 0, 0, "not implemented yet");
}

}  // namespace tocsin::manifest
