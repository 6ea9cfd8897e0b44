#include "link/delay_load.h"

#ifndef TOCSIN_FULLY_STATIC
#include <dlfcn.h>
#endif

namespace tocsin::link {

#ifdef TOCSIN_FULLY_STATIC
void* delay_load(const char* library, const char*, const char*&) {
  run_in_full_executable((std::string("a command that needs ") + library).c_str());
}
#else
void* delay_load(const char* library, const char* symbol, const char*& error) {
  // RTLD_NOLOAD first: a library loaded already (by another delay-loaded one) is reused.
  void* handle = ::dlopen(library, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
  if (handle == nullptr) handle = ::dlopen(library, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    error = ::dlerror();
    return nullptr;
  }
  void* address = ::dlsym(handle, symbol);
  if (address == nullptr) error = ::dlerror();
  return address;
}
#endif

}  // namespace tocsin::link
