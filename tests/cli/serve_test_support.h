// For the `tocsin serve` tests: a server started as a child process on a free port (it prints
// the port it bound), stopped with SIGTERM at the end of the test.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace tocsin::testing {

struct ServeProcess {
  // `arguments` follow `tocsin serve`; without --listen the server binds 127.0.0.1:0.
  explicit ServeProcess(const std::string& arguments) {
    int fds[2];
    if (pipe(fds) != 0) return;
    const std::string command = std::string("exec ") + TOCSIN_BINARY + " serve " +
                                (arguments.find("--listen") == std::string::npos ? "--listen 127.0.0.1:0 " : "") +
                                arguments + " 2>&1";
    pid = fork();
    if (pid == 0) {
      dup2(fds[1], 1);
      close(fds[0]);
      close(fds[1]);
      execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    out = fdopen(fds[0], "r");
    char line[4096];
    // The first line names the URL (or is the error of a refused start).
    if (out && fgets(line, sizeof line, out)) {
      first_line = line;
      const auto colon = first_line.rfind(':', first_line.find("/  ("));
      if (first_line.rfind("tocsin serve: ", 0) == 0 && colon != std::string::npos)
        port = std::atoi(first_line.c_str() + colon + 1);
    }
  }
  ~ServeProcess() { stop(); }

  // SIGTERM, then the exit code (or -1 when it did not exit normally).
  int stop() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      int status = 0;
      waitpid(pid, &status, 0);
      exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      pid = -1;
    }
    if (out) {
      fclose(out);
      out = nullptr;
    }
    return exit_code;
  }
  // For a server expected to refuse to start: waits for its exit and returns the code.
  int wait_exit() {
    if (pid > 0) {
      int status = 0;
      waitpid(pid, &status, 0);
      exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      pid = -1;
    }
    return exit_code;
  }

  pid_t pid = -1;
  FILE* out = nullptr;
  std::string first_line;
  int port = 0;
  int exit_code = -1;
};

}  // namespace tocsin::testing
