#include "documents/timestamp.h"

#include <gtest/gtest.h>

namespace tocsin::documents {
namespace {

TEST(Timestamp, ParsesRfc3339WithOffsetsToUtc) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  // 2000-03-01 is day 11017 since the epoch (30 years incl. 7 leap days, plus Jan + Feb 2000).
  EXPECT_EQ(parse_rfc3339("2000-03-01T00:00:00Z"), 11017LL * 86400);
  EXPECT_EQ(parse_rfc3339("2026-03-02T22:15:00-05:00"), parse_rfc3339("2026-03-03T03:15:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-03-04T14:30:00+01:00"), parse_rfc3339("2026-03-04T13:30:00z"));
  EXPECT_EQ(parse_rfc3339("2026-03-04t13:30:00.999Z"), parse_rfc3339("2026-03-04 13:30:00Z"));
  EXPECT_EQ(parse_rfc3339("2016-12-31T23:59:60Z"), parse_rfc3339("2016-12-31T23:59:59Z"));
  EXPECT_TRUE(parse_rfc3339("2024-02-29T00:00:00Z"));
}

TEST(Timestamp, RejectsWhatRfc3339DoesNotAllow) {
  for (const char* bad :
       {"", "2026-03-01", "2026-03-01T00:00:00", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-03-01T24:00:00Z", "2026-03-01T00:00:00+24:00", "2026-03-01T00:00:00.Z", "2026-03-01T00:00:00Zjunk",
        "26-03-01T00:00:00Z", "yesterday", "2026-03-01T00:00:00+0100"})
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
}

TEST(Timestamp, FormatsUtcAndRoundTrips) {
  EXPECT_EQ(format_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_utc(*parse_rfc3339("2026-01-01T00:30:00+01:00")), "2025-12-31T23:30:00Z");
  EXPECT_EQ(format_utc_date(*parse_rfc3339("2026-03-03T23:30:00-05:00")), "2026-03-04");
  for (std::int64_t s : {-86401LL, 0LL, 951868799LL, 1772000000LL, 4102444800LL})
    EXPECT_EQ(parse_rfc3339(format_utc(s)), s) << s;
}

TEST(Timestamp, QuartersAreConsecutiveAcrossYearBoundaries) {
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
