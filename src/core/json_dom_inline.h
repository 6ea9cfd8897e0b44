// Inline and template definitions of core/json_dom.h (included at its end; not on its own).
#pragma once

#include <stdexcept>
#include <type_traits>

namespace tocsin::json {

template <class T>
T result<T>::value() const {
  if (error_ != SUCCESS) throw std::runtime_error(std::string("JSON: ") + error_message(error_));
  return value_;
}

template <class T>
template <class U>
error_code result<T>::get(U& out) const {
  if (error_ != SUCCESS) return error_;
  if constexpr (std::is_same_v<T, element>) {
    return value_.get(out);
  } else {
    static_assert(std::is_same_v<T, U>, "result<T>::get needs a T");
    out = value_;
    return SUCCESS;
  }
}

namespace detail {
template <class T>
constexpr bool kChains = std::is_same_v<T, element> || std::is_same_v<T, object>;
}

template <class T>
result<element> result<T>::operator[](std::string_view key) const {
  if (error_ != SUCCESS) return error_;
  if constexpr (detail::kChains<T>) return value_[key];
  return INCORRECT_TYPE;
}

template <class T>
result<element> result<T>::at_key(std::string_view key) const {
  return (*this)[key];
}

#define TOCSIN_JSON_CHAIN(Type, name)         \
  template <class T>                          \
  result<Type> result<T>::name() const {      \
    if (error_ != SUCCESS) return error_;     \
    if constexpr (std::is_same_v<T, element>) \
      return value_.name();                   \
    else                                      \
      return INCORRECT_TYPE;                  \
  }
TOCSIN_JSON_CHAIN(std::string_view, get_string)
TOCSIN_JSON_CHAIN(array, get_array)
TOCSIN_JSON_CHAIN(std::int64_t, get_int64)
TOCSIN_JSON_CHAIN(std::uint64_t, get_uint64)
TOCSIN_JSON_CHAIN(double, get_double)
TOCSIN_JSON_CHAIN(bool, get_bool)
#undef TOCSIN_JSON_CHAIN

template <class T>
result<object> result<T>::get_object() const {
  if (error_ != SUCCESS) return error_;
  if constexpr (std::is_same_v<T, element>) return value_.get_object();
  if constexpr (std::is_same_v<T, object>) return value_;
  return INCORRECT_TYPE;
}

#define TOCSIN_JSON_IS(name)                                                             \
  template <class T>                                                                     \
  bool result<T>::name() const {                                                         \
    if constexpr (std::is_same_v<T, element>) return error_ == SUCCESS && value_.name(); \
    return false;                                                                        \
  }
TOCSIN_JSON_IS(is_null)
TOCSIN_JSON_IS(is_string)
TOCSIN_JSON_IS(is_array)
TOCSIN_JSON_IS(is_number)
#undef TOCSIN_JSON_IS

template <class T>
bool result<T>::is_object() const {
  if (error_ != SUCCESS) return false;
  if constexpr (std::is_same_v<T, element>) return value_.is_object();
  return std::is_same_v<T, object>;
}

inline bool element::is_number() const {
  const element_type t = type();
  return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
}

template <class T>
error_code element::get(T& out) const {
  if constexpr (std::is_same_v<T, element>) {
    out = *this;
    return SUCCESS;
  } else if constexpr (std::is_same_v<T, array>) {
    return get_array().get(out);
  } else if constexpr (std::is_same_v<T, object>) {
    return get_object().get(out);
  } else if constexpr (std::is_same_v<T, std::string_view>) {
    return get_string().get(out);
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    return get_int64().get(out);
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    return get_uint64().get(out);
  } else if constexpr (std::is_same_v<T, double>) {
    return get_double().get(out);
  } else if constexpr (std::is_same_v<T, bool>) {
    return get_bool().get(out);
  } else {
    static_assert(!sizeof(T), "element::get: no such type");
  }
}

inline array::iterator& array::iterator::operator++() {
  index_ = detail::next_sibling(*document_, index_);
  return *this;
}

inline key_value_pair object::iterator::operator*() const {
  const detail::Node& key = document_->nodes[index_];
  return {std::string_view(document_->strings).substr(key.offset, key.count), element(document_, index_ + 1)};
}

inline object::iterator& object::iterator::operator++() {
  index_ = detail::next_sibling(*document_, index_ + 1);  // past the member's value
  return *this;
}

}  // namespace tocsin::json
