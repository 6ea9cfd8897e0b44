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

}  // namespace tocsin::advisory
