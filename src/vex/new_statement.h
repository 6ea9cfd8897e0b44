// `tocsin vex new`: one statement, written to DIR/vex/<package>-<id>.json.
//   * The product is a purl, or NAME[@VERSION] whose ecosystem is --ecosystem, else the
//     advisory id's scheme (RUSTSEC- → crates.io, PYSEC- → PyPI), else an npm scope (@scope/x),
//     else the only ecosystem of the repository's lockfiles (each lockfile reader says its own,
//     lockfile::Reader::ecosystem()). A file no reader names an ecosystem for (an SBOM) counts
//     for none: several ecosystems, or none, is an error asking for --ecosystem.
//   * The file name: package and id lower-cased, every run of other characters than a-z, 0-9
//     and '.' made one '-', trimmed of '-' and '.' at both ends; a name left empty is an error.
//   * The document is read back with the reader `vex check` uses before it is written; an
//     existing file that says the same (timestamps and ids aside) is left alone, a different one
//     is replaced only with `force`; a symbolic link is never written through.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/ecosystem.h"

namespace tocsin::vex {

struct NewStatement {
  std::string vuln;
  std::vector<std::string> aliases;
  std::string product;    // NAME[@VERSION] or a purl
  std::string ecosystem;  // explicit; empty: inferred
  std::string status, justification, impact, action;
  std::string author = "Unknown Author";
  std::string dir = ".";
  bool force = false;
  std::int64_t now = 0;
  std::string tooling;  // "tocsin 0.1.0"
};

struct NewStatementOutcome {
  std::string path;
  bool unchanged = false;  // the file already said this
};

NewStatementOutcome write_new_statement(const NewStatement& request);

// The inference rule above; `lockfiles` lists the repository's lockfile paths, called only when
// the id and the name do not tell. Throws Error.
Ecosystem infer_ecosystem(const std::string& explicit_ecosystem, const std::string& vuln, const std::string& name,
                          const std::function<std::vector<std::string>()>& lockfiles);

// "vex/<package>-<id>.json" under `dir`, by the naming rule above. Throws Error.
std::string statement_path(const std::string& dir, const std::string& package, const std::string& vuln);

}  // namespace tocsin::vex
