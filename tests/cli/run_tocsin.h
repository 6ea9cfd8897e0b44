// Runs the built `tocsin` binary for end-to-end tests: arguments, optional stdin, captured
// stdout (stderr too when asked) and the exit code.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace tocsin::testing {

struct TocsinRun {
  std::string out;
  int exit_code = -1;
};

inline TocsinRun run_tocsin(const std::string& arguments, const std::string& input = "", bool with_stderr = false) {
  std::string command = std::string(TOCSIN_BINARY) + " " + arguments + (with_stderr ? " 2>&1" : " 2>/dev/null");
  if (!input.empty()) {
    std::string path = ::testing::TempDir() + "tocsin_cli_input.txt";
    std::ofstream(path) << input;
    command += " < " + path;
  }
  TocsinRun result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) result.out.append(buffer, n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace tocsin::testing
