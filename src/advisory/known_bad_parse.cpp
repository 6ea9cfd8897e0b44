// Known-bad lists: one `name@version` per line, optionally followed by `# reference`.
#include <cctype>

#include "advisory/parsers.h"
#include "core/error.h"
#include "core/text.h"

namespace tocsin::advisory {

namespace {

KnownBad parse_line(const std::string& path, std::string_view raw_line, int line_number, Ecosystem ecosystem) {
  std::string_view line = trim(raw_line);
  std::string_view reference;
  if (auto hash = line.find('#'); hash != std::string_view::npos) {
    reference = trim(line.substr(hash + 1));
    line = trim(line.substr(0, hash));
  }
  auto column = static_cast<int>(raw_line.find_first_not_of(" \t") + 1);
  for (char c : line)
    if (std::isspace(static_cast<unsigned char>(c)))
      throw Error(path, line_number, column, "expected one `name@version` per line, found '" + std::string(line) + "'");
  // The version separator is the last '@'; a leading '@' belongs to an npm scope.
  auto at = line.rfind('@');
  if (at == std::string_view::npos || at == 0)
    throw Error(path, line_number, column, "expected `name@version`, found '" + std::string(line) + "'");
  std::string_view name = line.substr(0, at);
  std::string_view version = line.substr(at + 1);
  if (version.empty()) throw Error(path, line_number, column + static_cast<int>(at) + 1, "missing version after '@'");
  if (name.front() == '@' && (name.find('/') == std::string_view::npos || name.back() == '/'))
    throw Error(path, line_number, column, "scoped name must look like @scope/name, found '" + std::string(name) + "'");
  KnownBad entry;
  entry.ecosystem = ecosystem;
  entry.name = normalize_name(ecosystem, name);
  entry.version = std::string(version);
  entry.reference = std::string(reference);
  entry.file = path;
  entry.line = line_number;
  return entry;
}

}  // namespace

std::vector<KnownBad> parse_known_bad(const std::string& path, std::string_view content, Ecosystem ecosystem,
                                      std::vector<Error>* errors) {
  std::vector<KnownBad> entries;
  int line_number = 0;
  for (std::string_view raw_line : split(content, '\n')) {
    ++line_number;
    std::string_view line = trim(raw_line);
    if (line.empty() || line.front() == '#') continue;
    try {
      entries.push_back(parse_line(path, raw_line, line_number, ecosystem));
    } catch (const Error& error) {
      if (errors == nullptr) throw;
      errors->push_back(error);
    }
  }
  return entries;
}

}  // namespace tocsin::advisory
