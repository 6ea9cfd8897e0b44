#include "advisory/curl_api.h"

#include <dlfcn.h>

#include <string>

#include "core/error.h"

namespace tocsin::advisory {
namespace {

template <class Function>
void bind(void* library, const char* name, Function& target) {
  void* symbol = ::dlsym(library, name);
  if (symbol == nullptr) throw Error(std::string("libcurl lacks ") + name + " (libcurl 7.62 or later needed)");
  target = reinterpret_cast<Function>(symbol);
}

CurlApi load() {
  // Never unloaded: libcurl registers atexit-time cleanups of its TLS back-end.
  void* library = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* reason = ::dlerror();
    throw Error(std::string("`db update` and `release history --fetch` need libcurl (Debian package libcurl4): ") +
                (reason != nullptr ? reason : "cannot load libcurl.so.4"));
  }
  CurlApi api{};
  bind(library, "curl_global_init", api.global_init);
  bind(library, "curl_easy_init", api.easy_init);
  bind(library, "curl_easy_setopt", api.easy_setopt);
  bind(library, "curl_easy_perform", api.easy_perform);
  bind(library, "curl_easy_getinfo", api.easy_getinfo);
  bind(library, "curl_easy_cleanup", api.easy_cleanup);
  bind(library, "curl_easy_strerror", api.easy_strerror);
  bind(library, "curl_url", api.url);
  bind(library, "curl_url_cleanup", api.url_cleanup);
  bind(library, "curl_url_set", api.url_set);
  bind(library, "curl_url_get", api.url_get);
  bind(library, "curl_free", api.free);
  if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw Error("cannot initialize libcurl");
  return api;
}

}  // namespace

const CurlApi& curl_api() {
  static const CurlApi api = load();  // a failed load throws and is retried by the next call
  return api;
}

void set_transfer_options(CURL* handle, const std::string& url, const TransferLimits& limits, char* error_buffer) {
  const CurlApi& api = curl_api();
  api.easy_setopt(handle, CURLOPT_URL, url.c_str());
  api.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "https,http");
  api.easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  api.easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 1L);
  api.easy_setopt(handle, CURLOPT_MAXREDIRS, 5L);
  api.easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, limits.connect_timeout_seconds);
  api.easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1024L);
  api.easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, limits.stall_timeout_seconds);
  api.easy_setopt(handle, CURLOPT_TIMEOUT, limits.total_seconds);
  api.easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.max_bytes));
  api.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  api.easy_setopt(handle, CURLOPT_USERAGENT, "tocsin/" TOCSIN_VERSION);
  api.easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
}

}  // namespace tocsin::advisory
