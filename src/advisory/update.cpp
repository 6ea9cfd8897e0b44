#include "advisory/update.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "advisory/curl_api.h"
#include "advisory/database.h"
#include "core/error.h"
#include "core/file_write.h"
#include "core/text.h"

namespace tocsin::advisory {

namespace fs = std::filesystem;

const std::vector<Feed>& official_feeds() {
  static const std::vector<Feed> feeds = {
      {"osv:crates.io", "https://osv-vulnerabilities.storage.googleapis.com", "crates.io/all.zip"},
      {"osv:npm", "https://osv-vulnerabilities.storage.googleapis.com", "npm/all.zip"},
      {"osv:PyPI", "https://osv-vulnerabilities.storage.googleapis.com", "PyPI/all.zip"},
      {"kev:cisa", "https://www.cisa.gov", "sites/default/files/feeds/known_exploited_vulnerabilities.json"},
  };
  return feeds;
}

namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

struct CurlUrlCleanup {
  void operator()(CURLU* handle) const { curl_api().url_cleanup(handle); }
};

// One part of a parsed URL ("" when absent).
std::string url_part(const CURLU* handle, CURLUPart part) {
  char* content = nullptr;
  if (curl_api().url_get(handle, part, &content, 0) != CURLUE_OK || content == nullptr) return {};
  std::string out(content);
  curl_api().free(content);
  return out;
}

struct Download {
  std::FILE* file = nullptr;
  std::size_t written = 0;
  std::size_t max_bytes = 0;
  bool too_large = false;
  bool write_failed = false;
};

std::size_t write_to_file(char* data, std::size_t size, std::size_t count, void* target) {
  auto& download = *static_cast<Download*>(target);
  const std::size_t bytes = size * count;
  if (download.written + bytes > download.max_bytes) {
    download.too_large = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  if (std::fwrite(data, 1, bytes, download.file) != bytes) {
    download.write_failed = true;
    return 0;
  }
  download.written += bytes;
  return bytes;
}

void download(const std::string& url, const std::string& destination, const UpdateOptions& options,
              std::chrono::steady_clock::time_point deadline) {
  const CurlApi& api = curl_api();
  const auto remaining = std::chrono::duration_cast<std::chrono::seconds>(deadline - std::chrono::steady_clock::now());
  if (remaining.count() <= 0)
    throw Error(url, 0, 0, "db update ran out of time (" + std::to_string(options.deadline_seconds) + " s in all)");
  struct CurlCleanup {
    void operator()(CURL* handle) const { curl_api().easy_cleanup(handle); }
  };
  std::unique_ptr<CURL, CurlCleanup> handle(api.easy_init());
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(destination.c_str(), "wbx"));
  if (!handle || !file) throw Error(destination, 0, 0, "cannot prepare download: " + std::string(std::strerror(errno)));
  Download state{file.get(), 0, options.max_download_bytes};
  char error_buffer[CURL_ERROR_SIZE] = {};
  CURL* curl = handle.get();
  // The overall deadline bounds the transfer: a mirror trickling just above the stall limit must still end.
  set_transfer_options(curl, url,
                       {options.connect_timeout_seconds, options.stall_timeout_seconds,
                        static_cast<long>(remaining.count()), options.max_download_bytes},
                       error_buffer);
  api.easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
  api.easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_to_file);
  api.easy_setopt(curl, CURLOPT_WRITEDATA, &state);
  CURLcode code = api.easy_perform(curl);
  const std::string cap = std::to_string(options.max_download_bytes >> 20) + " MiB";
  if (state.too_large || code == CURLE_FILESIZE_EXCEEDED)
    throw Error(url, 0, 0, "download failed: larger than the " + cap + " cap of one feed");
  if (state.write_failed) throw Error(destination, 0, 0, "cannot write download: " + std::string(std::strerror(errno)));
  if (code == CURLE_OPERATION_TIMEDOUT && std::chrono::steady_clock::now() >= deadline)
    throw Error(url, 0, 0, "db update ran out of time (" + std::to_string(options.deadline_seconds) + " s in all)");
  if (code != CURLE_OK)
    throw Error(url, 0, 0,
                std::string("download failed: ") + (error_buffer[0] != '\0' ? error_buffer : api.easy_strerror(code)));
  if (std::fflush(file.get()) != 0 || std::fclose(file.release()) != 0)
    throw Error(destination, 0, 0, "cannot write download: " + std::string(std::strerror(errno)));
}

}  // namespace

std::string feed_url(const Feed& feed, const std::string& mirror) {
  std::string base = mirror.empty() ? feed.official_base : mirror;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string shown = truncate_for_message(base, 200);
  // curl's own URL parser decides what host curl would connect to: a hand-made check read
  // `http://localhost:x@evil.invalid/` as localhost (userinfo) and let plain HTTP through.
  std::unique_ptr<CURLU, CurlUrlCleanup> handle(curl_api().url());
  if (!handle) throw Error("cannot parse URLs (out of memory)");
  if (curl_api().url_set(handle.get(), CURLUPART_URL, (base + "/" + feed.relative_path).c_str(), 0) != CURLUE_OK)
    throw Error(shown, 0, 0, "not a valid URL");
  const std::string scheme = to_lower(url_part(handle.get(), CURLUPART_SCHEME));
  const std::string host = to_lower(url_part(handle.get(), CURLUPART_HOST));
  if (!url_part(handle.get(), CURLUPART_USER).empty() || !url_part(handle.get(), CURLUPART_PASSWORD).empty())
    throw Error(shown, 0, 0,
                "refusing a URL with user information (user:password@): it would be printed in logs, and it hides "
                "the real host");
  if (!url_part(handle.get(), CURLUPART_QUERY).empty() || !url_part(handle.get(), CURLUPART_FRAGMENT).empty())
    throw Error(shown, 0, 0, "a mirror URL must not have a query (?…) or fragment (#…)");
  const bool loopback = host == "127.0.0.1" || host == "localhost" || host == "[::1]";
  if (scheme != "https" && !(scheme == "http" && loopback))
    throw Error(shown, 0, 0, "refusing to download over a non-HTTPS URL (plain HTTP is allowed only on loopback)");
  return url_part(handle.get(), CURLUPART_URL);
}

std::vector<ImportReport> update_database(const std::string& dir, const UpdateOptions& options) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) throw Error(dir, 0, 0, "cannot create database directory: " + error.message());
  // Scratch files of killed runs (SIGTERM, OOM) go first; those of live runs stay.
  remove_stale_pid_files(dir, ".downloads-");
  remove_stale_pid_files(dir, ".advisories.db.tmp-");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.deadline_seconds);
  fs::path downloads = fs::path(dir) / (".downloads-" + std::to_string(::getpid()));
  fs::remove_all(downloads, error);
  fs::create_directories(downloads, error);
  if (error) throw Error(downloads.string(), 0, 0, "cannot create download directory: " + error.message());
  struct Cleanup {
    fs::path path;
    ~Cleanup() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  } cleanup{downloads};

  std::vector<ImportRequest> requests;
  for (const Feed& feed : official_feeds()) {
    std::string url = feed_url(feed, options.mirror);
    // Keep the feed's file extension: the importers detect the kind from it.
    std::string local =
        (downloads / (std::to_string(requests.size()) + "-" + fs::path(feed.relative_path).filename().string()))
            .string();
    if (options.on_download) options.on_download(url);
    download(url, local, options, deadline);
    ImportRequest request;
    request.path = local;
    request.importer = importer_for_kind(starts_with(feed.source_key, "kev:") ? "kev" : "osv");
    request.source_key = feed.source_key;
    request.label = url;
    requests.push_back(std::move(request));
  }
  ImportOptions import = options.import;
  import.all_sources_or_nothing = true;
  return import_into(dir, requests, import);
}

}  // namespace tocsin::advisory
