// The commands the `tocsin` executable leaves to `tocsin-full`, its sibling: the same CLI linked
// with every library. When one of them runs, this process is replaced by `tocsin-full` with the
// same command line (exec keeps the pid: scripts that start the dashboard and stop it later keep
// working).
//
// Why a second executable: three libraries serve only these commands, and every process that
// links them pays for them at start-up whether it uses them or not (issue 11: without them,
// `tocsin --version` went from 291 to 182 page faults, most of them libcrypto's relocations):
//   - OpenSSL's libcrypto: Sigstore and SSH signature verification (`release`);
//   - libgit2 and what its archive needs (libssh2, mbedTLS): `release tags`, `secrets scan --git`;
//   - cpp-httplib, which Debian ships only as a shared library needing the shared libssl,
//     libcrypto, libbrotli and libz: `serve`.
// This file defines, for `tocsin` only, the functions through which the CLI reaches them, so
// the linker never takes their objects from the engine archive (CMakeLists.txt leaves
// src/cli/cmd_release.cpp out of `tocsin`); `tocsin-full` links the real ones.
// Since `tocsin` is linked fully statically it cannot load any shared library either: the
// commands that need libzip or libcurl (`db import`, `db update`) call cli::use_full_executable
// first, and the delay-load stand-ins (libpq, Hyperscan's compiler) hand over on their first
// call (src/link/delay_load.h).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "advisory/curl_api.h"
#include "cli/commands.h"
#include "core/error.h"
#include "link/delay_load.h"
#include "secrets/secrets.h"
#include "serve/serve.h"

namespace tocsin {

[[noreturn]] void link::run_in_full_executable(const char* command) {
  char self[4096];
  const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (length <= 0) throw Error(std::string(command) + ": cannot find the tocsin executable (/proc/self/exe)");
  std::string executable(self, static_cast<std::size_t>(length));
  executable = executable.substr(0, executable.rfind('/') + 1) + "tocsin-full";

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
  if (arguments.empty()) throw Error(std::string(command) + ": cannot read the command line (/proc/self/cmdline)");
  arguments[0] = executable;
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  ::execv(executable.c_str(), argv.data());
  throw Error(
      executable, 0, 0,
      std::string(command) + " needs the tocsin-full executable installed beside tocsin: " + std::strerror(errno));
}

void cli::use_full_executable(const char* command) {
#ifdef TOCSIN_FULLY_STATIC
  link::run_in_full_executable(command);
#else
  (void)command;  // a dynamically linked `tocsin` loads the library itself (src/link/delay_load.cpp)
#endif
}

using link::run_in_full_executable;

#ifdef TOCSIN_FULLY_STATIC
// libcurl: loaded with dlopen by the engine (src/advisory/curl_api.cpp), which a static
// executable cannot do. Its commands (`db update`; `release history --fetch`) run in tocsin-full
// from the start; these stand-ins keep the loader out of `tocsin`.
const advisory::CurlApi& advisory::curl_api() { run_in_full_executable("a command that needs libcurl"); }
void advisory::set_transfer_options(CURL*, const std::string&, const TransferLimits&, char*) {
  run_in_full_executable("a command that needs libcurl");
}
#endif

// `tocsin serve`: the options were parsed and checked already by the same code in this process.
void serve::run_server(const Dashboard&, const ServerOptions&) { run_in_full_executable("tocsin serve"); }

// `tocsin secrets scan --git`: called before the command has read or written anything.
std::vector<secrets::Finding> secrets::scan_git(const std::string&, const std::string&, const ScanOptions&,
                                                TreeStats*) {
  run_in_full_executable("tocsin secrets scan --git");
}

// `tocsin release …`: the command and its description, for `tocsin --help`; every argument after
// it (`--help` too) goes to tocsin-full, which parses them.
void cli::register_release_command(CLI::App& app, Context&) {
  auto* release = app.add_subcommand("release", kReleaseDescription);
  release->set_help_flag();
  release->prefix_command();
  release->allow_extras();
  release->callback([] { run_in_full_executable("tocsin release"); });
}

}  // namespace tocsin
