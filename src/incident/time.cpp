#include "incident/time.h"

#include <chrono>
#include <cstdio>

#include "core/error.h"

namespace tocsin::incident {
namespace {

// Howard Hinnant's days-from-civil and civil-from-days (proleptic Gregorian calendar).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

void civil_from_days(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  day = day_of_year - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2);
}

bool digits(std::string_view text, std::size_t at, std::size_t count, int& value) {
  if (at + count > text.size()) return false;
  value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kDays[month - 1];
}

}  // namespace

Instant parse_instant(std::string_view text, std::string_view what) {
  const auto bad = [&] {
    return Error(std::string(what), 0, 0,
                 "invalid time '" + std::string(text) + "' (expected RFC 3339, e.g. 2026-05-13T10:00:00Z)");
  };
  int year = 0, month = 0, day = 0;
  if (text.size() < 10 || !digits(text, 0, 4, year) || text[4] != '-' || !digits(text, 5, 2, month) || text[7] != '-' ||
      !digits(text, 8, 2, day) || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
    throw bad();
  Instant seconds = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400;
  if (text.size() == 10) return seconds;
  int hour = 0, minute = 0, second = 0;
  if ((text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(text, 11, 2, hour) || text.size() < 19 ||
      text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' || !digits(text, 17, 2, second) || hour > 23 ||
      minute > 59 || second > 60)
    throw bad();
  seconds += hour * 3600 + minute * 60 + second;
  std::size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    const std::size_t start = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    if (at == start) throw bad();
  }
  if (at == text.size()) throw bad();
  if ((text[at] == 'Z' || text[at] == 'z') && at + 1 == text.size()) return seconds;
  int offset_hours = 0, offset_minutes = 0;
  if ((text[at] != '+' && text[at] != '-') || at + 6 != text.size() || !digits(text, at + 1, 2, offset_hours) ||
      text[at + 3] != ':' || !digits(text, at + 4, 2, offset_minutes) || offset_hours > 23 || offset_minutes > 59)
    throw bad();
  const Instant offset = offset_hours * 3600 + offset_minutes * 60;
  return text[at] == '+' ? seconds - offset : seconds + offset;
}

std::string format_instant(Instant instant) {
  std::int64_t days = instant / 86400;
  std::int64_t rest = instant % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  std::int64_t year = 0;
  unsigned month = 0, day = 0;
  civil_from_days(days, year, month, day);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(year), month,
                day, static_cast<long long>(rest / 3600), static_cast<long long>(rest % 3600 / 60),
                static_cast<long long>(rest % 60));
  return buffer;
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

Instant wall_clock_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace tocsin::incident
