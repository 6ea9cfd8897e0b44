#include "lockfile/npm_names.h"

#include <algorithm>
#include <deque>
#include <vector>

#include "core/text.h"
#include "lockfile/json_input.h"

namespace tocsin::lockfile::npm {
namespace {

constexpr std::string_view kNodeModules = "node_modules/";
constexpr char kPathSeparator = '\x1f';  // cannot appear in a JSON key unescaped

std::string join_path(std::span<const std::string_view> path) {
  std::string joined;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) joined += kPathSeparator;
    joined += path[i];
  }
  return joined;
}

std::string_view last_segment(std::string_view location) {
  std::size_t slash = location.rfind('/');
  return slash == std::string_view::npos ? location : location.substr(slash + 1);
}

// A node_modules folder or a scope folder inside one holds packages; it is never a package
// itself, so Node never looks for a nested node_modules there.
bool holds_packages_only(std::string_view location) {
  std::string_view last = last_segment(location);
  if (last == "node_modules") return true;
  if (!starts_with(last, "@") || location.size() == last.size()) return false;
  return last_segment(location.substr(0, location.size() - last.size() - 1)) == "node_modules";
}

}  // namespace

Descriptor parse_descriptor(std::string_view text) {
  std::size_t at = text.find('@', text.empty() || text[0] != '@' ? 0 : 1);
  if (at == std::string_view::npos) return {text, {}};
  return {text.substr(0, at), text.substr(at + 1)};
}

std::optional<Descriptor> parse_npm_alias(std::string_view spec) {
  if (!starts_with(spec, "npm:")) return std::nullopt;
  Descriptor target = parse_descriptor(spec.substr(4));
  if (target.name.empty()) return std::nullopt;
  return target;
}

std::string_view name_from_location(std::string_view location) {
  std::size_t nm = location.rfind(kNodeModules);
  if (nm != std::string_view::npos && (nm == 0 || location[nm - 1] == '/'))
    return location.substr(nm + kNodeModules.size());
  return last_segment(location);
}

bool is_node_modules_location(std::string_view location) {
  return starts_with(location, kNodeModules) || location.find("/node_modules/") != std::string_view::npos;
}

void for_each_lookup_location(std::string_view location, std::string_view name,
                              const std::function<bool(const std::string&)>& found) {
  std::string candidate;
  while (true) {
    if (!holds_packages_only(location)) {
      candidate.assign(location);
      if (!candidate.empty()) candidate += '/';
      candidate += kNodeModules;
      candidate += name;
      if (found(candidate)) return;
    }
    if (location.empty()) return;
    std::size_t slash = location.rfind('/');
    location = slash == std::string_view::npos ? std::string_view{} : location.substr(0, slash);
  }
}

JsonKeyOffsets::JsonKeyOffsets(std::string_view text, const Want& want) {
  std::vector<char> containers;
  std::vector<std::string_view> keys;    // keys[i]: the current key of container i ("" in arrays)
  std::deque<std::string> decoded_keys;  // a deque keeps earlier keys in place
  bool expect_key = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '{':
      case '[':
        containers.push_back(c);
        keys.emplace_back();
        expect_key = c == '{';
        break;
      case '}':
      case ']':
        if (!containers.empty()) {
          containers.pop_back();
          keys.pop_back();
        }
        expect_key = false;
        break;
      case ',': expect_key = !containers.empty() && containers.back() == '{'; break;
      case '"': {
        std::size_t end = i + 1;
        bool escaped = false;
        while (end < text.size() && text[end] != '"') {
          if (text[end] == '\\') {
            escaped = true;
            ++end;
          }
          ++end;
        }
        if (expect_key && !containers.empty()) {
          std::string_view raw = text.substr(i + 1, std::min(end, text.size()) - i - 1);
          if (escaped) {
            decoded_keys.push_back(decode_json_string(raw));
            raw = decoded_keys.back();
          }
          keys.back() = raw;
          if (want(keys)) offsets_.emplace(join_path(keys), i);
          expect_key = false;
        }
        i = end;
        break;
      }
      default: break;
    }
  }
}

std::optional<std::size_t> JsonKeyOffsets::find(std::initializer_list<std::string_view> path) const {
  return find(std::span<const std::string_view>(path.begin(), path.size()));
}

std::optional<std::size_t> JsonKeyOffsets::find(std::span<const std::string_view> path) const {
  auto it = offsets_.find(join_path(path));
  if (it == offsets_.end()) return std::nullopt;
  return it->second;
}

}  // namespace tocsin::lockfile::npm
