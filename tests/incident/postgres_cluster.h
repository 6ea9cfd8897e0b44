// A throw-away PostgreSQL server for tests: `initdb` into a temporary directory, `pg_ctl start`
// listening only on a Unix socket in that directory (no TCP port, so parallel test processes
// never collide), stopped and removed when the test process ends.
//
// initdb refuses to run as root, and the session and CI run as root: the server then runs as
// the `postgres` user Debian's package creates (else `nobody`) through runuser, and the
// directory is handed to that user. Its superuser is `tocsin`, trust authentication on the
// socket: only processes that can reach the private directory can connect.
//
// initdb takes seconds on a loaded machine and ctest runs each test in its own process, so the
// first process initialises a template cluster once (under a lock) and every process copies it.
//
// Binaries: $TOCSIN_PG_BINDIR, else the newest /usr/lib/postgresql/*/bin (Debian), else
// `initdb` on PATH. Absent: the tests skip, or fail when TOCSIN_REQUIRE_POSTGRES=1 or
// TOCSIN_REQUIRE_SHARED=1 is set (scripts/test.sh sets the first): CI must not pass by testing less.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/shared.h"

namespace tocsin::testing {

struct CommandResult {
  int status = -1;     // exit code, -1 when it did not exit normally
  std::string output;  // stdout and stderr
};

// Runs argv (no shell), collecting stdout and stderr together.
inline CommandResult run_command(const std::vector<std::string>& argv) {
  CommandResult result;
  int fds[2];
  if (::pipe(fds) != 0) return result;
  const pid_t pid = ::fork();
  if (pid < 0) return result;
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    ::close(fds[0]);
    ::close(fds[1]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  char buffer[4096];
  ssize_t n = 0;
  while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0) result.output.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

class PostgresCluster {
 public:
  // The cluster of this test process, started on first use; nullptr (and *why) when PostgreSQL's
  // server binaries are not installed or the cluster would not start.
  static PostgresCluster* get(std::string* why) {
    static std::string failure;
    static std::unique_ptr<PostgresCluster> cluster = [] {
      auto made = std::unique_ptr<PostgresCluster>(new PostgresCluster());
      failure = made->boot();
      if (!failure.empty()) made.reset();
      return made;
    }();
    if (!cluster && why) *why = failure;
    return cluster.get();
  }

  ~PostgresCluster() {
    if (::getpid() != owner_) return;  // a forked child leaving must not stop the parent's server
    as_server_user({bindir_ + "/pg_ctl", "-D", data_, "-m", "immediate", "-w", "stop"});
    std::error_code ignored;
    std::filesystem::remove_all(base_, ignored);
  }

  // postgresql:///DATABASE?host=DIR&port=5432&user=tocsin
  std::string url(const std::string& database) const {
    return "postgresql:///" + database + "?host=" + base_ + "&port=" + kPort + "&user=tocsin";
  }

  // A new empty database named after `name` (made unique); its URL.
  std::string fresh_database(const std::string& name) {
    std::string db = "t" + std::to_string(++databases_) + "_";
    for (char c : name) db += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
    db = db.substr(0, 60);
    const CommandResult made = psql(url("postgres"), "CREATE DATABASE " + db + " ENCODING 'UTF8' TEMPLATE template0");
    EXPECT_EQ(made.status, 0) << made.output;
    return url(db);
  }

  // psql -c SQL against url (ON_ERROR_STOP): how an administrator (or an attacker) edits rows.
  CommandResult psql(const std::string& target, const std::string& sql) const {
    return run_command({bindir_ + "/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", target, "-c", sql});
  }

  // pg_ctl stop -m immediate: the server processes quit at once, as in a crash.
  CommandResult stop_immediately() {
    return as_server_user({bindir_ + "/pg_ctl", "-D", data_, "-m", "immediate", "-w", "stop"});
  }
  CommandResult start() {
    return as_server_user({bindir_ + "/pg_ctl", "-D", data_, "-l", base_ + "/server.log", "-w", "-t", "120", "-o",
                           "-k " + base_ + " -c listen_addresses= -p " + kPort + " -c shared_buffers=16MB", "start"});
  }

  const std::string& bindir() const { return bindir_; }

 private:
  static constexpr const char* kPort = "5432";  // only names the socket file in the private directory

  PostgresCluster() : owner_(::getpid()) {}

  static std::string find_bindir() {
    if (const char* dir = std::getenv("TOCSIN_PG_BINDIR"); dir && *dir) return dir;
    std::vector<std::filesystem::path> found;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", error))
      if (std::filesystem::exists(entry.path() / "bin" / "initdb")) found.push_back(entry.path() / "bin");
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return std::atoi(a.parent_path().filename().c_str()) < std::atoi(b.parent_path().filename().c_str());
    });
    if (!found.empty()) return found.back().string();
    for (const char* dir : {"/usr/local/bin", "/usr/bin"})
      if (std::filesystem::exists(std::string(dir) + "/initdb") &&
          std::filesystem::exists(std::string(dir) + "/pg_ctl"))
        return dir;
    return "";
  }

  CommandResult as_server_user(std::vector<std::string> argv) const {
    if (!user_.empty()) argv.insert(argv.begin(), {"runuser", "-u", user_, "--"});
    return run_command(argv);
  }

  void give_to_server_user(const std::string& path) const {
    if (uid_ != ::geteuid()) {
      if (::chown(path.c_str(), uid_, gid_) != 0) ADD_FAILURE() << "chown " << path;
    }
  }

  std::string boot() {
    bindir_ = find_bindir();
    if (bindir_.empty() || !std::filesystem::exists(bindir_ + "/pg_ctl") ||
        !std::filesystem::exists(bindir_ + "/postgres") || !std::filesystem::exists(bindir_ + "/psql"))
      return "PostgreSQL server binaries not found (apt-get install postgresql, or set TOCSIN_PG_BINDIR)";
    uid_ = ::geteuid();
    gid_ = ::getegid();
    if (uid_ == 0) {
      const struct passwd* pw = ::getpwnam("postgres");
      if (pw == nullptr) pw = ::getpwnam("nobody");
      if (pw == nullptr) return "running as root and neither a postgres nor a nobody user exists for initdb";
      user_ = pw->pw_name;
      uid_ = pw->pw_uid;
      gid_ = pw->pw_gid;
    }
    const std::string tmp = ::testing::TempDir();
    std::string pattern = tmp + "tocsin_pg_XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) return "mkdtemp failed in " + tmp;
    base_ = pattern;
    data_ = base_ + "/data";
    give_to_server_user(base_);

    // The template: initialised once per machine, user and PostgreSQL version, under a lock.
    const std::string key = std::to_string(uid_) + "_" + std::to_string(std::hash<std::string>{}(bindir_) % 100000);
    const std::string templ = tmp + "tocsin_pg_template_" + key;
    const int lock = ::open((templ + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0 || ::flock(lock, LOCK_EX) != 0) return "cannot lock " + templ + ".lock";
    std::string problem;
    if (!std::filesystem::exists(templ + "/PG_VERSION")) {
      const std::string building = templ + ".building." + std::to_string(::getpid());
      std::error_code ignored;
      std::filesystem::remove_all(building, ignored);
      std::filesystem::create_directories(building);
      give_to_server_user(building);
      ::chmod(building.c_str(), 0700);
      const CommandResult init = as_server_user(
          {bindir_ + "/initdb", "-D", building, "-U", "tocsin", "--auth=trust", "-E", "UTF8", "--locale=C", "-N"});
      if (init.status != 0) {
        problem = "initdb failed: " + init.output;
      } else {
        std::filesystem::remove_all(templ, ignored);
        std::filesystem::rename(building, templ);
      }
    }
    if (problem.empty()) {
      const CommandResult copy = run_command({"cp", "-a", templ, data_});
      if (copy.status != 0) problem = "copying the template cluster failed: " + copy.output;
    }
    ::flock(lock, LOCK_UN);
    ::close(lock);
    if (!problem.empty()) return problem;
    const CommandResult started = start();
    if (started.status != 0) return "pg_ctl start failed: " + started.output;
    return "";
  }

  pid_t owner_;
  std::string bindir_;
  std::string user_;  // runuser -u USER when running as root
  uid_t uid_ = 0;
  gid_t gid_ = 0;
  std::string base_;
  std::string data_;
  int databases_ = 0;
};

}  // namespace tocsin::testing

// In a test body or SetUp: `cluster` becomes the cluster, or the test skips (fails when
// TOCSIN_REQUIRE_POSTGRES or TOCSIN_REQUIRE_SHARED is set).
#define TOCSIN_POSTGRES_OR_SKIP(cluster)                                                                         \
  std::string cluster##_why;                                                                                     \
  ::tocsin::testing::PostgresCluster* cluster = ::tocsin::testing::PostgresCluster::get(&cluster##_why);         \
  if (cluster == nullptr) {                                                                                      \
    if (std::getenv("TOCSIN_REQUIRE_POSTGRES") || ::tocsin::testing::shared_required()) FAIL() << cluster##_why; \
    GTEST_SKIP() << cluster##_why;                                                                               \
  }
