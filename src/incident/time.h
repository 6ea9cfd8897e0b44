// Instants of the incident record: Unix seconds, read from and written as RFC 3339 UTC.
//
// Every incident command takes `--now` so drills and tests are reproducible; the record stores
// the instant the command ran at ("2026-05-13T10:00:00Z"). Parsing and formatting are core/time.h's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tocsin::incident {

using Instant = std::int64_t;  // seconds since 1970-01-01T00:00:00Z

// "2026-05-13T10:00:00Z", "2026-05-13T12:00:00+02:00", fractions truncated; a plain date
// "2026-05-13" is midnight UTC. Throws Error(what, 0, 0, reason) naming `what` (e.g. "--now").
Instant parse_instant(std::string_view text, std::string_view what);
// "YYYY-MM-DDTHH:MM:SSZ".
std::string format_instant(Instant instant);
// "3d 4h", "45m", "2h 5m": a compact remaining / overdue span for tables (seconds dropped).
std::string format_span(std::int64_t seconds);
Instant wall_clock_now();

}  // namespace tocsin::incident
