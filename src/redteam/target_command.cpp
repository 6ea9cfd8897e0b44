// The --cmd target: one process per case, no shell, killed at the timeout or the output cap.
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/text.h"
#include "redteam/process.h"
#include "redteam/redteam.h"

namespace tocsin::redteam {

std::vector<std::string> split_command(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (c == '\'' || c == '"') {
      // Inside double quotes a backslash escapes only " and \, as in a POSIX shell; single
      // quotes take everything literally.
      std::size_t j = i + 1;
      for (; j < command.size() && command[j] != c; ++j) {
        if (c == '"' && command[j] == '\\' && j + 1 < command.size() &&
            (command[j + 1] == '"' || command[j + 1] == '\\'))
          ++j;
        word.push_back(command[j]);
      }
      if (j >= command.size()) throw Error("--cmd: unterminated " + std::string(1, c) + " quote");
      i = j;
      in_word = true;
    } else if (c == '\\' && i + 1 < command.size()) {
      word.push_back(command[++i]);
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word.push_back(c);
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  if (words.empty()) throw Error("--cmd: empty command");
  return words;
}

namespace {

// write() to a pipe whose reader has gone raises SIGPIPE, which would kill tocsin (or a test
// binary); block it for this thread, swallow the one this write raised, restore the mask.
ssize_t write_without_sigpipe(int fd, const char* data, std::size_t size) {
  sigset_t pipe_set, old_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
  const ssize_t w = write(fd, data, size);
  const int saved = errno;
  if (w < 0 && errno == EPIPE) {
    const timespec zero{0, 0};
    while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  errno = saved;
  return w;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input,
                          std::chrono::milliseconds timeout, std::size_t output_cap) {
  ProcessResult result;
  // Everything the child needs is prepared before fork: after it only async-signal-safe calls.
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int in[2], out[2], err[2];
  // O_CLOEXEC: a child started by another thread at the same time must not inherit these ends,
  // or this child's stdout would never reach end-of-file.
  if (pipe2(in, O_CLOEXEC) != 0) return {.error = "cannot create a pipe"};
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(in[0]), close(in[1]);
    return {.error = "cannot create a pipe"};
  }
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(in[0]), close(in[1]), close(out[0]), close(out[1]);
    return {.error = "cannot create a pipe"};
  }
  const auto started = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) {
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    return {.error = "cannot fork"};
  }
  if (pid == 0) {
    setpgid(0, 0);  // its own group, so the kill reaches whatever it starts
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    execvp(args[0], args.data());
    _exit(127);
  }
  setpgid(pid, pid);  // also from the parent: no race with the kill below
  close(in[0]);
  close(out[1]);
  close(err[1]);
  fcntl(in[1], F_SETFL, O_NONBLOCK);
  std::size_t written = 0;
  int stdin_fd = in[1];
  if (input.empty()) close(stdin_fd), stdin_fd = -1;
  int stdout_fd = out[0], stderr_fd = err[0];
  const auto deadline = started + timeout;
  bool killed = false;
  char buffer[65536];
  while (stdout_fd >= 0 || stderr_fd >= 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      result.timed_out = true;
      break;
    }
    pollfd fds[3];
    int n = 0;
    if (stdout_fd >= 0) fds[n++] = {stdout_fd, POLLIN, 0};
    if (stderr_fd >= 0) fds[n++] = {stderr_fd, POLLIN, 0};
    if (stdin_fd >= 0) fds[n++] = {stdin_fd, POLLOUT, 0};
    const int ready = poll(fds, static_cast<nfds_t>(n), static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno != EINTR) break;
    for (int k = 0; k < n && ready > 0; ++k) {
      if (fds[k].revents == 0) continue;
      if (fds[k].fd == stdin_fd) {
        const ssize_t w = write_without_sigpipe(stdin_fd, input.data() + written, input.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        if (w < 0 && errno != EAGAIN && errno != EINTR) written = input.size();  // EPIPE: it stopped reading
        if (written >= input.size()) close(stdin_fd), stdin_fd = -1;
        continue;
      }
      const ssize_t got = read(fds[k].fd, buffer, sizeof buffer);
      if (got <= 0) {
        if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        close(fds[k].fd);
        (fds[k].fd == stdout_fd ? stdout_fd : stderr_fd) = -1;
        continue;
      }
      if (fds[k].fd == stdout_fd) {
        result.output.append(buffer, static_cast<std::size_t>(got));
        if (result.output.size() > output_cap) {
          result.capped = true;
          result.output.resize(output_cap);
        }
      } else {
        result.error_tail.append(buffer, static_cast<std::size_t>(got));
        if (result.error_tail.size() > 4096) result.error_tail.erase(0, result.error_tail.size() - 4096);
      }
    }
    if (result.capped) break;
  }
  if (result.timed_out || result.capped) {
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
    killed = true;
  }
  for (int fd : {stdin_fd, stdout_fd, stderr_fd})
    if (fd >= 0) close(fd);
  int status = 0;
  // Both pipes closed does not mean it exited: wait until the deadline, then kill.
  for (;;) {
    const pid_t done = waitpid(pid, &status, killed ? 0 : WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) break;
    if (done == 0 && std::chrono::steady_clock::now() >= deadline) {
      result.timed_out = true;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      killed = true;
    } else if (done == 0) {
      usleep(2000);
    }
  }
  // The group may have members left (a grandchild holding no pipe); they get the same end.
  if (!killed) kill(-pid, SIGKILL);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

std::string request_json(const Case& c, bool pass_canaries) {
  nlohmann::ordered_json request;
  request["id"] = c.id;
  request["class"] = c.owasp_class;
  if (c.turns.empty()) {
    request["input"] = c.input;
  } else {
    request["turns"] = nlohmann::ordered_json::array();
    for (const Turn& turn : c.turns) request["turns"].push_back({{"role", turn.role}, {"content", turn.content}});
  }
  if (!c.document.empty()) request["document"] = c.document;
  if (pass_canaries) request["canaries"] = c.canaries;
  return request.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// Reads stdout as the answer: a JSON object with "output" (and "flagged"), or plain text.
Answer answer_from_stdout(const std::string& stdout_text) {
  Answer answer;
  const std::string_view text = trim(stdout_text);
  if (!text.empty() && text.front() == '{') {
    const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
      answer.error = "unreadable answer: stdout starts with '{' but is not a JSON object";
    } else if (!json.contains("output") || !json["output"].is_string()) {
      answer.error = "unreadable answer: the JSON answer has no string \"output\"";
    } else if (json.contains("flagged") && !json["flagged"].is_boolean()) {
      answer.error = "unreadable answer: \"flagged\" must be true or false";
    } else {
      answer.output = json["output"].get<std::string>();
      if (json.contains("flagged")) answer.flagged = json["flagged"].get<bool>();
    }
    return answer;
  }
  answer.output = stdout_text;
  return answer;
}

namespace {

std::string describe_failure(const ProcessResult& result, const TargetOptions& options) {
  if (!result.error.empty()) return result.error;
  if (result.timed_out)
    return fmt::format("timeout after {:g}s (killed)", static_cast<double>(options.timeout.count()) / 1000.0);
  if (result.capped) return "output over " + std::to_string(options.output_cap) + " bytes (killed)";
  if (result.signal) return "killed by signal " + std::to_string(result.signal);
  if (result.exit_code == 127 && result.output.empty()) return "cannot run the program (exit status 127)";
  if (result.exit_code != 0) return "exit status " + std::to_string(result.exit_code);
  return "";
}

class CommandTarget : public Target {
 public:
  CommandTarget(std::vector<std::string> argv, const TargetOptions& options)
      : argv_(std::move(argv)), options_(options) {}

  Answer ask(const Case& c) const override {
    const ProcessResult result =
        run_process(argv_, request_json(c, options_.pass_canaries), options_.timeout, options_.output_cap);
    Answer answer;
    if (std::string failure = describe_failure(result, options_); !failure.empty()) {
      answer.error = failure;
    } else {
      answer = answer_from_stdout(result.output);
    }
    answer.seconds = result.seconds;
    return answer;
  }

  std::string describe() const override {
    std::string out = "cmd";
    for (const std::string& a : argv_) out += " " + a;
    return out;
  }

 private:
  std::vector<std::string> argv_;
  TargetOptions options_;
};

}  // namespace

std::unique_ptr<Target> make_command_target(const std::vector<std::string>& argv, const TargetOptions& options) {
  if (argv.empty()) throw Error("--cmd: empty command");
  return std::make_unique<CommandTarget>(argv, options);
}

}  // namespace tocsin::redteam
