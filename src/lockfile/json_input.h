// Preparing the text of a JSON lockfile (package-lock.json, Pipfile.lock) so that the JSON DOM reads
// exactly what the package manager's own parser reads, with positions intact.
//
// Duplicate keys: JSON.parse (npm) and Python's json (pipenv) keep the *last* value of a key
// that repeats in one object, while a DOM lookup (`object[key]` of core/json_dom.h) finds the first.
// An attacker can therefore write `"version": "1.0.8", "version": "1.0.7"` so that a scanner
// sees 1.0.8 and npm installs 1.0.7. prepare_json() blanks every earlier member of a repeated
// key (its key, value and comma become spaces; line breaks stay), so the document has one member
// per key, the one the package manager keeps, at its own line and column. Keys are compared
// after decoding escapes ("versio\u006e" is "version"), as JSON.parse does. Each repeat is a
// "duplicate-key" warning at the repeated key: no tool writes a lockfile with duplicate keys.
//
// It also bounds nesting before any parser allocates (20 MB of '[' made the nlohmann re-parse
// that locates errors grow to 1.6 GB) and reports the depth error at its line and column, and
// it accepts a UTF-8 byte order mark where the package manager strips one (npm's
// json-parse-even-better-errors does; its three bytes become spaces).
//
// Malformed JSON is left as it is (the DOM parser then reports it, with a position): this pass only
// ever removes members that JSON.parse would overwrite.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lockfile/lockfile.h"

namespace tocsin::lockfile {

// The string a JSON string literal's body (between the quotes) denotes: every escape decoded,
// surrogate pairs joined; a lone surrogate keeps its escape text.
std::string decode_json_string(std::string_view raw);

// Deeper than any lockfile (package-lock v1 nests dependencies once per node_modules level,
// rarely past 20), far below what would exhaust memory or the DOM parser's own (1024).
inline constexpr int kMaxJsonDepth = 512;

struct PreparedJson {
  std::string text;                  // same length and line structure as the input
  std::vector<Diagnostic> warnings;  // lockfile.h's warnings
};

// `tool` names the package manager in the duplicate-key warning ("npm", "pipenv").
// Throws Error(path, line, column, …) when nesting exceeds kMaxJsonDepth, or on a byte order
// mark when `strip_bom` is false.
PreparedJson prepare_json(const std::string& path, std::string_view content, std::string_view tool, bool strip_bom);

}  // namespace tocsin::lockfile
