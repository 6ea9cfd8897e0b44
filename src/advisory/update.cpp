#include "advisory/update.h"

#include <curl/curl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "advisory/database.h"
#include "core/error.h"
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

bool is_loopback_http(std::string_view url) {
  for (std::string_view host : {"http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/",
                                "http://[::1]:", "http://[::1]/"})
    if (starts_with(url, host)) return true;
  return false;
}

struct CurlCleanup {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

std::size_t write_to_file(char* data, std::size_t size, std::size_t count, void* file) {
  return std::fwrite(data, size, count, static_cast<std::FILE*>(file)) * size;
}

void download(const std::string& url, const std::string& destination, const UpdateOptions& options) {
  static const bool initialized = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!initialized) throw Error(url, 0, 0, "cannot initialize libcurl");
  std::unique_ptr<CURL, CurlCleanup> handle(curl_easy_init());
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(destination.c_str(), "wb"));
  if (!handle || !file) throw Error(destination, 0, 0, "cannot prepare download");
  char error_buffer[CURL_ERROR_SIZE] = {};
  CURL* curl = handle.get();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https,http");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1024L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, options.stall_timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "tocsin/" TOCSIN_VERSION);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_to_file);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, file.get());
  CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK)
    throw Error(url, 0, 0,
                std::string("download failed: ") + (error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code)));
  if (std::fflush(file.get()) != 0) throw Error(destination, 0, 0, "cannot write download");
}

}  // namespace

std::string feed_url(const Feed& feed, const std::string& mirror) {
  std::string base = mirror.empty() ? feed.official_base : mirror;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string url = base + "/" + feed.relative_path;
  if (!starts_with(url, "https://") && !is_loopback_http(url))
    throw Error(url, 0, 0, "refusing to download over a non-HTTPS URL (plain HTTP is allowed only on loopback)");
  return url;
}

std::vector<ImportReport> update_database(const std::string& dir, const UpdateOptions& options) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) throw Error(dir, 0, 0, "cannot create database directory: " + error.message());
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
    download(url, local, options);
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
