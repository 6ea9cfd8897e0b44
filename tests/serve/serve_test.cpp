// tocsin serve without sockets: authentication, CSRF, embargo, asset paths, the API's shapes.
#include "serve/serve.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/hash.h"
#include "incident/sqlite_store.h"
#include "serve/assets.h"
#include "support/scratch_dir.h"

namespace tocsin::serve {
namespace {

using Json = nlohmann::json;
using namespace tocsin::incident;

std::int64_t at(const char* text) { return parse_time(text, "test"); }

// A record with an overdue critical incident, an embargoed leaked-credentials incident (owned by
// the roles of its playbook: release_engineer, crypto_reviewer) and a closed one.
struct Fixture {
  Fixture() {
    dir = ::tocsin::testing::process_temp_dir() + "tocsin_serve_" + std::to_string(::getpid()) + "_" +
          ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    store = open_sqlite_store(dir + "/incidents.db", StoreMode::Create);
    playbooks = PlaybookCatalog::builtin();
    const Session opening{*store, playbooks, config, "carol", at("2026-05-01T00:00:00Z")};
    OpenRequest dependency{.playbook = "vulnerable-dependency", .title = "time 0.1.45: RUSTSEC-2020-0071"};
    dependency.severity = policy::Level::Critical;
    open_incident(opening, dependency);  // INC-0001: first-action due 04:00, overdue at noon
    OpenRequest leak{.playbook = "leaked-credentials", .title = "crates.io token in a CI log"};
    leak.severity = policy::Level::High;
    open_incident(opening, leak);  // INC-0002
    set_field(opening, "INC-0002", "embargo", "true");
    OpenRequest old{.playbook = "vulnerable-dependency", .title = "an old one"};
    old.severity = policy::Level::Low;
    open_incident(opening, old);  // INC-0003
    close_incident(opening, "INC-0003", "fixed long ago", true);
    tokens = {{sha256_hex("alice-secret"), "@alice", {"triage"}},
              {sha256_hex("bob-secret"), "@bob", {"crypto_reviewer"}}};
  }

  Dashboard dashboard(bool with_tokens) {
    DashboardOptions options;
    options.store = store.get();
    options.playbooks = &playbooks;
    options.config = &config;
    options.actor = "maintainer";
    options.now = at("2026-05-01T12:00:00Z");
    if (with_tokens) options.tokens = tokens;
    options.csrf_token = "c5rf";
    options.cna_json = [](const std::vector<Incident>& closed, std::int64_t) {
      return Json{{"closed_seen", closed.size()}}.dump();
    };
    return Dashboard(std::move(options));
  }

  std::string dir;
  std::unique_ptr<EventStore> store;
  PlaybookCatalog playbooks;
  Config config;
  std::vector<Token> tokens;
};

Request get(const std::string& path, const std::string& token = "") {
  Request request;
  request.method = "GET";
  request.path = path;
  request.headers["host"] = "dash.example:8443";
  if (!token.empty()) request.headers["authorization"] = "Bearer " + token;
  return request;
}

Request post(const std::string& path, const std::string& body, const std::string& token = "") {
  Request request = get(path, token);
  request.method = "POST";
  request.body = body;
  request.headers["x-csrf-token"] = "c5rf";
  request.headers["origin"] = "http://dash.example:8443";
  return request;
}

std::vector<std::string> ids(const Json& list, const char* key) {
  std::vector<std::string> out;
  for (const Json& item : list) out.push_back(item[key].get<std::string>());
  return out;
}

TEST(ServeAuth, NoTokenIs401AndAWrongOneToo) {
  Fixture f;
  const Dashboard d = f.dashboard(true);
  for (const char* path : {"/api/incidents", "/api/incidents/INC-0001", "/api/due", "/api/findings", "/api/cna"}) {
    EXPECT_EQ(d.handle(get(path)).status, 401) << path;
    EXPECT_EQ(d.handle(get(path, "alice-secre")).status, 401) << path;
    EXPECT_EQ(d.handle(get(path, "alice-secret")).status, 200) << path;
  }
  Request basic = get("/api/incidents");
  basic.headers["authorization"] = "Basic YWxpY2U6c2VjcmV0";
  EXPECT_EQ(d.handle(basic).status, 401);
  // A write without a token is 401 too (authentication comes before CSRF).
  EXPECT_EQ(d.handle(post("/api/incidents/INC-0001/ack", "{}")).status, 401);
}

TEST(ServeAuth, ThePageNeedsNoTokenAndCarriesTheCsrfToken) {
  Fixture f;
  const Dashboard d = f.dashboard(true);
  const Response page = d.handle(get("/"));
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_NE(page.body.find(R"(<meta name="csrf-token" content="c5rf">)"), std::string::npos);
  EXPECT_NE(page.body.find(R"(<meta name="tocsin-auth" content="token">)"), std::string::npos);
  EXPECT_NE(page.body.find(R"(<meta name="server-now" content="2026-05-01T12:00:00Z">)"), std::string::npos);
  // It holds no record data: no incident title reaches it.
  EXPECT_EQ(page.body.find("RUSTSEC"), std::string::npos);
  // No inline script or style (the CSP forbids them): scripts and styles are files.
  EXPECT_EQ(page.body.find("<script>"), std::string::npos);
  EXPECT_EQ(page.body.find("<style"), std::string::npos);
  EXPECT_EQ(page.body.find("style=\""), std::string::npos);
  EXPECT_EQ(page.body.find("onclick"), std::string::npos);
}

TEST(ServeAuth, RandomCsrfTokensDiffer) {
  Fixture f;
  DashboardOptions options;
  options.store = f.store.get();
  options.playbooks = &f.playbooks;
  options.config = &f.config;
  const Dashboard one(options), two(options);
  EXPECT_EQ(one.csrf_token().size(), 64u);
  EXPECT_NE(one.csrf_token(), two.csrf_token());
}

TEST(ServeCsrf, WritesNeedTheTokenAndTheSameOrigin) {
  Fixture f;
  const Dashboard d = f.dashboard(true);
  Request missing = post("/api/incidents/INC-0001/ack", "{}", "alice-secret");
  missing.headers.erase("x-csrf-token");
  EXPECT_EQ(d.handle(missing).status, 403);
  Request wrong = post("/api/incidents/INC-0001/ack", "{}", "alice-secret");
  wrong.headers["x-csrf-token"] = "c5rg";
  EXPECT_EQ(d.handle(wrong).status, 403);
  Request no_origin = post("/api/incidents/INC-0001/ack", "{}", "alice-secret");
  no_origin.headers.erase("origin");
  EXPECT_EQ(d.handle(no_origin).status, 403);
  Request other_origin = post("/api/incidents/INC-0001/ack", "{}", "alice-secret");
  other_origin.headers["origin"] = "http://evil.example";
  EXPECT_EQ(d.handle(other_origin).status, 403);
  Request other_scheme = post("/api/incidents/INC-0001/ack", "{}", "alice-secret");
  other_scheme.headers["origin"] = "https://dash.example:8443";  // this server speaks http
  EXPECT_EQ(d.handle(other_scheme).status, 403);
  EXPECT_TRUE(load_incident(*f.store, "INC-0001").events.size() == 1) << "nothing was written";

  const Response ok = d.handle(post("/api/incidents/INC-0001/ack", R"({"note":"seen"})", "alice-secret"));
  ASSERT_EQ(ok.status, 200) << ok.body;
  const Incident acked = load_incident(*f.store, "INC-0001");
  ASSERT_EQ(acked.events.size(), 2u);
  EXPECT_EQ(acked.events[1].type, "acknowledged");
  EXPECT_EQ(acked.events[1].actor, "@alice");               // the signed-in actor
  EXPECT_EQ(acked.events[1].time, "2026-05-01T12:00:00Z");  // --now
  EXPECT_EQ(Json::parse(ok.body)["milestones"]["acknowledged"], "2026-05-01T12:00:00Z");
}

TEST(ServeWrites, StepsDoneOrSkippedWithANote) {
  Fixture f;
  // The triage step decides the release-path branch: decided first, as the CLI requires.
  set_field(Session{*f.store, f.playbooks, f.config, "carol", at("2026-05-01T01:00:00Z")}, "INC-0001", "release-path",
            "yes");
  const Dashboard d = f.dashboard(false);  // local mode: the --actor writes
  const Response done = d.handle(post("/api/incidents/INC-0001/steps/triage", R"({"status":"done","note":"ok"})"));
  ASSERT_EQ(done.status, 200) << done.body;
  const Incident after = load_incident(*f.store, "INC-0001");
  ASSERT_TRUE(after.steps.count("triage"));
  EXPECT_FALSE(after.steps.at("triage").skipped);
  EXPECT_EQ(after.steps.at("triage").note, "ok");
  EXPECT_EQ(after.steps.at("triage").actor, "maintainer");

  EXPECT_EQ(d.handle(post("/api/incidents/INC-0001/steps/long-term", R"({"status":"skipped"})")).status, 200);
  EXPECT_TRUE(load_incident(*f.store, "INC-0001").steps.at("long-term").skipped);

  EXPECT_EQ(d.handle(post("/api/incidents/INC-0001/steps/ban", R"({"status":"maybe"})")).status, 400);
  EXPECT_EQ(d.handle(post("/api/incidents/INC-0001/steps/ban", R"({"status":"done","note":3})")).status, 400);
  EXPECT_EQ(d.handle(post("/api/incidents/INC-0001/steps/ban", "[1]")).status, 400);
  EXPECT_EQ(d.handle(post("/api/incidents/INC-0001/steps/ban", "{")).status, 400);
  EXPECT_EQ(d.handle(post("/api/incidents/INC-0001/steps/nope", R"({"status":"done"})")).status, 404);
  EXPECT_EQ(d.handle(post("/api/incidents/INC-0009/ack", "{}")).status, 404);
  EXPECT_EQ(d.handle(post("/api/incidents/INC-0003/ack", "{}")).status, 409);  // closed: read-only
  EXPECT_EQ(d.handle(post("/api/incidents/INC-0001/steps/triage", R"({"status":"done"})")).status, 400);  // twice
}

TEST(ServeEmbargo, OnlyOwningRolesSeeAnEmbargoedIncident) {
  Fixture f;
  const Dashboard d = f.dashboard(true);
  // alice holds triage, which no step of leaked-credentials has: INC-0002 does not exist for her.
  const Json list = Json::parse(d.handle(get("/api/incidents", "alice-secret")).body);
  EXPECT_EQ(ids(list, "id"), (std::vector<std::string>{"INC-0001", "INC-0003"}));
  const Json due = Json::parse(d.handle(get("/api/due", "alice-secret")).body);
  for (const Json& item : due) EXPECT_NE(item["incident"], "INC-0002");
  EXPECT_EQ(d.handle(get("/api/incidents/INC-0002", "alice-secret")).status, 404);
  EXPECT_EQ(d.handle(post("/api/incidents/INC-0002/ack", "{}", "alice-secret")).status, 404);
  EXPECT_EQ(load_incident(*f.store, "INC-0002").acknowledged_at, std::nullopt);

  // bob is a crypto_reviewer: rotate-signing-identity is his, so he sees it.
  const Json bobs = Json::parse(d.handle(get("/api/incidents", "bob-secret")).body);
  EXPECT_EQ(ids(bobs, "id"), (std::vector<std::string>{"INC-0001", "INC-0002", "INC-0003"}));
  const Json shown = Json::parse(d.handle(get("/api/incidents/INC-0002", "bob-secret")).body);
  EXPECT_EQ(shown["embargo"]["roles"], Json::parse(R"(["crypto_reviewer","release_engineer"])"));
  bool listed = false;
  for (const Json& item : Json::parse(d.handle(get("/api/due", "bob-secret")).body))
    listed = listed || item["incident"] == "INC-0002";
  EXPECT_TRUE(listed);

  // Local mode (no tokens): the one maintainer sees everything.
  const Dashboard local = f.dashboard(false);
  EXPECT_EQ(ids(Json::parse(local.handle(get("/api/incidents")).body), "id").size(), 3u);
}

TEST(ServeEmbargo, RecordedRolesReplaceThePlaybookDefault) {
  Fixture f;
  const Session session{*f.store, f.playbooks, f.config, "carol", at("2026-05-01T01:00:00Z")};
  set_field(session, "INC-0002", "embargo-roles", "triage");
  const Dashboard d = f.dashboard(true);
  EXPECT_EQ(d.handle(get("/api/incidents/INC-0002", "alice-secret")).status, 200);
  EXPECT_EQ(d.handle(get("/api/incidents/INC-0002", "bob-secret")).status, 404);
  set_field(session, "INC-0002", "embargo", "false");  // lifted: everyone
  const Dashboard lifted = f.dashboard(true);
  EXPECT_EQ(lifted.handle(get("/api/incidents/INC-0002", "bob-secret")).status, 200);
  EXPECT_EQ(lifted.handle(get("/api/incidents/INC-0002", "alice-secret")).status, 200);
}

TEST(ServeAssets, OnlyTheCompiledInTableIsServed) {
  Fixture f;
  const Dashboard d = f.dashboard(true);
  const Response js = d.handle(get("/assets/app.js"));
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(d.handle(get("/assets/app.css")).content_type, "text/css; charset=utf-8");
  for (const char* path : {"/assets/../serve.h", "/assets/..%2fserve.h", "/assets/%2e%2e/CMakeLists.txt",
                           "/assets/app.js/../app.css", "/assets//app.js", "/assets/", "/assets/./app.js",
                           "/../../etc/passwd", "/assets/APP.JS", "/etc/passwd", "/assets/app.js%00.png"}) {
    const Response response = d.handle(get(path));
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_EQ(response.body.find("tocsin serve: the dashboard page"), std::string::npos) << path;
  }
  EXPECT_EQ(find_asset("../serve.h"), nullptr);
  EXPECT_NE(find_asset("index.html"), nullptr);
}

TEST(ServeApi, ShapesMatchTheEngineBuilders) {
  Fixture f;
  const Dashboard d = f.dashboard(false);
  const std::int64_t now = at("2026-05-01T12:00:00Z");
  const std::vector<Incident> incidents = load_incidents(*f.store);
  EXPECT_EQ(Json::parse(d.handle(get("/api/incidents")).body), Json::parse(incident_list_json(incidents).dump()));
  EXPECT_EQ(Json::parse(d.handle(get("/api/due")).body),
            Json::parse(due_json(due_items(incidents, f.playbooks, f.config), f.config, now).dump()));
  EXPECT_EQ(Json::parse(d.handle(get("/api/incidents/INC-0001")).body),
            Json::parse(incident_json(incidents[0], f.playbooks.get("vulnerable-dependency"), f.config, now).dump()));
  // The overdue critical clock comes first (earliest deadline) and says so.
  const Json due = Json::parse(d.handle(get("/api/due")).body);
  ASSERT_FALSE(due.empty());
  EXPECT_EQ(due[0]["incident"], "INC-0001");
  EXPECT_EQ(due[0]["clock"], "first-action");
  EXPECT_EQ(due[0]["deadline"], "2026-05-01T04:00:00Z");  // critical: 4h from the report
  EXPECT_EQ(due[0]["overdue"], true);
  // CNA: the closed incidents are handed to the CLI layer's builder.
  EXPECT_EQ(Json::parse(d.handle(get("/api/cna")).body)["closed_seen"], 1);
  EXPECT_EQ(d.handle(get("/api/nope")).status, 404);
  Request put = get("/api/incidents");
  put.method = "PUT";
  EXPECT_EQ(d.handle(put).status, 405);
  const Json me = Json::parse(d.handle(get("/api/me")).body);
  EXPECT_EQ(me["mode"], "local");
  EXPECT_EQ(me["actor"], "maintainer");
}

TEST(ServeApi, FindingsOfTheLatestRecordedScan) {
  Fixture f;
  const Dashboard d = f.dashboard(true);
  Json none = Json::parse(d.handle(get("/api/findings", "alice-secret")).body);
  EXPECT_TRUE(none["recorded_at"].is_null());
  EXPECT_TRUE(none["findings"].empty());

  const Session scan{*f.store, f.playbooks, f.config, "scan", at("2026-05-01T06:00:00Z")};
  FindingObservation lodash{.key = finding_key("npm", "lodash", "4.17.20", "GHSA-35jh-r3h4-6jhm"),
                            .title = "lodash 4.17.20: command injection"};
  lodash.severity = policy::Level::High;
  FindingObservation minimist{.key = finding_key("npm", "minimist", "1.2.5", "GHSA-xvch-5gv4-984h"),
                              .title = "minimist 1.2.5: prototype pollution"};
  minimist.severity = policy::Level::Medium;
  sync_findings(scan, {lodash, minimist}, true);  // opens INC-0004, INC-0005
  set_field(scan, "INC-0005", "embargo-roles", "crypto_reviewer");

  const Dashboard fresh = f.dashboard(true);
  const Json alices = Json::parse(fresh.handle(get("/api/findings", "alice-secret")).body);
  EXPECT_EQ(alices["recorded_at"], "2026-05-01T06:00:00Z");
  EXPECT_EQ(alices["complete"], true);
  ASSERT_EQ(alices["findings"].size(), 1u);  // minimist's incident is embargoed away from triage
  EXPECT_EQ(alices["findings"][0]["incident"], "INC-0004");
  EXPECT_EQ(alices["findings"][0]["level"], "high");
  EXPECT_EQ(alices["findings"][0]["deadline"], "2026-05-02T06:00:00Z");  // high: 24h from detection
  EXPECT_EQ(alices["by_level"]["high"], 1);
  EXPECT_EQ(alices["by_level"]["medium"], 0);
  const Json bobs = Json::parse(fresh.handle(get("/api/findings", "bob-secret")).body);
  EXPECT_EQ(bobs["findings"].size(), 2u);
  EXPECT_EQ(bobs["by_level"]["medium"], 1);
  EXPECT_EQ(bobs["findings"][1]["deadline"], "2026-05-04T06:00:00Z");  // medium: 72h
}

TEST(ServeTokens, TheFileIsParsedStrictly) {
  const std::string hash(64, 'a');
  const auto parsed = parse_tokens("[[token]]\nsha256 = \"" + std::string(64, 'A') +
                                       "\"\nactor = \"@alice\"\nroles = [\"triage\", \"release_engineer\"]\n",
                                   "tokens.toml");
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0].sha256, hash);  // upper-case hex is accepted, kept lower-case
  EXPECT_EQ(parsed[0].roles, (std::vector<std::string>{"triage", "release_engineer"}));

  const auto error_of = [](const std::string& text) {
    try {
      parse_tokens(text, "tokens.toml");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of("[[token]]\nsha256 = \"abc\"\nactor = \"a\"\n"),
            "tokens.toml:2:10: token.sha256 must be the 64 hex digits of the token's SHA-256 (sha256sum)");
  EXPECT_EQ(error_of("[[token]]\nsha256 = \"" + hash + "\"\nactor = \"a\"\nroles = [\"admin\"]\n"),
            "tokens.toml:4:10: unknown role 'admin' (expected one of triage, crypto_reviewer, connector_reviewer, "
            "release_engineer)");
  EXPECT_EQ(error_of("[[token]]\nsha256 = \"" + hash + "\"\nactor = \"a\"\ntoken = \"hunter2\"\n"),
            "tokens.toml:4:9: unknown key 'token' in [[token]] (expected sha256, actor, roles)");
  EXPECT_EQ(error_of("[[token]]\nsha256 = \"" + hash + "\"\nactor = \"a\"\n[[token]]\nsha256 = \"" + hash +
                     "\"\nactor = \"b\"\n"),
            "tokens.toml:5:10: the same token hash is listed twice");
  EXPECT_EQ(error_of("[[token]]\nsha256 = \"" + hash + "\"\n"), "tokens.toml:1:1: [[token]] needs actor");
  EXPECT_EQ(error_of(""), "tokens.toml: no [[token]] entry: nobody could sign in");
  EXPECT_EQ(error_of("token = 1\n"), "tokens.toml:1:9: unknown key 'token' (a token file holds [[token]] entries)");
}

TEST(ServeAccess, ListenAddressesAndTheirPolicy) {
  EXPECT_EQ(parse_listen("127.0.0.1:8080").port, 8080);
  EXPECT_EQ(parse_listen(":9000").host, "127.0.0.1");
  EXPECT_EQ(parse_listen("[::1]:0").host, "::1");
  EXPECT_EQ(parse_listen("0.0.0.0:443").host, "0.0.0.0");
  for (const char* bad : {"8080", "host:", "host:99999", "::1:80", "a b:80", "host:8o"})
    EXPECT_THROW(parse_listen(bad), Error) << bad;
  EXPECT_TRUE(parse_listen("127.0.0.1:1").loopback());
  EXPECT_TRUE(parse_listen("localhost:1").loopback());
  EXPECT_FALSE(parse_listen("0.0.0.0:1").loopback());

  AccessOptions access;
  EXPECT_NO_THROW(check_listen_policy(access));  // 127.0.0.1, no tokens: the local maintainer
  access.listen = parse_listen("0.0.0.0:8443");
  EXPECT_THROW(check_listen_policy(access), Error);  // no token file
  access.token_file = "tokens.toml";
  EXPECT_THROW(check_listen_policy(access), Error);  // tokens in clear
  access.insecure_http = true;
  EXPECT_NO_THROW(check_listen_policy(access));
  access.insecure_http = false;
  access.tls_cert = "cert.pem";
  EXPECT_THROW(check_listen_policy(access), Error);  // a certificate without its key
  access.tls_key = "key.pem";
  EXPECT_NO_THROW(check_listen_policy(access));
}

TEST(ServeHeaders, CspWithoutUnsafeInline) {
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : security_headers()) headers[name] = value;
  EXPECT_NE(headers["Content-Security-Policy"].find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(headers["Content-Security-Policy"].find("unsafe"), std::string::npos);
  EXPECT_EQ(headers["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(headers["Referrer-Policy"], "no-referrer");
}

TEST(ServeTokens, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
  EXPECT_FALSE(constant_time_equal("", "a"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

}  // namespace
}  // namespace tocsin::serve
