// Finding a JSON path in the raw text of a document, so that a diagnostic about
// `$.statements[2].justification` can name its line. The JSON DOM keeps no positions; the
// document has already been validated by tocsin::JsonDocument when this runs, but the scanner
// still treats its input as untrusted (bounded depth, never reads past the end).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tocsin::vex {

struct JsonPathSegment {
  std::string key;        // object member, when !is_index
  std::size_t index = 0;  // array element, when is_index
  bool is_index = false;
};
using JsonPath = std::vector<JsonPathSegment>;

JsonPath operator/(JsonPath path, std::string key);
JsonPath operator/(JsonPath path, std::size_t index);

// "$.statements[2].justification"; keys that are not plain identifiers are quoted: $["@id"].
std::string format_json_path(const JsonPath& path);

// Byte offset of the addressed member's key (or of the array element's value), or npos when the
// path does not exist in `content`. With duplicate keys the first one is found, as the JSON DOM does.
std::size_t locate_json_path(std::string_view content, const JsonPath& path);

// The same lookup for many paths of one document. Each container on a looked-up path is scanned
// once and the offsets of its members kept, so locating every statement of a large document costs
// one pass over it instead of one pass per statement (which made reading 100k statements hang).
class JsonLocator {
 public:
  explicit JsonLocator(std::string_view content) : content_(content) {}
  std::size_t find(const JsonPath& path);

  struct Member {
    std::size_t key_offset = 0;
    std::size_t value_offset = 0;
  };
  struct Container {
    bool is_object = false;
    std::unordered_map<std::string, Member> members;  // objects: the first member of each key
    std::vector<std::size_t> items;                   // arrays: offset of each element's value
  };

 private:
  std::string_view content_;
  std::unordered_map<std::size_t, Container> containers_;  // by offset of the opening bracket
};

}  // namespace tocsin::vex
