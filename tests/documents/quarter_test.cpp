#include "documents/quarter.h"

#include <gtest/gtest.h>

#include "core/time.h"

namespace tocsin::documents {
namespace {

TEST(Quarter, ConsecutiveAcrossYearBoundaries) {
  const std::int64_t last_second = *parse_rfc3339("2025-12-31T23:59:59Z");
  EXPECT_EQ(quarter_name(quarter_index(last_second)), "2025-Q4");
  EXPECT_EQ(quarter_name(quarter_index(last_second + 1)), "2026-Q1");
  EXPECT_EQ(quarter_index(last_second + 1) - quarter_index(last_second), 1);
  EXPECT_EQ(quarter_name(quarter_index(*parse_rfc3339("2026-03-31T23:59:59Z"))), "2026-Q1");
  EXPECT_EQ(quarter_name(quarter_index(*parse_rfc3339("2026-04-01T00:00:00Z"))), "2026-Q2");
  // An offset can move an instant into the previous year's last quarter.
  EXPECT_EQ(quarter_name(quarter_index(*parse_rfc3339("2026-01-01T00:30:00+01:00"))), "2025-Q4");
}

}  // namespace
}  // namespace tocsin::documents
