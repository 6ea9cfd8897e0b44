// Lockfile readers: turn a lockfile into packages and dependency edges.
//
// Every supported format has one reader (src/lockfile/<format>.cpp) implementing Reader and
// one registration line in src/lockfile/registry.cpp. A reader:
//   - never touches the network or other files than the one it is given (manifests are the
//     inventory module's job);
//   - records every package the lockfile declares, with the 1-based line where it is declared;
//   - records edges between packages, with the kind the format records (dev/optional/peer/build);
//   - records the roots it knows (workspace members, pnpm importers, the package-lock root
//     project, uv's project) as packages with is_root = true;
//   - throws tocsin::Error(path, line, column, "what was expected") on malformed input, and
//     never crashes or hangs on any input (each reader has a fuzz target);
//   - reports what it read but finds suspicious or could not follow (a duplicate key, a
//     dependency with no entry, an unpinned requirement) as a warning Diagnostic with its location, and
//     goes on: one bad entry never hides the packages of the rest of the file.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/ecosystem.h"

namespace tocsin::lockfile {

// How a dependency edge is declared. Release-path analysis treats Dev and Build as
// "not shipped"; Optional and Peer are shipped.
enum class DepKind : std::uint8_t { Normal, Dev, Optional, Peer, Build };
std::string_view dep_kind_name(DepKind kind);

// Flags a lockfile records on the package itself (package-lock "dev": true, pnpm "dev": true,
// Pipfile.lock "develop", poetry category "dev"). Bit set of PackageFlag.
enum PackageFlag : std::uint8_t {
  kFlagDev = 1 << 0,
  kFlagOptional = 1 << 1,
  kFlagPeer = 1 << 2,
  kFlagDevOptional = 1 << 3,  // package-lock "devOptional": dev or optional
};

struct Package {
  Ecosystem ecosystem = Ecosystem::Npm;
  // The registry name (for an npm alias "foo": "npm:bar@1.0.0" this is "bar").
  std::string name;
  std::string version;
  // The name the package is installed under when it differs from `name` (npm aliases), else empty.
  std::string alias;
  // Where it comes from, as the lockfile writes it: registry URL, "git+https://…#rev",
  // "path+file://…", "link:../x", "workspace:…". Empty means the default registry.
  std::string source;
  // Checksum / integrity / hash exactly as recorded ("sha512-…", hex sha256, "sha256:…"); may be
  // several separated by a space (requirements.txt --hash, Pipfile.lock hashes). Empty when absent.
  std::string integrity;
  int line = 0;           // 1-based line of the declaration in the lockfile
  bool is_root = false;   // a workspace member / importer / the project itself
  bool is_local = false;  // path, link, workspace or directory source: not from a registry
  // Added by the inventory for formats that record no root (never set by a reader); such a
  // root stands for the project itself and is not a package of the lockfile.
  bool synthetic = false;
  std::uint8_t flags = 0;  // PackageFlag bits as recorded
};

struct Edge {
  std::uint32_t from = 0;  // index into Lockfile::packages
  std::uint32_t to = 0;
  DepKind kind = DepKind::Normal;
};

// A problem that does not stop the reading is a tocsin::Diagnostic (core/diagnostic.h) of
// Severity::Warning at path:line:column (1-based, 0 when not known), with a hint saying what was
// expected when the reader knows it and a stable `code` per kind, printed as
// "path:line:column: warning: [code] message (hint)". The kinds the readers report:
//   duplicate-key           a JSON or yarn.lock key repeated (the last value is kept)
//   dangling-dependency     a dependency that names no package of the lockfile (Cargo.lock, pnpm)
//   ambiguous-dependency    a Cargo.lock dependency that names several packages
//   malformed-dependency    a Cargo.lock dependency that is no package id
//   unpinned-requirement    a requirements.txt line without ==VERSION
//   local-package-unnamed   a pnpm local package entry without `name`
//   version-not-string      a package-lock.json "version" that is not a string
//   packages-object-missing a package-lock.json v2+ without "packages" (read from "dependencies")
// The inventory adds its own (inventory/inventory.h).
// Makes one of these (every kind has its code; the hint may be empty).
Diagnostic warning_at(std::string path, int line, int column, std::string code, std::string message,
                      std::string hint = {});

struct Lockfile {
  std::string path;     // as given to the reader
  std::string format;   // canonical file name, e.g. "pnpm-lock.yaml"
  std::string version;  // format version as written, e.g. "9.0", "4", "v1", "berry 8"
  Ecosystem ecosystem = Ecosystem::Npm;
  std::vector<Package> packages;
  std::vector<Edge> edges;
  std::vector<Diagnostic> warnings;  // Severity::Warning, in file order, path as given to the reader
};

class Reader {
 public:
  virtual ~Reader() = default;
  // The canonical file name ("Cargo.lock", "package-lock.json", …), also the TYPE of
  // `--lockfile TYPE:FILE`.
  virtual std::string_view canonical_name() const = 0;
  // Whether a file of this name (no directory) is of this format. Default: equals canonical_name.
  virtual bool matches_filename(std::string_view filename) const;
  // The ecosystem of every package this format lists; nullopt for formats that mix them (SBOMs).
  virtual std::optional<Ecosystem> ecosystem() const = 0;
  // Parses `content` (the bytes of `path`). Throws tocsin::Error on malformed input.
  virtual Lockfile read(const std::string& path, std::string_view content) const = 0;
};

// All registered readers, in registration order.
const std::vector<std::unique_ptr<Reader>>& readers();
// The reader for a file name or canonical TYPE, or nullptr.
const Reader* reader_for_filename(std::string_view filename);
const Reader* reader_for_type(std::string_view type);

// Reads the file at `path` with `reader` (or the one its file name selects). Throws Error
// when no reader fits, the path is not a regular file (a directory, a FIFO, a device: never
// opened, so a FIFO cannot block), the file cannot be read, or it is malformed. Every package's
// name, version and alias are then checked (check_package_text).
Lockfile read_lockfile(const std::string& path, const Reader* reader = nullptr);

// Rejects what no package manager accepts in a name or version and what would corrupt a report:
// bytes that are not UTF-8 (`--format json` could not carry them) and control characters
// (CR/LF would forge report lines, ESC would drive the terminal). Throws Error at the package's
// line. Called by read_lockfile on every package.
void check_package_text(const Lockfile& lockfile);

// "a directory", "a FIFO", "a socket", "a device" or "a special file", for a stat() st_mode.
const char* file_kind(unsigned mode);

}  // namespace tocsin::lockfile
