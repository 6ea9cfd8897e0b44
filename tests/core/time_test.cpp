#include "core/time.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tocsin {
namespace {

TEST(Rfc3339, ParsesOffsetsFractionsAndDates) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("2023-01-08T18:02:03-06:00"), parse_rfc3339("2023-01-09T00:02:03Z"));
  EXPECT_EQ(parse_rfc3339("2026-05-13t10:00:00.999z"), parse_rfc3339("2026-05-13T10:00:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-05-13 10:00:00Z"), parse_rfc3339("2026-05-13T10:00:00Z"));
  EXPECT_EQ(parse_rfc3339("2016-12-31T23:59:60Z"), parse_rfc3339("2016-12-31T23:59:59Z")) << "leap second";
  EXPECT_EQ(parse_rfc3339("2026-09-01"), std::nullopt) << "a date is not a date-time";
  EXPECT_EQ(parse_rfc3339("2026-09-01", true), parse_rfc3339("2026-09-01T00:00:00Z"));
}

TEST(Rfc3339, RejectsWhatIsNotRfc3339) {
  for (const char* bad : {"", "2026-02-30T00:00:00Z", "2025-02-29", "2026-13-01T00:00:00Z", "2026-05-13T24:00:00Z",
                          "2026-05-13T10:00:00", "2026-05-13T10:00:00+0200", "2026-05-13T10:00:00Z ", "13/05/2026"})
    EXPECT_EQ(parse_rfc3339(bad, true), std::nullopt) << bad;
  EXPECT_NE(parse_rfc3339("2024-02-29", true), std::nullopt) << "2024 is a leap year";
}

TEST(Rfc3339, FormatsUtcAndRoundTripsCivilDates) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_date(*parse_rfc3339("2026-11-25T23:59:59+00:00")), "2026-11-25");
  for (std::int64_t t :
       {std::int64_t{0}, std::int64_t{951782400}, std::int64_t{4102444799}, std::int64_t{-86400 * 400}}) {
    CivilDate date = civil_from_seconds(t);
    EXPECT_EQ(seconds_from_civil(date), t - ((t % 86400) + 86400) % 86400) << t;
    EXPECT_EQ(parse_rfc3339(format_rfc3339(t)), t);
  }
}

}  // namespace
}  // namespace tocsin

namespace tocsin {
namespace {

// Issue 10 item 22: year 0000 was accepted, and :60 was clamped anywhere.
TEST(Rfc3339, RefusesYearZeroAndLeapSecondsWhereNoneCanBe) {
  EXPECT_EQ(parse_rfc3339("0000-01-01T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("0000-06-01", true), std::nullopt);
  EXPECT_NE(parse_rfc3339("0001-01-01T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339("2026-05-13T10:00:60Z"), std::nullopt) << "not the last second of a day";
  EXPECT_EQ(parse_rfc3339("2026-05-13T23:59:60Z"), std::nullopt) << "not the last day of a month";
  EXPECT_EQ(parse_rfc3339("2015-06-30T23:59:60Z"), parse_rfc3339("2015-06-30T23:59:59Z"));
  // RFC 3339 §5.8's own example: the leap second of 1990-12-31 in US Pacific time.
  EXPECT_EQ(parse_rfc3339("1990-12-31T15:59:60-08:00"), parse_rfc3339("1990-12-31T23:59:59Z"));
  EXPECT_EQ(parse_rfc3339("1990-12-31T23:59:60-08:00"), std::nullopt) << "23:59 local is not 23:59 UTC";
}

TEST(ParseNow, AcceptsTheSameFormsEverywhere) {
  EXPECT_EQ(parse_now("2026-05-13"), *parse_rfc3339("2026-05-13T00:00:00Z"));
  EXPECT_EQ(parse_now("2026-05-13T12:00:00+02:00"), *parse_rfc3339("2026-05-13T10:00:00Z"));
  const std::int64_t before = now_unix_seconds();
  EXPECT_GE(parse_now(""), before) << "empty: the clock";
  try {
    parse_now("yesterday", "--now");
    FAIL() << "accepted 'yesterday'";
  } catch (const Error& error) {
    EXPECT_NE(error.message().find("--now 'yesterday' is not a time"), std::string::npos) << error.message();
    EXPECT_NE(error.message().find("2026-05-13"), std::string::npos) << "names the accepted forms";
  }
  try {
    parse_now(std::string(100000, 'x'));
    FAIL();
  } catch (const Error& error) {
    EXPECT_LT(error.message().size(), 400u) << "a 100 KB value is not echoed in full";
  }
}

}  // namespace
}  // namespace tocsin
