// tocsin::ci::yaml — a light YAML tree for workflow files, built from libyaml's events.
//
// Why not yaml-cpp: it costs ~1,200 instructions per byte, and Springtale's 12 workflows (75 KB)
// were ~90 M of the ~130 M instructions of a whole `tocsin deps` run. libyaml's parser is an
// order of magnitude cheaper; this file keeps only what the workflow reader needs.
//
// The tree follows yaml-cpp's model, so that reading it gives the same results as before:
//  - kinds: Null (an empty value or a plain `~`, `null`, `Null`, `NULL`, whatever its tag),
//    Scalar, Sequence, Map;
//  - positions are yaml-cpp's: 1-based line (counted by '\n' only) and column in bytes, plus the
//    byte offset of the node's start (of its anchor or tag when it has one); the trailing
//    comment of a `uses:` line is read from the source at that offset;
//  - a mapping keeps every pair in document order, duplicate keys included; get() returns the
//    first pair whose key is a scalar with that text;
//  - an alias is the anchored node itself (shared, not copied), so an alias bomb costs no
//    memory; whoever walks the tree bounds the walk (workflow.cpp counts the nodes it visits);
//  - only the first document of the stream is read; an empty stream has no root.
// Input must be UTF-8 (GitHub reads workflows as UTF-8); malformed YAML, an undefined alias or
// another encoding throws tocsin::Error(path, line, column, message).
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tocsin::ci::yaml {

enum class Kind : unsigned char { Null, Scalar, Sequence, Map };

struct Node {
  Kind kind = Kind::Null;
  int line = 0;                                            // 1-based
  int column = 0;                                          // 1-based, in bytes
  std::size_t offset = 0;                                  // byte offset in the source
  std::string value;                                       // Scalar
  std::vector<const Node*> items;                          // Sequence
  std::vector<std::pair<const Node*, const Node*>> pairs;  // Map, in document order

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  bool is_map() const { return kind == Kind::Map; }
  // The value of the first pair whose key is the scalar `key`; nullptr when absent or not a map.
  const Node* get(std::string_view key) const;
};

// A parsed document: owns its nodes (addresses are stable).
class Document {
 public:
  // Parses the first document of `text`; `path` names the file in errors.
  static Document parse(const std::string& path, std::string_view text);
  const Node* root() const { return root_; }  // nullptr for an empty stream

 private:
  std::deque<Node> nodes_;
  const Node* root_ = nullptr;
  friend class Builder;
};

// Null-safe helpers for optional children.
inline bool is_scalar(const Node* node) { return node && node->is_scalar(); }
inline bool is_map(const Node* node) { return node && node->is_map(); }
inline const Node* get(const Node* node, std::string_view key) { return node ? node->get(key) : nullptr; }

}  // namespace tocsin::ci::yaml
