// Calendar quarters for CNA readiness (documents/cna.cpp: publications per quarter).
#pragma once

#include <cstdint>
#include <string>

namespace tocsin::documents {

// Quarters counted from year 0 so that consecutive quarters differ by one across year
// boundaries: index = year * 4 + (month - 1) / 3 of the UTC date of `unix_seconds`.
int quarter_index(std::int64_t unix_seconds);
// "2026-Q1".
std::string quarter_name(int index);

}  // namespace tocsin::documents
