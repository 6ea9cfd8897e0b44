// Internal to src/cvss: the "NAME:VALUE/NAME:VALUE" walk shared by the v3 and v4 parsers, and
// the one way they report an error (metric named, column pointing at it).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "cvss/cvss.h"

namespace tocsin::cvss::detail {

// Throws Error(origin.path, origin.line, origin.column + offset, message).
[[noreturn]] void fail(const Origin& origin, std::size_t offset, std::string message);

// One "NAME:VALUE" component of a vector and its byte offset in the whole vector string.
struct Component {
  std::string_view name;
  std::string_view value;
  std::size_t offset = 0;
};

// Calls `visit(component)` for each '/'-separated component after `prefix_length` bytes.
// Empty components and components without exactly one ':' (or with an empty name or value)
// are errors.
template <typename Visit>
void for_each_component(std::string_view vector, std::size_t prefix_length, const Origin& origin, Visit&& visit) {
  std::size_t start = prefix_length;
  while (true) {
    std::size_t end = vector.find('/', start);
    if (end == std::string_view::npos) end = vector.size();
    std::string_view part = vector.substr(start, end - start);
    if (part.empty()) fail(origin, start, "empty metric: expected NAME:VALUE between '/' separators");
    std::size_t colon = part.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == part.size() ||
        part.find(':', colon + 1) != std::string_view::npos)
      fail(origin, start, "malformed metric '" + std::string(part) + "': expected NAME:VALUE");
    visit(Component{part.substr(0, colon), part.substr(colon + 1), start});
    if (end == vector.size()) break;
    start = end + 1;
  }
}

// "N, A, L, P" — the accepted values, for error messages.
std::string join_values(const std::string_view* values, std::size_t count);

}  // namespace tocsin::cvss::detail
