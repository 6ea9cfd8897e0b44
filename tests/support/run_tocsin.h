// Runs a program — the built `tocsin` binary for end-to-end tests — through the shell: arguments,
// optional stdin, captured stdout (stderr too when asked) and the exit code.
//
// Standard input is written to a file of its own for each call (mkstemp), removed when the
// program has finished, so calls from parallel test processes or threads never read each other's
// input.
#pragma once

#include <string>

namespace tocsin::testing {

struct TocsinRun {
  std::string out;
  int exit_code = -1;  // -1 when the program did not exit normally or could not be started
};

// Runs `program arguments` with /bin/sh (arguments are shell text: quote paths yourself). With
// empty `input` the program inherits the test's stdin. stderr goes to /dev/null unless with_stderr,
// then it is interleaved with stdout in `out`.
TocsinRun run_program(const std::string& program, const std::string& arguments, const std::string& input = "",
                      bool with_stderr = false);

#ifdef TOCSIN_BINARY
inline TocsinRun run_tocsin(const std::string& arguments, const std::string& input = "", bool with_stderr = false) {
  return run_program(TOCSIN_BINARY, arguments, input, with_stderr);
}
#endif

}  // namespace tocsin::testing
