// The repository's tag names, for next_secfix_tag: runs `git -C DIR tag --list`. Kept apart
// from the pure document code because it starts a process.
#pragma once

#include <string>
#include <vector>

namespace tocsin::documents {

// Throws Error(directory, 0, 0, …) when git cannot be run or exits non-zero (not a repository).
std::vector<std::string> list_git_tags(const std::string& directory);

}  // namespace tocsin::documents
