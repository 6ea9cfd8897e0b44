// Feed parsers: bytes of one file in, model records out. They touch no file system and no
// database (the importers do), so each can be fuzzed on its own. All throw tocsin::Error naming
// the file, the position when known, and what was expected.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "advisory/advisory.h"
#include "core/error.h"

namespace tocsin::advisory {

// One OSV record. Affected entries of ecosystems tocsin does not handle are dropped and counted
// in `skipped_ecosystems` (by OSV ecosystem name); a record left with no affected entry is still
// returned (the caller decides whether to keep it).
Advisory parse_osv(const std::string& path, std::string_view content,
                   std::map<std::string, std::size_t>* skipped_ecosystems = nullptr);

// One RustSec advisory file (```toml front matter + Markdown). Line numbers of TOML errors are
// those of the .md file.
Advisory parse_rustsec(const std::string& path, std::string_view content);

struct KevCatalog {
  std::string title;
  std::string catalog_version;
  std::string date_released;
  std::size_t declared_count = 0;  // the catalog's own "count"
  std::vector<KevEntry> entries;
};
KevCatalog parse_kev(const std::string& path, std::string_view content);

// `name@version  # reference` lines; blank lines and lines starting with '#' (including
// commented-out examples) are not entries. A malformed line throws, unless `errors` is given: then
// it is recorded there and skipped.
std::vector<KnownBad> parse_known_bad(const std::string& path, std::string_view content,
                                      Ecosystem ecosystem = Ecosystem::Npm, std::vector<Error>* errors = nullptr);

}  // namespace tocsin::advisory
