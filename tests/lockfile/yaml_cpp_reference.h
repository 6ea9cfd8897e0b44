// yaml-cpp, the pnpm reader's former YAML parser, as the reference the tests hold both of its
// parsers (the dedicated subset parser and the libyaml fallback) to: same tree, same positions.
// Test-only: the tocsin executable does not link yaml-cpp.
#pragma once

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "lockfile/pnpm_yaml.h"

namespace tocsin::lockfile::pnpm::reference {

constexpr int kMaxConvertDepth = 256;

class YamlCppConverter {
 public:
  YamlCppConverter(const std::string& path, std::size_t budget) : path_(path), budget_(budget) {}

  YamlNode convert(const YAML::Node& source, int depth) {
    const YAML::Mark mark = source.Mark();
    int line = mark.is_null() ? 0 : mark.line + 1;
    int column = mark.is_null() ? 0 : mark.column + 1;
    if (depth > kMaxConvertDepth) throw Error(path_, line, column, "YAML nested too deeply for a pnpm lockfile");
    if (budget_ == 0)
      throw Error(path_, line, column, "YAML expands to far more nodes than its size allows (alias bomb?)");
    --budget_;
    YamlNode node;
    node.line = line;
    node.column = column;
    switch (source.Type()) {
      case YAML::NodeType::Scalar:
        node.kind = YamlKind::Scalar;
        node.scalar = source.Scalar();
        break;
      case YAML::NodeType::Sequence:
        node.kind = YamlKind::Seq;
        for (const YAML::Node& item : source) node.items.push_back(convert(item, depth + 1));
        break;
      case YAML::NodeType::Map:
        node.kind = YamlKind::Map;
        for (const auto& pair : source) {
          YamlEntry entry;
          const YAML::Mark key_mark = pair.first.Mark();
          entry.line = key_mark.is_null() ? line : key_mark.line + 1;
          entry.column = key_mark.is_null() ? column : key_mark.column + 1;
          if (pair.first.IsScalar()) {
            entry.key = pair.first.Scalar();
          } else if (!pair.first.IsNull()) {
            throw Error(path_, entry.line, entry.column, "expected a scalar mapping key, found a collection");
          }
          entry.value = convert(pair.second, depth + 1);
          node.entries.push_back(std::move(entry));
        }
        break;
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined: break;
    }
    return node;
  }

 private:
  const std::string& path_;
  std::size_t budget_;
};

// yaml-cpp 0.7 never consumes a ',' outside a flow collection ("," or "[a], b"): LoadAll then
// starts empty documents at that token forever, growing memory until the process is killed.
// This first pass runs the parser on no-op events and stops when a document starts where the
// previous one did, i.e. when the parser no longer advances.
class DocumentStarts : public YAML::EventHandler {
 public:
  YAML::Mark start;
  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

inline void reject_stalled_parse(const std::string& path, const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts events;
  int previous = -1;
  while (parser.HandleNextDocument(events)) {
    if (events.start.pos == previous)
      throw Error(path, events.start.line + 1, events.start.column + 1,
                  "invalid YAML: unexpected token here (a ',' outside [ ] or { }?)");
    previous = events.start.pos;
  }
}

inline std::vector<YamlNode> parse_with_yaml_cpp(const std::string& path, std::string_view content) {
  std::vector<YAML::Node> sources;
  try {
    const std::string text(content);
    reject_stalled_parse(path, text);
    sources = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    int column = e.mark.is_null() ? 0 : e.mark.column + 1;
    throw Error(path, line, column, "invalid YAML: " + e.msg);
  }
  YamlCppConverter converter(path, content.size() + 1024);
  std::vector<YamlNode> docs;
  try {
    for (const YAML::Node& source : sources) docs.push_back(converter.convert(source, 0));
  } catch (const YAML::Exception& e) {
    throw Error(path, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1,
                "invalid YAML: " + e.msg);
  }
  return docs;
}

}  // namespace tocsin::lockfile::pnpm::reference
