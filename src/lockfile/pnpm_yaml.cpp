#include "lockfile/pnpm_yaml.h"

#include <cstddef>
#include <unordered_map>

#include "core/error.h"
#include "core/text.h"
#include "yaml/tree.h"

namespace tocsin::lockfile::pnpm {

const YamlNode* YamlNode::find(std::string_view key) const {
  for (const YamlEntry& entry : entries)
    if (entry.key == key) return &entry.value;
  return nullptr;
}

std::string_view YamlNode::scalar_of(std::string_view key) const {
  const YamlNode* value = find(key);
  return value != nullptr && value->is_scalar() ? std::string_view(value->scalar) : std::string_view();
}

namespace {

// Thrown inside the subset parser when the input leaves pnpm's subset; never escapes it.
struct LeavesSubset {};

// pnpm nests at most ~6 levels; anything deeper goes to libyaml, and the conversion of its tree
// is bounded too.
constexpr int kMaxSubsetDepth = 32;
constexpr int kMaxConvertDepth = 256;

struct Line {
  std::string_view text;  // without indentation and trailing blanks
  int number = 0;
  int indent = 0;
  bool separator = false;  // a "---" document separator
};

bool is_null_word(std::string_view text) { return text == "~" || text == "null" || text == "Null" || text == "NULL"; }

bool is_seq_item(std::string_view text) { return text == "-" || starts_with(text, "- "); }

// Characters that may not start a plain scalar (YAML 1.2 c-indicator), plus '@' and '`',
// which YAML reserves.
bool is_indicator(char c) {
  switch (c) {
    case '-':
    case '?':
    case ':':
    case ',':
    case '[':
    case ']':
    case '{':
    case '}':
    case '#':
    case '&':
    case '*':
    case '!':
    case '|':
    case '>':
    case '\'':
    case '"':
    case '%':
    case '@':
    case '`': return true;
    default: return false;
  }
}

YamlNode make_scalar(std::string_view text, int line, int column, bool plain) {
  YamlNode node;
  node.line = line;
  node.column = column;
  if (plain && (text.empty() || is_null_word(text))) return node;
  node.kind = YamlKind::Scalar;
  node.scalar = std::string(text);
  return node;
}

// Single-quoted scalar starting at text[pos] == '\''; '' is an escaped quote. Must close on the line.
std::string read_single_quoted(std::string_view text, std::size_t& pos) {
  std::string out;
  for (std::size_t i = pos + 1; i < text.size(); ++i) {
    if (text[i] != '\'') {
      out += text[i];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '\'') {
      out += '\'';
      ++i;
      continue;
    }
    pos = i + 1;
    return out;
  }
  throw LeavesSubset{};
}

// Double-quoted scalar without escapes (pnpm never needs them); escapes go to libyaml.
std::string read_double_quoted(std::string_view text, std::size_t& pos) {
  std::size_t close = text.find_first_of("\"\\", pos + 1);
  if (close == std::string_view::npos || text[close] == '\\') throw LeavesSubset{};
  std::string out(text.substr(pos + 1, close - pos - 1));
  pos = close + 1;
  return out;
}

// One-line flow collections: {integrity: sha512-…, tarball: https://…}, [darwin, linux], {}.
class FlowParser {
 public:
  FlowParser(std::string_view text, int line, int first_column) : text_(text), line_(line), column_(first_column) {}

  YamlNode parse_whole() {
    YamlNode node = value(0);
    skip_spaces();
    if (pos_ != text_.size()) throw LeavesSubset{};
    return node;
  }

 private:
  void skip_spaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }
  bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  int column() const { return column_ + static_cast<int>(pos_); }

  YamlNode value(int depth) {
    if (depth > kMaxSubsetDepth) throw LeavesSubset{};
    skip_spaces();
    if (pos_ >= text_.size()) throw LeavesSubset{};
    if (at('{')) return mapping(depth);
    if (at('[')) return sequence(depth);
    return scalar(false);
  }

  YamlNode scalar(bool is_key) {
    int column_here = column();
    if (at('\'')) return make_scalar(read_single_quoted(text_, pos_), line_, column_here, false);
    if (at('"')) return make_scalar(read_double_quoted(text_, pos_), line_, column_here, false);
    if (pos_ >= text_.size() || is_indicator(text_[pos_])) throw LeavesSubset{};
    std::size_t start = pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ',' || c == '}' || c == ']') break;
      if (c == '[' || c == '{' || c == '\t') throw LeavesSubset{};
      if (c == '#' && text_[pos_ - 1] == ' ') throw LeavesSubset{};
      if (c == ':' && (pos_ + 1 == text_.size() || text_[pos_ + 1] == ' ' || text_[pos_ + 1] == ',' ||
                       text_[pos_ + 1] == '}' || text_[pos_ + 1] == ']')) {
        if (is_key) break;
        throw LeavesSubset{};
      }
      ++pos_;
    }
    return make_scalar(trim(text_.substr(start, pos_ - start)), line_, column_here, true);
  }

  YamlNode mapping(int depth) {
    YamlNode node;
    node.kind = YamlKind::Map;
    node.line = line_;
    node.column = column();
    ++pos_;
    skip_spaces();
    while (!at('}')) {
      YamlEntry entry;
      entry.line = line_;
      entry.column = column();
      YamlNode key = scalar(true);
      if (key.kind != YamlKind::Scalar) throw LeavesSubset{};
      entry.key = std::move(key.scalar);
      skip_spaces();
      if (!at(':')) throw LeavesSubset{};
      ++pos_;
      skip_spaces();
      if (at(',') || at('}')) {
        entry.value.line = line_;
        entry.value.column = column();
      } else {
        entry.value = value(depth + 1);
      }
      node.entries.push_back(std::move(entry));
      skip_spaces();
      if (at(',')) {
        ++pos_;
        skip_spaces();
        continue;
      }
      if (!at('}')) throw LeavesSubset{};
    }
    ++pos_;
    return node;
  }

  YamlNode sequence(int depth) {
    YamlNode node;
    node.kind = YamlKind::Seq;
    node.line = line_;
    node.column = column();
    ++pos_;
    skip_spaces();
    while (!at(']')) {
      node.items.push_back(value(depth + 1));
      skip_spaces();
      if (at(',')) {
        ++pos_;
        skip_spaces();
        continue;
      }
      if (!at(']')) throw LeavesSubset{};
    }
    ++pos_;
    return node;
  }

  std::string_view text_;
  int line_;
  int column_;
  std::size_t pos_ = 0;
};

class BlockParser {
 public:
  explicit BlockParser(std::string_view content) { split_lines(content); }

  std::vector<YamlNode> documents() {
    std::vector<YamlNode> docs;
    std::size_t begin = 0;
    bool explicit_start = false;
    for (std::size_t i = 0; i <= lines_.size(); ++i) {
      if (i < lines_.size() && !lines_[i].separator) continue;
      if (i > begin || explicit_start) docs.push_back(document(begin, i));
      explicit_start = i < lines_.size();
      begin = i + 1;
    }
    return docs;
  }

 private:
  void split_lines(std::string_view content) {
    if (starts_with(content, "\xEF\xBB\xBF")) content.remove_prefix(3);
    int number = 0;
    std::size_t start = 0;
    while (start <= content.size()) {
      std::size_t end = content.find('\n', start);
      if (end == std::string_view::npos) end = content.size();
      std::string_view raw = content.substr(start, end - start);
      ++number;
      start = end + 1;
      std::size_t indent = 0;
      while (indent < raw.size() && raw[indent] == ' ') ++indent;
      std::string_view text = raw.substr(indent);
      while (!text.empty() && (text.back() == ' ' || text.back() == '\r' || text.back() == '\t')) text.remove_suffix(1);
      if (text.empty()) continue;
      if (text[0] == '\t') throw LeavesSubset{};
      if (text[0] == '#') continue;
      Line line{text, number, static_cast<int>(indent), false};
      if (indent == 0 && (starts_with(text, "---") || starts_with(text, "...") || text[0] == '%')) {
        if (text != "---") throw LeavesSubset{};
        line.separator = true;
      }
      lines_.push_back(line);
      if (end == content.size()) break;
    }
  }

  YamlNode document(std::size_t begin, std::size_t end) {
    if (begin == end) return YamlNode{};
    std::size_t i = begin;
    YamlNode root = block(i, end, lines_[begin].indent, 0);
    if (i != end) throw LeavesSubset{};
    return root;
  }

  YamlNode block(std::size_t& i, std::size_t end, int indent, int depth) {
    if (depth > kMaxSubsetDepth) throw LeavesSubset{};
    if (is_seq_item(lines_[i].text)) return sequence(i, end, indent, depth);
    return mapping(i, end, indent, depth);
  }

  YamlNode sequence(std::size_t& i, std::size_t end, int indent, int depth) {
    YamlNode node;
    node.kind = YamlKind::Seq;
    node.line = lines_[i].number;
    node.column = indent + 1;
    while (i < end && lines_[i].indent == indent && is_seq_item(lines_[i].text)) {
      const Line& line = lines_[i++];
      std::string_view rest = line.text.substr(1);
      std::size_t skipped = 1;
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1), ++skipped;
      int column = indent + 1 + static_cast<int>(skipped);
      if (rest.empty()) {
        if (i < end && lines_[i].indent > indent) {
          node.items.push_back(block(i, end, lines_[i].indent, depth + 1));
        } else {
          node.items.push_back(make_scalar("", line.number, column, true));
        }
        continue;
      }
      // "- key: value" (a mapping in a sequence) and "- - x" are valid YAML pnpm never writes.
      if (is_seq_item(rest) || rest.find(": ") != std::string_view::npos || rest.back() == ':') throw LeavesSubset{};
      node.items.push_back(inline_value(rest, line.number, column));
      if (i < end && lines_[i].indent > indent) throw LeavesSubset{};
    }
    return node;
  }

  YamlNode mapping(std::size_t& i, std::size_t end, int indent, int depth) {
    YamlNode node;
    node.kind = YamlKind::Map;
    node.line = lines_[i].number;
    node.column = indent + 1;
    while (i < end && lines_[i].indent >= indent) {
      const Line& line = lines_[i];
      if (line.indent > indent || is_seq_item(line.text)) throw LeavesSubset{};
      ++i;
      YamlEntry entry;
      entry.line = line.number;
      entry.column = indent + 1;
      std::size_t pos = 0;
      entry.key = key(line.text, pos);
      std::string_view rest = line.text.substr(pos);
      std::size_t value_offset = pos;
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1), ++value_offset;
      if (rest.empty()) {
        if (i < end && lines_[i].indent > indent) {
          entry.value = block(i, end, lines_[i].indent, depth + 1);
        } else if (i < end && lines_[i].indent == indent && is_seq_item(lines_[i].text)) {
          entry.value = sequence(i, end, indent, depth + 1);
        } else {
          entry.value = make_scalar("", line.number, indent + 1 + static_cast<int>(value_offset), true);
        }
      } else {
        entry.value = inline_value(rest, line.number, indent + 1 + static_cast<int>(value_offset));
        if (i < end && lines_[i].indent > indent) throw LeavesSubset{};
      }
      node.entries.push_back(std::move(entry));
    }
    return node;
  }

  // The key of a "key: value" / "key:" line; `pos` is left just after the colon.
  static std::string key(std::string_view text, std::size_t& pos) {
    std::string out;
    if (text[0] == '\'') {
      out = read_single_quoted(text, pos);
    } else if (text[0] == '"') {
      out = read_double_quoted(text, pos);
    } else {
      if (is_indicator(text[0])) throw LeavesSubset{};
      std::size_t colon = 0;
      while (true) {
        colon = text.find(':', colon);
        if (colon == std::string_view::npos) throw LeavesSubset{};
        if (colon + 1 == text.size() || text[colon + 1] == ' ') break;
        ++colon;
      }
      std::string_view plain = trim(text.substr(0, colon));
      if (plain.find(" #") != std::string_view::npos || plain.find('\t') != std::string_view::npos)
        throw LeavesSubset{};
      out = std::string(plain);
      pos = colon;
    }
    if (pos >= text.size() || text[pos] != ':' || (pos + 1 < text.size() && text[pos + 1] != ' ')) throw LeavesSubset{};
    ++pos;
    return out;
  }

  static YamlNode inline_value(std::string_view text, int line, int column) {
    char first = text[0];
    if (first == '\'' || first == '"') {
      std::size_t pos = 0;
      std::string value = first == '\'' ? read_single_quoted(text, pos) : read_double_quoted(text, pos);
      if (pos != text.size()) throw LeavesSubset{};
      return make_scalar(value, line, column, false);
    }
    if (first == '{' || first == '[') return FlowParser(text, line, column).parse_whole();
    if (is_indicator(first)) throw LeavesSubset{};
    if (text.find(" #") != std::string_view::npos || text.find(": ") != std::string_view::npos || text.back() == ':' ||
        text.find('\t') != std::string_view::npos)
      throw LeavesSubset{};
    return make_scalar(text, line, column, true);
  }

  std::vector<Line> lines_;
};

// libyaml's tree (yaml/tree.h, which reproduces yaml-cpp's positions) -> YamlNode. An alias is
// copied where it is used, so the copy is bounded by a node budget proportional to the input.
class TreeConverter {
 public:
  TreeConverter(const std::string& path, std::size_t budget) : path_(path), budget_(budget) {}

  YamlNode convert(const yaml::Node& source, int depth) {
    if (depth > kMaxConvertDepth)
      throw Error(path_, source.line, source.column, "YAML nested too deeply for a pnpm lockfile");
    if (budget_ == 0)
      throw Error(path_, source.line, source.column,
                  "YAML expands to far more nodes than its size allows (alias bomb?)");
    --budget_;
    YamlNode node;
    node.line = source.line;
    node.column = source.column;
    switch (source.kind) {
      case yaml::Kind::Scalar:
        node.kind = YamlKind::Scalar;
        node.scalar = source.value;
        break;
      case yaml::Kind::Sequence:
        node.kind = YamlKind::Seq;
        node.items.reserve(source.items.size());
        for (const yaml::Node* item : source.items) node.items.push_back(convert(*item, depth + 1));
        break;
      case yaml::Kind::Map:
        node.kind = YamlKind::Map;
        node.entries.reserve(source.pairs.size());
        for (const auto& [key, value] : source.pairs) {
          YamlEntry entry;
          entry.line = key->line;
          entry.column = key->column;
          if (key->is_scalar()) {
            entry.key = key->value;
          } else if (!key->is_null()) {
            throw Error(path_, entry.line, entry.column, "expected a scalar mapping key, found a collection");
          }
          entry.value = convert(*value, depth + 1);
          node.entries.push_back(std::move(entry));
        }
        break;
      case yaml::Kind::Null: break;
    }
    return node;
  }

 private:
  const std::string& path_;
  std::size_t budget_;
};

}  // namespace

std::optional<std::vector<YamlNode>> parse_block_subset(std::string_view content) {
  try {
    return BlockParser(content).documents();
  } catch (const LeavesSubset&) {
    return std::nullopt;
  }
}

std::vector<YamlNode> parse_with_libyaml(const std::string& path, std::string_view content) {
  yaml::Document stream;
  try {
    stream = yaml::Document::parse_stream(path, content);
  } catch (const Error& e) {
    throw Error(path, e.line(), e.column(), "invalid YAML: " + e.message());
  }
  TreeConverter converter(path, content.size() + 1024);
  std::vector<YamlNode> docs;
  docs.reserve(stream.roots().size());
  for (const yaml::Node* root : stream.roots()) docs.push_back(converter.convert(*root, 0));
  return docs;
}

namespace {

// js-yaml's load(), which pnpm reads its lockfile with, throws "duplicated mapping key" unless
// given {json: true}, which pnpm does not pass: pnpm refuses such a lockfile as broken.
void reject_duplicate_keys(const std::string& path, const YamlNode& node, int depth) {
  if (depth > kMaxConvertDepth) return;  // both parsers already bound depth
  if (node.kind == YamlKind::Seq) {
    for (const YamlNode& item : node.items) reject_duplicate_keys(path, item, depth + 1);
    return;
  }
  if (node.kind != YamlKind::Map) return;
  std::unordered_map<std::string_view, const YamlEntry*> seen;
  seen.reserve(node.entries.size());
  for (const YamlEntry& entry : node.entries) {
    auto [it, inserted] = seen.emplace(entry.key, &entry);
    if (!inserted)
      throw Error(path, entry.line, entry.column,
                  "duplicated mapping key '" + (entry.key.size() > 80 ? entry.key.substr(0, 80) + "..." : entry.key) +
                      "' (first at line " + std::to_string(it->second->line) +
                      "): pnpm's YAML parser (js-yaml) refuses it, so pnpm would not install from this lockfile");
    reject_duplicate_keys(path, entry.value, depth + 1);
  }
}

}  // namespace

std::vector<YamlNode> parse_pnpm_yaml(const std::string& path, std::string_view content) {
  std::vector<YamlNode> docs;
  if (auto subset = parse_block_subset(content))
    docs = std::move(*subset);
  else
    docs = parse_with_libyaml(path, content);
  for (const YamlNode& doc : docs) reject_duplicate_keys(path, doc, 0);
  return docs;
}

}  // namespace tocsin::lockfile::pnpm
