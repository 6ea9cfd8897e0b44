// OpenVEX documents (https://github.com/openvex/spec, OPENVEX-SPEC.md v0.2.0): the model, a
// reader that keeps going on documents that bend the spec, and a deterministic writer.
//
// Reading is lenient by design: VEX files found in the wild break the spec in small ways
// (`affected` with a justification, extra fields such as `next_review`, purl versions that are
// prefixes). read_openvex() only throws for input that is not a JSON object at all; everything
// else becomes a Diagnostic (core/diagnostic.h) with the file, the JSON path
// (`$.statements[2].justification`), the line and column in the raw text, how the document breaks
// the spec and what to write instead.
//   Severity::Error   — a MUST of the spec is broken (unknown status or justification, not_affected
//                       without justification or impact_statement, affected without
//                       action_statement, missing vulnerability name, bad timestamp, …). The
//                       statement is kept, with status/justification unset when unknown.
//   Severity::Warning — valid per the spec's MUSTs but rejected by the reference implementation
//                       (go-vex / vexctl: justification or impact_statement on a status other than
//                       not_affected, action_statement on a status other than affected), or fields
//                       the spec does not define, or purls other tools will not match.
// read_openvex_strict() turns the first Error diagnostic into a thrown tocsin::Error
// ("path:line:col: $.statements[2].justification: unknown justification …").
//
// Writing (write_openvex) uses a fixed key order and 2-space indentation, so the same document
// always produces the same bytes; fields the spec does not define are written back after the
// known ones. canonical_hash() is go-vex's VEX.CanonicalHash() and canonical_id() its
// GenerateCanonicalID() form, https://openvex.dev/docs/public/vex-<sha256>.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/diagnostic.h"
#include "core/hash.h"

namespace tocsin::vex {

enum class Status { NotAffected, Affected, Fixed, UnderInvestigation };
enum class Justification {
  ComponentNotPresent,
  VulnerableCodeNotPresent,
  VulnerableCodeNotInExecutePath,
  VulnerableCodeCannotBeControlledByAdversary,
  InlineMitigationsAlreadyExist,
};

std::string_view status_name(Status status);                // "not_affected", …
std::optional<Status> parse_status(std::string_view text);  // exact spelling only
std::string_view justification_name(Justification justification);
std::optional<Justification> parse_justification(std::string_view text);
// `not_affected` and `fixed` suppress a finding; `affected` and `under_investigation` never do.
bool status_suppresses(Status status);

using KeyValues = std::vector<std::pair<std::string, std::string>>;  // JSON object order kept

struct Component {
  std::string id;         // "@id": an IRI, usually a purl
  KeyValues identifiers;  // "purl", "cpe22", "cpe23" -> identifier
  KeyValues hashes;       // algorithm -> hash
  int line = 0;
};

struct Product : Component {
  std::vector<Component> subcomponents;
};

struct Vulnerability {
  std::string id;  // "@id"
  std::string name;
  std::string description;
  std::vector<std::string> aliases;
};

struct Statement {
  std::string id;  // "@id"
  Vulnerability vulnerability;
  std::vector<Product> products;
  std::optional<Status> status;                // unset when missing or unknown
  std::string status_text;                     // as written
  std::optional<Justification> justification;  // unset when absent or unknown
  std::string justification_text;              // as written ("" when absent)
  std::string impact_statement;
  std::string action_statement;
  std::string action_statement_timestamp;
  std::string status_notes;
  std::string supplier;
  std::string timestamp;     // as written; "" = inherited from the document
  std::string last_updated;  // as written
  std::optional<std::int64_t> timestamp_unix;
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();  // fields the spec does not define
  int line = 0;                                                     // line of the statement's opening brace
  int column = 0;                                                   // its column
  std::size_t index = 0;                                            // position in the document's statements
};

struct Document {
  std::string context = "https://openvex.dev/ns/v0.2.0";
  std::string id;
  std::string author;
  std::string role;
  std::string timestamp;
  std::string last_updated;
  std::optional<std::int64_t> timestamp_unix;
  long long version = 1;
  std::string tooling;
  std::string supplier;
  std::vector<Statement> statements;
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();
};

// The reader's diagnostics are core/diagnostic.h's: location.field_path is the JSON path
// ("$.statements[0].justification"), line and column those of its key in the raw text, hint what to
// write instead.
using tocsin::Diagnostic;
using tocsin::Severity;

struct LoadedDocument {
  std::string path;
  Document document;
  std::vector<Diagnostic> diagnostics;
  bool has_errors() const;
};

// Lenient reader (see above). Throws Error on invalid JSON or a root that is not an object.
LoadedDocument read_openvex(const std::string& path, std::string_view content);
LoadedDocument load_openvex_file(const std::string& path);
// Throws Error for the first Error-severity diagnostic.
Document read_openvex_strict(const std::string& path, std::string_view content);

// The statement's own timestamp, else the document's (OpenVEX inheritance); nullopt if neither.
std::optional<std::int64_t> effective_timestamp(const Statement& statement, const Document& document);

nlohmann::ordered_json to_json(const Document& document);
// to_json() dumped with 2-space indentation and a final newline.
std::string write_openvex(const Document& document);

// go-vex CanonicalHash(): sha256 over timestamps, version, author, and the statements' impact data.
// Throws Error when the document has no valid timestamp.
std::string canonical_hash(const Document& document);
std::string canonical_id(const Document& document);

}  // namespace tocsin::vex
