// Reading the JSON of bundles, trusted roots and registry documents: nlohmann::json with
// located syntax errors, and accessors that treat a missing key or a wrong type as absent
// (protobuf JSON writes int64 as strings; both forms are read).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace tocsin::release {

// Throws Error(path, line, column, "invalid JSON: …").
nlohmann::json parse_json(const std::string& path, std::string_view content);

// nullptr when absent or null.
const nlohmann::json* member(const nlohmann::json& object, std::string_view key);
std::string string_member(const nlohmann::json& object, std::string_view key);
std::optional<std::int64_t> int_member(const nlohmann::json& object, std::string_view key);
// base64 member decoded; nullopt when absent or malformed.
std::optional<std::string> bytes_member(const nlohmann::json& object, std::string_view key);

}  // namespace tocsin::release
