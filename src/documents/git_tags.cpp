#include "documents/git_tags.h"

#include <sys/wait.h>

#include <cstdio>

#include "core/error.h"
#include "core/text.h"

namespace tocsin::documents {
namespace {

// POSIX shell single-quoting: the directory reaches git unchanged whatever it contains.
std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::vector<std::string> list_git_tags(const std::string& directory) {
  const std::string command = "git -C " + shell_quote(directory) + " tag --list 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw Error(directory, 0, 0, "cannot run git");
  std::string output;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int status = pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw Error(directory, 0, 0, "`git tag --list` failed (not a git repository, or git is not installed)");
  std::vector<std::string> tags;
  for (std::string_view line : split(output, '\n'))
    if (!trim(line).empty()) tags.emplace_back(trim(line));
  return tags;
}

}  // namespace tocsin::documents
