// `tocsin release history --fetch NAME` end to end: the saved package document and attestation
// documents of tests/fixtures/release/history served by a registry on 127.0.0.1 (cpp-httplib),
// and the result set against the file-based run (`--npm FILE --attestations DIR`) on the same files.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <vector>

#include "support/files.h"
#include "support/run_tocsin.h"
#include "support/scratch_dir.h"

namespace {

namespace fs = std::filesystem;
using tocsin::testing::run_tocsin;

const std::string kHistory = std::string(TOCSIN_FIXTURES) + "/release/history/";

using tocsin::testing::slurp;

// libcurl is loaded at run time by tocsin; without it --fetch cannot run (CI installs libcurl4).
bool have_libcurl() {
  void* library = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) return false;
  ::dlclose(library);
  return true;
}

// A registry on 127.0.0.1: fixed bodies by (decoded) path, 404 for the rest; records requests.
class Registry {
 public:
  Registry() {
    server_.Get(R"(/.*)", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard lock(mutex_);
      requested_.push_back(request.path);
      const auto route = routes_.find(request.path);
      if (route == routes_.end()) {
        response.status = 404;
        response.set_content("{\"error\":\"Not found\"}", "application/json");
        return;
      }
      response.status = route->second.first;
      response.set_content(route->second.second, "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Registry() {
    server_.stop();
    thread_.join();
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void set(const std::string& path, std::string body, int status = 200) {
    std::lock_guard lock(mutex_);
    routes_[path] = {status, std::move(body)};
  }
  void remove(const std::string& path) {
    std::lock_guard lock(mutex_);
    routes_.erase(path);
  }
  std::vector<std::string> requested() {
    std::lock_guard lock(mutex_);
    return requested_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::map<std::string, std::pair<int, std::string>> routes_;
  std::vector<std::string> requested_;
};

// The fixtures as npm serves them: /sigstore and /-/npm/v1/attestations/sigstore@VERSION for
// every saved attestation document (2.1.0, 2.2.0, 2.2.2, 2.3.1, 3.0.0; 0.4.0 and 2.2.1 have none).
void serve_fixtures(Registry& registry) {
  registry.set("/sigstore", slurp(kHistory + "sigstore.packument.json"));
  for (const auto& entry : fs::directory_iterator(kHistory + "attestations"))
    registry.set("/-/npm/v1/attestations/" + entry.path().stem().string(), slurp(entry.path()));
}

const std::string kConfig = "--config " + kHistory + "tocsin.toml --format json ";

#define REQUIRE_LIBCURL() \
  if (!have_libcurl()) GTEST_SKIP() << "libcurl.so.4 is absent (Debian package libcurl4)"

TEST(ReleaseFetchCli, SameJsonAsTheFileBasedRun) {
  REQUIRE_LIBCURL();
  Registry registry;
  serve_fixtures(registry);
  const auto files = run_tocsin("release history " + kConfig + "--npm " + kHistory +
                                "sigstore.packument.json --attestations " + kHistory + "attestations");
  const auto fetched = run_tocsin("release history " + kConfig + "--fetch sigstore --registry " + registry.base_url());
  ASSERT_EQ(files.exit_code, 1) << files.out;
  ASSERT_EQ(fetched.exit_code, 1) << fetched.out;
  const auto a = nlohmann::json::parse(files.out);
  const auto b = nlohmann::json::parse(fetched.out);
  EXPECT_EQ(b["package_document"], registry.base_url() + "/sigstore");
  EXPECT_EQ(a["expected"], b["expected"]);
  ASSERT_EQ(b["versions"].size(), 7u);
  EXPECT_EQ(a["versions"], b["versions"]);
  // As checked by hand in ReleaseCli.History: 2.2.1 (a 404 here) between two versions with
  // provenance, 2.2.2 from another repository and workflow.
  std::map<std::string, nlohmann::json> by_version;
  for (const auto& v : b["versions"]) by_version[v["version"]] = v;
  EXPECT_EQ(by_version["2.2.1"]["provenance"], false);
  EXPECT_EQ(by_version["2.2.1"]["flags"], nlohmann::json::array({"missing-provenance"}));
  EXPECT_EQ(by_version["3.0.0"]["verified"], true);

  // One request for the document, one per version (npm's attestation endpoint, unencoded name).
  const auto requested = registry.requested();
  ASSERT_EQ(requested.size(), 8u);
  EXPECT_EQ(requested[0], "/sigstore");
  for (const char* version : {"0.4.0", "2.1.0", "2.2.0", "2.2.1", "2.2.2", "2.3.1", "3.0.0"})
    EXPECT_NE(std::find(requested.begin(), requested.end(), std::string("/-/npm/v1/attestations/sigstore@") + version),
              requested.end())
        << version;
}

TEST(ReleaseFetchCli, AnAttestation404IsNoProvenance) {
  const tocsin::testing::ScratchDir scratch;
  REQUIRE_LIBCURL();
  Registry registry;
  serve_fixtures(registry);
  registry.remove("/-/npm/v1/attestations/sigstore@2.3.1");
  // The file-based run on the same documents: a copy of the directory without 2.3.1's.
  const fs::path dir = fs::path(scratch.path()) / "release-fetch-attestations";
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& entry : fs::directory_iterator(kHistory + "attestations"))
    if (entry.path().filename() != "sigstore@2.3.1.json") fs::copy_file(entry.path(), dir / entry.path().filename());

  ::setenv("TOCSIN_NPM_REGISTRY", registry.base_url().c_str(), 1);  // the variable instead of --registry
  const auto fetched = run_tocsin("release history " + kConfig + "--fetch sigstore");
  ::unsetenv("TOCSIN_NPM_REGISTRY");
  const auto files = run_tocsin("release history " + kConfig + "--npm " + kHistory +
                                "sigstore.packument.json --attestations " + dir.string());
  ASSERT_EQ(fetched.exit_code, 1) << fetched.out;
  const auto b = nlohmann::json::parse(fetched.out);
  EXPECT_EQ(nlohmann::json::parse(files.out)["versions"], b["versions"]);
  std::map<std::string, nlohmann::json> by_version;
  for (const auto& v : b["versions"]) by_version[v["version"]] = v;
  EXPECT_EQ(by_version["2.3.1"]["provenance"], false);
  EXPECT_EQ(by_version["2.3.1"]["verified"], false);
  EXPECT_EQ(by_version["2.3.1"]["repository"], "");
  // 2.3.1 now sits between 2.2.2 and 3.0.0, both with provenance.
  EXPECT_EQ(by_version["2.3.1"]["flags"], nlohmann::json::array({"missing-provenance"}));
  fs::remove_all(dir);
}

TEST(ReleaseFetchCli, RegistryErrorsAreExitTwoNamingTheUrl) {
  REQUIRE_LIBCURL();
  Registry registry;
  serve_fixtures(registry);
  const std::string registry_option = " --registry " + registry.base_url();

  auto run = run_tocsin("release history --fetch no-such-package" + registry_option, "", true);
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.out.find(registry.base_url() + "/no-such-package"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("404"), std::string::npos) << run.out;

  // Scoped names are written as npm writes them in URLs.
  run = run_tocsin("release history --fetch @scope/demo" + registry_option, "", true);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find(registry.base_url() + "/@scope%2fdemo"), std::string::npos) << run.out;

  // A server error on one attestation document is an error, not "no provenance".
  registry.set("/-/npm/v1/attestations/sigstore@2.2.0", "oops", 500);
  run = run_tocsin("release history --fetch sigstore" + registry_option, "", true);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find(registry.base_url() + "/-/npm/v1/attestations/sigstore@2.2.0"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("HTTP 500"), std::string::npos) << run.out;

  // Another package's document under the requested name.
  registry.set("/other", slurp(kHistory + "sigstore.packument.json"));
  run = run_tocsin("release history --fetch other" + registry_option, "", true);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("not that of other"), std::string::npos) << run.out;
}

TEST(ReleaseFetchCli, RefusesPlainHttpOffLoopbackAndBadNames) {
  REQUIRE_LIBCURL();
  // Both refused before any connection is made.
  auto run = run_tocsin("release history --fetch sigstore --registry http://example.invalid", "", true);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("non-HTTPS"), std::string::npos) << run.out;
  run = run_tocsin("release history --fetch '../../etc' --registry http://127.0.0.1:9", "", true);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("not an npm package name"), std::string::npos) << run.out;
  run = run_tocsin("release history --fetch sigstore --attestations /tmp --registry http://127.0.0.1:9", "", true);
  EXPECT_EQ(run.exit_code, 2);
}

}  // namespace
