// Cargo.lock reader, versions 1 to 4 (cargo: src/resolver/encode.rs, cargo-util-schemas lockfile.rs).
//
// Two front ends fill one RawLock: a line scanner for the exact layout cargo writes (fast: no
// DOM, views into the input), and toml++ for anything else (hand edits, CRLF, [root], patches).
// The scanner gives up, rather than guesses, at the first line outside that layout, so both front
// ends agree on every file; semantics (ids, versions, errors) live once, in build_lockfile().
//
// Conventions: packages without `source` are path/workspace packages (is_local, is_root; the
// inventory refines roots with Cargo.toml). Sources of crates.io itself are recorded empty, the
// header's "default registry"; other sources are kept as written. A `replace = "…"` package gets
// a Normal edge to its replacement, which is what actually ships. [[patch.unused]] entries were
// not resolved into the graph and are not packages. A dependency that matches no package (a
// hand-trimmed file, a partial merge), several, or is malformed is a Warning at its line: the
// packages that are present are still all listed and scanned (as osv-scanner lists them), and
// the lost edge only makes the release-path verdict more conservative (a package no root
// reaches is assumed to ship; see inventory.h).
#include <toml++/toml.h>

#include <algorithm>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "core/error.h"
#include "core/text.h"
#include "core/toml.h"
#include "lockfile/readers.h"

namespace tocsin::lockfile {
namespace {

using OptionalText = std::optional<std::string_view>;

struct RawDependency {
  std::string_view text;
  int line = 0;
  int column = 0;
};

struct RawPackage {
  OptionalText name, version, source, checksum, replace;
  int line = 0;
  bool listed_dependencies = false;
  RawDependency replace_at;
  std::size_t dependencies_begin = 0, dependencies_end = 0;  // range of RawLock::dependencies
};

struct RawMetadata {
  std::string_view key, value;
  int line = 0;
};

struct RawLock {
  std::optional<std::int64_t> version;
  int version_line = 0;
  std::vector<RawPackage> packages;
  std::vector<RawDependency> dependencies;
  std::vector<RawMetadata> metadata;
};

// ---- Front end 1: the layout cargo writes -------------------------------------------------

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_plain(char c) { return c >= 0x20 && c <= 0x7e; }

std::string_view skip_spaces(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  return text;
}

// A basic string without escapes at the start of `text`: its value (and `text` moves past it).
OptionalText take_plain_string(std::string_view& text) {
  if (text.empty() || text.front() != '"') return std::nullopt;
  std::size_t end = 1;
  while (end < text.size() && text[end] != '"') {
    if (!is_plain(text[end]) || text[end] == '\\') return std::nullopt;
    ++end;
  }
  if (end == text.size()) return std::nullopt;
  std::string_view value = text.substr(1, end - 1);
  text.remove_prefix(end + 1);
  return value;
}

bool assign_once(OptionalText& field, std::string_view value) {
  if (field) return false;
  field = value;
  return true;
}

bool scan_cargo_layout(std::string_view content, RawLock& raw) {
  if (content.find('\r') != std::string_view::npos) return false;
  enum class Section { Top, Package, UnusedPatch, Metadata } section = Section::Top;
  RawPackage unused_patch;  // read to keep the TOML checks, then dropped: not in the graph
  bool in_array = false, array_wants_comma = false, seen_metadata = false;
  std::unordered_set<std::string_view> metadata_keys;
  int line = 0;
  for (std::size_t start = 0; start < content.size();) {
    std::size_t end = std::min(content.find('\n', start), content.size());
    std::string_view row = content.substr(start, end - start);
    start = end + 1;
    ++line;
    std::string_view text = skip_spaces(row);
    int column = static_cast<int>(row.size() - text.size()) + 1;
    if (in_array) {
      if (text == "]") {
        in_array = false;
        raw.packages.back().dependencies_end = raw.dependencies.size();
        continue;
      }
      OptionalText item = take_plain_string(text);
      if (!item || array_wants_comma) return false;
      array_wants_comma = text.empty() || text.front() != ',';
      if (!array_wants_comma) text.remove_prefix(1);
      if (!skip_spaces(text).empty()) return false;
      raw.dependencies.push_back({*item, line, column});
      continue;
    }
    if (text.empty()) continue;
    if (text.front() == '#') {
      for (char c : text)
        if (!is_plain(c) && c != '\t') return false;
      continue;
    }
    if (text.front() == '[') {
      if (text == "[[package]]") {
        section = Section::Package;
        raw.packages.push_back({});
        raw.packages.back().line = line;
      } else if (text == "[[patch.unused]]") {
        section = Section::UnusedPatch;
        unused_patch = RawPackage{};
      } else if (text == "[metadata]" && !seen_metadata) {
        section = Section::Metadata;
        seen_metadata = true;
      } else {
        return false;
      }
      continue;
    }
    if (section == Section::Metadata) {
      OptionalText key = take_plain_string(text);
      if (!key || !metadata_keys.insert(*key).second) return false;
      text = skip_spaces(text);
      if (text.empty() || text.front() != '=') return false;
      text = skip_spaces(text.substr(1));
      OptionalText value = take_plain_string(text);
      if (!value || !skip_spaces(text).empty()) return false;
      raw.metadata.push_back({*key, *value, line});
      continue;
    }
    std::size_t key_end = text.find_first_of(" \t=");
    if (key_end == std::string_view::npos) return false;
    std::string_view key = text.substr(0, key_end);
    text = skip_spaces(text.substr(key_end));
    if (text.empty() || text.front() != '=') return false;
    text = skip_spaces(text.substr(1));
    int value_column = static_cast<int>(row.size() - text.size()) + 1;
    if (section == Section::Top) {
      // Only `version = N`: plain decimal digits, no sign, no leading zero, no underscores.
      if (key != "version" || raw.version || text.empty() || text.size() > 9 || text.front() == '0') return false;
      std::int64_t number = 0;
      for (char c : text) {
        if (c < '0' || c > '9') return false;
        number = number * 10 + (c - '0');
      }
      raw.version = number;
      raw.version_line = line;
      continue;
    }
    RawPackage& package = section == Section::UnusedPatch ? unused_patch : raw.packages.back();
    if (key == "dependencies") {
      if (text != "[" || package.listed_dependencies || section == Section::UnusedPatch) return false;
      package.listed_dependencies = in_array = true;
      array_wants_comma = false;
      package.dependencies_begin = raw.dependencies.size();
      continue;
    }
    OptionalText value = take_plain_string(text);
    if (!value || !skip_spaces(text).empty()) return false;
    bool fresh = false;
    if (key == "name")
      fresh = assign_once(package.name, *value);
    else if (key == "version")
      fresh = assign_once(package.version, *value);
    else if (key == "source")
      fresh = assign_once(package.source, *value);
    else if (key == "checksum")
      fresh = assign_once(package.checksum, *value);
    else if (key == "replace")
      fresh = assign_once(package.replace, *value);
    if (!fresh) return false;
    if (key == "replace") package.replace_at = {*value, line, value_column};
  }
  return !in_array;
}

// ---- Front end 2: any TOML ------------------------------------------------------------------

[[noreturn]] void throw_at(const std::string& path, const toml::node& node, const std::string& message) {
  throw Error(path, static_cast<int>(node.source().begin.line), static_cast<int>(node.source().begin.column), message);
}

OptionalText string_field(const std::string& path, const toml::table& table, std::string_view key) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_string()) throw_at(path, *node, "expected `" + std::string(key) + "` to be a string");
  return std::string_view(node->ref<std::string>());
}

void load_package(const std::string& path, const toml::node& node, RawLock& raw) {
  const toml::table* table = node.as_table();
  if (table == nullptr) throw_at(path, node, "expected [[package]] entries to be tables");
  RawPackage package;
  package.line = static_cast<int>(table->source().begin.line);
  package.name = string_field(path, *table, "name");
  package.version = string_field(path, *table, "version");
  package.source = string_field(path, *table, "source");
  package.checksum = string_field(path, *table, "checksum");
  package.replace = string_field(path, *table, "replace");
  if (package.replace) {
    const auto& region = table->get("replace")->source().begin;
    package.replace_at = {*package.replace, static_cast<int>(region.line), static_cast<int>(region.column)};
  }
  package.dependencies_begin = raw.dependencies.size();
  if (const toml::node* dependencies = table->get("dependencies")) {
    const toml::array* array = dependencies->as_array();
    if (array == nullptr) throw_at(path, *dependencies, "expected `dependencies` to be an array of strings");
    for (const toml::node& item : *array) {
      if (!item.is_string()) throw_at(path, item, "expected `dependencies` entries to be strings");
      const auto& region = item.source().begin;
      raw.dependencies.push_back(
          {item.ref<std::string>(), static_cast<int>(region.line), static_cast<int>(region.column)});
    }
  }
  package.dependencies_end = raw.dependencies.size();
  raw.packages.push_back(package);
}

void load_toml(const std::string& path, const toml::table& document, RawLock& raw) {
  if (const toml::node* version = document.get("version")) {
    if (!version->is_integer()) throw_at(path, *version, "expected `version` to be an integer (3 or 4)");
    raw.version = version->ref<std::int64_t>();
    raw.version_line = static_cast<int>(version->source().begin.line);
  }
  // Pre-2017 lockfiles kept the root crate in [root]; cargo reads it as the first package.
  if (const toml::node* root = document.get("root")) load_package(path, *root, raw);
  if (const toml::node* packages = document.get("package")) {
    const toml::array* array = packages->as_array();
    if (array == nullptr) throw_at(path, *packages, "expected `package` to be an array of tables ([[package]])");
    for (const toml::node& item : *array) load_package(path, item, raw);
  }
  if (const toml::node* metadata = document.get("metadata")) {
    const toml::table* table = metadata->as_table();
    if (table == nullptr) throw_at(path, *metadata, "expected [metadata] to be a table");
    for (const auto& [key, value] : *table) {
      if (!value.is_string()) throw_at(path, value, "expected [metadata] values to be strings");
      raw.metadata.push_back({key.str(), value.ref<std::string>(), static_cast<int>(value.source().begin.line)});
    }
  }
}

// ---- Semantics --------------------------------------------------------------------------------

// "name", "name version" or "name version (source)", split as cargo splits it.
struct PackageIdText {
  std::string_view name;
  OptionalText version, source;
};

std::optional<PackageIdText> parse_package_id(std::string_view text) {
  PackageIdText id;
  std::size_t space = text.find(' ');
  id.name = text.substr(0, space);
  if (space == std::string_view::npos) return id;
  text.remove_prefix(space + 1);
  space = text.find(' ');
  id.version = text.substr(0, space);
  if (space == std::string_view::npos) return id;
  text.remove_prefix(space + 1);
  if (!starts_with(text, "(") || !ends_with(text, ")") || text.size() < 2) return std::nullopt;
  id.source = text.substr(1, text.size() - 2);
  return id;
}

// Cargo compares git sources without the locked revision ("#rev"), and old lockfiles omit it in
// dependency ids: "hamcrest 0.1.0 (git+https://github.com/carllerche/hamcrest-rust.git)".
bool same_source(OptionalText declared, std::string_view wanted) {
  if (!declared) return false;
  if (*declared == wanted) return true;
  return declared->substr(0, declared->find('#')) == wanted.substr(0, wanted.find('#'));
}

bool is_path_source(OptionalText source) { return !source || starts_with(*source, "path+"); }

std::string describe(const RawPackage& package) {
  return "`" + std::string(*package.name) + " " + std::string(*package.version) + "`";
}

class Resolver {
 public:
  Resolver(const std::string& path, const RawLock& raw) : path_(path), raw_(raw) {
    by_id_.reserve(raw.packages.size());
    for (std::uint32_t i = 0; i < raw.packages.size(); ++i) by_id_.push_back(i);
    std::sort(by_id_.begin(), by_id_.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
    by_name_.reserve(by_id_.size());
    for (std::uint32_t i = 0; i < by_id_.size(); ++i) {
      auto [range, fresh] = by_name_.try_emplace(*raw.packages[by_id_[i]].name, i, i + 1);
      if (!fresh) range->second.second = i + 1;
    }
  }

  // Cargo rejects a lockfile that declares one package twice; report the first repeat in file order.
  void reject_duplicates() const {
    const RawPackage* repeat = nullptr;
    const RawPackage* original = nullptr;
    for (std::size_t i = 1; i < by_id_.size(); ++i) {
      if (key(by_id_[i - 1]) != key(by_id_[i])) continue;
      const RawPackage& candidate = raw_.packages[by_id_[i]];
      if (repeat == nullptr || candidate.line < repeat->line) {
        repeat = &candidate;
        original = &raw_.packages[by_id_[i - 1]];
      }
    }
    if (repeat != nullptr)
      throw Error(path_, repeat->line, 1,
                  "package " + describe(*repeat) + " (source " + std::string(repeat->source.value_or("none")) +
                      ") is declared twice (first at line " + std::to_string(original->line) +
                      "); remove one or regenerate the lockfile with `cargo generate-lockfile`");
  }

  std::optional<std::uint32_t> find(std::string_view name, std::string_view version, OptionalText source) const {
    Key wanted{name, version, source.has_value(), source.value_or("")};
    auto it = std::lower_bound(by_id_.begin(), by_id_.end(), wanted,
                               [&](std::uint32_t a, const Key& k) { return key(a) < k; });
    if (it == by_id_.end() || key(*it) != wanted) return std::nullopt;
    return *it;
  }

  // The package `id` names, or nullopt with a warning when it names none or several. Sets
  // `shortened` when the id omits parts only a version-2-or-later lockfile omits.
  std::optional<std::uint32_t> resolve(const RawDependency& at, const RawPackage& owner, bool& shortened,
                                       std::vector<Diagnostic>& warnings) const {
    auto fail = [&](const char* code, const std::string& problem,
                    const std::string& hint) -> std::optional<std::uint32_t> {
      warnings.push_back(warning_at(path_, at.line, at.column, code,
                                    "dependency \"" + std::string(at.text) + "\" of " + describe(owner) + " " +
                                        problem + "; the edge is left out",
                                    hint));
      return std::nullopt;
    };
    // A dependency naming a package the file lacks: a hand-trimmed or badly merged lockfile.
    // (Built only on failure: resolve runs once per edge.)
    auto missing_hint = [&] {
      return "expected a [[package]] that \"" + std::string(at.text) +
             "\" names; cargo writes it again on the next build";
    };
    std::optional<PackageIdText> id = parse_package_id(at.text);
    if (!id)
      return fail("malformed-dependency", "is malformed",
                  "expected \"name\", \"name version\" or \"name version (source)\"");
    auto range = by_name_.find(id->name);
    if (range == by_name_.end())
      return fail("dangling-dependency", "matches no [[package]] in this lockfile", missing_hint());
    auto first = by_id_.begin() + range->second.first, last = by_id_.begin() + range->second.second;
    auto version_of = [&](std::uint32_t i) { return *raw_.packages[i].version; };
    // by_id_ is sorted by version within a name: narrow to one version without a scan.
    if (id->version) {
      first = std::partition_point(first, last, [&](std::uint32_t i) { return version_of(i) < *id->version; });
      last = std::partition_point(first, last, [&](std::uint32_t i) { return version_of(i) == *id->version; });
    } else {
      shortened = true;
      if (version_of(*first) != version_of(*(last - 1)))
        return fail("ambiguous-dependency",
                    "is ambiguous: several versions of `" + std::string(id->name) + "` are locked",
                    "expected \"name version\"");
    }
    std::uint32_t found = 0, local = 0;
    std::size_t matches = 0, local_matches = 0;
    for (auto it = first; it != last; ++it) {
      const RawPackage& package = raw_.packages[*it];
      if (id->source && !same_source(package.source, *id->source)) continue;
      if (matches++ == 0) found = *it;
      if (is_path_source(package.source) && local_matches++ == 0) local = *it;
    }
    if (matches == 0) return fail("dangling-dependency", "matches no [[package]] in this lockfile", missing_hint());
    if (matches == 1) {
      if (!id->source && !is_path_source(raw_.packages[found].source)) shortened = true;
      return found;
    }
    // Several sources for one name and version: a source-less id means the path package, if one.
    if (local_matches != 1)
      return fail("ambiguous-dependency",
                  "is ambiguous: `" + std::string(id->name) + "` is locked from several sources",
                  "expected \"name version (source)\"");
    return local;
  }

 private:
  using Key = std::tuple<std::string_view, std::string_view, bool, std::string_view>;
  Key key(std::uint32_t i) const {
    const RawPackage& p = raw_.packages[i];
    return {*p.name, *p.version, p.source.has_value(), p.source.value_or("")};
  }
  const std::string& path_;
  const RawLock& raw_;
  std::vector<std::uint32_t> by_id_;  // package indices sorted by (name, version, source)
  std::unordered_map<std::string_view, std::pair<std::uint32_t, std::uint32_t>> by_name_;  // range in by_id_
};

bool is_crates_io(std::string_view source) {
  return source == "registry+https://github.com/rust-lang/crates.io-index" ||
         source == "sparse+https://index.crates.io/";
}

void check_source(const std::string& path, const RawPackage& package) {
  if (!package.source) return;
  std::string_view kind = package.source->substr(0, package.source->find('+'));
  bool known = kind == "registry" || kind == "sparse" || kind == "git" || kind == "path";
  if (!known || package.source->find('+') == std::string_view::npos)
    throw Error(path, package.line, 1,
                "package " + describe(package) + " has unsupported source \"" + std::string(*package.source) +
                    "\"; expected registry+, sparse+, git+ or path+ followed by a URL");
}

Lockfile build_lockfile(const std::string& path, std::string_view content, const RawLock& raw) {
  if (raw.version && (*raw.version < 3 || *raw.version > 4))
    throw Error(path, raw.version_line, 1,
                "Cargo.lock version " + std::to_string(*raw.version) +
                    " is not supported; tocsin reads versions 1 to 4 (cargo writes `version = 3` or `4`, "
                    "and no `version` before that)");
  for (const RawPackage& package : raw.packages) {
    if (!package.name) throw Error(path, package.line, 1, "[[package]] has no `name`; expected name = \"…\"");
    if (!package.version)
      throw Error(path, package.line, 1,
                  "[[package]] `" + std::string(*package.name) + "` has no `version`; expected version = \"…\"");
    check_source(path, package);
  }
  Resolver resolver(path, raw);
  resolver.reject_duplicates();

  Lockfile lock;
  lock.path = path;
  lock.format = "Cargo.lock";
  lock.ecosystem = Ecosystem::CratesIo;
  bool shortened = false;  // an id only the v2+ encoding writes: no version, or no registry source
  bool inline_checksum = false;
  lock.packages.reserve(raw.packages.size());
  for (std::uint32_t from = 0; from < raw.packages.size(); ++from) {
    const RawPackage& rawp = raw.packages[from];
    Package& package = lock.packages.emplace_back();
    package.ecosystem = Ecosystem::CratesIo;
    package.name = *rawp.name;
    package.version = *rawp.version;
    if (rawp.source && !is_crates_io(*rawp.source)) package.source = *rawp.source;
    package.integrity = rawp.checksum.value_or("");
    inline_checksum = inline_checksum || rawp.checksum.has_value();
    package.line = rawp.line;
    package.is_local = is_path_source(rawp.source);
    package.is_root = !rawp.source;
    for (std::size_t d = rawp.dependencies_begin; d < rawp.dependencies_end; ++d)
      if (auto to = resolver.resolve(raw.dependencies[d], rawp, shortened, lock.warnings))
        lock.edges.push_back({from, *to, DepKind::Normal});
    if (rawp.replace)
      if (auto to = resolver.resolve(rawp.replace_at, rawp, shortened, lock.warnings))
        lock.edges.push_back({from, *to, DepKind::Normal});
  }

  int version = raw.version ? static_cast<int>(*raw.version) : (inline_checksum || shortened) ? 2 : 1;
  // Cargo's own tie-break: a one-package lockfile ending in a single newline was written as v2.
  if (version == 1 && raw.packages.size() == 1 && ends_with(content, "\n") && !ends_with(content, "\n\n")) version = 2;
  // v1 kept checksums in [metadata]; in a later version they are leftovers of a bad merge, ignored.
  for (const RawMetadata& entry : raw.metadata) {
    if (!starts_with(entry.key, "checksum ") || version != 1) continue;
    RawDependency at{entry.key.substr(9), entry.line, 1};
    std::optional<PackageIdText> id = parse_package_id(at.text);
    if (!id || !id->version)
      throw Error(path, entry.line, 1,
                  "[metadata] key \"" + std::string(entry.key) +
                      "\" is malformed; expected \"checksum NAME VERSION (SOURCE)\"");
    if (auto i = resolver.find(id->name, *id->version, id->source))
      lock.packages[*i].integrity = entry.value == "<none>" ? std::string() : std::string(entry.value);
  }
  lock.version = std::to_string(version);
  return lock;
}

class CargoLockReader final : public Reader {
 public:
  std::string_view canonical_name() const override { return "Cargo.lock"; }
  std::optional<Ecosystem> ecosystem() const override { return Ecosystem::CratesIo; }

  Lockfile read(const std::string& path, std::string_view content) const override {
    if (int line = find_conflict_marker(content))
      throw Error(path, line, 1,
                  "unresolved merge conflict marker; resolve the conflict (or run `cargo generate-lockfile`) "
                  "before scanning");
    RawLock raw;
    toml::table document;  // owns the strings the fallback's views point into
    if (!scan_cargo_layout(content, raw)) {
      raw = RawLock{};
      document = parse_toml(path, content);
      load_toml(path, document, raw);
    }
    return build_lockfile(path, content, raw);
  }
};

}  // namespace

std::unique_ptr<Reader> make_cargo_lock_reader() { return std::make_unique<CargoLockReader>(); }

}  // namespace tocsin::lockfile
