// Helpers shared by the npm-family readers (package-lock.json, yarn.lock, package.json).
//
// npm names dependencies as "descriptors": `name@range`, where a scoped name starts with
// '@' ("@babel/core@^7.0.0") and a range may itself contain '@' ("foo@npm:bar@^1", the
// alias syntax). Installed packages live at `node_modules/<name>` paths nested under each
// other, and Node resolves a `require` by walking up those folders; the readers reproduce that
// lookup to turn dependency declarations into edges.
//
// JSON readers also need source lines, which the JSON DOM does not keep: JsonKeyOffsets
// makes one linear pass over the raw text and remembers where chosen object keys start.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tocsin::lockfile::npm {

struct Descriptor {
  std::string_view name;   // "@babel/core"
  std::string_view range;  // "^7.0.0", "npm:bar@^1", "workspace:."; empty when absent
};

// Splits "name@range" at the '@' that ends the name (scoped names keep their leading '@').
Descriptor parse_descriptor(std::string_view text);

// An `npm:` alias spec ("npm:bar@^1.0.0", "npm:@s/bar") → {bar, ^1.0.0}; nullopt otherwise.
std::optional<Descriptor> parse_npm_alias(std::string_view spec);

// The package name a `node_modules` location installs ("node_modules/a/node_modules/@s/b" →
// "@s/b"); for other locations ("packages/x") the last path segment.
std::string_view name_from_location(std::string_view location);

// Whether `location` is inside some node_modules folder (an installed package, not a project).
bool is_node_modules_location(std::string_view location);

// Node's module lookup: for a package at `location` ("" = the project root) that depends on
// `name`, the candidate locations nearest first: `<location>/node_modules/<name>`, then the
// same under each enclosing folder, ending with `node_modules/<name>`. Calls `found` for each
// candidate until it returns true.
void for_each_lookup_location(std::string_view location, std::string_view name,
                              const std::function<bool(const std::string&)>& found);

// Byte offsets of chosen object keys in a JSON text. `want` sees the key path (the keys of the
// enclosing objects, outermost first, "" for array levels, then the key itself) and says whether
// to remember it. Keys are compared after decoding the common escapes. Malformed input is
// tolerated (the caller has already validated it with JsonDocument).
class JsonKeyOffsets {
 public:
  using Want = std::function<bool(std::span<const std::string_view> path)>;
  JsonKeyOffsets(std::string_view text, const Want& want);
  // Offset of the opening quote of the key at `path`, or nullopt.
  std::optional<std::size_t> find(std::initializer_list<std::string_view> path) const;
  std::optional<std::size_t> find(std::span<const std::string_view> path) const;

 private:
  std::unordered_map<std::string, std::size_t> offsets_;
};

}  // namespace tocsin::lockfile::npm
