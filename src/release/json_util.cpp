#include "release/json_util.h"

#include <charconv>

#include "core/encoding.h"
#include "core/json.h"
#include "release/crypto.h"

namespace tocsin::release {

nlohmann::json parse_json(const std::string& path, std::string_view content) {
  try {
    return nlohmann::json::parse(content);
  } catch (const nlohmann::json::parse_error& e) {
    throw_json_syntax_error(path, content, e.what());
  } catch (const nlohmann::json::out_of_range& e) {  // a number beyond a double ("1e999"): error 406
    throw_json_syntax_error(path, content, e.what());
  }
}

const nlohmann::json* member(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;  // protobuf JSON: null = absent
}

std::string string_member(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = member(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

std::optional<std::int64_t> int_member(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = member(object, key);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer()) return value->get<std::int64_t>();
  if (!value->is_string()) return std::nullopt;
  const std::string& text = value->get_ref<const std::string&>();
  std::int64_t out = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return out;
}

std::optional<std::string> bytes_member(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = member(object, key);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return base64_decode(value->get_ref<const std::string&>());
}

}  // namespace tocsin::release
