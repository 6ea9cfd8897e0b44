// Helpers shared by the Python readers (requirements.txt, poetry.lock, uv.lock, Pipfile.lock)
// and the pyproject.toml manifest reader.
//
// Names: every Python reader stores the PEP 503 normalized name in Package::name /
// Dependency::name ("Foo_Bar.baz" -> "foo-bar-baz"), because PyPI treats those spellings as one
// project and OSV advisories use the normalized form. The spelling as written is not kept by
// the lockfile readers (it has no meaning to pip); the manifest keeps it in Dependency::key.
//
// PEP 508: parse_pep508 splits a dependency specifier ("name[extra] >=1,<2 ; marker" or
// "name @ url ; marker") into its parts. It does not evaluate markers or validate versions:
// tocsin records what is declared, the version module compares.
//
// TOML: the Python lockfiles and pyproject.toml are TOML; parse_python_toml turns toml++'s
// parse_error into tocsin::Error with the line and column toml++ reports.
#pragma once

#include <toml++/toml.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "lockfile/lockfile.h"

namespace tocsin::lockfile {

// PEP 503: lowercase, every run of '-', '_', '.' becomes one '-'.
std::string normalize_python_name(std::string_view name);

// PEP 508 project name: ASCII letters/digits, with '-', '_', '.' inside.
bool is_valid_python_name(std::string_view name);

struct Pep508 {
  std::string name;  // as written (not normalized)
  std::vector<std::string> extras;
  std::string specifier;  // ">=1,<2" with spaces and parentheses removed; empty when none
  std::string url;        // the URL of "name @ url"; empty otherwise
  std::string marker;     // text after ';', trimmed; empty when none
  // On failure: a non-empty message, and the 0-based offset in the input where it was found.
  std::string error;
  std::size_t error_offset = 0;
};

// Parses one PEP 508 dependency specifier. Never throws: check `error`.
Pep508 parse_pep508(std::string_view text);

// The exact version a specifier pins: "1.2.3" for "==1.2.3" or "===1.2.3" (possibly among
// other clauses, e.g. "==1.2.3,!=1.2.4"); empty when nothing pins one version ("==1.*", ">=1").
std::string pinned_version(std::string_view specifier);

// The files a requirements.txt includes with "-r FILE" / "--requirement FILE", resolved
// relative to `path`'s directory, in order of appearance ("-c" constraints files install
// nothing and are not listed). The reader does not follow them (a reader reads one file); a
// caller that does must guard against include cycles, e.g. with a set of visited paths.
std::vector<std::string> requirements_txt_includes(const std::string& path, std::string_view content);

// Every -r/--requirement and -c/--constraint line of a requirements file, located.
struct RequirementsInclude {
  std::string written;  // the value as written
  std::string path;     // resolved against the including file's directory; empty for a URL
  int line = 0;
  int column = 0;
  bool constraint = false;  // -c: constrains versions, installs nothing by itself
};
std::vector<RequirementsInclude> requirements_txt_references(const std::string& path, std::string_view content);

// toml::parse with errors reported as tocsin::Error(path, line, column, "invalid TOML: …").
// Also rejects git merge-conflict markers with their line, before toml++ sees them.
toml::table parse_python_toml(const std::string& path, std::string_view content);

// 1-based line where a TOML node was declared, 0 when toml++ does not know.
int toml_line(const toml::node& node);

// A [[package]] table's start: PyPI ecosystem, declaration line, and its name validated and
// normalised; throws Error at that line when the name is missing or invalid.
Package python_package_from_table(const std::string& path, const toml::table& table);
int toml_column(const toml::node& node);

}  // namespace tocsin::lockfile
