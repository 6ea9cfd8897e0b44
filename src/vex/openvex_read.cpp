// The lenient OpenVEX reader: every departure from the spec becomes a Diagnostic (see openvex.h).
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/error.h"
#include "core/json.h"
#include "core/text.h"
#include "core/time.h"
#include "vex/json_locate.h"
#include "vex/openvex.h"
#include "vex/purl.h"

namespace tocsin::vex {
namespace {

using json::element;
using json::element_type;

constexpr std::size_t kMaxExtraFields = 1000;  // per object, see unknown_fields()
constexpr std::array<std::string_view, 4> kStatusNames = {"not_affected", "affected", "fixed", "under_investigation"};
constexpr std::array<std::string_view, 5> kJustificationNames = {
    "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist"};

template <std::size_t N>
std::string one_of(const std::array<std::string_view, N>& names) {
  std::string out;
  for (auto name : names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

// The listed name closest to `text` when case or separators are the only difference.
template <std::size_t N>
std::string near_miss(const std::array<std::string_view, N>& names, std::string_view text) {
  std::string folded = to_lower(trim(text));
  std::replace(folded.begin(), folded.end(), '-', '_');
  std::replace(folded.begin(), folded.end(), ' ', '_');
  for (auto name : names)
    if (folded == name) return std::string(name);
  return {};
}

class Reader {
 public:
  Reader(const std::string& path, std::string_view content)
      : path_(path), content_(content), lines_(content), locator_(content) {}

  LoadedDocument read() {
    JsonDocument json(path_, content_);
    json::object root;
    if (json.root().get_object().get(root) != json::SUCCESS)
      throw Error(path_, 1, 1, "an OpenVEX document is a JSON object, found another JSON value");
    LoadedDocument loaded;
    loaded.path = path_;
    read_document(json.root(), loaded.document);
    loaded.diagnostics = std::move(diagnostics_);
    return loaded;
  }

 private:
  int line_of(const JsonPath& path) {
    std::size_t offset = locator_.find(path);
    return offset == std::string_view::npos ? 0 : lines_.line_of(offset);
  }

  // The key of the addressed member (or the array element's value); 0:0 when it is not in the text.
  Location location_of(const JsonPath& path) {
    std::size_t offset = locator_.find(path);
    if (offset == std::string_view::npos) return {path_, 0, 0, format_json_path(path)};
    return {path_, lines_.line_of(offset), lines_.column_of(offset), format_json_path(path)};
  }

  void report(Severity severity, const JsonPath& path, std::string message, std::string hint = {}) {
    Diagnostic diagnostic;
    diagnostic.severity = severity;
    diagnostic.location = location_of(path);
    diagnostic.message = std::move(message);
    diagnostic.hint = std::move(hint);
    diagnostics_.push_back(std::move(diagnostic));
  }

  // The string at `key`; reports a type error when present but not a string.
  std::string string_field(element object, const JsonPath& at, std::string_view key) {
    element value;
    if (object[key].get(value) != json::SUCCESS) return {};
    std::string_view text;
    if (value.get_string().get(text) != json::SUCCESS) {
      report(Severity::Error, at / std::string(key), fmt::format("'{}' must be a string", key));
      return {};
    }
    return std::string(text);
  }

  std::optional<std::int64_t> timestamp_field(element object, const JsonPath& at, std::string_view key,
                                              std::string& text) {
    text = string_field(object, at, key);
    if (text.empty()) return std::nullopt;
    auto parsed = parse_rfc3339(text);
    if (!parsed)
      report(Severity::Error, at / std::string(key), fmt::format("'{}' is not an RFC 3339 timestamp", text),
             "write it as 2024-01-31T12:00:00Z (date, 'T', time, and 'Z' or an offset such as +02:00)");
    return parsed;
  }

  KeyValues key_values(element object, const JsonPath& at, std::string_view key) {
    KeyValues out;
    element value;
    if (object[key].get(value) != json::SUCCESS) return out;
    json::object map;
    if (value.get_object().get(map) != json::SUCCESS) {
      report(Severity::Error, at / std::string(key), fmt::format("'{}' must be an object of strings", key),
             fmt::format("write \"{}\": {{\"purl\": \"pkg:cargo/name@1.0.0\"}}", key));
      return out;
    }
    for (auto field : map) {
      std::string_view text;
      if (field.value.get_string().get(text) != json::SUCCESS) {
        report(Severity::Error, at / std::string(key) / std::string(field.key), "must be a string");
        continue;
      }
      out.emplace_back(std::string(field.key), std::string(text));
    }
    return out;
  }

  void unknown_fields(element object, const JsonPath& at, std::initializer_list<std::string_view> known,
                      nlohmann::ordered_json* extra, std::string_view where) {
    json::object map;
    if (object.get_object().get(map) != json::SUCCESS) return;
    for (auto field : map) {
      if (std::find(known.begin(), known.end(), field.key) != known.end()) continue;
      std::string key(field.key);
      std::string suggestion =
          key == "next_review" || key.find("review") != std::string::npos
              ? "OpenVEX consumers ignore it; keep it for tocsin if you like, but also write the date into "
                "status_notes (\"next review 2026-09-01\") so every reader sees it"
              : "OpenVEX consumers ignore it; move the information into status_notes";
      report(Severity::Warning, at / key, fmt::format("'{}' is not an OpenVEX v0.2.0 field of {}", key, where),
             suggestion);
      // ordered_json finds a key by linear search, so keeping every one of 300k unknown fields
      // took minutes; real documents have a handful, and each is still reported above.
      if (extra && extra->size() < kMaxExtraFields)
        (*extra)[key] = nlohmann::ordered_json::parse(json::to_string(field.value), nullptr, false);
    }
  }

  Component read_component(element value, const JsonPath& at, bool is_product) {
    Component component;
    component.line = line_of(at);
    if (value.type() != element_type::OBJECT) {
      report(Severity::Error, at, is_product ? "a product must be an object" : "a subcomponent must be an object",
             "write {\"@id\": \"pkg:cargo/name@1.0.0\"}");
      return component;
    }
    component.id = string_field(value, at, "@id");
    component.identifiers = key_values(value, at, "identifiers");
    component.hashes = key_values(value, at, "hashes");
    if (component.id.empty() && component.identifiers.empty() && component.hashes.empty())
      report(Severity::Error, at, "a component needs an @id, identifiers or hashes to be matched",
             "write \"@id\": \"pkg:cargo/name@1.0.0\"");
    check_purl(component.id, at / std::string("@id"));
    for (const auto& [type, identifier] : component.identifiers)
      if (type == "purl") check_purl(identifier, at / std::string("identifiers") / std::string("purl"));
    return component;
  }

  void check_purl(const std::string& text, const JsonPath& at) {
    if (!starts_with(text, "pkg:")) return;
    try {
      Purl purl = parse_purl(text);
      auto ecosystem = ecosystem_of_purl_type(purl.type);
      if (ecosystem && is_version_prefix(*ecosystem, purl.version))
        report(Severity::Warning, at,
               fmt::format("purl version '{}' is a version prefix, not a version: the purl spec matches versions "
                           "exactly, so other tools match no package with it (tocsin reads it as {}.x)",
                           purl.version, purl.version),
               "write the exact version from the lockfile, or drop '@" + purl.version + "' to cover every version");
    } catch (const Error& e) {
      report(Severity::Error, at, e.message(), "write a purl such as pkg:cargo/name@1.0.0");
    }
  }

  Product read_product(element value, const JsonPath& at) {
    Product product;
    static_cast<Component&>(product) = read_component(value, at, true);
    if (value.type() != element_type::OBJECT) return product;
    element subcomponents;
    if (value["subcomponents"].get(subcomponents) == json::SUCCESS) {
      json::array list;
      if (subcomponents.get_array().get(list) != json::SUCCESS) {
        report(Severity::Error, at / std::string("subcomponents"), "'subcomponents' must be an array");
      } else {
        std::size_t index = 0;
        for (auto item : list) {
          const JsonPath item_path = at / std::string("subcomponents") / index++;
          product.subcomponents.push_back(read_component(item, item_path, false));
          unknown_fields(item, item_path, {"@id", "identifiers", "hashes"}, nullptr, "a subcomponent");
        }
      }
    }
    unknown_fields(value, at, {"@id", "identifiers", "hashes", "subcomponents"}, nullptr, "a product");
    return product;
  }

  void read_vulnerability(element statement, const JsonPath& at, Vulnerability& vulnerability) {
    const JsonPath vuln_path = at / std::string("vulnerability");
    element value;
    if (statement["vulnerability"].get(value) != json::SUCCESS) {
      report(Severity::Error, at, "a statement needs a 'vulnerability'",
             "write \"vulnerability\": {\"name\": \"CVE-2024-12345\"}");
      return;
    }
    std::string_view bare;
    if (value.get_string().get(bare) == json::SUCCESS) {
      vulnerability.name = std::string(bare);
      report(Severity::Error, vuln_path,
             "'vulnerability' is a string (the OpenVEX v0.0.1 form); v0.2.0 makes it an object",
             fmt::format("write \"vulnerability\": {{\"name\": \"{}\"}}", bare));
      return;
    }
    if (value.type() != element_type::OBJECT) {
      report(Severity::Error, vuln_path, "'vulnerability' must be an object",
             "write \"vulnerability\": {\"name\": \"CVE-2024-12345\"}");
      return;
    }
    vulnerability.id = string_field(value, vuln_path, "@id");
    vulnerability.name = string_field(value, vuln_path, "name");
    vulnerability.description = string_field(value, vuln_path, "description");
    if (vulnerability.name.empty())
      report(Severity::Error, vuln_path, "the vulnerability has no 'name', the one required field",
             "write \"name\": \"CVE-…\" / \"GHSA-…\" / \"RUSTSEC-…\"");
    element aliases;
    if (value["aliases"].get(aliases) == json::SUCCESS) {
      json::array list;
      if (aliases.get_array().get(list) != json::SUCCESS) {
        report(Severity::Error, vuln_path / std::string("aliases"), "'aliases' must be an array of strings");
      } else {
        std::size_t index = 0;
        for (auto alias : list) {
          std::string_view text;
          if (alias.get_string().get(text) == json::SUCCESS)
            vulnerability.aliases.emplace_back(text);
          else
            report(Severity::Error, vuln_path / std::string("aliases") / index, "an alias must be a string");
          ++index;
        }
      }
    }
    unknown_fields(value, vuln_path, {"@id", "name", "description", "aliases"}, nullptr, "a vulnerability");
  }

  void read_status(element value, const JsonPath& at, Statement& statement) {
    statement.status_text = string_field(value, at, "status");
    if (statement.status_text.empty()) {
      report(Severity::Error, at, "a statement needs a 'status'", "write \"status\": one of " + one_of(kStatusNames));
    } else if (!(statement.status = parse_status(statement.status_text))) {
      std::string near = near_miss(kStatusNames, statement.status_text);
      report(Severity::Error, at / std::string("status"),
             fmt::format("unknown status \"{}\" (expected one of {})", statement.status_text, one_of(kStatusNames)),
             near.empty() ? "" : "write \"" + near + "\"");
    }
    statement.justification_text = string_field(value, at, "justification");
    if (!statement.justification_text.empty() &&
        !(statement.justification = parse_justification(statement.justification_text))) {
      std::string near = near_miss(kJustificationNames, statement.justification_text);
      report(Severity::Error, at / std::string("justification"),
             fmt::format("unknown justification \"{}\" (expected one of {})", statement.justification_text,
                         one_of(kJustificationNames)),
             near.empty() ? "" : "write \"" + near + "\"");
    }
  }

  void validate_status_fields(const JsonPath& at, const Statement& statement) {
    if (!statement.status) return;
    const Status status = *statement.status;
    const std::string name(status_name(status));
    if (status == Status::NotAffected) {
      if (statement.justification_text.empty() && statement.impact_statement.empty())
        report(Severity::Error, at / std::string("status"),
               "a not_affected statement needs a justification or an impact_statement",
               "add \"justification\": one of " + one_of(kJustificationNames));
      else if (statement.justification_text.empty())
        report(Severity::Warning, at / std::string("impact_statement"),
               "not_affected with only an impact_statement: OpenVEX discourages it, since tools cannot read prose",
               "add a machine-readable \"justification\" label as well");
    }
    if (status == Status::Affected && statement.action_statement.empty())
      report(Severity::Error, at / std::string("status"), "an affected statement needs an action_statement",
             "add \"action_statement\": what users should do (upgrade to …, disable …)");
    if (status != Status::NotAffected && !statement.justification_text.empty()) {
      std::string suggestion =
          statement.justification
              ? fmt::format(
                    "if the product is not affected, write \"status\": \"not_affected\" (only that status "
                    "suppresses with a justification); if it is affected, remove the justification")
              : "remove the justification";
      report(Severity::Warning, at / std::string("justification"),
             fmt::format("a justification only belongs to not_affected statements, this one is {} (vexctl rejects "
                         "the document; as written the statement does not say the product is unaffected)",
                         name),
             suggestion);
    }
    if (status != Status::NotAffected && !statement.impact_statement.empty())
      report(Severity::Warning, at / std::string("impact_statement"),
             fmt::format("an impact_statement only belongs to not_affected statements, this one is {} (vexctl "
                         "rejects the document)",
                         name),
             status == Status::Affected ? "put the explanation into status_notes"
                                        : "put the explanation into status_notes, or change the status");
    if (status != Status::Affected && !statement.action_statement.empty())
      report(Severity::Warning, at / std::string("action_statement"),
             fmt::format("an action_statement only belongs to affected statements, this one is {} (vexctl rejects "
                         "the document)",
                         name),
             "put the plan into status_notes");
  }

  Statement read_statement(element value, const JsonPath& at, std::size_t index) {
    Statement statement;
    statement.index = index;
    const Location where = location_of(at);
    statement.line = where.line;
    statement.column = where.column;
    if (value.type() != element_type::OBJECT) {
      report(Severity::Error, at, "a statement must be an object");
      return statement;
    }
    statement.id = string_field(value, at, "@id");
    read_vulnerability(value, at, statement.vulnerability);
    element products;
    if (value["products"].get(products) != json::SUCCESS) {
      report(Severity::Error, at, "a statement needs 'products' (OpenVEX: a valid statement MUST identify a product)",
             "write \"products\": [{\"@id\": \"pkg:cargo/name@1.0.0\"}]");
    } else {
      json::array list;
      if (products.get_array().get(list) != json::SUCCESS) {
        report(Severity::Error, at / std::string("products"), "'products' must be an array");
      } else {
        std::size_t product_index = 0;
        for (auto item : list)
          statement.products.push_back(read_product(item, at / std::string("products") / product_index++));
        if (statement.products.empty())
          report(Severity::Error, at / std::string("products"), "'products' is empty: the statement covers nothing",
                 "list the product: [{\"@id\": \"pkg:cargo/name@1.0.0\"}]");
      }
    }
    read_status(value, at, statement);
    statement.impact_statement = string_field(value, at, "impact_statement");
    statement.action_statement = string_field(value, at, "action_statement");
    statement.status_notes = string_field(value, at, "status_notes");
    statement.supplier = string_field(value, at, "supplier");
    timestamp_field(value, at, "action_statement_timestamp", statement.action_statement_timestamp);
    statement.timestamp_unix = timestamp_field(value, at, "timestamp", statement.timestamp);
    timestamp_field(value, at, "last_updated", statement.last_updated);
    validate_status_fields(at, statement);
    unknown_fields(
        value, at,
        {"@id", "vulnerability", "products", "status", "justification", "impact_statement", "action_statement",
         "action_statement_timestamp", "status_notes", "supplier", "timestamp", "last_updated", "version"},
        &statement.extra, "a statement");
    // The spec's statement `version` is not modelled but must survive a rewrite.
    element version;
    if (value["version"].get(version) == json::SUCCESS)
      statement.extra["version"] = nlohmann::ordered_json::parse(json::to_string(version), nullptr, false);
    return statement;
  }

  void read_document(element root, Document& document) {
    const JsonPath at;
    document.context = string_field(root, at, "@context");
    if (document.context.empty())
      report(Severity::Error, at, "the document has no '@context'",
             "write \"@context\": \"https://openvex.dev/ns/v0.2.0\"");
    else if (!starts_with(document.context, "https://openvex.dev/ns"))
      report(Severity::Error, at / std::string("@context"),
             fmt::format("'@context' is \"{}\", not an OpenVEX context", document.context),
             "write \"@context\": \"https://openvex.dev/ns/v0.2.0\"");
    document.id = string_field(root, at, "@id");
    if (document.id.empty())
      report(Severity::Error, at, "the document has no '@id' (an IRI naming it)",
             "write \"@id\": \"https://openvex.dev/docs/public/vex-<sha256>\" (tocsin vex new derives one) or a URL "
             "you own");
    document.author = string_field(root, at, "author");
    if (document.author.empty())
      report(Severity::Error, at, "the document has no 'author'", "write \"author\": \"Name <email>\"");
    document.role = string_field(root, at, "role");
    document.timestamp_unix = timestamp_field(root, at, "timestamp", document.timestamp);
    if (document.timestamp.empty())
      report(Severity::Error, at, "the document has no 'timestamp'", "write \"timestamp\": \"2024-01-31T12:00:00Z\"");
    timestamp_field(root, at, "last_updated", document.last_updated);
    document.tooling = string_field(root, at, "tooling");
    document.supplier = string_field(root, at, "supplier");
    element version;
    if (root["version"].get(version) != json::SUCCESS) {
      report(Severity::Error, at, "the document has no 'version'", "write \"version\": 1");
    } else {
      std::int64_t number = 0;
      if (version.get_int64().get(number) != json::SUCCESS || number < 1) {
        report(Severity::Error, at / std::string("version"), "'version' must be an integer, 1 or more",
               "write \"version\": 1 and increment it on every change");
      } else {
        document.version = number;
      }
    }
    element statements;
    if (root["statements"].get(statements) != json::SUCCESS) {
      report(Severity::Error, at, "the document has no 'statements'", "write \"statements\": [ … ]");
    } else {
      json::array list;
      if (statements.get_array().get(list) != json::SUCCESS) {
        report(Severity::Error, at / std::string("statements"), "'statements' must be an array");
      } else {
        std::size_t index = 0;
        for (auto item : list) {
          document.statements.push_back(read_statement(item, at / std::string("statements") / index, index));
          ++index;
        }
      }
    }
    unknown_fields(root, at,
                   {"@context", "@id", "author", "role", "timestamp", "last_updated", "version", "tooling", "supplier",
                    "statements"},
                   &document.extra, "a document");
  }

  const std::string& path_;
  std::string_view content_;
  LineIndex lines_;
  JsonLocator locator_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace

std::string_view status_name(Status status) { return kStatusNames[static_cast<std::size_t>(status)]; }

std::optional<Status> parse_status(std::string_view text) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i)
    if (kStatusNames[i] == text) return static_cast<Status>(i);
  return std::nullopt;
}

std::string_view justification_name(Justification justification) {
  return kJustificationNames[static_cast<std::size_t>(justification)];
}

std::optional<Justification> parse_justification(std::string_view text) {
  for (std::size_t i = 0; i < kJustificationNames.size(); ++i)
    if (kJustificationNames[i] == text) return static_cast<Justification>(i);
  return std::nullopt;
}

bool status_suppresses(Status status) { return status == Status::NotAffected || status == Status::Fixed; }

bool LoadedDocument::has_errors() const { return tocsin::has_errors(diagnostics); }

LoadedDocument read_openvex(const std::string& path, std::string_view content) { return Reader(path, content).read(); }

LoadedDocument load_openvex_file(const std::string& path) { return read_openvex(path, read_file(path)); }

Document read_openvex_strict(const std::string& path, std::string_view content) {
  LoadedDocument loaded = read_openvex(path, content);
  for (const auto& diagnostic : loaded.diagnostics)
    if (diagnostic.severity == Severity::Error) throw error_from_diagnostic(diagnostic);
  return std::move(loaded.document);
}

std::optional<std::int64_t> effective_timestamp(const Statement& statement, const Document& document) {
  return statement.timestamp_unix ? statement.timestamp_unix : document.timestamp_unix;
}

}  // namespace tocsin::vex
