#include "core/time.h"

#include <fmt/format.h>

#include <chrono>

#include "core/error.h"
#include "core/file_write.h"

namespace tocsin {
namespace {

// Howard Hinnant's days_from_civil: proleptic Gregorian date to days since 1970-01-01.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

bool is_leap(std::int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned days_in_month(std::int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// Reads exactly `count` digits at `pos`.
bool read_digits(std::string_view text, std::size_t& pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += count;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::optional<std::int64_t> parse_rfc3339(std::string_view text, bool allow_date_only) {
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0;
  if (!read_digits(text, pos, 4, year) || !expect(text, pos, '-') || !read_digits(text, pos, 2, month) ||
      !expect(text, pos, '-') || !read_digits(text, pos, 2, day))
    return std::nullopt;
  // Year 0000 is syntactically a date but no feed, record or clock means it: a typo.
  if (year == 0) return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || static_cast<unsigned>(day) > days_in_month(year, month))
    return std::nullopt;
  std::int64_t seconds = days_from_civil(year, month, day) * 86400;
  if (pos == text.size()) return allow_date_only ? std::optional(seconds) : std::nullopt;

  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return std::nullopt;
  ++pos;
  int hour = 0, minute = 0, second = 0;
  if (!read_digits(text, pos, 2, hour) || !expect(text, pos, ':') || !read_digits(text, pos, 2, minute) ||
      !expect(text, pos, ':') || !read_digits(text, pos, 2, second))
    return std::nullopt;
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;  // 60: leap second
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos, ++digits;
    if (digits == 0) return std::nullopt;
  }
  // A leap second (:60) counts as :59, so 23:59:60 stays on its own day. RFC 3339 §5.7 allows it
  // only where one can occur: the last second of a month in UTC (checked below, after the offset).
  const bool leap_second = second == 60;
  seconds += hour * 3600 + minute * 60 + (leap_second ? 59 : second);
  if (pos >= text.size()) return std::nullopt;
  char zone = text[pos++];
  auto leap_ok = [&](std::int64_t utc) {
    return !leap_second || ((utc % 86400 + 86400) % 86400 == 86399 && civil_from_seconds(utc + 1).day == 1);
  };
  if (zone == 'Z' || zone == 'z') return pos == text.size() && leap_ok(seconds) ? std::optional(seconds) : std::nullopt;
  if (zone != '+' && zone != '-') return std::nullopt;
  int offset_hours = 0, offset_minutes = 0;
  if (!read_digits(text, pos, 2, offset_hours) || !expect(text, pos, ':') ||
      !read_digits(text, pos, 2, offset_minutes) || pos != text.size() || offset_hours > 23 || offset_minutes > 59)
    return std::nullopt;
  const std::int64_t offset = offset_hours * 3600 + offset_minutes * 60;
  const std::int64_t utc = zone == '+' ? seconds - offset : seconds + offset;
  return leap_ok(utc) ? std::optional(utc) : std::nullopt;
}

CivilDate civil_from_seconds(std::int64_t unix_seconds) {
  std::int64_t days = unix_seconds / 86400;
  if (unix_seconds % 86400 < 0) --days;
  // civil_from_days (Hinnant), the inverse of days_from_civil.
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2);
  return {static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

std::int64_t seconds_from_civil(const CivilDate& date) {
  return days_from_civil(date.year, static_cast<unsigned>(date.month), static_cast<unsigned>(date.day)) * 86400;
}

std::string format_rfc3339(std::int64_t unix_seconds) {
  std::int64_t rest = unix_seconds % 86400;
  if (rest < 0) rest += 86400;
  const CivilDate date = civil_from_seconds(unix_seconds);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", date.year, date.month, date.day, rest / 3600,
                     rest / 60 % 60, rest % 60);
}

std::string format_date(std::int64_t unix_seconds) {
  const CivilDate date = civil_from_seconds(unix_seconds);
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

std::optional<std::int64_t> parse_feed_time(std::string_view text) {
  std::optional<std::int64_t> seconds = parse_rfc3339(text, /*allow_date_only=*/true);
  // A date-time with no offset: read as UTC by adding the 'Z' it lacks.
  if (!seconds && text.size() > 10) seconds = parse_rfc3339(std::string(text) + "Z");
  return seconds;
}

std::int64_t parse_now(std::string_view text, std::string_view option) {
  if (text.empty()) return now_unix_seconds();
  return parse_time(text, option);
}

std::int64_t parse_time(std::string_view text, std::string_view what) {
  if (auto seconds = parse_rfc3339(text, /*allow_date_only=*/true)) return *seconds;
  throw Error(std::string(what) + " '" + truncate_for_message(text, 64) + "' is not a time: " + std::string(kNowForms));
}

std::string format_span(std::int64_t seconds) {
  if (seconds < 0) seconds = -seconds;
  const std::int64_t minutes = seconds / 60;
  const std::int64_t days = minutes / 1440, hours = minutes % 1440 / 60, mins = minutes % 60;
  std::string out;
  if (days) out += std::to_string(days) + "d";
  if (hours) out += (out.empty() ? "" : " ") + std::to_string(hours) + "h";
  if (mins && !days) out += (out.empty() ? "" : " ") + std::to_string(mins) + "m";
  return out.empty() ? "0m" : out;
}

std::int64_t now_unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace tocsin
