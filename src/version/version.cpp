// STUB — replaced by the version module's real dispatch.
#include "version/version.h"

#include "core/error.h"

namespace tocsin::version {

int compare(Ecosystem, std::string_view, std::string_view) { throw Error("version compare not implemented"); }
bool satisfies(Ecosystem, std::string_view, std::string_view) { throw Error("satisfies not implemented"); }
bool is_valid(Ecosystem, std::string_view) { return false; }
bool osv_affected(Ecosystem, std::string_view, const std::vector<OsvRange>&, const std::vector<std::string>&) {
  throw Error("osv_affected not implemented");
}

}  // namespace tocsin::version
