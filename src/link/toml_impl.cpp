// toml++'s compiled part, built into the `tocsin` executable. Debian ships toml++ configured as a
// shared library (its CMake target compiles every user with TOML_HEADER_ONLY=0), whose loading
// every process paid at start-up; this translation unit is the library's own source (toml.cpp
// is exactly these two lines), so the executable resolves toml++ without libtomlplusplus.so.
// With a header-only toml++ it adds nothing.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
