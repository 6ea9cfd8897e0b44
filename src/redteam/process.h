// Internal to the module: running a program with a time limit and an output cap, and reading
// what a command target printed. Used by the --cmd target and by --judge-cmd.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "redteam/redteam.h"

namespace tocsin::redteam {

struct ProcessResult {
  std::string output;      // stdout, at most the cap
  std::string error_tail;  // the last 4 KiB of stderr
  std::string error;       // could not start (pipe, fork)
  int exit_code = -1;
  int signal = 0;
  bool timed_out = false;
  bool capped = false;
  double seconds = 0;
};

// Starts argv (PATH lookup, no shell) in its own process group, writes `input` to its stdin,
// collects stdout and stderr; at `timeout` or when stdout passes `output_cap` the whole group is
// killed with SIGKILL. Thread-safe.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input,
                          std::chrono::milliseconds timeout, std::size_t output_cap);

Answer answer_from_stdout(const std::string& stdout_text);

}  // namespace tocsin::redteam
