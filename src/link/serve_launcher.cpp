// `tocsin serve` in the `tocsin` executable: replaces this process with `tocsin-serve`, the same
// command line run by a sibling executable that links the HTTP server.
//
// Why a second executable: Debian ships cpp-httplib as a shared library only, which needs the
// shared libssl, libcrypto, libbrotli and libz. Linked into `tocsin`, every command (every hook
// and CI step) would load and relocate them at start-up for a dashboard it never starts. This
// file defines serve::run_server for `tocsin`, so the linker never takes src/serve/http_server.o
// (the only user of httplib) from the engine archive; `tocsin-serve` links the real one.
// The options were parsed and checked already by the same code in this process; exec keeps the
// pid (scripts that start the dashboard and stop it later keep working).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/error.h"
#include "serve/serve.h"

namespace tocsin::serve {

void run_server(const Dashboard&, const ServerOptions&) {
  char self[4096];
  const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (length <= 0) throw Error("tocsin serve: cannot find the tocsin executable (/proc/self/exe)");
  std::string executable(self, static_cast<std::size_t>(length));
  executable = executable.substr(0, executable.rfind('/') + 1) + "tocsin-serve";

  // The original arguments, byte for byte (CLI11 has consumed argv by now).
  std::ifstream cmdline("/proc/self/cmdline", std::ios::binary);
  const std::string all((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
  std::vector<std::string> arguments;
  for (std::size_t start = 0; start < all.size();) {
    const std::size_t end = all.find('\0', start);
    arguments.push_back(all.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (arguments.empty()) throw Error("tocsin serve: cannot read the command line (/proc/self/cmdline)");
  arguments[0] = executable;
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  ::execv(executable.c_str(), argv.data());
  throw Error(
      executable, 0, 0,
      std::string("tocsin serve needs the tocsin-serve executable installed beside tocsin: ") + std::strerror(errno));
}

}  // namespace tocsin::serve
