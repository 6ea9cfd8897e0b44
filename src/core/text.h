// Small text helpers shared by the readers: file loading, line lookup, trimming.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin {

// Reads a whole file; throws Error(path, 0, 0, reason) when it cannot.
std::string read_file(const std::string& path);

// Maps byte offsets to 1-based line/column. Build once per file, query many times (O(log n)).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  int line_of(std::size_t offset) const;
  int column_of(std::size_t offset) const;

 private:
  std::vector<std::size_t> line_starts_;
};

std::string_view trim(std::string_view text);
bool starts_with(std::string_view text, std::string_view prefix);
bool ends_with(std::string_view text, std::string_view suffix);
// Every part between separators, empty ones included ("a||b" split on "|" gives a, "", b).
std::vector<std::string_view> split(std::string_view text, char separator);
std::vector<std::string_view> split(std::string_view text, std::string_view separator);
std::string to_lower(std::string_view text);

// Git merge-conflict markers ("<<<<<<< ", "=======", ">>>>>>> ") at the start of a line:
// returns the 1-based line of the first one, or 0. Readers call it to report a conflicted
// lockfile clearly instead of failing deep inside a parser.
int find_conflict_marker(std::string_view text);

}  // namespace tocsin
