#include "cvss/cvss.h"

#include <cmath>

#include "core/error.h"
#include "core/text.h"
#include "cvss/vector_syntax.h"

namespace tocsin::cvss {

namespace detail {

void fail(const Origin& origin, std::size_t offset, std::string message) {
  throw Error(origin.path, origin.line, origin.column + static_cast<int>(offset), std::move(message));
}

std::string join_values(const std::string_view* values, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    out += values[i];
  }
  return out;
}

}  // namespace detail

std::string_view version_name(Version version) {
  switch (version) {
    case Version::V3_0: return "3.0";
    case Version::V3_1: return "3.1";
    case Version::V4_0: return "4.0";
  }
  return "?";
}

std::string_view rating_name(Rating rating) {
  switch (rating) {
    case Rating::None: return "None";
    case Rating::Low: return "Low";
    case Rating::Medium: return "Medium";
    case Rating::High: return "High";
    case Rating::Critical: return "Critical";
  }
  return "?";
}

Rating rating_of(double score) {
  // Compare in tenths so that 3.9000000000000004 or 6.8999999999999995 land in the right band.
  long tenths = std::lround(score * 10.0);
  if (tenths <= 0) return Rating::None;
  if (tenths < 40) return Rating::Low;
  if (tenths < 70) return Rating::Medium;
  if (tenths < 90) return Rating::High;
  return Rating::Critical;
}

Result score(std::string_view vector, const Origin& origin) {
  if (starts_with(vector, "CVSS:4.0/")) return score_v4(vector, origin);
  if (starts_with(vector, "CVSS:3.1/") || starts_with(vector, "CVSS:3.0/")) return score_v3(vector, origin);
  if (starts_with(vector, "CVSS:"))
    detail::fail(origin, 0, "unsupported CVSS version prefix: expected 'CVSS:3.0/', 'CVSS:3.1/' or 'CVSS:4.0/'");
  if (starts_with(vector, "AV:") || starts_with(vector, "(AV:"))
    detail::fail(origin, 0, "CVSS v2 vectors are not supported: expected 'CVSS:3.0/', 'CVSS:3.1/' or 'CVSS:4.0/'");
  detail::fail(origin, 0, "not a CVSS vector: expected prefix 'CVSS:3.0/', 'CVSS:3.1/' or 'CVSS:4.0/'");
}

}  // namespace tocsin::cvss
