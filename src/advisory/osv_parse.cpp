// OSV JSON record -> Advisory (https://ossf.github.io/osv-schema/).
#include <optional>

#include "advisory/parsers.h"
#include "core/error.h"
#include "core/json.h"
#include "core/json_dom.h"
#include "core/text.h"

namespace tocsin::advisory {

namespace {

using json::element;

class OsvReader {
 public:
  explicit OsvReader(const std::string& path) : path_(path) {}

  [[noreturn]] void fail(const std::string& message) const { throw Error(path_, 0, 0, message); }

  std::string string_field(element object, std::string_view key, bool required = false) const {
    auto field = object[key];
    if (field.error() == json::NO_SUCH_FIELD) {
      if (required) fail("missing required field '" + std::string(key) + "'");
      return {};
    }
    if (field.is_null()) return {};
    std::string_view value;
    if (field.get_string().get(value) != json::SUCCESS) fail("field '" + std::string(key) + "' must be a string");
    return std::string(value);
  }

  // A missing or null field is an empty list (a default dom::array must never be iterated).
  std::vector<element> array_field(element object, std::string_view key) const {
    std::vector<element> out;
    auto field = object[key];
    if (field.error() == json::NO_SUCH_FIELD || field.is_null()) return out;
    json::array array;
    if (field.get_array().get(array) != json::SUCCESS) fail("field '" + std::string(key) + "' must be an array");
    for (auto item : array) out.push_back(item);
    return out;
  }

  bool has(element object, std::string_view key) const {
    auto field = object[key];
    return field.error() == json::SUCCESS && !field.is_null();
  }

  std::vector<std::string> strings(element object, std::string_view key) const {
    std::vector<std::string> out;
    if (!has(object, key)) return out;
    for (auto item : array_field(object, key)) {
      std::string_view value;
      if (item.get_string().get(value) != json::SUCCESS)
        fail("field '" + std::string(key) + "' must be an array of strings");
      out.emplace_back(value);
    }
    return out;
  }

  std::optional<element> object_field(element object, std::string_view key) const {
    element value;
    if (object[key].get(value) != json::SUCCESS || value.is_null()) return std::nullopt;
    if (!value.is_object()) fail("field '" + std::string(key) + "' must be an object");
    return value;
  }

  // database_specific / ecosystem_specific are free-form by the schema: odd shapes are ignored.
  static std::vector<std::string> lenient_strings(element object, std::string_view key) {
    return json_strings(object, key);
  }

  version::OsvRange range(element object) const {
    version::OsvRange range;
    std::string type = string_field(object, "type", true);
    if (type == "SEMVER")
      range.type = version::OsvRange::Type::Semver;
    else if (type == "ECOSYSTEM")
      range.type = version::OsvRange::Type::Ecosystem;
    else if (type == "GIT")
      range.type = version::OsvRange::Type::Git;
    else
      fail("unknown range type '" + type + "'");
    for (auto event_element : array_field(object, "events")) {
      json::object event_object;
      if (event_element.get_object().get(event_object) != json::SUCCESS) fail("range event must be an object");
      for (auto field : event_object) {
        version::OsvEvent event;
        std::string_view key = field.key;
        if (key == "introduced")
          event.kind = version::OsvEvent::Kind::Introduced;
        else if (key == "fixed")
          event.kind = version::OsvEvent::Kind::Fixed;
        else if (key == "last_affected")
          event.kind = version::OsvEvent::Kind::LastAffected;
        else if (key == "limit")
          event.kind = version::OsvEvent::Kind::Limit;
        else
          fail("unknown range event '" + std::string(key) + "'");
        std::string_view value;
        if (field.value.get_string().get(value) != json::SUCCESS)
          fail("range event '" + std::string(key) + "' must be a string");
        event.value = std::string(value);
        range.events.push_back(std::move(event));
      }
    }
    return range;
  }

  // RustSec's OSV export puts `informational` under database_specific and the function / OS /
  // architecture narrowing under ecosystem_specific.affects.
  void read_specific(element entry, Affected& affected, Advisory& advisory) const {
    element specific;
    if (entry["database_specific"].get(specific) == json::SUCCESS && specific.is_object()) {
      auto kind = parse_informational(json_string(specific, "informational"));
      if (kind != Informational::None) advisory.informational = kind;
      if (has(specific, "malicious-packages-origins")) advisory.malicious = true;
    }
    element affects;
    if (entry["ecosystem_specific"]["affects"].get(affects) != json::SUCCESS || !affects.is_object()) return;
    affected.functions = lenient_strings(affects, "functions");
    affected.os = lenient_strings(affects, "os");
    affected.arch = lenient_strings(affects, "arch");
  }

 private:
  const std::string& path_;
};

}  // namespace

Advisory parse_osv(const std::string& path, std::string_view content,
                   std::map<std::string, std::size_t>* skipped_ecosystems) {
  JsonDocument document(path, content);
  element root = document.root();
  OsvReader reader(path);
  if (!root.is_object()) reader.fail("an OSV record must be a JSON object");

  Advisory advisory;
  advisory.source = Source::Osv;
  advisory.id = reader.string_field(root, "id", true);
  if (trim(advisory.id).empty()) reader.fail("field 'id' is empty");
  advisory.aliases = reader.strings(root, "aliases");
  advisory.related = reader.strings(root, "related");
  advisory.summary = reader.string_field(root, "summary");
  advisory.details = reader.string_field(root, "details");
  advisory.published = reader.string_field(root, "published");
  advisory.modified = reader.string_field(root, "modified");
  advisory.withdrawn = reader.string_field(root, "withdrawn");
  advisory.malicious = starts_with(advisory.id, "MAL-");
  for (const auto& alias : advisory.aliases)
    if (starts_with(alias, "MAL-")) advisory.malicious = true;

  for (auto severity : reader.array_field(root, "severity"))
    advisory.severity.push_back(
        {reader.string_field(severity, "type", true), reader.string_field(severity, "score", true)});

  for (auto entry : reader.array_field(root, "affected")) {
    if (!entry.is_object()) reader.fail("each 'affected' entry must be an object");
    auto package_field = reader.object_field(entry, "package");
    if (!package_field) continue;  // OSV allows affected entries without a package (GIT-only)
    element package = *package_field;
    std::string ecosystem_text = reader.string_field(package, "ecosystem", true);
    std::optional<Ecosystem> ecosystem;
    for (Ecosystem candidate : {Ecosystem::CratesIo, Ecosystem::Npm, Ecosystem::PyPI, Ecosystem::GitHubActions})
      if (ecosystem_text == ecosystem_name(candidate)) ecosystem = candidate;
    if (!ecosystem) {
      if (skipped_ecosystems != nullptr) ++(*skipped_ecosystems)[ecosystem_text];
      continue;
    }
    Affected affected;
    affected.ecosystem = *ecosystem;
    affected.name = normalize_name(*ecosystem, reader.string_field(package, "name", true));
    for (auto range : reader.array_field(entry, "ranges")) affected.ranges.push_back(reader.range(range));
    affected.versions = reader.strings(entry, "versions");
    reader.read_specific(entry, affected, advisory);
    // OSV 1.5 allows per-package severity; keep it when the record has no top-level one.
    if (advisory.severity.empty())
      for (auto severity : reader.array_field(entry, "severity"))
        advisory.severity.push_back(
            {reader.string_field(severity, "type", true), reader.string_field(severity, "score", true)});
    advisory.affected.push_back(std::move(affected));
  }

  element database_specific;
  if (root["database_specific"].get(database_specific) == json::SUCCESS && database_specific.is_object()) {
    advisory.cwes = OsvReader::lenient_strings(database_specific, "cwe_ids");
    if (reader.has(database_specific, "malicious-packages-origins")) advisory.malicious = true;
    auto kind = parse_informational(json_string(database_specific, "informational"));
    if (kind != Informational::None) advisory.informational = kind;
    for (const auto& category : OsvReader::lenient_strings(database_specific, "categories")) {
      advisory.categories.push_back(category);
      if (category == "malicious") advisory.malicious = true;
    }
  }

  for (auto reference : reader.array_field(root, "references"))
    advisory.references.push_back({reader.string_field(reference, "type"), reader.string_field(reference, "url")});
  return advisory;
}

}  // namespace tocsin::advisory
