// Small accessors for GitHub API objects: a missing member or one of another type reads as empty,
// because GitHub omits or nulls most fields freely; the readers check what they require.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "incident/incident.h"

namespace tocsin::intake {

// The member at a path of keys, or null.
inline const nlohmann::json& member(const nlohmann::json& value, std::initializer_list<std::string_view> keys) {
  static const nlohmann::json null;
  const nlohmann::json* at = &value;
  for (std::string_view key : keys) {
    if (!at->is_object()) return null;
    auto found = at->find(key);
    if (found == at->end()) return null;
    at = &*found;
  }
  return *at;
}

inline std::string text(const nlohmann::json& value, std::initializer_list<std::string_view> keys) {
  const nlohmann::json& found = member(value, keys);
  if (found.is_string()) return found.get<std::string>();
  if (found.is_number_integer()) return std::to_string(found.get<long long>());
  return {};
}

// A GitHub timestamp ("2022-06-15T07:43:03Z") as an incident instant; throws naming `what`.
inline std::optional<std::int64_t> instant(const nlohmann::json& value, std::initializer_list<std::string_view> keys,
                                           const std::string& what) {
  const std::string written = text(value, keys);
  if (written.empty()) return std::nullopt;
  return parse_time(written, what);
}

}  // namespace tocsin::intake
