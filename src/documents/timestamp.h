// Time as the documents need it: RFC 3339 (core/time.h; a date-time with an offset, as OSV and
// CVE records require — no plain dates), UTC formatting, and calendar quarters for CNA readiness.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace tocsin::documents {

using tocsin::civil_from_seconds;
using tocsin::CivilDate;
using tocsin::seconds_from_civil;

// RFC 3339 §5.6 date-time only: nullopt for a plain date or a time without an offset.
inline std::optional<std::int64_t> parse_rfc3339(std::string_view text) { return tocsin::parse_rfc3339(text); }
// "YYYY-MM-DDTHH:MM:SSZ".
inline std::string format_utc(std::int64_t seconds) { return tocsin::format_rfc3339(seconds); }
// "YYYY-MM-DD" (UTC).
inline std::string format_utc_date(std::int64_t seconds) { return tocsin::format_date(seconds); }

// Quarters counted from year 0 so that consecutive quarters differ by one across year
// boundaries: index = year * 4 + (month - 1) / 3.
int quarter_index(std::int64_t seconds);
// "2026-Q1".
std::string quarter_name(int index);

}  // namespace tocsin::documents
