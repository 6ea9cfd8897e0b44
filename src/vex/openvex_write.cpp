// Deterministic OpenVEX output and go-vex's canonical hash.
#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "core/hash.h"
#include "vex/openvex.h"

namespace tocsin::vex {
namespace {

using ordered_json = nlohmann::ordered_json;

void put_if(ordered_json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

ordered_json key_values_json(const KeyValues& values) {
  ordered_json object = ordered_json::object();
  for (const auto& [key, value] : values) object[key] = value;
  return object;
}

ordered_json component_json(const Component& component) {
  ordered_json object = ordered_json::object();
  put_if(object, "@id", component.id);
  if (!component.identifiers.empty()) object["identifiers"] = key_values_json(component.identifiers);
  if (!component.hashes.empty()) object["hashes"] = key_values_json(component.hashes);
  return object;
}

ordered_json statement_json(const Statement& statement) {
  ordered_json object = ordered_json::object();
  put_if(object, "@id", statement.id);
  ordered_json vulnerability = ordered_json::object();
  put_if(vulnerability, "@id", statement.vulnerability.id);
  vulnerability["name"] = statement.vulnerability.name;
  put_if(vulnerability, "description", statement.vulnerability.description);
  if (!statement.vulnerability.aliases.empty()) vulnerability["aliases"] = statement.vulnerability.aliases;
  object["vulnerability"] = vulnerability;
  put_if(object, "timestamp", statement.timestamp);
  put_if(object, "last_updated", statement.last_updated);
  ordered_json products = ordered_json::array();
  for (const auto& product : statement.products) {
    ordered_json entry = component_json(product);
    if (!product.subcomponents.empty()) {
      ordered_json subcomponents = ordered_json::array();
      for (const auto& sub : product.subcomponents) subcomponents.push_back(component_json(sub));
      entry["subcomponents"] = subcomponents;
    }
    products.push_back(entry);
  }
  object["products"] = products;
  object["status"] = statement.status ? std::string(status_name(*statement.status)) : statement.status_text;
  put_if(object, "supplier", statement.supplier);
  put_if(object, "status_notes", statement.status_notes);
  put_if(object, "justification",
         statement.justification ? std::string(justification_name(*statement.justification))
                                 : statement.justification_text);
  put_if(object, "impact_statement", statement.impact_statement);
  put_if(object, "action_statement", statement.action_statement);
  put_if(object, "action_statement_timestamp", statement.action_statement_timestamp);
  for (const auto& [key, value] : statement.extra.items()) object[key] = value;
  return object;
}

std::string component_canonical(const Component& component) {
  std::string out = ":" + component.id;
  // go-vex iterates Go maps here (random order); sorting keeps the hash reproducible and equal to
  // go-vex's whenever a component has at most one hash and one identifier.
  KeyValues hashes = component.hashes, identifiers = component.identifiers;
  std::sort(hashes.begin(), hashes.end());
  std::sort(identifiers.begin(), identifiers.end());
  for (const auto& [algorithm, value] : hashes) out += ":" + algorithm + "@" + value;
  for (const auto& [type, value] : identifiers) out += ":" + type + "@" + value;
  return out;
}

}  // namespace

ordered_json to_json(const Document& document) {
  ordered_json object = ordered_json::object();
  object["@context"] = document.context;
  object["@id"] = document.id;
  object["author"] = document.author;
  put_if(object, "role", document.role);
  object["timestamp"] = document.timestamp;
  put_if(object, "last_updated", document.last_updated);
  object["version"] = document.version;
  put_if(object, "tooling", document.tooling);
  put_if(object, "supplier", document.supplier);
  for (const auto& [key, value] : document.extra.items()) object[key] = value;
  ordered_json statements = ordered_json::array();
  for (const auto& statement : document.statements) statements.push_back(statement_json(statement));
  object["statements"] = statements;
  return object;
}

std::string write_openvex(const Document& document) { return to_json(document).dump(2) + "\n"; }

std::string canonical_hash(const Document& document) {
  if (!document.timestamp_unix) throw Error("the document needs a valid timestamp to compute its canonical hash");
  const std::int64_t document_time = *document.timestamp_unix;
  std::string text = fmt::format("{}:{}:{}", document_time, document.version, document.author);

  // go-vex SortStatements: by vulnerability name, then by (inherited) timestamp, stable.
  std::vector<const Statement*> statements;
  for (const auto& statement : document.statements) statements.push_back(&statement);
  std::stable_sort(statements.begin(), statements.end(), [&](const Statement* a, const Statement* b) {
    if (a->vulnerability.name != b->vulnerability.name) return a->vulnerability.name < b->vulnerability.name;
    return a->timestamp_unix.value_or(document_time) < b->timestamp_unix.value_or(document_time);
  });
  for (const Statement* statement : statements) {
    std::vector<std::string> aliases = statement->vulnerability.aliases;
    std::sort(aliases.begin(), aliases.end());
    std::string joined;
    for (std::size_t i = 0; i < aliases.size(); ++i) joined += (i ? ":" : "") + aliases[i];
    text += ":" + statement->vulnerability.id + ":" + statement->vulnerability.name + ":" + joined;
    text += ":" + (statement->status ? std::string(status_name(*statement->status)) : statement->status_text) + ":" +
            (statement->justification ? std::string(justification_name(*statement->justification))
                                      : statement->justification_text);
    text += fmt::format(":{}", statement->timestamp_unix.value_or(document_time));
    std::vector<std::string> products;
    for (const auto& product : statement->products) {
      std::string entry = component_canonical(product);
      for (const auto& sub : product.subcomponents) entry += component_canonical(sub);
      products.push_back(entry);
    }
    std::sort(products.begin(), products.end());
    for (std::size_t i = 0; i < products.size(); ++i) text += (i ? ":" : "") + products[i];
  }
  return sha256_hex(text);
}

std::string canonical_id(const Document& document) {
  return "https://openvex.dev/docs/public/vex-" + canonical_hash(document);
}

}  // namespace tocsin::vex
