// Several writers at once, and a writer killed mid-way: no acknowledged event is lost, the chain
// stays intact, and deciding inside the transaction keeps incidents from being opened twice.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <set>
#include <thread>

#include "drill.h"

namespace tocsin::incident {
namespace {

std::vector<NewEvent> one_event(const std::string& incident, const std::string& actor, int n) {
  return {NewEvent{incident, actor, "2026-05-01T00:00:00Z", "note", "{\"n\":" + std::to_string(n) + "}"}};
}

TEST(Concurrency, TwoProcessesAppendingAtOnceLoseNothing) {
  const std::string path = testing::fresh_dir("two_writers") + "/incidents.db";
  open_sqlite_store(path, StoreMode::Create);  // created before the race so both see the schema
  constexpr int kEach = 60;
  std::vector<pid_t> children;
  for (const char* actor : {"alice", "bob"}) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int status = 0;
      try {
        auto store = open_sqlite_store(path, StoreMode::Create);
        for (int i = 0; i < kEach; ++i)
          store->transact([&](const std::vector<Event>&) { return one_event("INC-0001", actor, i); });
      } catch (...) {
        status = 1;
      }
      _exit(status);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  auto store = open_sqlite_store(path, StoreMode::Create);
  const std::vector<Event> events = store->read_all();
  ASSERT_EQ(events.size(), 2u * kEach);
  std::set<std::pair<std::string, std::string>> distinct;
  for (const Event& e : events) distinct.insert({e.actor, e.payload});
  EXPECT_EQ(distinct.size(), 2u * kEach);
  EXPECT_TRUE(verify_chain(events, store->head()).ok());
}

TEST(Concurrency, ThreadsOpeningTheSameFindingOpenOneIncident) {
  const std::string path = testing::fresh_dir("same_finding") + "/incidents.db";
  open_sqlite_store(path, StoreMode::Create);
  const PlaybookCatalog playbooks = PlaybookCatalog::builtin();
  const Config config;
  FindingObservation finding;
  finding.key = finding_key("crates.io", "time", "0.1.45", "RUSTSEC-2020-0071");
  finding.severity = policy::Level::Medium;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      auto store = open_sqlite_store(path, StoreMode::Create);
      for (int i = 0; i < 5; ++i)
        sync_findings(Session{*store, playbooks, config, "scanner-" + std::to_string(t), 1777600000}, {finding}, true);
    });
  for (std::thread& thread : threads) thread.join();
  auto store = open_sqlite_store(path, StoreMode::Create);
  const std::vector<Incident> incidents = load_incidents(*store);
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(incidents[0].events.size(), 1u);
  EXPECT_TRUE(verify_chain(store->read_all(), store->head()).ok());
}

TEST(Concurrency, KilledWriterLosesNoAcknowledgedEvent) {
  const std::string path = testing::fresh_dir("kill") + "/incidents.db";
  open_sqlite_store(path, StoreMode::Create);
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(pipe_fds[0]);
    auto store = open_sqlite_store(path, StoreMode::Create);
    for (int i = 0;; ++i) {
      const std::vector<Event> written =
          store->transact([&](const std::vector<Event>&) { return one_event("INC-0001", "writer", i); });
      // Reported only once transact returned: this is what the writer claims is on disk.
      const std::string line = std::to_string(written.front().seq) + " " + written.front().hash + "\n";
      if (write(pipe_fds[1], line.data(), line.size()) < 0) _exit(1);
    }
  }
  close(pipe_fds[1]);
  FILE* reports = fdopen(pipe_fds[0], "r");
  std::vector<std::pair<long long, std::string>> acknowledged;
  char hash[80];
  long long seq = 0;
  while (acknowledged.size() < 40 && std::fscanf(reports, "%lld %70s", &seq, hash) == 2)
    acknowledged.emplace_back(seq, hash);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status));
  std::fclose(reports);

  auto store = open_sqlite_store(path, StoreMode::Create);
  const std::vector<Event> events = store->read_all();
  ASSERT_GE(events.size(), acknowledged.size());
  for (const auto& [s, h] : acknowledged) {
    ASSERT_LE(static_cast<std::size_t>(s), events.size());
    EXPECT_EQ(events[static_cast<std::size_t>(s) - 1].hash, h) << "seq " << s;
  }
  EXPECT_TRUE(verify_chain(events, store->head()).ok());
  // And the record still takes writes.
  EXPECT_EQ(store->transact([](const std::vector<Event>&) { return one_event("INC-0001", "after", 0); }).size(), 1u);
}

}  // namespace
}  // namespace tocsin::incident
