// Time as tocsin records it: Unix seconds (UTC), read from RFC 3339 and written back as
// "YYYY-MM-DDTHH:MM:SSZ". One implementation for feeds (OSV, KEV), VEX documents, the incident
// record and the documents written from it.
//
// parse_rfc3339 accepts RFC 3339 §5.6 date-times ("2026-05-13T10:00:00Z",
// "2023-01-08T18:02:03-06:00", 't'/'z' in lower case, a space instead of 'T', fractions — which
// are truncated, as go-vex does — and a leap second :60, counted as :59), and, when `allow_date_only`, a plain
// "YYYY-MM-DD" read as midnight UTC. Anything else is nullopt; callers turn that into an Error
// naming the field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tocsin {

std::optional<std::int64_t> parse_rfc3339(std::string_view text, bool allow_date_only = false);

// "YYYY-MM-DDTHH:MM:SSZ".
std::string format_rfc3339(std::int64_t unix_seconds);
// "YYYY-MM-DD" (UTC).
std::string format_date(std::int64_t unix_seconds);

// Seconds since the epoch right now (the default of every --now).
std::int64_t now_unix_seconds();

// Proleptic Gregorian calendar dates (UTC).
struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};
CivilDate civil_from_seconds(std::int64_t unix_seconds);
std::int64_t seconds_from_civil(const CivilDate& date);

}  // namespace tocsin
