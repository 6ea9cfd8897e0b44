// RustSec advisory file -> Advisory. Format: https://github.com/rustsec/advisory-db (README,
// EXAMPLE_ADVISORY.md): a ```toml fenced front matter, then Markdown whose first `# ` heading is
// the title and whose remainder is the description.
#include <toml++/toml.h>

#include <sstream>

#include "advisory/parsers.h"
#include "core/error.h"
#include "core/text.h"
#include "core/toml.h"

namespace tocsin::advisory {

namespace {

struct FrontMatter {
  std::string_view toml;
  std::string_view body;
  int first_line = 0;  // 1-based line of the first TOML line in the file
};

FrontMatter split_front_matter(const std::string& path, std::string_view content) {
  std::string_view text = content;
  if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  // Leading blank lines are tolerated; anything else before the fence is not an advisory.
  std::size_t offset = 0;
  int line = 1;
  while (offset < text.size() && (text[offset] == '\n' || text[offset] == '\r' || text[offset] == ' ')) {
    if (text[offset] == '\n') ++line;
    ++offset;
  }
  if (text.substr(offset, 7) != "```toml") throw Error(path, line, 1, "expected a ```toml front matter block");
  std::size_t toml_start = text.find('\n', offset);
  if (toml_start == std::string_view::npos) throw Error(path, line, 1, "unterminated ```toml front matter block");
  ++toml_start;
  std::size_t cursor = toml_start;
  while (cursor < text.size()) {
    std::size_t end = text.find('\n', cursor);
    std::string_view current =
        text.substr(cursor, end == std::string_view::npos ? std::string_view::npos : end - cursor);
    if (trim(current) == "```") {
      FrontMatter front;
      front.toml = text.substr(toml_start, cursor - toml_start);
      front.body = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      front.first_line = line + 1;
      return front;
    }
    if (end == std::string_view::npos) break;
    cursor = end + 1;
  }
  throw Error(path, line, 1, "unterminated ```toml front matter block (no closing ```)");
}

class FrontMatterReader {
 public:
  FrontMatterReader(const std::string& path, int first_line) : path_(path), first_line_(first_line) {}

  int line_of(const toml::node& node) const {
    auto begin = node.source().begin;
    return begin.line == 0 ? 0 : static_cast<int>(begin.line) + first_line_ - 1;
  }

  [[noreturn]] void fail(const toml::node* node, const std::string& message) const {
    int line = node != nullptr ? line_of(*node) : 0;
    int column = node != nullptr ? static_cast<int>(node->source().begin.column) : 0;
    throw Error(path_, line, column, message);
  }

  std::string string(const toml::table& table, std::string_view key, bool required = false) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      if (required) fail(&table, "missing required key '" + std::string(key) + "'");
      return {};
    }
    if (auto value = node->value<std::string>()) return *value;
    // `date = 2020-01-31` written as a TOML date rather than a string: accept it.
    if (auto date = node->as_date()) {
      std::ostringstream out;
      out << date->get();
      return out.str();
    }
    fail(node, "key '" + std::string(key) + "' must be a string");
  }

  std::vector<std::string> strings(const toml::table& table, std::string_view key) const {
    std::vector<std::string> out;
    const toml::node* node = table.get(key);
    if (node == nullptr) return out;
    const toml::array* array = node->as_array();
    if (array == nullptr) fail(node, "key '" + std::string(key) + "' must be an array of strings");
    for (const auto& item : *array) {
      auto value = item.value<std::string>();
      if (!value) fail(&item, "key '" + std::string(key) + "' must be an array of strings");
      out.emplace_back(trim(*value));
    }
    return out;
  }

  const toml::table* table(const toml::table& parent, std::string_view key) const {
    const toml::node* node = parent.get(key);
    if (node == nullptr) return nullptr;
    if (!node->is_table()) fail(node, "'" + std::string(key) + "' must be a table");
    return node->as_table();
  }

 private:
  const std::string& path_;
  int first_line_;
};

void read_body(std::string_view body, Advisory& advisory) {
  std::size_t cursor = 0;
  while (cursor < body.size()) {
    std::size_t end = body.find('\n', cursor);
    std::string_view line = body.substr(cursor, end == std::string_view::npos ? std::string_view::npos : end - cursor);
    if (starts_with(line, "# ")) {
      advisory.summary = std::string(trim(line.substr(2)));
      advisory.details = end == std::string_view::npos ? std::string() : std::string(trim(body.substr(end + 1)));
      return;
    }
    if (end == std::string_view::npos) break;
    cursor = end + 1;
  }
  advisory.details = std::string(trim(body));
}

}  // namespace

Advisory parse_rustsec(const std::string& path, std::string_view content) {
  FrontMatter front = split_front_matter(path, content);
  toml::table document;
  try {
    check_toml_nesting(path, front.toml);
  } catch (const Error& e) {
    throw Error(path, e.line() + front.first_line - 1, e.column(), e.message());
  }
  try {
    document = toml::parse(front.toml, path);
  } catch (const toml::parse_error& e) {
    int line = static_cast<int>(e.source().begin.line);
    throw Error(path, line == 0 ? 0 : line + front.first_line - 1, static_cast<int>(e.source().begin.column),
                "invalid TOML front matter: " + std::string(e.description()));
  }
  FrontMatterReader reader(path, front.first_line);
  const toml::table* section = reader.table(document, "advisory");
  if (section == nullptr) throw Error(path, front.first_line, 1, "missing [advisory] table");

  Advisory advisory;
  advisory.source = Source::RustSec;
  advisory.id = reader.string(*section, "id", true);
  if (!starts_with(advisory.id, "RUSTSEC-")) reader.fail(section->get("id"), "advisory id must start with RUSTSEC-");
  std::string package = reader.string(*section, "package", true);
  if (trim(package).empty()) reader.fail(section->get("package"), "'package' is empty");
  advisory.published = reader.string(*section, "date", true);
  advisory.modified = advisory.published;
  advisory.withdrawn = reader.string(*section, "withdrawn");
  advisory.aliases = reader.strings(*section, "aliases");
  advisory.related = reader.strings(*section, "related");
  advisory.categories = reader.strings(*section, "categories");
  advisory.keywords = reader.strings(*section, "keywords");
  advisory.informational = parse_informational(reader.string(*section, "informational"));
  for (const auto& category : advisory.categories)
    if (category == "malicious") advisory.malicious = true;
  std::string cvss = reader.string(*section, "cvss");
  if (!cvss.empty()) advisory.severity.push_back({starts_with(cvss, "CVSS:4.") ? "CVSS_V4" : "CVSS_V3", cvss});
  advisory.references.push_back({"ADVISORY", "https://rustsec.org/advisories/" + advisory.id + ".html"});
  std::string url = reader.string(*section, "url");
  if (!url.empty()) advisory.references.push_back({"REPORT", url});
  for (const auto& reference : reader.strings(*section, "references"))
    advisory.references.push_back({"WEB", reference});

  Affected affected;
  affected.ecosystem = Ecosystem::CratesIo;
  affected.name = normalize_name(Ecosystem::CratesIo, trim(package));
  affected.uses_requirements = true;
  const toml::table* versions = reader.table(document, "versions");
  if (versions == nullptr) throw Error(path, front.first_line, 1, "missing [versions] table");
  affected.patched = reader.strings(*versions, "patched");
  affected.unaffected = reader.strings(*versions, "unaffected");
  if (const toml::table* narrowing = reader.table(document, "affected")) {
    affected.os = reader.strings(*narrowing, "os");
    affected.arch = reader.strings(*narrowing, "arch");
    if (const toml::table* functions = reader.table(*narrowing, "functions"))
      for (const auto& [name, requirements] : *functions) {
        if (!requirements.is_array()) reader.fail(&requirements, "affected function requirements must be an array");
        affected.functions.emplace_back(name.str());
      }
  }
  advisory.affected.push_back(std::move(affected));
  read_body(front.body, advisory);
  return advisory;
}

}  // namespace tocsin::advisory
