// The incident record's instants, on top of core/time.h.
#include "incident/time.h"

#include "core/error.h"
#include "core/time.h"

namespace tocsin::incident {

Instant parse_instant(std::string_view text, std::string_view what) {
  std::optional<std::int64_t> seconds = parse_rfc3339(text, /*allow_date_only=*/true);
  if (!seconds)
    throw Error(std::string(what), 0, 0,
                "invalid time '" + std::string(text) + "' (expected RFC 3339, e.g. 2026-05-13T10:00:00Z)");
  return *seconds;
}

std::string format_instant(Instant instant) { return format_rfc3339(instant); }

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

Instant wall_clock_now() { return now_unix_seconds(); }

}  // namespace tocsin::incident
