// Time as tocsin records it: Unix seconds (UTC), read from RFC 3339 and written back as
// "YYYY-MM-DDTHH:MM:SSZ". The one time API of the engine: feeds (OSV, KEV), VEX documents, the
// incident record (its instants are plain std::int64_t Unix seconds), the documents written from
// it and every command's --now use these functions directly; no module wraps or renames them.
//
// parse_rfc3339 accepts RFC 3339 §5.6 date-times ("2026-05-13T10:00:00Z",
// "2023-01-08T18:02:03-06:00", 't'/'z' in lower case, a space instead of 'T', fractions — which
// are truncated, as go-vex does — and a leap second :60 where RFC 3339 §5.7 allows one — the last second of a month in
// UTC — counted as :59; year 0000 is refused), and, when `allow_date_only`, a plain
// "YYYY-MM-DD" read as midnight UTC. Anything else is nullopt; callers turn that into an Error
// naming the field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tocsin {

std::optional<std::int64_t> parse_rfc3339(std::string_view text, bool allow_date_only = false);

// What feeds write in the wild besides RFC 3339 (KEV `dateReleased`, RustSec `date`): a plain
// date, or a date-time without an offset ("2025-08-25T17:04:19"), both read as UTC.
std::optional<std::int64_t> parse_feed_time(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ".
std::string format_rfc3339(std::int64_t unix_seconds);
// "YYYY-MM-DD" (UTC).
std::string format_date(std::int64_t unix_seconds);

// The one `--now` of every command (and --reported-at and the like). Accepted forms, documented
// once (README "Time"): an RFC 3339 date-time as above, or a plain date YYYY-MM-DD (midnight
// UTC). An empty `text` means "not given": the wall clock. Anything else throws
// Error("<option> '<text>' is not a time: <kNowForms>"). The CLI refuses an explicit empty
// value (`--now ''`) before this is called (cli/output.h add_now_option).
inline constexpr std::string_view kNowForms =
    "expected an RFC 3339 date-time (2026-05-13T10:00:00Z, 2026-05-13T12:00:00+02:00) or a date (2026-05-13)";
std::int64_t parse_now(std::string_view text, std::string_view option = "--now");
// The same forms where a time is required (a stored record, --reported-at): empty is refused too.
// Throws Error("<what> '<text>' is not a time: <kNowForms>").
std::int64_t parse_time(std::string_view text, std::string_view what);

// Seconds since the epoch right now (the default of every --now).
std::int64_t now_unix_seconds();

// "3d 4h", "45m", "2h 5m": a compact remaining / overdue span for tables (sign and seconds
// dropped; minutes dropped once there are days).
std::string format_span(std::int64_t seconds);

// Proleptic Gregorian calendar dates (UTC).
struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};
CivilDate civil_from_seconds(std::int64_t unix_seconds);
std::int64_t seconds_from_civil(const CivilDate& date);

}  // namespace tocsin
