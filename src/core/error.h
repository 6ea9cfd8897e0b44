// tocsin::Error — the one error type of the whole engine.
//
// Every failure a user can cause (a malformed lockfile, a bad CVSS vector, an unreadable
// database) is thrown as an Error carrying where it happened and what was expected:
//
//   throw Error(path, line, column, "expected '=' after key");
//
// line and column are 1-based; 0 means "not known" (e.g. a file that cannot be opened).
// what() renders the conventional "path:line:column: message" so that editors and CI logs
// can jump to the spot. The CLI catches Error at the top and exits with code 2.
//
// Programming errors (violated invariants) are not Errors: they are assertions.
#pragma once

#include <stdexcept>
#include <string>

namespace tocsin {

class Error : public std::runtime_error {
 public:
  Error(std::string path, int line, int column, std::string message);
  // For errors that have no file (bad command-line value, for instance).
  explicit Error(std::string message);

  const std::string& path() const { return path_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  std::string path_;
  int line_ = 0;
  int column_ = 0;
  std::string message_;
};

// Exit codes shared by every command (CI-friendly, like cargo-deny and osv-scanner).
enum ExitCode : int {
  kExitClean = 0,     // nothing at or above the gate
  kExitFindings = 1,  // findings at or above the gate / out of step / overdue
  kExitError = 2,     // bad input, bad usage, I/O failure
};

}  // namespace tocsin
