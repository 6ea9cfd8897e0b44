#include "documents/quarter.h"

#include <fmt/format.h>

#include "core/time.h"

namespace tocsin::documents {

int quarter_index(std::int64_t unix_seconds) {
  const CivilDate date = civil_from_seconds(unix_seconds);
  return date.year * 4 + (date.month - 1) / 3;
}

std::string quarter_name(int index) { return fmt::format("{}-Q{}", index / 4, index % 4 + 1); }

}  // namespace tocsin::documents
