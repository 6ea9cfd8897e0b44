// tocsin::Diagnostic — the one shape of a non-fatal finding about an input file.
//
// tocsin::Error (core/error.h) stops a command; a Diagnostic is what a reader or checker reports
// and keeps going: the OpenVEX reader, `vex check`, `securitytxt check`, the advisory import
// reports. Every one says where (path, line, column), how bad (error / warning / note), what is
// wrong (message) and what to do instead (hint), like rustc and cargo-deny do:
//
//   vex/openssl.json:12:7: error: $.statements[0].status: unknown status "not-affected" (write "not_affected")
//
// Lines and columns are 1-based; 0 means "not known" (a whole-file problem, a missing field).
// Columns count bytes from the start of the line, as tocsin::Error's do.
//
// Printing: format_diagnostic() is the one terminal form and to_json() the one JSON form; the
// CLI prints every Diagnostic through them. Both escape nothing from the input raw to a terminal.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace tocsin {

// Error: the input breaks a rule (the check fails). Warning: valid but not as recommended, or
// something was skipped. Note: information (a check that could not run, a field noticed).
enum class Severity { Error, Warning, Note };
std::string_view severity_name(Severity severity);  // "error", "warning", "note"

struct Location {
  std::string path;  // as the caller names the file ("" when the diagnostic has no file)
  int line = 0;
  int column = 0;
  // Where inside a structured document, when the format has paths: "$.statements[2].status".
  std::string field_path;

  bool known() const { return !path.empty() || line > 0 || !field_path.empty(); }
};

struct Diagnostic {
  Severity severity = Severity::Error;
  Location location;
  std::string message;  // what is wrong, quoting what was found
  std::string hint;     // what was expected or how to fix it; "" when there is nothing to add
  std::string code;     // a stable kind for machines and filters ("ignore-without-vex"); may be ""
  Location related;     // a second place the message speaks of (the VEX statement an ignore contradicts)
};

// "path:line:col" with the unknown parts left out ("path", "path:12"); "" when the path is unknown.
std::string format_location(const Location& location);

// One line for a terminal or a CI log, every part passed through escape_terminal and the severity
// coloured on a colour terminal (core/terminal.h):
//   path:line:col: severity: [code] field_path: message (hint); see related-path:line:col
// Parts that are empty are left out, with their separators.
std::string format_diagnostic(const Diagnostic& diagnostic);

// {"severity", "code", "path", "line", "column", "field_path", "message", "hint", "related"}:
// severity, path, line, column, message and hint always; code, field_path and related only when set.
nlohmann::ordered_json to_json(const Diagnostic& diagnostic);

// An Error turned into a diagnostic at its own path, line and column.
Diagnostic diagnostic_from_error(const Error& error, Severity severity, std::string hint = {});
// The diagnostic as an Error to throw ("field_path: message; hint" at its location).
Error error_from_diagnostic(const Diagnostic& diagnostic);

bool has_errors(const std::vector<Diagnostic>& diagnostics);
std::size_t count_severity(const std::vector<Diagnostic>& diagnostics, Severity severity);

}  // namespace tocsin
