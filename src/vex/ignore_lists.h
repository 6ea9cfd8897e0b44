// The ignore lists that suppress advisories outside VEX, read so `tocsin vex check` can compare
// them with the VEX statements:
//   .cargo/audit.toml   [advisories] ignore = ["RUSTSEC-…", …]                      (cargo-audit)
//   deny.toml           [advisories] ignore = ["RUSTSEC-…", { id = "…", reason = "…" }, …]
//                       (cargo-deny; bare strings and tables may be mixed)
//   osv-scanner.toml    [[IgnoredVulns]] id = "…", ignoreUntil = 2024-01-01T00:00:00Z, reason = "…"
//                       (ignoreUntil: a TOML date-time, a TOML date, or a string holding either)
// Each entry keeps the 1-based line and column it is written at (toml++ source regions), so a
// mismatch can name file:line:col. Malformed TOML, or an entry of the wrong shape, throws
// tocsin::Error with the line and column. A file without the relevant table yields an empty list.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace tocsin::vex {

using tocsin::Diagnostic;

enum class IgnoreListKind { CargoAudit, CargoDeny, OsvScanner };
std::string_view ignore_list_kind_name(IgnoreListKind kind);  // "cargo-audit", "cargo-deny", "osv-scanner"

struct IgnoreEntry {
  std::string id;
  std::string reason;                        // deny.toml `reason`, osv-scanner `reason`; audit.toml has none
  std::optional<std::int64_t> ignore_until;  // osv-scanner ignoreUntil, Unix seconds
  std::string ignore_until_text;             // as written
  int line = 0;
  int column = 0;
};

struct IgnoreList {
  IgnoreListKind kind = IgnoreListKind::CargoAudit;
  std::string path;
  std::vector<IgnoreEntry> entries;
};

IgnoreList read_cargo_audit_toml(const std::string& path, std::string_view content);
IgnoreList read_deny_toml(const std::string& path, std::string_view content);
IgnoreList read_osv_scanner_toml(const std::string& path, std::string_view content);

// The lists present in `dir`: .cargo/audit.toml, deny.toml, osv-scanner.toml (in that order;
// missing files are skipped). `path` of each list is relative to `dir`. With `failures`, a list that
// cannot be read or parsed is recorded there (an Error diagnostic) and the others are still read;
// without it, the first such list throws.
std::vector<IgnoreList> load_ignore_lists(const std::string& dir, std::vector<Diagnostic>* failures = nullptr);

}  // namespace tocsin::vex
