// `tocsin db update`: download the official feeds and swap them into the database atomically.
//
// Feeds and their paths relative to the base URL (a --mirror must serve the same paths):
//   osv:crates.io  crates.io/all.zip   (https://osv-vulnerabilities.storage.googleapis.com; RustSec
//                                       advisories reach tocsin through this OSV export)
//   osv:npm        npm/all.zip         (same host)
//   osv:PyPI       PyPI/all.zip        (same host)
//   kev:cisa       sites/default/files/feeds/known_exploited_vulnerabilities.json
//                                      (https://www.cisa.gov)
// Only HTTPS is used, except that a mirror on a loopback address (127.0.0.1, ::1, localhost) may
// use plain HTTP (local tests and air-gapped mirrors on the same host). URLs are parsed by curl's
// URL API (the host curl will connect to, not a prefix match); user information (user:pw@) is
// refused. Every download must complete and parse within the overall deadline and the per-feed
// size cap; if any fails, nothing changes on disk (all feeds or none). Scratch directories of
// killed runs (.downloads-PID whose process is gone) are removed at the next run. libcurl is
// loaded at run time (curl_api.h).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "advisory/importer.h"

namespace tocsin::advisory {

struct Feed {
  std::string source_key;     // "osv:npm", "kev:cisa"
  std::string official_base;  // "https://…" without trailing slash
  std::string relative_path;  // "npm/all.zip"
};
const std::vector<Feed>& official_feeds();

struct UpdateOptions {
  std::string mirror;  // replaces every feed's base URL when non-empty
  ImportOptions import;
  long connect_timeout_seconds = 30;
  // Abort a transfer slower than 1 KiB/s for this long (a stalled server must not hang us).
  long stall_timeout_seconds = 60;
  // All downloads together must finish within this (a 2 KB/s mirror must not hold CI forever).
  long deadline_seconds = 1800;
  // One feed larger than this is refused while streaming (OSV's npm/all.zip is ~0.2 GB in 2026).
  std::size_t max_download_bytes = std::size_t{2} << 30;
  std::function<void(std::string_view url)> on_download;  // called before each download; may be empty
};

// The URL a feed is fetched from (mirror applied), normalized by curl. Throws Error for a
// non-HTTPS, non-loopback URL, user information, a query or fragment, or an unparseable URL.
std::string feed_url(const Feed& feed, const std::string& mirror);

std::vector<ImportReport> update_database(const std::string& dir, const UpdateOptions& options);

}  // namespace tocsin::advisory
