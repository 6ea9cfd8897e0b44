// Delay-loaded shared libraries of the `tocsin` executable (not a module: CMake adds src/link/
// to the executable only; tests and benchmarks link the libraries as usual).
//
// Why: every shared library the executable names is loaded, relocated and paged in by every
// tocsin process before main, whether the command uses it or not; for tocsin --version that was
// most of its cost (issue 11). Libraries Debian ships as static archives are linked statically
// (CMakeLists.txt, tocsin_prefer_static). The few that are not, and that only some commands
// reach, are named here instead: each file defines the library's functions tocsin calls, with
// their own prototypes, and forwards to the real function, which it looks up with dlopen/dlsym
// on first call. The library is loaded only by a process that calls one of them.
#pragma once

#include <string>

#include "core/error.h"

namespace tocsin::link {

// Replaces this process with `tocsin-full` beside this executable, with the same arguments
// (src/link/full_launcher.cpp); `command` names what needed it in the error when that fails.
[[noreturn]] void run_in_full_executable(const char* command);

// The address of `symbol` in `library` (a soname, dlopen'ed once, never closed), or nullptr with
// `error` set to the loader's reason. In a fully static `tocsin` (TOCSIN_FULLY_STATIC), which
// cannot load a shared library (it would bring a second C library into the process), the process
// is replaced by tocsin-full instead: each delay-loaded library is first called before its
// command has written anything (libpq: opening the store; Hyperscan's compiler: loading the
// pattern database, at the first file a secrets scan reads; libzip and libcurl: `db import` and
// `db update`, which go to tocsin-full from the start).
void* delay_load(const char* library, const char* symbol, const char*& error);

// delay_load for a library the calling command cannot do without: throws Error("PURPOSE: reason").
template <class Function>
Function* required_symbol(const char* library, const char* symbol, const char* purpose) {
  const char* error = nullptr;
  void* address = delay_load(library, symbol, error);
  if (address == nullptr) throw Error(std::string(purpose) + ": " + (error != nullptr ? error : symbol));
  return reinterpret_cast<Function*>(address);
}

}  // namespace tocsin::link
