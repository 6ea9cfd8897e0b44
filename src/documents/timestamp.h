// RFC 3339 timestamps as the documents need them: parse to seconds since the Unix epoch (UTC),
// format back as UTC ("…Z", the form OSV requires), and calendar arithmetic for quarters.
//
// Kept inside src/documents/ on purpose: the documents must not depend on src/incident/ (whose
// clock code is written independently), and both only need the RFC 3339 grammar.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tocsin::documents {

// RFC 3339 §5.6 date-time: "YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)". 'T'/'Z' may be lower case and
// 'T' may be a space (RFC 3339 §5.6 NOTE). Seconds may be 60 (a leap second, counted as :59).
// Fractions are dropped (truncated). Returns nullopt for anything else — including a date
// without a time or a time without an offset, which RFC 3339 does not allow.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ".
std::string format_utc(std::int64_t seconds);
// "YYYY-MM-DD" (UTC).
std::string format_utc_date(std::int64_t seconds);

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};
CivilDate civil_from_seconds(std::int64_t seconds);
std::int64_t seconds_from_civil(const CivilDate& date);

// Quarters counted from year 0 so that consecutive quarters differ by one across year
// boundaries: index = year * 4 + (month - 1) / 3.
int quarter_index(std::int64_t seconds);
// "2026-Q1".
std::string quarter_name(int index);

}  // namespace tocsin::documents
