// The real-world fixtures and data under ../shared (the Springtale checkout, advisory feeds,
// corpora). Suites that read them skip when they are absent — a fresh clone without ../shared can
// still run the rest — unless TOCSIN_REQUIRE_SHARED is set (scripts/test.sh and CI set it), when
// they fail: CI must not pass by testing less.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

namespace tocsin::testing {

// The ../shared directory beside the checkout (TOCSIN_SHARED at build time), without a trailing slash.
const std::string& shared_dir();

// True when TOCSIN_REQUIRE_SHARED is set (to anything): missing shared data is a failure.
bool shared_required();

// The first of `paths` that does not exist; empty when all do.
std::string first_missing(std::initializer_list<std::string> paths);

}  // namespace tocsin::testing

// In a test body or SetUp(): unless every path exists, FAIL()s when TOCSIN_REQUIRE_SHARED is set
// and GTEST_SKIP()s otherwise — either way the rest of the function does not run.
#define TOCSIN_NEED_SHARED(...)                                                          \
  do {                                                                                   \
    const std::string tocsin_missing_ = ::tocsin::testing::first_missing({__VA_ARGS__}); \
    if (tocsin_missing_.empty()) break;                                                  \
    if (::tocsin::testing::shared_required())                                            \
      FAIL() << tocsin_missing_ << " is absent (TOCSIN_REQUIRE_SHARED is set)";          \
    GTEST_SKIP() << tocsin_missing_ << " is absent (../shared is not checked out)";      \
  } while (false)
