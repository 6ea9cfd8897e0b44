#include "core/json_dom.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/encoding.h"

namespace tocsin::json {

const char* error_message(error_code error) {
  switch (error) {
    case SUCCESS: return "no error";
    case TAPE_ERROR: return "the document is not valid JSON";
    case DEPTH_ERROR: return "the document nests deeper than the parser allows";
    case STRING_ERROR: return "invalid string";
    case T_ATOM_ERROR: return "invalid value starting with 't' (expected true)";
    case F_ATOM_ERROR: return "invalid value starting with 'f' (expected false)";
    case N_ATOM_ERROR: return "invalid value starting with 'n' (expected null)";
    case NUMBER_ERROR: return "invalid number";
    case UTF8_ERROR: return "the document is not valid UTF-8";
    case EMPTY: return "the document is empty";
    case UNESCAPED_CHARS: return "a string contains an unescaped control character";
    case UNCLOSED_STRING: return "a string is not closed";
    case CAPACITY: return "the document is larger than the parser can take";
    case INCORRECT_TYPE: return "a value has an unexpected type";
    case NUMBER_OUT_OF_RANGE: return "a number does not fit in 64 bits";
    case INDEX_OUT_OF_BOUNDS: return "an array index is out of bounds";
    case NO_SUCH_FIELD: return "no such field";
  }
  return "unknown error";
}

namespace {

using detail::Document;
using detail::Node;

class Parser {
 public:
  Parser(std::string_view input, Document& document)
      : p_(input.data()), end_(input.data() + input.size()), document_(document) {}

  error_code parse() {
    skip_whitespace();
    if (p_ == end_) return EMPTY;
    if (error_code error = value(0); error != SUCCESS) return error;
    skip_whitespace();
    return p_ == end_ ? SUCCESS : TAPE_ERROR;
  }

  std::size_t offset(std::string_view input) const { return static_cast<std::size_t>(p_ - input.data()); }

 private:
  void skip_whitespace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  std::uint32_t add(element_type type) {
    Node node{};
    node.type = type;
    document_.nodes.push_back(node);
    return static_cast<std::uint32_t>(document_.nodes.size() - 1);
  }

  error_code value(std::size_t depth) {
    if (p_ == end_) return TAPE_ERROR;
    switch (*p_) {
      case '{': return container(depth, element_type::OBJECT);
      case '[': return container(depth, element_type::ARRAY);
      case '"': return string();
      case 't': return atom("true", T_ATOM_ERROR, element_type::BOOL, true);
      case 'f': return atom("false", F_ATOM_ERROR, element_type::BOOL, false);
      case 'n': return atom("null", N_ATOM_ERROR, element_type::NULL_VALUE, false);
      default:
        if (*p_ == '-' || (*p_ >= '0' && *p_ <= '9')) return number();
        return TAPE_ERROR;
    }
  }

  // An atom must end where a structural character or whitespace (or the input) begins.
  error_code atom(std::string_view word, error_code error, element_type type, bool flag) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return error;
    p_ += word.size();
    if (p_ != end_ && std::strchr(" \t\r\n,:]}", *p_) == nullptr) return error;
    document_.nodes[add(type)].flag = flag;
    return SUCCESS;
  }

  error_code container(std::size_t depth, element_type type) {
    if (depth + 1 > kMaxDepth) return DEPTH_ERROR;
    const bool is_object = type == element_type::OBJECT;
    const char close = is_object ? '}' : ']';
    const std::uint32_t index = add(type);
    ++p_;
    std::uint32_t count = 0;
    skip_whitespace();
    if (p_ != end_ && *p_ == close) {
      ++p_;
    } else {
      while (true) {
        if (is_object) {
          if (p_ == end_ || *p_ != '"') return TAPE_ERROR;
          if (error_code error = string(); error != SUCCESS) return error;
          skip_whitespace();
          if (p_ == end_ || *p_ != ':') return TAPE_ERROR;
          ++p_;
          skip_whitespace();
        }
        if (error_code error = value(depth + 1); error != SUCCESS) return error;
        ++count;
        skip_whitespace();
        if (p_ == end_) return TAPE_ERROR;
        if (*p_ == ',') {
          ++p_;
          skip_whitespace();
          continue;
        }
        if (*p_ != close) return TAPE_ERROR;
        ++p_;
        break;
      }
    }
    Node& node = document_.nodes[index];
    node.count = count;
    node.offset = static_cast<std::uint32_t>(document_.nodes.size());
    return SUCCESS;
  }

  error_code string() {
    ++p_;  // the opening quote
    std::string& out = document_.strings;
    const std::size_t start = out.size();
    while (true) {
      const char* run = p_;
      while (p_ != end_ && *p_ != '"' && *p_ != '\\' && static_cast<unsigned char>(*p_) >= 0x20) ++p_;
      out.append(run, static_cast<std::size_t>(p_ - run));
      if (p_ == end_) return UNCLOSED_STRING;
      if (*p_ == '"') {
        ++p_;
        break;
      }
      if (*p_ != '\\') return UNESCAPED_CHARS;
      if (++p_ == end_) return UNCLOSED_STRING;
      switch (*p_++) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::uint32_t code_point = 0;
          if (!hex4(code_point)) return STRING_ERROR;
          if (code_point >= 0xD800 && code_point < 0xDC00) {
            std::uint32_t low = 0;
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return STRING_ERROR;
            p_ += 2;
            if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return STRING_ERROR;
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
          } else if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
            return STRING_ERROR;
          }
          append_utf8(out, code_point);
          break;
        }
        default: return STRING_ERROR;
      }
    }
    Node node{};
    node.type = element_type::STRING;
    node.offset = static_cast<std::uint32_t>(start);
    node.count = static_cast<std::uint32_t>(out.size() - start);
    document_.nodes.push_back(node);
    return SUCCESS;
  }

  bool hex4(std::uint32_t& code_point) {
    if (end_ - p_ < 4) return false;
    for (int i = 0; i < 4; ++i) {
      const int digit = hex_digit_value(p_[i]);
      if (digit < 0) return false;
      code_point = code_point * 16 + static_cast<std::uint32_t>(digit);
    }
    p_ += 4;
    return true;
  }

  static bool digit(const char* p, const char* end) { return p != end && *p >= '0' && *p <= '9'; }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, followed by a structural character,
  // whitespace or the end.
  error_code number() {
    const char* start = p_;
    const char* p = p_;
    const bool negative = *p == '-';
    if (negative) ++p;
    if (!digit(p, end_)) return NUMBER_ERROR;
    if (*p == '0') {
      ++p;
    } else {
      while (digit(p, end_)) ++p;
    }
    const char* integer_end = p;
    bool is_integer = true;
    if (p != end_ && *p == '.') {
      is_integer = false;
      ++p;
      if (!digit(p, end_)) return NUMBER_ERROR;
      while (digit(p, end_)) ++p;
    }
    if (p != end_ && (*p == 'e' || *p == 'E')) {
      is_integer = false;
      ++p;
      if (p != end_ && (*p == '+' || *p == '-')) ++p;
      if (!digit(p, end_)) return NUMBER_ERROR;
      while (digit(p, end_)) ++p;
    }
    if (p != end_ && std::strchr(" \t\r\n,:]}", *p) == nullptr) return NUMBER_ERROR;
    p_ = p;
    const std::uint32_t index = add(element_type::INT64);
    Node& node = document_.nodes[index];
    if (is_integer) {
      std::uint64_t magnitude = 0;
      const char* digits = negative ? start + 1 : start;
      auto [end, error] = std::from_chars(digits, integer_end, magnitude);
      if (error != std::errc() || end != integer_end) return NUMBER_ERROR;  // more than 64 bits
      constexpr auto kMaxInt64 = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
      if (negative) {
        if (magnitude > kMaxInt64 + 1) return NUMBER_ERROR;
        node.int64 = magnitude == kMaxInt64 + 1 ? std::numeric_limits<std::int64_t>::min()
                                                : -static_cast<std::int64_t>(magnitude);
      } else if (magnitude <= kMaxInt64) {
        node.int64 = static_cast<std::int64_t>(magnitude);
      } else {
        node.type = element_type::UINT64;
        node.uint64 = magnitude;
      }
      return SUCCESS;
    }
    double real = 0;
    auto [end, error] = std::from_chars(start, p, real);
    if (error == std::errc::result_out_of_range) {
      // from_chars reports underflow too; what strtod gives then (zero or a subnormal) is the
      // correctly rounded value. Overflow (infinity) is not a JSON number simdjson accepts.
      real = std::strtod(std::string(start, p).c_str(), nullptr);
      if (std::isinf(real)) return NUMBER_ERROR;
    } else if (error != std::errc() || end != p) {
      return NUMBER_ERROR;
    }
    node.type = element_type::DOUBLE;
    node.real = real;
    return SUCCESS;
  }

  const char* p_;
  const char* end_;
  Document& document_;
};

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static const char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_minified(std::string& out, element value) {
  switch (value.type()) {
    case element_type::OBJECT: {
      out += '{';
      bool first = true;
      for (key_value_pair member : value.get_object().value_unsafe()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, member.key);
        out += ':';
        append_minified(out, member.value);
      }
      out += '}';
      break;
    }
    case element_type::ARRAY: {
      out += '[';
      bool first = true;
      for (element item : value.get_array().value_unsafe()) {
        if (!first) out += ',';
        first = false;
        append_minified(out, item);
      }
      out += ']';
      break;
    }
    case element_type::STRING: append_json_string(out, value.get_string().value_unsafe()); break;
    case element_type::INT64: out += std::to_string(value.get_int64().value_unsafe()); break;
    case element_type::UINT64: out += std::to_string(value.get_uint64().value_unsafe()); break;
    // nlohmann's shortest round-trip form ("1.0", "1e+100"), the one simdjson prints too
    case element_type::DOUBLE: out += nlohmann::json(value.get_double().value_unsafe()).dump(); break;
    case element_type::BOOL: out += value.get_bool().value_unsafe() ? "true" : "false"; break;
    case element_type::NULL_VALUE: out += "null"; break;
  }
}

}  // namespace

result<element> parser::parse(std::string_view input) {
  if (input.size() >= std::numeric_limits<std::uint32_t>::max()) return CAPACITY;
  if (const std::size_t bad = invalid_utf8_at(input); bad != std::string_view::npos) {
    error_offset_ = bad;
    return UTF8_ERROR;
  }
  document_.nodes.clear();
  document_.strings.clear();
  document_.strings.reserve(input.size());
  Parser parser(input, document_);
  if (error_code error = parser.parse(); error != SUCCESS) {
    error_offset_ = parser.offset(input);
    return error;
  }
  return element(&document_, 0);
}

result<std::string_view> element::get_string() const {
  const detail::Node& n = node();
  if (n.type != element_type::STRING) return INCORRECT_TYPE;
  return std::string_view(document_->strings).substr(n.offset, n.count);
}

result<array> element::get_array() const {
  if (type() != element_type::ARRAY) return INCORRECT_TYPE;
  return array(document_, index_);
}

result<object> element::get_object() const {
  if (type() != element_type::OBJECT) return INCORRECT_TYPE;
  return object(document_, index_);
}

result<std::int64_t> element::get_int64() const {
  const detail::Node& n = node();
  if (n.type == element_type::INT64) return n.int64;
  if (n.type == element_type::UINT64) return NUMBER_OUT_OF_RANGE;
  return INCORRECT_TYPE;
}

result<std::uint64_t> element::get_uint64() const {
  const detail::Node& n = node();
  if (n.type == element_type::UINT64) return n.uint64;
  if (n.type == element_type::INT64)
    return n.int64 < 0 ? result<std::uint64_t>(NUMBER_OUT_OF_RANGE)
                       : result<std::uint64_t>(static_cast<std::uint64_t>(n.int64));
  return INCORRECT_TYPE;
}

result<double> element::get_double() const {
  const detail::Node& n = node();
  if (n.type == element_type::DOUBLE) return n.real;
  if (n.type == element_type::INT64) return static_cast<double>(n.int64);
  if (n.type == element_type::UINT64) return static_cast<double>(n.uint64);
  return INCORRECT_TYPE;
}

result<bool> element::get_bool() const {
  const detail::Node& n = node();
  if (n.type != element_type::BOOL) return INCORRECT_TYPE;
  return n.flag;
}

result<element> element::operator[](std::string_view key) const {
  object members;
  if (error_code error = get_object().get(members); error != SUCCESS) return error;
  return members[key];
}

result<element> object::operator[](std::string_view key) const {
  for (key_value_pair member : *this)
    if (member.key == key) return member.value;
  return NO_SUCH_FIELD;
}

result<element> array::at(std::size_t position) const {
  std::size_t i = 0;
  for (element item : *this)
    if (i++ == position) return item;
  return INDEX_OUT_OF_BOUNDS;
}

std::string to_string(element value) {
  std::string out;
  append_minified(out, value);
  return out;
}

}  // namespace tocsin::json
