#include "vex/timestamp.h"

#include <gtest/gtest.h>

namespace tocsin::vex {
namespace {

TEST(Timestamp, ParsesRfc3339) {
  // 2026-05-13T00:00:00Z = 20586 days after the epoch.
  EXPECT_EQ(parse_rfc3339("2026-05-13T00:00:00Z"), 20586LL * 86400);
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("2023-01-08T18:02:03-06:00"), parse_rfc3339("2023-01-09T00:02:03Z"));
  EXPECT_EQ(parse_rfc3339("2023-01-06T15:05:42.647787998Z"), parse_rfc3339("2023-01-06T15:05:42Z"));
  EXPECT_EQ(parse_rfc3339("2024-02-29T00:00:00Z"), 19782LL * 86400);
}

TEST(Timestamp, RejectsInvalid) {
  EXPECT_FALSE(parse_rfc3339("2026-05-13"));
  EXPECT_TRUE(parse_rfc3339("2026-05-13", true));
  EXPECT_FALSE(parse_rfc3339("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2026-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2026-05-13T00:00:00"));
  EXPECT_FALSE(parse_rfc3339("2026-05-13T25:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("yesterday"));
  EXPECT_FALSE(parse_rfc3339(""));
}

TEST(Timestamp, FormatsInverse) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2024-02-29T23:59:58+00:00")), "2024-02-29T23:59:58Z");
  EXPECT_EQ(format_rfc3339(-1), "1969-12-31T23:59:59Z");
}

}  // namespace
}  // namespace tocsin::vex
