#include "core/json.h"

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/text.h"

namespace tocsin {

JsonDocument::JsonDocument(const std::string& path, std::string_view content) {
  auto result = parser_.parse(content);
  if (result.error() != json::SUCCESS)
    throw_json_syntax_error(path, content, json::error_message(result.error()), parser_.error_offset());
  root_ = result.value_unsafe();
}

void throw_json_syntax_error(const std::string& path, std::string_view content, std::string_view fallback_reason,
                             std::size_t fallback_offset) {
  try {
    nlohmann::json parsed = nlohmann::json::parse(content.begin(), content.end());
    (void)parsed;
  } catch (const nlohmann::json::parse_error& e) {
    LineIndex index(content);
    std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    if (offset > content.size()) offset = content.size();
    std::string what = e.what();
    // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line …: "
    auto colon = what.find(": ", what.find("parse error"));
    std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    throw Error(path, index.line_of(offset), index.column_of(offset), "invalid JSON: " + reason);
  } catch (const std::exception&) {
  }
  if (fallback_offset == std::string_view::npos || fallback_offset > content.size())
    throw Error(path, 0, 0, "invalid JSON: " + std::string(fallback_reason));
  const LineIndex index(content);
  throw Error(path, index.line_of(fallback_offset), index.column_of(fallback_offset),
              "invalid JSON: " + std::string(fallback_reason));
}

std::string_view json_string(json::element object, std::string_view key, std::string_view fallback) {
  std::string_view value;
  if (object[key].get_string().get(value) != json::SUCCESS) return fallback;
  return value;
}

bool json_bool(json::element object, std::string_view key, bool fallback) {
  bool value = false;
  if (object[key].get_bool().get(value) != json::SUCCESS) return fallback;
  return value;
}

std::vector<std::string> json_strings(json::element object, std::string_view key) {
  std::vector<std::string> out;
  json::array array;
  if (object[key].get_array().get(array) != json::SUCCESS) return out;
  for (json::element item : array) {
    std::string_view value;
    if (item.get_string().get(value) == json::SUCCESS) out.emplace_back(value);
  }
  return out;
}

}  // namespace tocsin
