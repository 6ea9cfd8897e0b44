#include "core/diagnostic.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/terminal.h"
#include "core/text.h"

namespace tocsin {
namespace {

Color color_of(Severity severity) {
  switch (severity) {
    case Severity::Error: return Color::Red;
    case Severity::Warning: return Color::Yellow;
    case Severity::Note: return Color::Dim;
  }
  return Color::Bold;
}

}  // namespace

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

std::string format_location(const Location& location) {
  std::string out = location.path;
  if (location.line <= 0) return out;
  if (out.empty()) {  // text checked without a file name (a security.txt from stdin, a test)
    out = "line " + std::to_string(location.line);
    if (location.column > 0) out += ", column " + std::to_string(location.column);
    return out;
  }
  out += ':' + std::to_string(location.line);
  if (location.column > 0) out += ':' + std::to_string(location.column);
  return out;
}

std::string format_diagnostic(const Diagnostic& diagnostic) {
  std::string out;
  const std::string where = format_location(diagnostic.location);
  if (!where.empty()) out += escape_terminal(where) + ": ";
  out += paint(severity_name(diagnostic.severity), color_of(diagnostic.severity)) + ": ";
  if (!diagnostic.code.empty()) out += "[" + escape_terminal(diagnostic.code) + "] ";
  if (!diagnostic.location.field_path.empty()) out += escape_terminal(diagnostic.location.field_path) + ": ";
  out += escape_terminal(diagnostic.message);
  if (!diagnostic.hint.empty()) out += " (" + escape_terminal(diagnostic.hint) + ")";
  const std::string related = format_location(diagnostic.related);
  if (!related.empty()) out += "; see " + escape_terminal(related);
  return out;
}

nlohmann::ordered_json to_json(const Diagnostic& diagnostic) {
  nlohmann::ordered_json out;
  out["severity"] = severity_name(diagnostic.severity);
  if (!diagnostic.code.empty()) out["code"] = diagnostic.code;
  out["path"] = diagnostic.location.path;
  out["line"] = diagnostic.location.line;
  out["column"] = diagnostic.location.column;
  if (!diagnostic.location.field_path.empty()) out["field_path"] = diagnostic.location.field_path;
  out["message"] = diagnostic.message;
  out["hint"] = diagnostic.hint;
  if (diagnostic.related.known())
    out["related"] = {
        {"path", diagnostic.related.path}, {"line", diagnostic.related.line}, {"column", diagnostic.related.column}};
  return out;
}

Diagnostic diagnostic_from_error(const Error& error, Severity severity, std::string hint) {
  Diagnostic diagnostic;
  diagnostic.severity = severity;
  diagnostic.location = {error.path(), error.line(), error.column(), ""};
  diagnostic.message = error.message();
  diagnostic.hint = std::move(hint);
  return diagnostic;
}

Error error_from_diagnostic(const Diagnostic& diagnostic) {
  std::string message = diagnostic.message;
  if (!diagnostic.location.field_path.empty()) message = diagnostic.location.field_path + ": " + message;
  if (!diagnostic.hint.empty()) message += "; " + diagnostic.hint;
  return Error(diagnostic.location.path, diagnostic.location.line, diagnostic.location.column, message);
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) { return count_severity(diagnostics, Severity::Error) > 0; }

std::size_t count_severity(const std::vector<Diagnostic>& diagnostics, Severity severity) {
  return static_cast<std::size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                                [&](const Diagnostic& d) { return d.severity == severity; }));
}

}  // namespace tocsin
