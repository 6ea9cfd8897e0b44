#include "support/golden.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "support/files.h"

namespace tocsin::testing {
namespace {

// "line N: expected `…`, got `…`" for the first line where the two texts part.
std::string first_difference(std::string_view expected, std::string_view actual) {
  std::size_t line = 1, start = 0;
  const std::size_t common = std::min(expected.size(), actual.size());
  std::size_t at = 0;
  while (at < common && expected[at] == actual[at]) {
    if (expected[at] == '\n') {
      ++line;
      start = at + 1;
    }
    ++at;
  }
  auto line_from = [start](std::string_view text) {
    std::string_view rest = text.substr(std::min(start, text.size()));
    return std::string(rest.substr(0, rest.find('\n')));
  };
  return "first difference at line " + std::to_string(line) + ": expected `" + line_from(expected) + "`, got `" +
         line_from(actual) + "`";
}

}  // namespace

bool updating_golden() {
  const char* value = std::getenv("TOCSIN_UPDATE_GOLDEN");
  return value != nullptr && *value != '\0' && std::string_view(value) != "0";
}

GoldenCheck check_golden(const std::filesystem::path& path, std::string_view actual, bool update) {
  GoldenCheck check;
  const std::string regenerate = "; regenerate with TOCSIN_UPDATE_GOLDEN=1 and review the diff: " + path.string();
  if (update) {
    spit(path, actual);
    check.outcome = GoldenOutcome::Rewritten;
    return check;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    check.outcome = GoldenOutcome::Missing;
    check.hint = "golden file is missing" + regenerate;
    return check;
  }
  check.expected.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (check.expected == actual) {
    check.outcome = GoldenOutcome::Matches;
    return check;
  }
  check.outcome = GoldenOutcome::Differs;
  check.hint = first_difference(check.expected, actual) + regenerate;
  return check;
}

void expect_golden(const std::filesystem::path& path, std::string_view actual) {
  const GoldenCheck check = check_golden(path, actual, updating_golden());
  switch (check.outcome) {
    case GoldenOutcome::Rewritten:
      GTEST_SKIP() << "rewrote " << path.string() << " (TOCSIN_UPDATE_GOLDEN is set); review it by hand";
    case GoldenOutcome::Matches: return;
    case GoldenOutcome::Missing: ADD_FAILURE() << check.hint; return;
    case GoldenOutcome::Differs: EXPECT_EQ(actual, check.expected) << check.hint; return;
  }
}

}  // namespace tocsin::testing
