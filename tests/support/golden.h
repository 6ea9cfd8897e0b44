// Golden files: outputs checked in under tests/fixtures/ that document a format for reviewers and
// are compared byte for byte.
//
// To rewrite them after an intended change, run the tests with TOCSIN_UPDATE_GOLDEN=1: every
// expect_golden then writes its file and skips the test, and compares nothing (a comparison
// against the bytes just written would pass vacuously and hide nothing but a real regression).
// Review the diff (`git diff tests/fixtures`) before committing it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace tocsin::testing {

// True when TOCSIN_UPDATE_GOLDEN is set to anything but "" or "0".
bool updating_golden();

enum class GoldenOutcome {
  Rewritten,  // update mode: `actual` was written; nothing was read or compared
  Matches,
  Differs,
  Missing,  // compare mode and the golden file does not exist
};

struct GoldenCheck {
  GoldenOutcome outcome = GoldenOutcome::Missing;
  std::string expected;  // the golden file's bytes (compare mode only)
  std::string hint;      // for Differs / Missing: where they differ and how to regenerate
};

// The decision expect_golden acts on, separate so it can be tested without skipping a test.
// update: writes `actual` to `path` (creating its directory), reads nothing back.
GoldenCheck check_golden(const std::filesystem::path& path, std::string_view actual, bool update);

// In update mode: writes `path` and GTEST_SKIPs the calling test. Otherwise a non-fatal failure
// (with gtest's diff and the first differing line) unless `actual` equals the file's bytes.
// A test with several golden files keeps running after the first, so each is written or checked.
void expect_golden(const std::filesystem::path& path, std::string_view actual);

}  // namespace tocsin::testing
