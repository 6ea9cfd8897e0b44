// A JSON DOM reader: RFC 8259 exactly as simdjson 3 reads it (the library tocsin used before),
// with the part of simdjson's `dom` interface tocsin uses, so that the readers did not change.
//
// Why not simdjson itself: Debian ships it only as a shared library that needs the shared C++
// runtime, and loading both cost every JSON-reading command ~6.6 million instructions and ~60
// page faults at start-up (issue 11); it also kept the `tocsin` executable from being linked
// statically. Lockfiles, manifests and VEX documents are small; feeds are read once at import.
//
// What it accepts and rejects (the differential test tests/core/json_dom_test.cpp checks each
// against simdjson on real files and mutations of them):
//   - the whole input must be valid UTF-8 (no overlong forms, no surrogates, nothing past
//     U+10FFFF); only space, tab, line feed and carriage return are whitespace;
//   - strings: the JSON escapes only, \u surrogate pairs joined, a lone surrogate escape and
//     unescaped control characters (< 0x20) are errors;
//   - numbers: JSON's grammar; an integer is int64 when it fits, uint64 when only that fits,
//     otherwise an error; other numbers are doubles (correctly rounded), and one too large for a
//     double is an error;
//   - nesting deeper than kMaxDepth is an error; nothing but whitespace may follow the root.
// Objects keep every member in order, duplicates included; a lookup by key finds the first (a
// package manager keeps the last: lockfile/json_input.h removes earlier duplicates first).
//
// Values are views into their parser: parsing again (or destroying the parser) ends them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin::json {

enum error_code : std::uint8_t {
  SUCCESS,
  TAPE_ERROR,           // not valid JSON (a structural character missing or out of place)
  DEPTH_ERROR,          // nested deeper than kMaxDepth
  STRING_ERROR,         // an invalid escape
  T_ATOM_ERROR,         // not `true`
  F_ATOM_ERROR,         // not `false`
  N_ATOM_ERROR,         // not `null`
  NUMBER_ERROR,         // not a number, or one out of range
  UTF8_ERROR,           // the input is not UTF-8
  EMPTY,                // nothing but whitespace
  UNESCAPED_CHARS,      // a control character inside a string
  UNCLOSED_STRING,      // the input ends inside a string
  CAPACITY,             // larger than 4 GiB
  INCORRECT_TYPE,       // access: the value has another type
  NUMBER_OUT_OF_RANGE,  // access: the number does not fit the type asked for
  INDEX_OUT_OF_BOUNDS,  // access: no such array index
  NO_SUCH_FIELD,        // access: no such key
};

// A short English description of `error`.
const char* error_message(error_code error);

inline constexpr std::size_t kMaxDepth = 1024;  // simdjson's default

enum class element_type : char {
  ARRAY = '[',
  OBJECT = '{',
  INT64 = 'l',
  UINT64 = 'u',
  DOUBLE = 'd',
  STRING = '"',
  BOOL = 't',
  NULL_VALUE = 'n',
};

class element;
class array;
class object;

// A value or the error that stands in its place; chains like simdjson's results, so that
// `doc["a"]["b"].get_string().get(text)` yields the first error met.
template <class T>
class result {
 public:
  result(T value) : value_(value) {}           // NOLINT(google-explicit-constructor): as simdjson
  result(error_code error) : error_(error) {}  // NOLINT(google-explicit-constructor)

  error_code error() const { return error_; }
  // The value; throws std::runtime_error when this is an error.
  T value() const;
  T value_unsafe() const { return value_; }
  operator T() const { return value(); }  // NOLINT(google-explicit-constructor)

  // Stores the value in `out` (converted as element::get does) and returns SUCCESS, or
  // returns the error and leaves `out` alone.
  template <class U>
  error_code get(U& out) const;

  // Chaining, for results of elements and containers.
  result<element> operator[](std::string_view key) const;
  result<element> at_key(std::string_view key) const;
  result<std::string_view> get_string() const;
  result<array> get_array() const;
  result<object> get_object() const;
  result<std::int64_t> get_int64() const;
  result<std::uint64_t> get_uint64() const;
  result<double> get_double() const;
  result<bool> get_bool() const;
  bool is_null() const;
  bool is_string() const;
  bool is_object() const;
  bool is_array() const;
  bool is_number() const;

 private:
  T value_{};
  error_code error_ = SUCCESS;
};

namespace detail {

struct Node {
  element_type type;
  std::uint32_t count;   // array: items; object: members; string: length in bytes
  std::uint32_t offset;  // array, object: the index after its last descendant; string: start in strings
  union {
    std::int64_t int64;
    std::uint64_t uint64;
    double real;
    bool flag;
  };
};

struct Document {
  std::vector<Node> nodes;
  std::string strings;  // decoded string contents, back to back
};

// The index of the node after node `index` and its descendants.
inline std::uint32_t next_sibling(const Document& document, std::uint32_t index) {
  const Node& node = document.nodes[index];
  return node.type == element_type::ARRAY || node.type == element_type::OBJECT ? node.offset : index + 1;
}

}  // namespace detail

class element {
 public:
  element() = default;

  element_type type() const { return node().type; }

  result<std::string_view> get_string() const;
  result<array> get_array() const;
  result<object> get_object() const;
  result<std::int64_t> get_int64() const;
  result<std::uint64_t> get_uint64() const;
  result<double> get_double() const;  // also for integers
  result<bool> get_bool() const;

  bool is_null() const { return type() == element_type::NULL_VALUE; }
  bool is_string() const { return type() == element_type::STRING; }
  bool is_object() const { return type() == element_type::OBJECT; }
  bool is_array() const { return type() == element_type::ARRAY; }
  bool is_bool() const { return type() == element_type::BOOL; }
  bool is_number() const;

  // The first member named `key` of this object (INCORRECT_TYPE when this is not one).
  result<element> operator[](std::string_view key) const;
  result<element> at_key(std::string_view key) const { return (*this)[key]; }

  // `out` is one of element, array, object, std::string_view, std::int64_t, std::uint64_t,
  // double, bool.
  template <class T>
  error_code get(T& out) const;

  // Internal: node `index` of a parsed document.
  element(const detail::Document* document, std::uint32_t index) : document_(document), index_(index) {}

 private:
  const detail::Node& node() const { return document_->nodes[index_]; }

  const detail::Document* document_ = nullptr;
  std::uint32_t index_ = 0;
};

class array {
 public:
  class iterator {
   public:
    element operator*() const { return element(document_, index_); }
    iterator& operator++();
    bool operator!=(const iterator& other) const { return index_ != other.index_; }
    bool operator==(const iterator& other) const { return index_ == other.index_; }

   private:
    friend class array;
    iterator(const detail::Document* document, std::uint32_t index) : document_(document), index_(index) {}
    const detail::Document* document_;
    std::uint32_t index_;
  };

  array() = default;
  array(const detail::Document* document, std::uint32_t index) : document_(document), index_(index) {}  // internal
  iterator begin() const { return {document_, index_ + 1}; }
  iterator end() const { return {document_, document_->nodes[index_].offset}; }
  std::size_t size() const { return document_->nodes[index_].count; }
  result<element> at(std::size_t position) const;

 private:
  const detail::Document* document_ = nullptr;
  std::uint32_t index_ = 0;
};

struct key_value_pair {
  std::string_view key;
  element value;
};

class object {
 public:
  class iterator {
   public:
    key_value_pair operator*() const;
    iterator& operator++();
    bool operator!=(const iterator& other) const { return index_ != other.index_; }
    bool operator==(const iterator& other) const { return index_ == other.index_; }

   private:
    friend class object;
    iterator(const detail::Document* document, std::uint32_t index) : document_(document), index_(index) {}
    const detail::Document* document_;
    std::uint32_t index_;  // of the key
  };

  object() = default;
  object(const detail::Document* document, std::uint32_t index) : document_(document), index_(index) {}  // internal
  iterator begin() const { return {document_, index_ + 1}; }
  iterator end() const { return {document_, document_->nodes[index_].offset}; }
  std::size_t size() const { return document_->nodes[index_].count; }
  result<element> operator[](std::string_view key) const;
  result<element> at_key(std::string_view key) const { return (*this)[key]; }

 private:
  const detail::Document* document_ = nullptr;
  std::uint32_t index_ = 0;
};

// Parses one document at a time; the values of the previous one end with the next parse.
class parser {
 public:
  result<element> parse(std::string_view input);
  // After a failed parse: the byte offset where the parser stopped (the byte that is not UTF-8,
  // the bracket nested too deep, the character that breaks the grammar).
  std::size_t error_offset() const { return error_offset_; }

 private:
  detail::Document document_;
  std::size_t error_offset_ = 0;
};

// The value as minified JSON text (simdjson::to_string / simdjson::minify).
std::string to_string(element value);
inline std::string minify(element value) { return to_string(value); }

}  // namespace tocsin::json

#include "core/json_dom_inline.h"
