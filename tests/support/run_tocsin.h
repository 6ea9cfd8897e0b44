// Runs the built `tocsin` binary (or any shell command line) for end-to-end tests: arguments,
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

// Runs the shell command line `command` (/bin/sh: quote paths yourself) with its stdin redirected
// from a file holding `input`; with empty `input` it inherits the test's stdin. stderr goes to
// /dev/null unless with_stderr, then it is interleaved with stdout in `out`.
TocsinRun run_shell(const std::string& command, const std::string& input = "", bool with_stderr = false);

#ifdef TOCSIN_BINARY
inline TocsinRun run_tocsin(const std::string& arguments, const std::string& input = "", bool with_stderr = false) {
  return run_shell(std::string(TOCSIN_BINARY) + " " + arguments, input, with_stderr);
}
#endif

}  // namespace tocsin::testing
