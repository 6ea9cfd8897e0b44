// core/json_dom.h on arbitrary bytes: parsing returns a value or an error code, never anything
// else; what it accepts it can write back (minified), and that text parses again to the same
// minified text. Every value is visited through the accessors the readers use.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/json_dom.h"

namespace {

void visit(tocsin::json::element value, int depth) {
  using tocsin::json::element_type;
  if (depth > 2000) __builtin_trap();  // deeper than the parser allows
  switch (value.type()) {
    case element_type::OBJECT:
      for (tocsin::json::key_value_pair member : value.get_object().value()) {
        if (value[member.key].error() != tocsin::json::SUCCESS) __builtin_trap();  // lookup finds every key
        visit(member.value, depth + 1);
      }
      break;
    case element_type::ARRAY:
      for (tocsin::json::element item : value.get_array().value()) visit(item, depth + 1);
      break;
    case element_type::STRING: (void)value.get_string().value(); break;
    case element_type::INT64: (void)value.get_int64().value(); break;
    case element_type::UINT64: (void)value.get_uint64().value(); break;
    case element_type::DOUBLE: (void)value.get_double().value(); break;
    case element_type::BOOL: (void)value.get_bool().value(); break;
    case element_type::NULL_VALUE: break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static tocsin::json::parser parser;
  tocsin::json::element root;
  if (parser.parse(std::string_view(reinterpret_cast<const char*>(data), size)).get(root) != tocsin::json::SUCCESS)
    return 0;
  visit(root, 0);
  const std::string minified = tocsin::json::to_string(root);
  tocsin::json::parser again;
  tocsin::json::element reparsed;
  if (again.parse(minified).get(reparsed) != tocsin::json::SUCCESS) __builtin_trap();
  if (tocsin::json::to_string(reparsed) != minified) __builtin_trap();
  return 0;
}
