// Helpers for the ci tests: a fresh temporary repository with files written by the test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ci/ci.h"
#include "support/files.h"
#include "support/scratch_dir.h"

namespace tocsin::ci::testing {

class TempRepo {
 public:
  TempRepo() {
    static int counter = 0;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ =
        std::filesystem::path(::tocsin::testing::process_temp_dir()) /
        ("tocsin_ci_" + std::string(info->test_suite_name()) + "_" + info->name() + "_" + std::to_string(++counter));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
  }
  ~TempRepo() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  void write(const std::string& relative, const std::string& content) const {
    ::tocsin::testing::spit(root_ / relative, content);
  }
  std::string dir() const { return root_.string(); }

 private:
  std::filesystem::path root_;
};

inline std::vector<AuditFinding> with_rule(const std::vector<AuditFinding>& findings, const std::string& rule) {
  std::vector<AuditFinding> out;
  for (const auto& f : findings)
    if (f.rule == rule) out.push_back(f);
  return out;
}

}  // namespace tocsin::ci::testing
