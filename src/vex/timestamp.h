// RFC 3339 timestamps as OpenVEX writes them ("2026-05-13T00:00:00Z", "2023-01-08T18:02:03-06:00",
// fractional seconds allowed) and plain dates ("2026-09-01", read as midnight UTC), converted to
// Unix seconds so statements can be ordered and review dates compared with --now. Fractions are
// truncated, as go-vex does when it hashes timestamps (time.Unix()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tocsin::vex {

// Unix seconds, or nullopt when `text` is not an RFC 3339 date-time (with `T` or a space between
// date and time, `Z` or a numeric offset) nor, when `allow_date_only`, a YYYY-MM-DD date.
std::optional<std::int64_t> parse_rfc3339(std::string_view text, bool allow_date_only = false);

// "YYYY-MM-DDTHH:MM:SSZ".
std::string format_rfc3339(std::int64_t unix_seconds);

// Seconds since the epoch right now (the CLI's default for --now).
std::int64_t now_unix_seconds();

}  // namespace tocsin::vex
