// yarn.lock, both generations:
//   v1     `# yarn lockfile v1`, entries `"a@^1.0.0", a@^1.1.0:` with indented `key value`
//          fields (version, resolved, integrity, dependencies, optionalDependencies);
//   Berry  (yarn 2+) a YAML subset written by yarn's own serializer: `__metadata` (version,
//          cacheKey), entries `"a@npm:^1.0.0, a@npm:^1.1.0":` with `key: value` fields
//          (version, resolution, dependencies, peerDependencies, dependenciesMeta, checksum,
//          languageName, linkType).
// Both are indentation trees of quoted-or-bare scalars, so one small line parser reads both
// (no YAML library: it keeps every line number and is several times faster). Edges are
// resolved by descriptor: a dependency `b "^2"` points at the entry that lists `b@^2`.
// yarn v1 records no roots (the inventory pairs it with package.json); Berry records the
// workspaces as `name@workspace:path` entries.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "lockfile/npm_names.h"
#include "lockfile/readers.h"

namespace tocsin::lockfile {
namespace {

struct YarnNode {
  std::string key;
  std::string value;  // empty for blocks
  int line = 0;
  bool is_block = false;
  std::vector<YarnNode> children;
  int column = 1;  // 1-based column of the key (an entry header starts its line)

  const YarnNode* child(std::string_view name) const {
    for (const YarnNode& node : children)
      if (node.key == name) return &node;
    return nullptr;
  }
  std::string_view field(std::string_view name) const {
    const YarnNode* node = child(name);
    return node == nullptr || node->is_block ? std::string_view{} : std::string_view(node->value);
  }
};

class YarnTreeParser {
 public:
  YarnTreeParser(const std::string& path, std::string_view content) : path_(path), content_(content) {}

  // The top-level entries; each key is the raw descriptor list.
  std::vector<YarnNode> parse() {
    std::vector<YarnNode> entries;
    struct Open {
      std::size_t indent;
      YarnNode* node;
    };
    std::vector<Open> open;
    std::size_t start = 0;
    for (line_ = 1; start < content_.size(); ++line_) {
      std::size_t end = content_.find('\n', start);
      if (end == std::string_view::npos) end = content_.size();
      std::string_view row = content_.substr(start, end - start);
      start = end + 1;
      if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
      std::size_t indent = row.find_first_not_of(' ');
      if (indent == std::string_view::npos) continue;
      if (row[indent] == '\t') fail(indent, "tab in indentation; yarn.lock indents with spaces");
      std::string_view text = trim(row.substr(indent));
      if (text.empty() || text[0] == '#') continue;
      if (indent == 0) {
        if (text.back() != ':' || text.size() == 1)
          fail(0, "expected an entry header ending in ':' (e.g. \"name@range\":)");
        YarnNode entry{std::string(trim(text.substr(0, text.size() - 1))), {}, line_, true, {}};
        drop_earlier(entries, entry);
        entries.push_back(std::move(entry));
        open.assign(1, {0, &entries.back()});
        continue;
      }
      while (!open.empty() && open.back().indent >= indent) open.pop_back();
      if (open.empty()) fail(indent, "indented line outside of an entry");
      YarnNode* parent = open.back().node;
      YarnNode field = parse_field(row, indent);
      drop_earlier(parent->children, field);
      parent->children.push_back(std::move(field));
      if (parent->children.back().is_block) open.push_back({indent, &parent->children.back()});
    }
    return entries;
  }

  std::vector<Diagnostic>& warnings() { return warnings_; }

 private:
  // Yarn keeps the last of repeated keys (v1's parser assigns obj[key] in order; Berry's syml
  // parser loads with js-yaml {json: true}, which overrides): so does this reader, with a
  // warning, since no yarn writes one. Only the parent's earlier nodes are searched (and the
  // open blocks are the parent chain), so no pointer held in `open` moves.
  void drop_earlier(std::vector<YarnNode>& siblings, const YarnNode& node) {
    for (auto it = siblings.begin(); it != siblings.end(); ++it) {
      if (it->key != node.key) continue;
      std::string shown = node.key.size() > 80 ? node.key.substr(0, 80) + "..." : node.key;
      warnings_.push_back(warning_at(path_, node.line, node.column, "duplicate-key",
                                     "duplicate key \"" + shown + "\" (first at line " + std::to_string(it->line) +
                                         "): yarn keeps the last one, and so does tocsin",
                                     "no yarn writes duplicate keys; regenerate the file with yarn install"));
      siblings.erase(it);
      return;
    }
  }

  [[noreturn]] void fail(std::size_t column_offset, const std::string& message) const {
    throw Error(path_, line_, static_cast<int>(column_offset) + 1, message);
  }

  // `key value` (v1), `key: value` (Berry), or `key:` opening a block.
  YarnNode parse_field(std::string_view row, std::size_t pos) {
    YarnNode node;
    node.line = line_;
    node.column = static_cast<int>(pos) + 1;
    if (row[pos] == '"' || row[pos] == '\'') {
      node.key = unquote(row, pos);
    } else {
      std::size_t begin = pos;
      while (pos < row.size() && row[pos] != ' ' &&
             !(row[pos] == ':' && (pos + 1 == row.size() || row[pos + 1] == ' ')))
        ++pos;
      node.key = row.substr(begin, pos - begin);
    }
    bool colon = pos < row.size() && row[pos] == ':';
    if (colon) ++pos;
    std::size_t value_start = row.find_first_not_of(' ', pos);
    if (value_start == std::string_view::npos) {
      if (!colon) fail(pos, "expected a value or ':' after \"" + node.key + "\"");
      node.is_block = true;
      return node;
    }
    if (!colon && value_start == pos) fail(pos, "expected a space after \"" + node.key + "\"");
    if (row[value_start] == '"' || row[value_start] == '\'') {
      std::size_t after = value_start;
      node.value = unquote(row, after);
      if (!trim(row.substr(after)).empty()) fail(after, "unexpected text after a quoted value");
    } else {
      node.value = trim(row.substr(value_start));
    }
    return node;
  }

  // A "double-quoted" (JSON escapes) or 'single-quoted' ('' escape) string at row[pos];
  // leaves pos after the closing quote.
  std::string unquote(std::string_view row, std::size_t& pos) {
    char quote = row[pos];
    std::size_t open_at = pos++;
    std::string out;
    while (pos < row.size()) {
      char c = row[pos++];
      if (c == quote) {
        if (quote == '\'' && pos < row.size() && row[pos] == '\'') {
          out += '\'';
          ++pos;
          continue;
        }
        return out;
      }
      if (c == '\\' && quote == '"' && pos < row.size()) {
        char next = row[pos++];
        switch (next) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          default: out += next; break;
        }
        continue;
      }
      out += c;
    }
    fail(open_at, "unterminated quoted string");
  }

  const std::string& path_;
  std::string_view content_;
  std::vector<Diagnostic> warnings_;
  int line_ = 0;
};

// `"a@^1", a@^1.1` (v1) or `"a@npm:^1, a@npm:^1.1"` (Berry, one quoted string) → descriptors.
std::vector<std::string> split_descriptors(std::string_view header) {
  std::vector<std::string> descriptors;
  std::string current;
  char quote = 0;
  auto flush = [&] {
    for (std::string_view part : split(current, ','))
      if (!trim(part).empty()) descriptors.emplace_back(trim(part));
    current.clear();
  };
  for (std::size_t i = 0; i < header.size(); ++i) {
    char c = header[i];
    if (quote != 0) {
      if (c == '\\' && quote == '"' && i + 1 < header.size())
        current += header[++i];
      else if (c == quote)
        quote = 0;
      else
        current += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else {
      current += c;
    }
  }
  flush();
  return descriptors;
}

bool has_protocol(std::string_view range) {
  std::size_t colon = range.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (char c : range.substr(0, colon))
    if (!(c >= 'a' && c <= 'z') && c != '+') return false;
  return true;
}

class YarnLockBuilder {
 public:
  YarnLockBuilder(const std::string& path, std::vector<YarnNode> entries) : entries_(std::move(entries)) {
    lock_.path = path;
    lock_.format = "yarn.lock";
    lock_.ecosystem = Ecosystem::Npm;
    for (const YarnNode& entry : entries_)
      if (entry.key == "__metadata") metadata_ = &entry;
  }

  Lockfile build() {
    lock_.version = metadata_ ? "berry " + std::string(metadata_->field("version")) : "v1";
    std::vector<const YarnNode*> packaged;
    for (const YarnNode& entry : entries_) {
      if (&entry == metadata_) continue;
      std::vector<std::string> descriptors = split_descriptors(entry.key);
      if (descriptors.empty()) continue;
      Package package = metadata_ ? berry_package(entry, descriptors.front()) : v1_package(entry, descriptors.front());
      package.line = entry.line;
      auto index = static_cast<std::uint32_t>(lock_.packages.size());
      for (std::string& descriptor : descriptors) by_descriptor_.emplace(std::move(descriptor), index);
      by_name_[package.alias.empty() ? package.name : package.alias].push_back(index);
      lock_.packages.push_back(std::move(package));
      packaged.push_back(&entry);
    }
    redirect_builtin_patches();
    for (std::uint32_t from = 0; from < packaged.size(); ++from) {
      const YarnNode& entry = *packaged[from];
      const YarnNode* meta = entry.child("dependenciesMeta");
      add_edges(from, entry.child("dependencies"), DepKind::Normal, meta);
      add_edges(from, entry.child("optionalDependencies"), DepKind::Optional, nullptr);
      add_edges(from, entry.child("peerDependencies"), DepKind::Peer, nullptr);
    }
    return std::move(lock_);
  }

 private:
  static Package v1_package(const YarnNode& entry, std::string_view first_descriptor) {
    Package package;
    npm::Descriptor descriptor = npm::parse_descriptor(first_descriptor);
    package.name = descriptor.name;
    if (auto alias = npm::parse_npm_alias(descriptor.range)) {
      package.name = alias->name;
      package.alias = descriptor.name;
    }
    package.version = entry.field("version");
    package.source = entry.field("resolved");
    package.integrity = entry.field("integrity");
    if (starts_with(descriptor.range, "file:") || starts_with(descriptor.range, "link:")) {
      package.is_local = true;
      if (package.source.empty()) package.source = descriptor.range;
    }
    return package;
  }

  static Package berry_package(const YarnNode& entry, std::string_view first_descriptor) {
    Package package;
    std::string_view key_name = npm::parse_descriptor(first_descriptor).name;
    std::string_view resolution = entry.field("resolution");
    npm::Descriptor resolved = npm::parse_descriptor(resolution.empty() ? first_descriptor : resolution);
    package.name = resolved.name;
    if (key_name != resolved.name) package.alias = key_name;
    package.version = entry.field("version");
    package.integrity = entry.field("checksum");
    std::string_view reference = resolved.range;
    if (!starts_with(reference, "npm:")) package.source = reference;
    if (starts_with(reference, "workspace:")) {
      package.is_root = true;
      package.is_local = true;
    } else if (starts_with(reference, "portal:") || starts_with(reference, "link:") ||
               starts_with(reference, "file:")) {
      package.is_local = true;
    }
    return package;
  }

  // Yarn's compat plugin silently swaps `resolve@npm:1.22.8` for the builtin-patched
  // `resolve@patch:resolve@npm%3A1.22.8#optional!builtin<compat/resolve>`: the lockfile keeps
  // both entries but only the patched one is installed, so dependents must point at it.
  void redirect_builtin_patches() {
    std::vector<std::pair<std::string, std::uint32_t>> redirects;
    for (const auto& [descriptor, index] : by_descriptor_) {
      npm::Descriptor outer = npm::parse_descriptor(descriptor);
      if (!starts_with(outer.range, "patch:") || outer.range.find("builtin<") == std::string_view::npos) continue;
      std::string_view inner = outer.range.substr(6, outer.range.find('#') - 6);
      std::string decoded;
      for (std::size_t i = 0; i < inner.size(); ++i) {
        if (inner.substr(i, 3) == "%3A") {
          decoded += ':';
          i += 2;
        } else {
          decoded += inner[i];
        }
      }
      npm::Descriptor base = npm::parse_descriptor(decoded);
      std::string range(base.range);
      if (!has_protocol(range)) range = "npm:" + range;  // Berry v6 omits the default protocol
      redirects.emplace_back(std::string(base.name) + "@" + range, index);
    }
    for (auto& [descriptor, index] : redirects) by_descriptor_[descriptor] = index;
  }

  void add_edges(std::uint32_t from, const YarnNode* block, DepKind kind, const YarnNode* meta) {
    if (block == nullptr) return;
    if (!block->is_block)
      throw Error(lock_.path, block->line, 1, "expected an indented block under \"" + block->key + "\"");
    for (const YarnNode& dependency : block->children) {
      DepKind edge_kind = kind;
      if (meta != nullptr) {
        const YarnNode* dependency_meta = meta->child(dependency.key);
        if (dependency_meta != nullptr && dependency_meta->field("optional") == "true") edge_kind = DepKind::Optional;
      }
      if (auto to = resolve(dependency.key, dependency.value, kind)) lock_.edges.push_back({from, *to, edge_kind});
    }
  }

  std::optional<std::uint32_t> resolve(const std::string& name, const std::string& range, DepKind kind) const {
    auto found = by_descriptor_.find(name + "@" + range);
    // Berry writes `b: ^2` under dependencies but `b@npm:^2` in the entry header.
    if (found == by_descriptor_.end() && metadata_ && !has_protocol(range))
      found = by_descriptor_.find(name + "@npm:" + range);
    if (found != by_descriptor_.end()) return found->second;
    if (kind != DepKind::Peer) return std::nullopt;
    // Peer dependencies are satisfied by the parent's copy, which has no descriptor of its
    // own here; an unambiguous name is still an exact answer.
    auto named = by_name_.find(name);
    if (named != by_name_.end() && named->second.size() == 1) return named->second.front();
    return std::nullopt;
  }

  std::vector<YarnNode> entries_;
  const YarnNode* metadata_ = nullptr;
  Lockfile lock_;
  std::unordered_map<std::string, std::uint32_t> by_descriptor_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_name_;
};

class YarnLockReader final : public Reader {
 public:
  std::string_view canonical_name() const override { return "yarn.lock"; }
  std::optional<Ecosystem> ecosystem() const override { return Ecosystem::Npm; }
  Lockfile read(const std::string& path, std::string_view content) const override {
    if (int line = find_conflict_marker(content))
      throw Error(path, line, 1, "git merge conflict marker; resolve the conflict or run `yarn install` again");
    YarnTreeParser parser(path, content);
    std::vector<YarnNode> entries = parser.parse();
    Lockfile lock = YarnLockBuilder(path, std::move(entries)).build();
    lock.warnings.insert(lock.warnings.begin(), parser.warnings().begin(), parser.warnings().end());
    return lock;
  }
};

}  // namespace

std::unique_ptr<Reader> make_yarn_lock_reader() { return std::make_unique<YarnLockReader>(); }

}  // namespace tocsin::lockfile
