// libyaml events -> yaml::Node tree (see tree.h). libyaml counts positions in characters
// and breaks lines at '\r', NEL, LS and PS too; yaml-cpp (whose positions the workflow model
// kept so far) counts bytes and '\n' only, so positions are recomputed from the byte offset.
#include "yaml/tree.h"

#include <yaml.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <unordered_map>

#include "core/error.h"

namespace tocsin::yaml {

const Node* Node::get(std::string_view key) const {
  if (kind != Kind::Map) return nullptr;
  for (const auto& [k, v] : pairs)
    if (k->kind == Kind::Scalar && k->value == key) return v;
  return nullptr;
}

namespace {

// Character index (libyaml's mark.index) -> byte offset -> yaml-cpp's line and column. Marks
// arrive in document order, so both conversions move a cursor forward (and restart when not).
class Positions {
 public:
  explicit Positions(std::string_view text) : text_(text) {
    // libyaml skips a UTF-8 byte order mark without counting it.
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") start_ = 3;
    byte_ = start_;
    line_start_ = start_;  // yaml-cpp's columns do not count it either
    unsigned char high = 0;
    for (char c : text) high |= static_cast<unsigned char>(c);
    ascii_ = high < 0x80;
  }

  std::size_t byte_of(std::size_t char_index) {
    if (ascii_) return std::min(start_ + char_index, text_.size());
    if (char_index < chars_) {
      chars_ = 0;
      byte_ = start_;
    }
    while (chars_ < char_index && byte_ < text_.size()) {
      // Eight ASCII bytes at a time (the text around an emoji is mostly ASCII).
      if (char_index - chars_ >= 8 && text_.size() - byte_ >= 8) {
        std::uint64_t word;
        std::memcpy(&word, text_.data() + byte_, 8);
        if ((word & 0x8080808080808080u) == 0) {
          chars_ += 8;
          byte_ += 8;
          continue;
        }
      }
      ++byte_;
      while (byte_ < text_.size() && (static_cast<unsigned char>(text_[byte_]) & 0xC0) == 0x80) ++byte_;
      ++chars_;
    }
    return byte_;
  }

  // 1-based line (counting '\n') and byte column of a byte offset.
  std::pair<int, int> line_column(std::size_t offset) {
    if (offset > text_.size()) offset = text_.size();
    if (offset < line_at_) {
      line_at_ = 0;
      line_ = 0;
      line_start_ = start_;
    }
    while (line_at_ < offset) {
      const void* found = std::memchr(text_.data() + line_at_, '\n', offset - line_at_);
      if (!found) break;
      ++line_;
      line_at_ = static_cast<std::size_t>(static_cast<const char*>(found) - text_.data()) + 1;
      line_start_ = line_at_;
    }
    line_at_ = offset;
    std::size_t column = offset >= line_start_ ? offset - line_start_ : 0;
    return {static_cast<int>(line_ + 1), static_cast<int>(column + 1)};
  }

  // yaml-cpp places an empty value at the next token: skip blanks, line breaks and comments.
  std::size_t next_token(std::size_t offset) const {
    while (offset < text_.size()) {
      char c = text_[offset];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++offset;
      } else if (c == '#' && (offset == 0 || text_[offset - 1] == ' ' || text_[offset - 1] == '\t' ||
                              text_[offset - 1] == '\n' || text_[offset - 1] == '\r')) {
        while (offset < text_.size() && text_[offset] != '\n') ++offset;
      } else {
        break;
      }
    }
    return offset;
  }

 private:
  std::string_view text_;
  std::size_t start_ = 0;
  bool ascii_ = false;  // then a character index is a byte offset
  std::size_t chars_ = 0, byte_ = 0;
  std::size_t line_at_ = 0, line_ = 0, line_start_ = 0;
};

bool is_null_text(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

// Owns a libyaml parser and its current event.
struct Parser {
  yaml_parser_t parser;
  yaml_event_t event;
  bool has_event = false;
  Parser(std::string_view text) {
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  ~Parser() {
    if (has_event) yaml_event_delete(&event);
    yaml_parser_delete(&parser);
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
  bool next() {
    if (has_event) yaml_event_delete(&event);
    has_event = yaml_parser_parse(&parser, &event) != 0;
    return has_event;
  }
};

}  // namespace

class Builder {
 public:
  Builder(const std::string& path, std::string_view text, bool every_document)
      : path_(path), text_(text), positions_(text), every_document_(every_document) {}

  Document build() {
    Parser p(text_);
    while (true) {
      if (!p.next()) fail_parse(p.parser);
      const yaml_event_t& e = p.event;
      switch (e.type) {
        case YAML_STREAM_START_EVENT:
          if (e.data.stream_start.encoding != YAML_UTF8_ENCODING && e.data.stream_start.encoding != YAML_ANY_ENCODING)
            throw Error(path_, 1, 1, "not UTF-8 text (a UTF-16 byte order mark)");
          break;
        case YAML_DOCUMENT_START_EVENT:
          root_ = nullptr;
          anchors_.clear();  // an alias names an anchor of its own document
          break;
        case YAML_DOCUMENT_END_EVENT:
          if (root_) doc_.roots_.push_back(root_);
          if (!every_document_) return std::move(doc_);
          break;
        case YAML_STREAM_END_EVENT: return std::move(doc_);
        case YAML_ALIAS_EVENT: {
          auto it = anchors_.find(reinterpret_cast<const char*>(e.data.alias.anchor));
          if (it == anchors_.end()) {
            auto [line, column] = positions_.line_column(positions_.byte_of(e.start_mark.index));
            throw Error(path_, line, column,
                        std::string("the referenced anchor is not defined: ") +
                            reinterpret_cast<const char*>(e.data.alias.anchor));
          }
          attach(it->second);
          break;
        }
        case YAML_SCALAR_EVENT: {
          Node& node = create(e.start_mark.index, e.data.scalar.anchor);
          std::string_view value(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
          // yaml-cpp: an untagged plain null word or empty value is Null; `!!str null` is "null".
          if (e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && e.data.scalar.tag == nullptr && is_null_text(value)) {
            node.kind = Kind::Null;
            if (value.empty() && e.data.scalar.anchor == nullptr) locate_empty(node);
          } else {
            node.kind = Kind::Scalar;
            node.value.assign(value);
          }
          attach(&node);
          break;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
          bool map = e.type == YAML_MAPPING_START_EVENT;
          Node& node = create(e.start_mark.index, map ? e.data.mapping_start.anchor : e.data.sequence_start.anchor);
          node.kind = map ? Kind::Map : Kind::Sequence;
          attach(&node);
          stack_.push_back({&node, nullptr});
          break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: stack_.pop_back(); break;
        case YAML_NO_EVENT: break;
      }
    }
  }

 private:
  struct Frame {
    Node* node;
    const Node* key;  // a map's key waiting for its value
  };

  Node& create(std::size_t char_index, const yaml_char_t* anchor) {
    Node& node = doc_.nodes_.emplace_back();
    node.offset = positions_.byte_of(char_index);
    std::tie(node.line, node.column) = positions_.line_column(node.offset);
    if (anchor) anchors_[reinterpret_cast<const char*>(anchor)] = &node;
    return node;
  }

  void locate_empty(Node& node) {
    node.offset = positions_.next_token(node.offset);
    std::tie(node.line, node.column) = positions_.line_column(node.offset);
  }

  void attach(const Node* node) {
    if (stack_.empty()) {
      if (!root_) root_ = node;
      return;
    }
    Frame& top = stack_.back();
    if (top.node->kind == Kind::Sequence) {
      top.node->items.push_back(node);
    } else if (!top.key) {
      top.key = node;
    } else {
      top.node->pairs.emplace_back(top.key, node);
      top.key = nullptr;
    }
  }

  [[noreturn]] void fail_parse(const yaml_parser_t& parser) {
    std::string message = parser.problem ? parser.problem : "malformed YAML";
    if (parser.context) message += std::string(" (") + parser.context + ")";
    std::size_t offset;
    if (parser.error == YAML_READER_ERROR) {
      offset = parser.problem_offset;  // in bytes already
    } else if (parser.error == YAML_MEMORY_ERROR) {
      throw Error(path_, 0, 0, "out of memory while parsing YAML");
    } else {
      offset = positions_.byte_of(parser.problem_mark.index);
    }
    auto [line, column] = positions_.line_column(offset);
    throw Error(path_, line, column, message);
  }

  const std::string& path_;
  std::string_view text_;
  Positions positions_;
  const bool every_document_;
  Document doc_;
  const Node* root_ = nullptr;  // of the current document
  std::vector<Frame> stack_;
  std::unordered_map<std::string, const Node*> anchors_;
};

Document Document::parse(const std::string& path, std::string_view text) { return Builder(path, text, false).build(); }

Document Document::parse_stream(const std::string& path, std::string_view text) {
  return Builder(path, text, true).build();
}

}  // namespace tocsin::yaml
