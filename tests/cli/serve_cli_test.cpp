// `tocsin serve` end to end: the server started on a free port, spoken to with cpp-httplib's
// client; the API's objects compared with the CLI's own JSON; the access rules at start-up.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/serve_test_support.h"
#include "core/hash.h"
#include "support/run_tocsin.h"
#include "support/scratch_dir.h"

namespace tocsin::testing {
namespace {

using Json = nlohmann::json;

const char* kNow = "2026-05-01T12:00:00Z";

// A project directory and a record: INC-0001 critical and overdue, INC-0002 embargoed
// (leaked-credentials: owned by release_engineer and crypto_reviewer), INC-0003 closed.
struct Seeded {
  Seeded() {
    dir = ::tocsin::testing::process_temp_dir() + "tocsin_serve_cli_" + std::to_string(::getpid()) + "_" +
          ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir + "/repo");
    store = dir + "/incidents.db";
    const std::string common =
        " --repo " + dir + "/repo --store " + store + " --actor carol --now 2026-05-01T00:00:00Z";
    EXPECT_EQ(run_tocsin("incident open --playbook vulnerable-dependency --title 'time 0.1.45: RUSTSEC-2020-0071' "
                         "--severity critical" +
                         common)
                  .exit_code,
              0);
    EXPECT_EQ(run_tocsin("incident open --playbook leaked-credentials --title 'crates.io token in a CI log' "
                         "--severity high" +
                         common)
                  .exit_code,
              0);
    EXPECT_EQ(run_tocsin("incident set INC-0002 embargo true" + common).exit_code, 0);
    EXPECT_EQ(run_tocsin("incident open --playbook vulnerable-dependency --title 'an old one' --severity low" + common)
                  .exit_code,
              0);
    EXPECT_EQ(run_tocsin("incident close INC-0003 --force" + common).exit_code, 0);
    std::ofstream(dir + "/tokens.toml") << "[[token]]\nsha256 = \"" << sha256_hex("alice-secret")
                                        << "\"\nactor = \"@alice\"\nroles = [\"triage\"]\n\n[[token]]\nsha256 = \""
                                        << sha256_hex("bob-secret")
                                        << "\"\nactor = \"@bob\"\nroles = [\"crypto_reviewer\"]\n";
  }
  std::string args(const std::string& now = kNow) const {
    return "--repo " + dir + "/repo --store " + store + " --now " + now + " --actor maintainer";
  }
  std::string cli(const std::string& command) const { return run_tocsin(command + " " + args()).out; }
  std::string dir, store;
};

void expect_security_headers(const httplib::Result& result, const std::string& what) {
  ASSERT_TRUE(result) << what;
  const std::string csp = result->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << what;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << what;
  EXPECT_EQ(result->get_header_value("X-Content-Type-Options"), "nosniff") << what;
  EXPECT_EQ(result->get_header_value("Referrer-Policy"), "no-referrer") << what;
}

std::string csrf_of(const std::string& page) {
  const std::string marker = "<meta name=\"csrf-token\" content=\"";
  const auto start = page.find(marker);
  if (start == std::string::npos) return "";
  return page.substr(start + marker.size(), page.find('"', start + marker.size()) - start - marker.size());
}

TEST(ServeCli, ApiObjectsAreTheCommandsOwnJson) {
  Seeded seeded;
  ServeProcess server(seeded.args());
  ASSERT_GT(server.port, 0) << server.first_line;
  httplib::Client client("127.0.0.1", server.port);
  const auto list = client.Get("/api/incidents");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 200);
  EXPECT_EQ(Json::parse(list->body), Json::parse(seeded.cli("incident list --format json")));
  EXPECT_EQ(Json::parse(list->body).size(), 3u);  // closed and embargoed ones too: local mode
  const auto show = client.Get("/api/incidents/INC-0002");
  ASSERT_TRUE(show);
  EXPECT_EQ(Json::parse(show->body), Json::parse(seeded.cli("incident show INC-0002 --format json")));
  const auto due = client.Get("/api/due");
  ASSERT_TRUE(due);
  EXPECT_EQ(Json::parse(due->body), Json::parse(seeded.cli("incident due --format json")));
  const auto cna = client.Get("/api/cna");
  ASSERT_TRUE(cna);
  EXPECT_EQ(Json::parse(cna->body), Json::parse(run_tocsin("cna status --format json --repo " + seeded.dir +
                                                           "/repo --store " + seeded.store + " --now " + kNow)
                                                    .out));
  for (const char* path : {"/", "/assets/app.js", "/api/due", "/nope", "/assets/../serve.h"})
    expect_security_headers(client.Get(path), path);
  EXPECT_EQ(server.stop(), 0);  // SIGTERM: a clean stop
}

TEST(ServeCli, TokensCsrfAndEmbargoOverHttp) {
  Seeded seeded;
  ServeProcess server(seeded.args() + " --token-file " + seeded.dir + "/tokens.toml");
  ASSERT_GT(server.port, 0) << server.first_line;
  httplib::Client client("127.0.0.1", server.port);
  const auto anonymous = client.Get("/api/incidents");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  expect_security_headers(anonymous, "401");

  const httplib::Headers alice = {{"Authorization", "Bearer alice-secret"}};
  const auto list = client.Get("/api/incidents", alice);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200);
  for (const Json& item : Json::parse(list->body)) EXPECT_NE(item["id"], "INC-0002");  // embargoed, not hers
  EXPECT_EQ(client.Get("/api/incidents/INC-0002", alice)->status, 404);
  EXPECT_EQ(client.Get("/api/incidents/INC-0002", {{"Authorization", "Bearer bob-secret"}})->status, 200);

  const auto page = client.Get("/");
  ASSERT_TRUE(page);
  const std::string csrf = csrf_of(page->body);
  ASSERT_EQ(csrf.size(), 64u);
  const std::string origin = "http://127.0.0.1:" + std::to_string(server.port);
  httplib::Headers no_csrf = alice;
  no_csrf.emplace("Origin", origin);
  const auto refused = client.Post("/api/incidents/INC-0001/ack", no_csrf, "{}", "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  expect_security_headers(refused, "403");
  httplib::Headers cross = alice;
  cross.emplace("X-CSRF-Token", csrf);
  cross.emplace("Origin", "http://evil.example");
  EXPECT_EQ(client.Post("/api/incidents/INC-0001/ack", cross, "{}", "application/json")->status, 403);
  EXPECT_EQ(Json::parse(seeded.cli("incident show INC-0001 --format json"))["milestones"]["acknowledged"], nullptr);

  httplib::Headers good = alice;
  good.emplace("X-CSRF-Token", csrf);
  good.emplace("Origin", origin);
  const auto acked = client.Post("/api/incidents/INC-0001/ack", good, R"({"note":"from the web"})", "application/json");
  ASSERT_TRUE(acked);
  EXPECT_EQ(acked->status, 200) << acked->body;
  const Json shown = Json::parse(seeded.cli("incident show INC-0001 --format json"));
  EXPECT_EQ(shown["milestones"]["acknowledged"], kNow);
  EXPECT_EQ(shown["events"].back()["actor"], "@alice");
  EXPECT_EQ(shown["events"].back()["payload"]["note"], "from the web");
  // Triage decides the release-path branch first (the page has no branch decision: CLI only).
  ASSERT_EQ(run_tocsin("incident set INC-0001 branch.release-path yes " + seeded.args()).exit_code, 0);
  const auto step = client.Post("/api/incidents/INC-0001/steps/triage", good, R"({"status":"done","note":"checked"})",
                                "application/json");
  ASSERT_TRUE(step);
  EXPECT_EQ(step->status, 200) << step->body;
  // The chain still verifies after writes from the server.
  EXPECT_EQ(run_tocsin("incident verify " + seeded.args()).exit_code, 0);
}

TEST(ServeCli, RefusedStartsExitTwo) {
  Seeded seeded;
  {
    ServeProcess server(seeded.args() + " --listen 0.0.0.0:0");
    EXPECT_EQ(server.wait_exit(), 2);
    EXPECT_NE(server.first_line.find("needs --token-file"), std::string::npos) << server.first_line;
  }
  {
    ServeProcess server(seeded.args() + " --listen 0.0.0.0:0 --token-file " + seeded.dir + "/tokens.toml");
    EXPECT_EQ(server.wait_exit(), 2);
    EXPECT_NE(server.first_line.find("--tls-cert"), std::string::npos) << server.first_line;
  }
  {
    std::ofstream(seeded.dir + "/bad.toml") << "[[token]]\nsha256 = \"nothex\"\nactor = \"a\"\n";
    ServeProcess server(seeded.args() + " --token-file " + seeded.dir + "/bad.toml");
    EXPECT_EQ(server.wait_exit(), 2);
    EXPECT_NE(server.first_line.find("bad.toml:2:10"), std::string::npos) << server.first_line;
  }
  {
    ServeProcess server(seeded.args() + " --listen nowhere");
    EXPECT_EQ(server.wait_exit(), 2);
  }
  {
    ServeProcess server(seeded.args() + " --tls-cert " + seeded.dir + "/cert.pem");
    EXPECT_EQ(server.wait_exit(), 2);  // a certificate without its key
  }
}

TEST(ServeCli, InsecureHttpOnAnyAddressWithTokens) {
  Seeded seeded;
  ServeProcess server(seeded.args() + " --listen 0.0.0.0:0 --insecure-http --token-file " + seeded.dir +
                      "/tokens.toml");
  ASSERT_GT(server.port, 0) << server.first_line;
  httplib::Client client("127.0.0.1", server.port);
  EXPECT_EQ(client.Get("/api/due")->status, 401);
  EXPECT_EQ(client.Get("/api/due", {{"Authorization", "Bearer bob-secret"}})->status, 200);
}

TEST(ServeCli, TlsWithACertificate) {
  Seeded seeded;
  const std::string cert = seeded.dir + "/cert.pem", key = seeded.dir + "/key.pem";
  const std::string make = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -keyout " + key +
                           " -out " + cert + " >/dev/null 2>&1";
  if (std::system(make.c_str()) != 0) GTEST_SKIP() << "no openssl command to make a test certificate";
  ServeProcess server(seeded.args() + " --listen 0.0.0.0:0 --token-file " + seeded.dir + "/tokens.toml --tls-cert " +
                      cert + " --tls-key " + key);
  ASSERT_GT(server.port, 0) << server.first_line;
  EXPECT_NE(server.first_line.find("https://"), std::string::npos);
  httplib::SSLClient client("127.0.0.1", server.port);
  client.enable_server_certificate_verification(false);  // self-signed for the test
  const auto due = client.Get("/api/due", {{"Authorization", "Bearer bob-secret"}});
  ASSERT_TRUE(due);
  EXPECT_EQ(due->status, 200);
  EXPECT_EQ(client.Get("/api/due")->status, 401);
}

}  // namespace
}  // namespace tocsin::testing
