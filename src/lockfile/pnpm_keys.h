// pnpm dependency paths: the keys of `packages:` / `snapshots:` and the references in
// `dependencies:`, as pnpm's `dependency-path` package defines them for each lockfile version.
//
//   5.x  /name/1.2.3   /@scope/name/1.2.3   /name/1.2.3_peer@1.0.0+@scope+other@2.0.0
//   6.x  /name@1.2.3   /@scope/name@1.2.3   /name@1.2.3(peer@1.0.0)(@types/react@18.0.0)
//   9.x  name@1.2.3    @scope/name@1.2.3    name@1.2.3(peer@1.0.0(nested@2.0.0))
//
// plus non-registry keys (github.com/user/repo/sha, file:../x, name@https://…tgz) whose
// version is not semver; their entries carry `name`/`version` fields instead.
// A dependency reference ("1.2.3", "1.2.3(peer@1.0.0)", "/real@1.0.0", "real@1.0.0",
// "link:../x") becomes a key with ref_to_dep_path, as pnpm's refToRelative does.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tocsin::lockfile::pnpm {

enum class KeyStyle : unsigned char {
  Slash,   // 5.x: /name/version_peers
  LeadAt,  // 6.x: /name@version(peers)
  BareAt,  // 9.x: name@version(peers)
};

struct DepPath {
  std::string_view name;
  std::string_view version;  // without the peer / patch suffix
  std::string_view suffix;   // "(peer@1.0.0)…" or, for 5.x, "peer@1.0.0+other@2.0.0"; may be empty
  bool semver = false;       // whether version is a strict SemVer 2.0 version
};

// Splits a key or a resolved reference. nullopt when no name/version can be read from it
// (e.g. "github.com/user/repo/sha": such entries name themselves in fields).
std::optional<DepPath> parse_dep_path(std::string_view key, KeyStyle style);

// The key without leading '/' and without its peer/patch suffix: the identity of the package
// shared by all its peer variants ("/foo/1.0.0_react@18.2.0" -> "foo/1.0.0").
std::string_view package_id(std::string_view key, KeyStyle style);

// The key a dependency reference points to, without leading '/'; empty for "link:" references.
std::string ref_to_dep_path(std::string_view reference, std::string_view dependency_name, KeyStyle style);

// Strict SemVer 2.0 (MAJOR.MINOR.PATCH[-pre][+build], no leading zeros), as semver.valid()
// accepts pnpm's keys.
bool is_strict_semver(std::string_view version);

// Start of a trailing run of parenthesised groups "(…)(…)" (nesting allowed), or npos.
std::size_t peer_suffix_start(std::string_view key);

}  // namespace tocsin::lockfile::pnpm
