// Reading JSON: core/json_dom.h's DOM on the happy path; on a syntax error the document is
// re-parsed by nlohmann::json only to find the line and column to report (the DOM does not
// keep positions). Writing JSON uses nlohmann::ordered_json everywhere (stable key order).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/json_dom.h"

namespace tocsin {

// Owns the parser and the padded input so the returned element stays valid while the
// JsonDocument lives. One per file; not thread-safe.
class JsonDocument {
 public:
  // Throws Error(path, line, column, "invalid JSON: …") on malformed input.
  JsonDocument(const std::string& path, std::string_view content);
  json::element root() const { return root_; }

 private:
  json::parser parser_;
  json::element root_;
};

// Throws Error(path, line, column, message) locating a JSON syntax error in `content` (by
// nlohmann's re-parse; when that finds none, `fallback_reason` at `fallback_offset`, or with no
// position when that is npos).
[[noreturn]] void throw_json_syntax_error(const std::string& path, std::string_view content,
                                          std::string_view fallback_reason,
                                          std::size_t fallback_offset = std::string_view::npos);

// Convenience accessors on a DOM object: missing key or wrong type yields the fallback.
std::string_view json_string(json::element object, std::string_view key, std::string_view fallback = {});
bool json_bool(json::element object, std::string_view key, bool fallback = false);
// The string items of the array `key`, in order; a missing key, another type or a non-string
// item is left out (free-form fields, and records tocsin wrote itself).
std::vector<std::string> json_strings(json::element object, std::string_view key);

}  // namespace tocsin
