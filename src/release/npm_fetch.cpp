// `release history --fetch NAME`: the package document and the attestation documents from the npm
// registry, written where `--npm FILE --attestations DIR` would read them. The only code of the
// release module that touches the network; libcurl is loaded at run time (advisory/curl_api.h).
#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>

#include "advisory/curl_api.h"
#include "advisory/update.h"
#include "core/error.h"
#include "core/file_write.h"
#include "core/text.h"
#include "release/json_util.h"
#include "release/release.h"

namespace tocsin::release {
namespace {

namespace fs = std::filesystem;
using advisory::curl_api;
using advisory::CurlApi;

struct Body {
  std::string data;
  std::size_t max_bytes = 0;
  bool too_large = false;
};

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* target) {
  auto& body = *static_cast<Body*>(target);
  const std::size_t bytes = size * count;
  if (body.data.size() + bytes > body.max_bytes) {
    body.too_large = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  body.data.append(data, bytes);
  return bytes;
}

struct CurlCleanup {
  void operator()(CURL* handle) const { curl_api().easy_cleanup(handle); }
};

// One easy handle for every request: the connection to the registry is reused (a package with
// hundreds of versions is hundreds of small requests).
class Client {
 public:
  explicit Client(const NpmFetchOptions& options)
      : options_(options),
        deadline_(std::chrono::steady_clock::now() + std::chrono::seconds(options.deadline_seconds)),
        handle_(curl_api().easy_init()) {
    if (!handle_) throw Error("cannot start libcurl (out of memory)");
  }

  struct Response {
    long status = 0;
    std::string body;
  };

  Response get(const std::string& url) {
    const CurlApi& api = curl_api();
    const std::string cap = std::to_string(options_.max_document_bytes >> 20) + " MiB";
    const auto remaining =
        std::chrono::duration_cast<std::chrono::seconds>(deadline_ - std::chrono::steady_clock::now());
    if (remaining.count() <= 0) throw out_of_time(url);
    Body body{{}, options_.max_document_bytes, false};
    char error_buffer[CURL_ERROR_SIZE] = {};
    CURL* curl = handle_.get();
    advisory::set_transfer_options(curl, url,
                                   {options_.connect_timeout_seconds, options_.stall_timeout_seconds,
                                    static_cast<long>(remaining.count()), options_.max_document_bytes},
                                   error_buffer);
    api.easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // package documents compress ~10x
    api.easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
    api.easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    const CURLcode code = api.easy_perform(curl);
    if (body.too_large || code == CURLE_FILESIZE_EXCEEDED)
      throw Error(url, 0, 0, "download failed: larger than the " + cap + " cap of one document");
    if (code == CURLE_OPERATION_TIMEDOUT && std::chrono::steady_clock::now() >= deadline_) throw out_of_time(url);
    if (code != CURLE_OK)
      throw Error(
          url, 0, 0,
          std::string("download failed: ") + (error_buffer[0] != '\0' ? error_buffer : api.easy_strerror(code)));
    Response response;
    api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    response.body = std::move(body.data);
    return response;
  }

 private:
  Error out_of_time(const std::string& url) const {
    return Error(url, 0, 0,
                 fmt::format("release history --fetch ran out of time ({} s in all)", options_.deadline_seconds));
  }

  const NpmFetchOptions& options_;
  std::chrono::steady_clock::time_point deadline_;
  std::unique_ptr<CURL, CurlCleanup> handle_;
};

void write_document(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) throw Error(path.string(), 0, 0, "cannot write: " + std::string(std::strerror(errno)));
}

}  // namespace

std::string npm_url_name(const std::string& name) {
  // npm's rules (validate-npm-package-name), loosely: URL-safe characters, an optional @scope/.
  static const std::regex valid(R"((@[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)?[A-Za-z0-9_~-][A-Za-z0-9._~-]*)");
  if (name.size() > 214 || !std::regex_match(name, valid))
    throw Error(
        "not an npm package name (letters, digits, - . _ ~, an optional @scope/): " +
        nlohmann::json(truncate_for_message(name, 100)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  std::string out = name;
  if (const auto slash = out.find('/'); slash != std::string::npos) out.replace(slash, 1, "%2f");
  return out;
}

FetchedNpmPackage fetch_npm_package(const std::string& name, const std::string& directory,
                                    const NpmFetchOptions& options) {
  const std::string url_name = npm_url_name(name);
  // The registry's base URL checked as `db update` checks a mirror (HTTPS, or HTTP on loopback;
  // no user information, query or fragment), normalized by curl's URL parser.
  std::string base = advisory::feed_url({"npm", options.registry, ""}, "");
  while (!base.empty() && base.back() == '/') base.pop_back();

  FetchedNpmPackage fetched;
  fetched.document_url = base + "/" + url_name;
  fetched.document_path = (fs::path(directory) / "package.json").string();
  fetched.attestations_dir = (fs::path(directory) / "attestations").string();
  std::error_code ec;
  fs::create_directories(fetched.attestations_dir, ec);
  if (ec) throw Error(fetched.attestations_dir, 0, 0, "cannot create directory: " + ec.message());

  Client client(options);
  Client::Response package = client.get(fetched.document_url);
  if (package.status == 404) throw Error(fetched.document_url, 0, 0, "no such package in the registry (HTTP 404)");
  if (package.status != 200)
    throw Error(fetched.document_url, 0, 0, fmt::format("the registry answered HTTP {}", package.status));
  const nlohmann::json document = parse_json(fetched.document_url, package.body);
  if (string_member(document, "name") != name)
    throw Error(fetched.document_url, 0, 0,
                "the registry's document is not that of " + name + " (\"name\": " +
                    nlohmann::json(truncate_for_message(string_member(document, "name"), 100))
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                    ")");
  write_document(fetched.document_path, package.body);

  const nlohmann::json* versions = member(document, "versions");
  if (versions == nullptr || !versions->is_object())
    throw Error(fetched.document_url, 1, 1, "an npm package document has a \"versions\" object");
  // A version that is not a plain semver string is not fetched (it would make a path or URL of
  // hostile text); npm_history then reports it without provenance.
  static const std::regex plain_version(R"([0-9A-Za-z][0-9A-Za-z.+-]*)");
  for (const auto& [version, manifest] : versions->items()) {
    ++fetched.versions;
    if (version.size() > 256 || !std::regex_match(version, plain_version) || version.find("..") != std::string::npos)
      continue;
    const std::string url = base + "/-/npm/v1/attestations/" + url_name + "@" + version;
    Client::Response response = client.get(url);
    if (response.status == 404) continue;  // published without provenance
    if (response.status != 200) throw Error(url, 0, 0, fmt::format("the registry answered HTTP {}", response.status));
    parse_json(url, response.body);  // a syntax error names the URL, not the scratch file
    write_document(fs::path(fetched.attestations_dir) / (url_name + "@" + version + ".json"), response.body);
    ++fetched.attestation_documents;
  }
  return fetched;
}

}  // namespace tocsin::release
