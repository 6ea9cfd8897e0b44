// tocsin::yaml — a light YAML tree built from libyaml's events, for the readers of YAML input:
// workflow files (src/ci/) and the pnpm-lock.yaml files its dedicated parser does not cover
// (src/lockfile/pnpm_yaml.h).
//
// Why not yaml-cpp: it costs ~1,200 instructions per byte, and Springtale's 12 workflows (75 KB)
// were ~90 M of the ~130 M instructions of a whole `tocsin deps` run. libyaml's parser is an
// order of magnitude cheaper; this file keeps only what the readers need.
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
//  - Document::parse reads the first document of the stream (an empty stream has no root);
//    Document::parse_stream reads every document (an empty one is a Null root), anchors being
//    local to their document.
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

namespace tocsin::yaml {

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
  // Parses every document of `text`.
  static Document parse_stream(const std::string& path, std::string_view text);
  const Node* root() const { return roots_.empty() ? nullptr : roots_.front(); }  // nullptr for an empty stream
  const std::vector<const Node*>& roots() const { return roots_; }                // one per document

 private:
  std::deque<Node> nodes_;
  std::vector<const Node*> roots_;
  friend class Builder;
};

// Null-safe helpers for optional children.
inline bool is_scalar(const Node* node) { return node && node->is_scalar(); }
inline bool is_map(const Node* node) { return node && node->is_map(); }
inline const Node* get(const Node* node, std::string_view key) { return node ? node->get(key) : nullptr; }

}  // namespace tocsin::yaml
