#include "lockfile/python_names.h"

#include <cctype>

#include "core/error.h"
#include "core/text.h"
#include "core/toml.h"

namespace tocsin::lockfile {
namespace {

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::size_t skip_spaces(std::string_view text, std::size_t at) {
  while (at < text.size() && is_space(text[at])) ++at;
  return at;
}

// "~=", "==", "!=", "<=", ">=", "<", ">", "===": the length of the operator at the start, or 0.
std::size_t operator_length(std::string_view clause) {
  if (starts_with(clause, "===")) return 3;
  for (std::string_view op : {"~=", "==", "!=", "<=", ">="})
    if (starts_with(clause, op)) return 2;
  if (starts_with(clause, "<") || starts_with(clause, ">")) return 1;
  return 0;
}

// Validates and compacts a version specifier list, e.g. "( >= 1.0 , < 2 )" -> ">=1.0,<2".
bool compact_specifier(std::string_view text, std::string& out) {
  text = trim(text);
  if (starts_with(text, "(")) {
    if (!ends_with(text, ")")) return false;
    text = trim(text.substr(1, text.size() - 2));
  }
  out.clear();
  for (std::string_view clause : split(text, ',')) {
    clause = trim(clause);
    std::size_t op = operator_length(clause);
    if (op == 0) return false;
    std::string_view version = trim(clause.substr(op));
    if (version.empty()) return false;
    for (char c : version)
      if (is_space(c) || c == '(' || c == ')' || c == ';') return false;
    if (!out.empty()) out += ',';
    out.append(clause.substr(0, op));
    out.append(version);
  }
  return true;
}

Pep508 failure(Pep508 result, std::size_t offset, std::string message) {
  result.error = std::move(message);
  result.error_offset = offset;
  return result;
}

}  // namespace

std::string normalize_python_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (out.empty() || out.back() != '-') out += '-';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

bool is_valid_python_name(std::string_view name) {
  if (name.empty()) return false;
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  for (char c : name)
    if (!is_name_char(c)) return false;
  return true;
}

Pep508 parse_pep508(std::string_view text) {
  Pep508 result;
  std::size_t at = skip_spaces(text, 0);
  std::size_t name_start = at;
  while (at < text.size() && is_name_char(text[at])) ++at;
  std::string_view name = text.substr(name_start, at - name_start);
  if (!is_valid_python_name(name))
    return failure(std::move(result), name_start, "expected a package name (letters, digits, '-', '_', '.')");
  result.name = std::string(name);

  at = skip_spaces(text, at);
  if (at < text.size() && text[at] == '[') {
    std::size_t close = text.find(']', at);
    if (close == std::string_view::npos) return failure(std::move(result), at, "unclosed '[' in extras");
    for (std::string_view extra : split(text.substr(at + 1, close - at - 1), ',')) {
      extra = trim(extra);
      if (extra.empty()) continue;
      if (!is_valid_python_name(extra)) return failure(std::move(result), at + 1, "invalid extra name");
      result.extras.emplace_back(extra);
    }
    at = skip_spaces(text, close + 1);
  }

  std::size_t marker_at = std::string_view::npos;
  if (at < text.size() && text[at] == '@') {
    at = skip_spaces(text, at + 1);
    // PEP 508: a marker after a URL must be preceded by whitespace, since ';' may occur in URLs.
    std::size_t end = at;
    while (end < text.size() && !(text[end] == ';' && end > at && is_space(text[end - 1]))) ++end;
    result.url = std::string(trim(text.substr(at, end - at)));
    if (result.url.empty()) return failure(std::move(result), at, "expected a URL after '@'");
    if (end < text.size()) marker_at = end;
  } else {
    std::size_t end = text.find(';', at);
    std::string_view spec = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    if (!trim(spec).empty() && !compact_specifier(spec, result.specifier))
      return failure(std::move(result), at, "expected a version specifier such as '==1.0' or '>=1,<2'");
    marker_at = end;
  }
  if (marker_at != std::string_view::npos) {
    result.marker = std::string(trim(text.substr(marker_at + 1)));
    if (result.marker.empty()) return failure(std::move(result), marker_at, "expected an environment marker after ';'");
  }
  return result;
}

std::string pinned_version(std::string_view specifier) {
  for (std::string_view clause : split(specifier, ',')) {
    clause = trim(clause);
    if (starts_with(clause, "===")) return std::string(trim(clause.substr(3)));
    if (starts_with(clause, "==")) {
      std::string_view version = trim(clause.substr(2));
      if (version.find('*') == std::string_view::npos) return std::string(version);
    }
  }
  return {};
}

toml::table parse_python_toml(const std::string& path, std::string_view content) {
  if (int line = find_conflict_marker(content); line != 0)
    throw Error(path, line, 1, "git merge-conflict marker; resolve the conflict and regenerate the file");
  return parse_toml(path, content);
}

int toml_line(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

Package python_package_from_table(const std::string& path, const toml::table& table) {
  Package package;
  package.ecosystem = Ecosystem::PyPI;
  package.line = toml_line(table);
  auto name = table["name"].value<std::string>();
  if (!name || !is_valid_python_name(*name))
    throw Error(path, package.line, 1, "expected a valid name = \"…\" in [[package]]");
  package.name = normalize_python_name(*name);
  return package;
}
int toml_column(const toml::node& node) { return static_cast<int>(node.source().begin.column); }

}  // namespace tocsin::lockfile
