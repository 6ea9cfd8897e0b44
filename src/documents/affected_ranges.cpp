#include "documents/affected_ranges.h"

#include <cctype>

#include "core/error.h"
#include "core/text.h"

namespace tocsin::documents {
namespace {

std::string quoted(std::string_view text) { return "'" + escape_terminal(truncate_text(text, 80)) + "'"; }

}  // namespace

bool is_version_token(std::string_view text) {
  // Versions start with a digit (PEP 440 epochs too), or a 'v' before one: "all" is not one.
  const std::string_view digits = text.size() > 1 && (text[0] == 'v' || text[0] == 'V') ? text.substr(1) : text;
  if (digits.empty() || !std::isdigit(static_cast<unsigned char>(digits.front()))) return false;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || !(std::isalnum(byte) || c == '.' || c == '+' || c == '!' || c == '_' || c == '-')) return false;
  }
  return true;
}

std::vector<AffectedRange> parse_affected_ranges(std::string_view text) {
  if (trim(text).empty()) throw Error("affected: empty range (expected e.g. \">= 0.3.0, < 0.3.5\")");
  std::vector<AffectedRange> ranges;
  for (std::string_view part : split(text, "||")) {
    AffectedRange range;
    bool lower = false, upper = false;
    if (trim(part).empty()) throw Error("affected: empty range between '||' in " + quoted(text));
    for (std::string_view raw : split(part, ',')) {
      std::string_view bound = trim(raw);
      std::string op;
      for (std::string_view candidate : {">=", "<=", "==", ">", "<", "=", "^", "~", "!="})
        if (starts_with(bound, candidate)) {
          op = std::string(candidate);
          break;
        }
      const std::string version(trim(bound.substr(op.size())));
      if (op == ">")
        throw Error("affected: " + quoted(bound) +
                    " cannot be stated exactly in an OSV or CVE record (a range starts at its first affected "
                    "version): write \">= <first affected version>\"");
      if (op == "^" || op == "~" || op == "!=" || !is_version_token(version))
        throw Error("affected: " + quoted(bound) + " in " + quoted(text) +
                    " is not a bound (expected \">= V\", \"< V\", \"<= V\" or \"= V\", several joined by \",\", "
                    "ranges by \"||\")");
      const bool is_lower = op == ">=";
      const bool is_upper = op == "<" || op == "<=";
      const bool is_exact = op.empty() || op == "=" || op == "==";
      if ((is_lower && (lower || range.exact)) || (is_upper && (upper || range.exact)) ||
          (is_exact && (lower || upper || range.exact)))
        throw Error("affected: " + quoted(part) +
                    " has more than one lower or upper bound (one range is \">= A, < B\"; join ranges with \"||\")");
      if (is_lower) {
        range.introduced = version;
        lower = true;
      } else if (op == "<") {
        range.fixed = version;
        upper = true;
      } else if (op == "<=") {
        range.last_affected = version;
        upper = true;
      } else {
        range.introduced = range.last_affected = version;
        range.exact = true;
      }
    }
    ranges.push_back(std::move(range));
  }
  return ranges;
}

std::vector<std::string> parse_patched_versions(std::string_view text) {
  std::vector<std::string> versions;
  for (std::string_view raw : split(text, ',')) {
    const std::string version(trim(raw));
    if (!is_version_token(version))
      throw Error("patched: " + quoted(version) +
                  " is not a version (record the first fixed version itself, e.g. 0.4.3; several lines: "
                  "\"0.3.5, 0.4.3\"; the affected range goes to `incident set ID affected`)");
    versions.push_back(version);
  }
  return versions;
}

}  // namespace tocsin::documents
