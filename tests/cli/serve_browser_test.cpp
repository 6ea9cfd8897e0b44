// `tocsin serve` in a real browser: headless Chromium (Debian's chromium + chromium-driver),
// driven through chromedriver's W3C WebDriver HTTP API with cpp-httplib's client — no npm.
// Skipped when Chromium or chromedriver is missing, unless TOCSIN_REQUIRE_SHARED=1 (CI) or
// TOCSIN_REQUIRE_BROWSER=1, which make a missing browser a failure.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/serve_test_support.h"
#include "core/hash.h"
#include "support/run_tocsin.h"
#include "support/scratch_dir.h"
#include "support/shared.h"

namespace tocsin::testing {
namespace {

using Json = nlohmann::json;

#define REQUIRE_BROWSER()                                                                                     \
  do {                                                                                                        \
    if (!std::filesystem::exists("/usr/bin/chromium") || !std::filesystem::exists("/usr/bin/chromedriver")) { \
      if (::tocsin::testing::shared_required() || std::getenv("TOCSIN_REQUIRE_BROWSER"))                      \
        FAIL() << "chromium / chromium-driver are not installed (scripts/install-deps.sh)";                   \
      GTEST_SKIP() << "chromium / chromium-driver are not installed";                                         \
    }                                                                                                         \
  } while (0)

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  const int port = ntohs(address.sin_port);
  close(fd);
  return port;
}

std::string output_dir() {
  const char* dir = std::getenv("TOCSIN_TEST_OUTPUT");  // else the test temporary directory
  const std::string out = dir ? dir : ::testing::TempDir() + "tocsin_serve_browser";
  std::filesystem::create_directories(out);
  return out;
}

// One chromedriver process and one headless Chromium session.
class Browser {
 public:
  Browser()
      : port_(free_port()),
        profile_(::tocsin::testing::process_temp_dir() + "tocsin_chromium_" + std::to_string(::getpid())) {
    std::filesystem::remove_all(profile_);
    pid_ = fork();
    if (pid_ == 0) {
      const std::string port = "--port=" + std::to_string(port_);
      freopen("/dev/null", "w", stdout);
      freopen("/dev/null", "w", stderr);
      execl("/usr/bin/chromedriver", "chromedriver", port.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(60, 0);
    for (int i = 0; i < 100; ++i) {
      if (auto status = client_->Get("/status"); status && status->status == 200) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const Json capabilities = {{"capabilities",
                                {{"alwaysMatch",
                                  {{"goog:chromeOptions",
                                    {{"binary", "/usr/bin/chromium"},
                                     // Root in a container needs --no-sandbox; a throw-away profile keeps runs apart.
                                     {"args",
                                      {"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                       "--window-size=1280,1500", "--user-data-dir=" + profile_}}}}}}}}};
    const Json created = call("POST", "/session", capabilities);
    session_ = created["value"]["sessionId"].is_string() ? created["value"]["sessionId"].get<std::string>() : "";
  }
  ~Browser() {
    if (!session_.empty()) client_->Delete("/session/" + session_);
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    std::filesystem::remove_all(profile_);
  }
  bool ready() const { return !session_.empty(); }

  Json call(const std::string& method, const std::string& path, const Json& body = Json::object()) {
    const auto result = method == "GET"      ? client_->Get(path)
                        : method == "DELETE" ? client_->Delete(path)
                                             : client_->Post(path, body.dump(), "application/json");
    if (!result) return Json{{"value", {{"error", "no answer from chromedriver"}}}};
    return Json::parse(result->body, nullptr, false);
  }
  Json session(const std::string& method, const std::string& path, const Json& body = Json::object()) {
    return call(method, "/session/" + session_ + path, body);
  }
  void go(const std::string& url) { session("POST", "/url", {{"url", url}}); }
  Json script(const std::string& code) {
    return session("POST", "/execute/sync", {{"script", code}, {"args", Json::array()}})["value"];
  }
  Json async_script(const std::string& code) {
    return session("POST", "/execute/async", {{"script", code}, {"args", Json::array()}})["value"];
  }
  // Polls `condition` (a script returning true) for up to 15 seconds.
  bool wait_for(const std::string& condition) {
    for (int i = 0; i < 150; ++i) {
      if (script(condition) == true) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  std::string element(const std::string& css) {
    const Json found = session("POST", "/element", {{"using", "css selector"}, {"value", css}});
    if (!found["value"].is_object() || found["value"].empty()) return "";
    return found["value"].begin().value().is_string() ? found["value"].begin().value().get<std::string>() : "";
  }
  void click(const std::string& css) { session("POST", "/element/" + element(css) + "/click"); }
  void type(const std::string& css, const std::string& text) {
    session("POST", "/element/" + element(css) + "/value", {{"text", text}});
  }
  // The viewport as PNG bytes.
  std::string screenshot() {
    const std::string encoded = session("GET", "/screenshot")["value"].get<std::string>();
    std::string bytes(encoded.size(), '\0');
    const int n =
        EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                        reinterpret_cast<const unsigned char*>(encoded.data()), static_cast<int>(encoded.size()));
    if (n < 0) return "";
    std::size_t padding = 0;
    for (auto c = encoded.rbegin(); c != encoded.rend() && *c == '='; ++c) ++padding;
    bytes.resize(static_cast<std::size_t>(n) - padding);
    return bytes;
  }

 private:
  int port_;
  std::string profile_;
  pid_t pid_ = -1;
  std::unique_ptr<httplib::Client> client_;
  std::string session_;
};

struct Record {
  Record() {
    dir = ::tocsin::testing::process_temp_dir() + "tocsin_serve_browser_" + std::to_string(::getpid()) + "_" +
          ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir + "/repo");
    store = dir + "/incidents.db";
    const std::string at = " --repo " + dir + "/repo --store " + store + " --actor carol --now ";
    // INC-0001 is due in 3 days (a medium finding), INC-0002 critical and overdue since 04:00.
    run("incident open --playbook vulnerable-dependency --title 'minimist 1.2.5: prototype pollution' "
        "--severity medium" +
        at + "2026-05-01T10:00:00Z");
    run("incident open --playbook vulnerable-dependency --title 'time 0.1.45: segfault (RUSTSEC-2020-0071)' "
        "--severity critical" +
        at + "2026-05-01T00:00:00Z");
    run("incident open --playbook leaked-credentials --title 'crates.io token in a CI log' --severity high" + at +
        "2026-05-01T02:00:00Z");
    run("incident set INC-0003 embargo true" + at + "2026-05-01T02:10:00Z");
    run("incident step INC-0003 revoke --done --note 'revoked at crates.io'" + at + "2026-05-01T02:30:00Z");
    std::ofstream(dir + "/tokens.toml") << "[[token]]\nsha256 = \"" << sha256_hex("alice-secret")
                                        << "\"\nactor = \"@alice\"\nroles = [\"triage\"]\n";
  }
  void run(const std::string& command) { EXPECT_EQ(run_tocsin(command).exit_code, 0) << command; }
  std::string args() const { return "--repo " + dir + "/repo --store " + store + " --now 2026-05-01T12:00:00Z"; }
  std::string dir, store;
};

TEST(ServeBrowser, OverdueFirstAndRedAckRecordedScreenshot) {
  REQUIRE_BROWSER();
  Record record;
  ServeProcess server(record.args() + " --actor maintainer");
  ASSERT_GT(server.port, 0) << server.first_line;
  Browser browser;
  ASSERT_TRUE(browser.ready()) << "chromedriver gave no session";
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port) + "/";
  browser.go(url);
  ASSERT_TRUE(browser.wait_for("return document.body.getAttribute('data-loaded') === 'true'"))
      << browser.script("return document.getElementById('error').textContent");

  // The first clock row is the overdue one, says "overdue", and is red.
  const Json first = browser.script(
      "const row = document.querySelector('#clocks tbody tr');"
      "const state = row.querySelector('.countdown');"
      "return {incident: row.getAttribute('data-incident'), text: row.textContent,"
      " color: getComputedStyle(state).color, badge: getComputedStyle(row.querySelector('.badge')).backgroundColor};");
  EXPECT_EQ(first["incident"], "INC-0002");
  EXPECT_NE(first["text"].get<std::string>().find("overdue"), std::string::npos) << first["text"];
  EXPECT_EQ(first["color"], "rgb(198, 40, 40)");  // --red: #c62828
  EXPECT_EQ(first["badge"], "rgb(198, 40, 40)");
  // A clock that is not overdue is not red.
  const Json last = browser.script(
      "const rows = document.querySelectorAll('#clocks tbody tr'); const row = rows[rows.length - 1];"
      "return {incident: row.getAttribute('data-incident'), color: "
      "getComputedStyle(row.querySelector('.countdown')).color,"
      " text: row.textContent};");
  EXPECT_NE(last["color"], "rgb(198, 40, 40)") << last["text"];
  // The countdown runs: the overdue text changes within two seconds.
  const std::string before =
      browser.script("return document.querySelector('#clocks tbody .countdown').textContent").get<std::string>();
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  const std::string after =
      browser.script("return document.querySelector('#clocks tbody .countdown').textContent").get<std::string>();
  EXPECT_NE(before, after);

  // Each incident's checklist and timeline are on the page.
  EXPECT_EQ(browser.script("return document.querySelectorAll('#INC-0003 .checklist li').length"), 7);
  EXPECT_NE(browser.script("return document.querySelector('#INC-0003 .timeline').textContent")
                .get<std::string>()
                .find("revoked at crates.io"),
            std::string::npos);

  const std::string png = browser.screenshot();
  ASSERT_GT(png.size(), 1000u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  std::ofstream(output_dir() + "/dashboard.png", std::ios::binary) << png;

  // Acknowledge INC-0002 from the page: the record has it, by the server's actor.
  browser.click("button.ack[data-id='INC-0002']");
  ASSERT_TRUE(browser.wait_for("return !document.querySelector(\"button.ack[data-id='INC-0002']\")"))
      << browser.script("return document.getElementById('error').textContent");
  const Json shown = Json::parse(run_tocsin("incident show INC-0002 --format json " + record.args()).out);
  EXPECT_EQ(shown["milestones"]["acknowledged"], "2026-05-01T12:00:00Z");
  EXPECT_EQ(shown["events"].back()["type"], "acknowledged");
  EXPECT_EQ(shown["events"].back()["actor"], "maintainer");
}

TEST(ServeBrowser, WithATokenFileTheApiRefusesARequestWithoutToken) {
  REQUIRE_BROWSER();
  Record record;
  ServeProcess server(record.args() + " --token-file " + record.dir + "/tokens.toml");
  ASSERT_GT(server.port, 0) << server.first_line;
  Browser browser;
  ASSERT_TRUE(browser.ready());
  browser.go("http://127.0.0.1:" + std::to_string(server.port) + "/");
  // The page asks for the token; the API without one says 401.
  ASSERT_TRUE(browser.wait_for("return !document.getElementById('signin').hidden"));
  const Json status = browser.async_script(
      "const done = arguments[arguments.length - 1];"
      "fetch('/api/incidents').then((r) => done(r.status), () => done(-1));");
  EXPECT_EQ(status, 401);
  // Signing in: the token goes to sessionStorage, the dashboard loads, the embargoed incident
  // (leaked-credentials, not a triage incident) is not there for alice.
  browser.type("#token", "alice-secret");
  browser.click("#signin button");
  ASSERT_TRUE(browser.wait_for("return document.body.getAttribute('data-loaded') === 'true'"));
  EXPECT_EQ(browser.script("return sessionStorage.getItem('tocsin-token')"), "alice-secret");
  EXPECT_EQ(browser.script("return document.getElementById('INC-0003') === null"), true);
  EXPECT_EQ(browser.script("return document.getElementById('INC-0002') !== null"), true);
  // A wrong token brings the sign-in form back.
  browser.script("sessionStorage.setItem('tocsin-token', 'wrong'); location.reload(); return 1;");
  ASSERT_TRUE(browser.wait_for("return !document.getElementById('signin').hidden"));
}

}  // namespace
}  // namespace tocsin::testing
