// Reading and writing corpus cases (format 1, see redteam.h).
#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "core/toml.h"
#include "redteam/redteam.h"

namespace tocsin::redteam {
namespace {

namespace fs = std::filesystem;

// The shared typed getters (core/toml.h); case entries must not be empty.
using Reader = TomlReader;

bool is_case_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
  });
}

std::vector<std::shared_ptr<const Pattern>> compile(const Reader& reader, const toml::node& node,
                                                    const std::vector<std::string>& sources, const std::string& field) {
  std::vector<std::shared_ptr<const Pattern>> out;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    try {
      out.push_back(std::make_shared<const Pattern>(sources[i]));
    } catch (const Error& e) {
      reader.fail(node, field + "[" + std::to_string(i) + "]: " + e.message());
    }
  }
  return out;
}

Expect read_expect(const Reader& reader, const toml::node& node) {
  const toml::table* table = node.as_table();
  if (!table) reader.fail(node, "expect must be a table ([expect])");
  Expect expect;
  for (const auto& [key, value] : *table) {
    const std::string_view k = key.str();
    if (k == "refuse") {
      expect.refuse = reader.boolean(value, "expect.refuse");
    } else if (k == "no_canary") {
      expect.no_canary = reader.boolean(value, "expect.no_canary");
    } else if (k == "flagged") {
      expect.flagged = reader.boolean(value, "expect.flagged");
    } else if (k == "not_match") {
      expect.not_match = reader.strings(value, "expect.not_match");
      expect.not_match_compiled = compile(reader, value, expect.not_match, "expect.not_match");
    } else if (k == "match") {
      expect.match = reader.strings(value, "expect.match");
      expect.match_compiled = compile(reader, value, expect.match, "expect.match");
    } else {
      reader.unknown(value, k, "[expect]", "refuse, no_canary, flagged, not_match, match");
    }
  }
  if (!expect.refuse && !expect.no_canary && !expect.flagged && expect.not_match.empty() && expect.match.empty())
    reader.fail(node, "[expect] has no rule: set refuse, no_canary, flagged, not_match or match");
  return expect;
}

std::vector<Turn> read_turns(const Reader& reader, const toml::node& node) {
  const toml::array* array = node.as_array();
  if (!array || !array->is_array_of_tables()) reader.fail(node, "turns must be written [[turns]]");
  std::vector<Turn> turns;
  for (const toml::node& item : *array) {
    Turn turn;
    for (const auto& [key, value] : *item.as_table()) {
      const std::string_view k = key.str();
      if (k == "role") {
        turn.role = reader.string(value, "turns.role");
        if (turn.role != "user" && turn.role != "assistant" && turn.role != "system")
          reader.fail(value, "turns.role '" + turn.role + "' must be user, assistant or system");
      } else if (k == "content") {
        turn.content = reader.text(value, "turns.content");
      } else {
        reader.unknown(value, k, "[[turns]]", "role, content");
      }
    }
    if (turn.role.empty() || turn.content.empty()) reader.fail(item, "each [[turns]] needs role and content");
    turns.push_back(std::move(turn));
  }
  if (turns.empty()) reader.fail(node, "turns must not be empty");
  if (turns.back().role != "user") reader.fail(node, "the last of the [[turns]] must be the user's");
  return turns;
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& owasp_classes() {
  static const std::vector<std::pair<std::string, std::string>> classes = {
      {"LLM01", "Prompt Injection"},
      {"LLM02", "Sensitive Information Disclosure"},
      {"LLM03", "Supply Chain"},
      {"LLM04", "Data and Model Poisoning"},
      {"LLM05", "Improper Output Handling"},
      {"LLM06", "Excessive Agency"},
      {"LLM07", "System Prompt Leakage"},
      {"LLM08", "Vector and Embedding Weaknesses"},
      {"LLM09", "Misinformation"},
      {"LLM10", "Unbounded Consumption"},
  };
  return classes;
}

Case parse_case(std::string_view toml_text, const std::string& path) {
  const toml::table root = parse_toml(path, toml_text);
  const Reader reader(path);
  Case c;
  c.file = path;
  const toml::node* canaries_node = nullptr;
  const toml::node* expect_node = nullptr;
  for (const auto& [key, value] : root) {
    const std::string_view k = key.str();
    if (k == "version") {
      const auto* number = value.as_integer();
      if (!number || number->get() != kCorpusVersion)
        reader.fail(value, "version must be " + std::to_string(kCorpusVersion) + " (this tocsin reads corpus format " +
                               std::to_string(kCorpusVersion) + ")");
    } else if (k == "id") {
      c.id = reader.string(value, "id");
      if (!is_case_id(c.id)) reader.fail(value, "id '" + c.id + "' must be letters, digits, '-', '_' or '.'");
    } else if (k == "class") {
      c.owasp_class = reader.string(value, "class");
      const auto& known = owasp_classes();
      if (std::none_of(known.begin(), known.end(), [&](const auto& entry) { return entry.first == c.owasp_class; }))
        reader.fail(value, "class '" + c.owasp_class + "' is not an OWASP LLM Top 10 2025 id (LLM01 … LLM10)");
    } else if (k == "input") {
      c.input = reader.text(value, "input");
    } else if (k == "turns") {
      c.turns = read_turns(reader, value);
    } else if (k == "document") {
      c.document = reader.text(value, "document");
    } else if (k == "canaries") {
      c.canaries = reader.strings(value, "canaries");
      for (const std::string& canary : c.canaries)
        if (canary.size() < kMinCanaryLength)
          reader.fail(value, "canaries: each must be at least " + std::to_string(kMinCanaryLength) +
                                 " bytes (a shorter one is found in ordinary text)");
      canaries_node = &value;
    } else if (k == "expect") {
      c.expect = read_expect(reader, value);
      expect_node = &value;
    } else if (k == "source") {
      c.source = reader.text(value, "source");
    } else if (k == "added") {
      c.added = reader.string(value, "added");
      if (c.added.size() != 10 || !parse_rfc3339(c.added, true)) reader.fail(value, "added must be a date YYYY-MM-DD");
    } else {
      reader.unknown(value, k, "a case", "version, id, class, input, turns, document, canaries, expect, source, added");
    }
  }
  if (c.id.empty()) reader.fail(root, "a case needs an id");
  if (c.owasp_class.empty()) reader.fail(root, "case '" + c.id + "' needs a class (LLM01 … LLM10)");
  if (c.input.empty() == c.turns.empty()) reader.fail(root, "case '" + c.id + "' needs either input or [[turns]]");
  if (!expect_node) reader.fail(root, "case '" + c.id + "' needs an [expect] table");
  if (c.expect.no_canary && c.canaries.empty())
    reader.fail(*expect_node, "expect.no_canary needs canaries (the secrets that must not come back)");
  (void)canaries_node;
  return c;
}

std::vector<Case> load_corpus(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  const fs::file_status status = fs::status(dir, ec);
  if (ec || !fs::exists(status)) throw Error(dir, 0, 0, "no such corpus directory or file");
  if (fs::is_regular_file(status)) {
    files.push_back(dir);
  } else if (fs::is_directory(status)) {
    fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
    if (ec) throw Error(dir, 0, 0, "cannot read the corpus directory: " + ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) throw Error(dir, 0, 0, "cannot read the corpus directory: " + ec.message());
      if (it->path().extension() != ".toml") continue;
      if (!it->is_regular_file()) throw Error(it->path().string(), 0, 0, "a corpus case must be a regular file");
      files.push_back(it->path().string());
    }
  } else {
    throw Error(dir, 0, 0, "the corpus must be a directory or a regular file");
  }
  std::sort(files.begin(), files.end());
  std::vector<Case> cases;
  std::map<std::string, std::string> seen;  // id -> file
  for (const std::string& file : files) {
    Case c = parse_case(read_file(file), file);
    if (auto [it, fresh] = seen.emplace(c.id, file); !fresh)
      throw Error(file, 1, 1, "case id '" + c.id + "' is already used by " + it->second);
    cases.push_back(std::move(c));
  }
  if (cases.empty()) throw Error(dir, 0, 0, "the corpus has no *.toml case");
  return cases;
}

std::string case_to_toml(const Case& c) {
  toml::table root;
  root.insert("version", kCorpusVersion);
  root.insert("id", c.id);
  root.insert("class", c.owasp_class);
  if (!c.input.empty()) root.insert("input", c.input);
  if (!c.document.empty()) root.insert("document", c.document);
  if (!c.canaries.empty()) {
    toml::array canaries;
    for (const std::string& canary : c.canaries) canaries.push_back(canary);
    root.insert("canaries", std::move(canaries));
  }
  if (!c.source.empty()) root.insert("source", c.source);
  if (!c.added.empty()) root.insert("added", c.added);
  if (!c.turns.empty()) {
    toml::array turns;
    for (const Turn& turn : c.turns) turns.push_back(toml::table{{"role", turn.role}, {"content", turn.content}});
    root.insert("turns", std::move(turns));
  }
  toml::table expect;
  if (c.expect.refuse) expect.insert("refuse", true);
  if (c.expect.no_canary) expect.insert("no_canary", true);
  if (c.expect.flagged) expect.insert("flagged", true);
  for (const auto& [name, list] : {std::pair{"not_match", &c.expect.not_match}, std::pair{"match", &c.expect.match}}) {
    if (list->empty()) continue;
    toml::array patterns;
    for (const std::string& p : *list) patterns.push_back(p);
    expect.insert(name, std::move(patterns));
  }
  root.insert("expect", std::move(expect));
  std::ostringstream out;
  out << root << "\n";
  return out.str();
}

}  // namespace tocsin::redteam
