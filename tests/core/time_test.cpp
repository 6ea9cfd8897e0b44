// core/time.h, the one time API: every case the removed per-module wrappers were tested with
// (advisory parse_timestamp, documents/timestamp.h, incident/time.h, vex/timestamp.h) lives here.
#include "core/time.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tocsin {
namespace {

TEST(Rfc3339, ParsesOffsetsFractionsAndDates) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  // 2000-03-01 is day 11017 since the epoch (30 years incl. 7 leap days, plus Jan + Feb 2000).
  EXPECT_EQ(parse_rfc3339("2000-03-01T00:00:00Z"), 11017LL * 86400);
  EXPECT_EQ(parse_rfc3339("2024-02-29T00:00:00Z"), 19782LL * 86400);
  EXPECT_EQ(parse_rfc3339("2026-05-13T00:00:00Z"), 20586LL * 86400);
  EXPECT_EQ(parse_rfc3339("2023-01-08T18:02:03-06:00"), parse_rfc3339("2023-01-09T00:02:03Z"));
  EXPECT_EQ(parse_rfc3339("2026-03-02T22:15:00-05:00"), parse_rfc3339("2026-03-03T03:15:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-03-04T14:30:00+01:00"), parse_rfc3339("2026-03-04T13:30:00z"));
  EXPECT_EQ(parse_rfc3339("2026-05-13t10:00:00.999z"), parse_rfc3339("2026-05-13T10:00:00Z"));
  EXPECT_EQ(parse_rfc3339("2023-01-06T15:05:42.647787998Z"), parse_rfc3339("2023-01-06T15:05:42Z"));
  EXPECT_EQ(parse_rfc3339("2026-05-13 10:00:00Z"), parse_rfc3339("2026-05-13T10:00:00Z"));
  EXPECT_EQ(parse_rfc3339("2016-12-31T23:59:60Z"), parse_rfc3339("2016-12-31T23:59:59Z")) << "leap second";
  // Documents (OSV/CVE dates) and OpenVEX timestamps call it without allow_date_only: a plain
  // date is refused there.
  EXPECT_EQ(parse_rfc3339("2026-09-01"), std::nullopt) << "a date is not a date-time";
  EXPECT_EQ(parse_rfc3339("2026-09-01", true), parse_rfc3339("2026-09-01T00:00:00Z"));
}

TEST(Rfc3339, RejectsWhatIsNotRfc3339) {
  // Refused even where plain dates are allowed.
  for (const char* bad :
       {"", "yesterday", "13/05/2026", "26-03-01T00:00:00Z", "2026-02-30T00:00:00Z", "2025-02-29",
        "2023-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-05-13T24:00:00Z",
        "2026-05-13T25:00:00Z", "2026-05-13T10:00:00", "2026-05-13T10:00:00+0200", "2026-03-01T00:00:00+24:00",
        "2026-03-01T00:00:00.Z", "2026-05-13T10:00:00Z ", "2026-03-01T00:00:00Zjunk"})
    EXPECT_EQ(parse_rfc3339(bad, true), std::nullopt) << bad;
  EXPECT_NE(parse_rfc3339("2024-02-29", true), std::nullopt) << "2024 is a leap year";
}

TEST(Rfc3339, FormatsUtcAndRoundTripsCivilDates) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(1778666400), "2026-05-13T10:00:00Z");  // date -u -d @1778666400
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2026-01-01T00:30:00+01:00")), "2025-12-31T23:30:00Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2024-02-29T23:59:58+00:00")), "2024-02-29T23:59:58Z");
  EXPECT_EQ(format_date(*parse_rfc3339("2026-11-25T23:59:59+00:00")), "2026-11-25");
  EXPECT_EQ(format_date(*parse_rfc3339("2026-03-03T23:30:00-05:00")), "2026-03-04");
  for (std::int64_t t :
       {std::int64_t{0}, std::int64_t{951782400}, std::int64_t{4102444799}, std::int64_t{-86400 * 400},
        std::int64_t{-86401}, std::int64_t{951868799}, std::int64_t{1772000000}, std::int64_t{4102444800}}) {
    CivilDate date = civil_from_seconds(t);
    EXPECT_EQ(seconds_from_civil(date), t - ((t % 86400) + 86400) % 86400) << t;
    EXPECT_EQ(parse_rfc3339(format_rfc3339(t)), t) << t;
  }
}

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

// What `db status` reads the KEV catalog's dateReleased with (was advisory::parse_timestamp).
TEST(FeedTime, ReadsRfc3339DatesAndDateTimesWithoutOffsetAsUtc) {
  EXPECT_EQ(parse_feed_time("2025-08-25T17:04:19.9796Z"), 1756141459);  // python datetime oracle
  EXPECT_EQ(parse_feed_time("2025-08-25T17:04:19"), 1756141459) << "no offset: UTC";
  EXPECT_EQ(parse_feed_time("2024-02-29T00:00:00+02:00"), 1709157600);
  EXPECT_EQ(parse_feed_time("1969-12-31T23:59:59Z"), -1);
  EXPECT_EQ(parse_feed_time("2025-08-25"), 1756080000);
  EXPECT_EQ(format_rfc3339(1756141459), "2025-08-25T17:04:19Z");
  for (const char* bad : {"2025-13-01", "yesterday", "2025-08-25T17:04", ""})
    EXPECT_EQ(parse_feed_time(bad), std::nullopt) << bad;
}

// What the incident record and --reported-at read their instants with (was incident::parse_instant).
TEST(ParseTime, AcceptsDateTimesAndDatesAndNamesWhatItRefuses) {
  EXPECT_EQ(parse_time("1970-01-01T00:00:00Z", "t"), 0);
  EXPECT_EQ(parse_time("2026-05-13T12:00:00+02:00", "t"), parse_time("2026-05-13T10:00:00Z", "t"));
  EXPECT_EQ(parse_time("2026-05-13", "t"), parse_time("2026-05-13T00:00:00.999Z", "t"));
  EXPECT_EQ(format_rfc3339(parse_time("2024-02-29T23:59:59Z", "t")), "2024-02-29T23:59:59Z");
  for (const char* bad : {"", "2026-02-29T00:00:00Z", "2026-05-13T10:00:00", "2026-13-01", "tomorrow",
                          "2026-05-13T24:00:00Z", "2026-05-13T10:00:00+0200"})
    EXPECT_THROW(parse_time(bad, "t"), Error) << bad;
  try {
    parse_time("", "incident record event 3");
    FAIL() << "an empty time is not the clock here";
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "incident record event 3 '' is not a time: " + std::string(kNowForms));
  }
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

TEST(FormatSpan, DropsSignSecondsAndMinutesOnceThereAreDays) {
  EXPECT_EQ(format_span(3 * 86400 + 4 * 3600 + 59), "3d 4h");
  EXPECT_EQ(format_span(-(2 * 3600 + 5 * 60)), "2h 5m");
  EXPECT_EQ(format_span(45 * 60 + 30), "45m");
  EXPECT_EQ(format_span(59), "0m");
}

}  // namespace
}  // namespace tocsin
