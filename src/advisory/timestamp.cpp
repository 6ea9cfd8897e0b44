// Feed timestamps: RFC 3339 through core/time.h, plus what feeds write in the wild — a plain
// date (RustSec `date`, KEV `dateAdded`) and a date-time with no offset, read as UTC.
#include <string>

#include "advisory/database.h"
#include "core/error.h"
#include "core/time.h"

namespace tocsin::advisory {

std::int64_t parse_timestamp(std::string_view text) {
  std::optional<std::int64_t> seconds = parse_rfc3339(text, /*allow_date_only=*/true);
  if (!seconds && text.size() > 10) seconds = parse_rfc3339(std::string(text) + "Z");
  if (!seconds)
    throw Error("invalid timestamp '" + std::string(text) + "' (expected RFC 3339, e.g. 2025-08-25T17:04:19Z)");
  return *seconds;
}

std::string format_timestamp(std::int64_t seconds) { return format_rfc3339(seconds); }

}  // namespace tocsin::advisory
