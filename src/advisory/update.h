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
// use plain HTTP (local tests and air-gapped mirrors on the same host). Every download must
// complete and parse; if any fails, nothing changes on disk (all feeds or none).
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
  std::function<void(std::string_view url)> on_download;  // called before each download; may be empty
};

// The URL a feed is fetched from (mirror applied). Throws Error for a non-HTTPS, non-loopback URL.
std::string feed_url(const Feed& feed, const std::string& mirror);

std::vector<ImportReport> update_database(const std::string& dir, const UpdateOptions& options);

}  // namespace tocsin::advisory
