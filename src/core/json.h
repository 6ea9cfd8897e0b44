// Reading JSON: simdjson for speed on the happy path; on a syntax error the document is
// re-parsed by nlohmann::json only to find the line and column to report (simdjson does not
// keep positions). Writing JSON uses nlohmann::ordered_json everywhere (stable key order).
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

namespace tocsin {

// Owns the parser and the padded input so the returned element stays valid while the
// JsonDocument lives. One per file; not thread-safe.
class JsonDocument {
 public:
  // Throws Error(path, line, column, "invalid JSON: …") on malformed input.
  JsonDocument(const std::string& path, std::string_view content);
  simdjson::dom::element root() const { return root_; }

 private:
  simdjson::dom::parser parser_;
  simdjson::padded_string padded_;
  simdjson::dom::element root_;
};

// Throws Error(path, line, column, message) locating a JSON syntax error in `content`.
[[noreturn]] void throw_json_syntax_error(const std::string& path, std::string_view content,
                                          std::string_view fallback_reason);

// Convenience accessors on a DOM object: missing key or wrong type yields the fallback.
std::string_view json_string(simdjson::dom::element object, std::string_view key, std::string_view fallback = {});
bool json_bool(simdjson::dom::element object, std::string_view key, bool fallback = false);
// The string items of the array `key`, in order; a missing key, another type or a non-string
// item is left out (free-form fields, and records tocsin wrote itself).
std::vector<std::string> json_strings(simdjson::dom::element object, std::string_view key);

}  // namespace tocsin
