// libcurl, loaded at run time by the only commands that touch the network (`db update`,
// `release history --fetch`).
//
// Why not link it: libcurl pulls in some thirty shared libraries (GnuTLS or OpenSSL, Kerberos,
// LDAP, RTMP, SSH, …) whose loading and relocation every tocsin process paid at start-up, about
// 25 ms of CPU for `tocsin --version`, in every hook and CI step. Loaded with dlopen on first
// use, it costs nothing to the commands that never touch the network. The headers are still
// those of libcurl4-openssl-dev, so the types and option constants are checked at compile time.
#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <string>

namespace tocsin::advisory {

struct CurlApi {
  CURLcode (*global_init)(long flags);
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL* handle, CURLoption option, ...);
  CURLcode (*easy_perform)(CURL* handle);
  CURLcode (*easy_getinfo)(CURL* handle, CURLINFO info, ...);  // `release history --fetch`: HTTP status
  void (*easy_cleanup)(CURL* handle);
  const char* (*easy_strerror)(CURLcode code);
  CURLU* (*url)();
  void (*url_cleanup)(CURLU* handle);
  CURLUcode (*url_set)(CURLU* handle, CURLUPart part, const char* content, unsigned int flags);
  CURLUcode (*url_get)(const CURLU* handle, CURLUPart part, char** content, unsigned int flags);
  void (*free)(void* pointer);
};

// Loads libcurl.so.4 once (thread-safe) and runs curl_global_init. Throws Error when the
// library or one of its functions is missing ("… needs libcurl (Debian package libcurl4)").
const CurlApi& curl_api();

// The limits every tocsin download runs under: a stalled or trickling mirror and an oversized
// document must end the transfer, never the disk or the patience of a CI job.
struct TransferLimits {
  long connect_timeout_seconds = 0;
  long stall_timeout_seconds = 0;  // below 1 KiB/s for this long: abandoned
  long total_seconds = 0;          // what is left of the command's overall deadline
  std::size_t max_bytes = 0;       // a declared Content-Length above it is refused up front;
                                   // the caller's write callback enforces it on the bytes received
};

// The options `db update` and `release history --fetch` share: the URL, http(s) only and
// redirects to https only (at most 5), the limits above, no signals (threads), tocsin's user
// agent, and curl's message in `error_buffer` (CURL_ERROR_SIZE bytes). Callers add the body
// sink and their own choices (compression, failing on HTTP errors).
void set_transfer_options(CURL* handle, const std::string& url, const TransferLimits& limits, char* error_buffer);

}  // namespace tocsin::advisory
