// Several writers at once, and a writer killed mid-way: no acknowledged event is lost, the chain
// stays intact, and deciding inside the transaction keeps incidents from being opened twice. On
// both backends; the server stopped mid-write on PostgreSQL only.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <set>
#include <thread>

#include "drill.h"
#include "store_backends.h"

namespace tocsin::incident {
namespace {

class Concurrency : public testing::BackendTest {};
TOCSIN_BOTH_BACKENDS(Concurrency);

std::vector<NewEvent> one_event(const std::string& incident, const std::string& actor, int n) {
  return {NewEvent{incident, actor, "2026-05-01T00:00:00Z", "note", "{\"n\":" + std::to_string(n) + "}"}};
}

TEST_P(Concurrency, TwoProcessesAppendingAtOnceLoseNothing) {
  const std::string path = fresh_spec("two_writers");
  open_event_store(path, StoreMode::Create);  // created before the race so both see the schema
  constexpr int kEach = 60;
  std::vector<pid_t> children;
  for (const char* actor : {"alice", "bob"}) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int status = 0;
      try {
        auto store = open_event_store(path, StoreMode::Create);
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
  auto store = open_event_store(path, StoreMode::Create);
  const std::vector<Event> events = store->read_all();
  ASSERT_EQ(events.size(), 2u * kEach);
  std::set<std::pair<std::string, std::string>> distinct;
  for (const Event& e : events) distinct.insert({e.actor, e.payload});
  EXPECT_EQ(distinct.size(), 2u * kEach);
  EXPECT_TRUE(verify_chain(events, store->head()).ok());
}

TEST_P(Concurrency, ThreadsOpeningTheSameFindingOpenOneIncident) {
  const std::string path = fresh_spec("same_finding");
  open_event_store(path, StoreMode::Create);
  const PlaybookCatalog playbooks = PlaybookCatalog::builtin();
  const Config config;
  FindingObservation finding;
  finding.key = finding_key("crates.io", "time", "0.1.45", "RUSTSEC-2020-0071");
  finding.severity = policy::Level::Medium;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      auto store = open_event_store(path, StoreMode::Create);
      for (int i = 0; i < 5; ++i)
        sync_findings(Session{*store, playbooks, config, "scanner-" + std::to_string(t), 1777600000}, {finding}, true);
    });
  for (std::thread& thread : threads) thread.join();
  auto store = open_event_store(path, StoreMode::Create);
  const std::vector<Incident> incidents = load_incidents(*store);
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(incidents[0].events.size(), 1u);
  EXPECT_TRUE(verify_chain(store->read_all(), store->head()).ok());
}

TEST_P(Concurrency, KilledWriterLosesNoAcknowledgedEvent) {
  const std::string path = fresh_spec("kill");
  open_event_store(path, StoreMode::Create);
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(pipe_fds[0]);
    auto store = open_event_store(path, StoreMode::Create);
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

  auto store = open_event_store(path, StoreMode::Create);
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

// Four writers (as four maintainers' machines would be) appending 200 events each at once.
TEST_P(Concurrency, FourProcessesTimesTwoHundredEventsKeepOneChain) {
  const std::string spec = fresh_spec("four_writers");
  open_event_store(spec, StoreMode::Create);
  constexpr int kWriters = 4;
  constexpr int kEach = 200;
  std::vector<pid_t> children;
  for (int w = 0; w < kWriters; ++w) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int status = 0;
      try {
        auto store = open_event_store(spec, StoreMode::OpenExisting);
        const std::string actor = "writer-" + std::to_string(w);
        for (int i = 0; i < kEach; ++i)
          store->transact([&](const std::vector<Event>&) { return one_event("INC-0001", actor, i); });
      } catch (const std::exception& e) {
        std::fprintf(stderr, "writer %d: %s\n", w, e.what());
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
  auto store = open_event_store(spec);
  const auto [events, head] = store->read_with_head();
  ASSERT_EQ(events.size(), std::size_t{kWriters * kEach});
  std::set<std::pair<std::string, std::string>> distinct;
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].seq, static_cast<std::int64_t>(i + 1));  // no gap, no duplicate
    distinct.insert({events[i].actor, events[i].payload});
  }
  EXPECT_EQ(distinct.size(), std::size_t{kWriters * kEach});  // no event lost or written twice
  const Verification verified = verify_chain(events, head);
  EXPECT_TRUE(verified.ok()) << (verified.ok() ? "" : verified.problems.front().message);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->seq, kWriters * kEach);
}

// `pg_ctl stop -m immediate` while a writer appends: every event transact() returned is there
// after the restart, the chain verifies, and the writer got an error naming the store.
TEST(PostgresFault, ServerStoppedMidWriteLosesNoAcknowledgedEvent) {
  TOCSIN_POSTGRES_OR_SKIP(cluster);
  const std::string url = cluster->fresh_database("fault");
  const std::string location = open_event_store(url, StoreMode::Create)->location();
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(pipe_fds[0]);
    FILE* out = fdopen(pipe_fds[1], "w");
    setvbuf(out, nullptr, _IOLBF, 0);
    try {
      auto store = open_event_store(url);
      for (int i = 0;; ++i) {
        const std::vector<Event> written =
            store->transact([&](const std::vector<Event>&) { return one_event("INC-0001", "writer", i); });
        std::fprintf(out, "ack %lld %s\n", static_cast<long long>(written.front().seq), written.front().hash.c_str());
      }
    } catch (const std::exception& e) {
      std::string message = e.what();
      for (char& c : message)
        if (c == '\n') c = ' ';
      std::fprintf(out, "error %s\n", message.c_str());
    }
    std::fclose(out);
    _exit(2);
  }
  close(pipe_fds[1]);
  FILE* reports = fdopen(pipe_fds[0], "r");
  std::vector<std::pair<long long, std::string>> acknowledged;
  std::string error;
  char line[4096];
  bool stopped = false;
  while (std::fgets(line, sizeof line, reports) != nullptr) {
    const std::string text(line);
    if (text.rfind("ack ", 0) == 0) {
      long long seq = 0;
      char hash[80];
      ASSERT_EQ(std::sscanf(line, "ack %lld %70s", &seq, hash), 2);
      acknowledged.emplace_back(seq, hash);
    } else {
      error = text;
    }
    if (!stopped && acknowledged.size() == 60) {
      const auto stop = cluster->stop_immediately();
      ASSERT_EQ(stop.status, 0) << stop.output;
      stopped = true;
    }
  }
  std::fclose(reports);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2);
  ASSERT_TRUE(stopped);
  // The error names the store and says what happened.
  EXPECT_NE(error.find("error " + location + ": "), std::string::npos) << error;
  EXPECT_NE(error.find("connection"), std::string::npos) << error;

  const auto restarted = cluster->start();
  ASSERT_EQ(restarted.status, 0) << restarted.output;
  auto store = open_event_store(url);
  const auto [events, head] = store->read_with_head();
  ASSERT_GE(events.size(), acknowledged.size());
  for (const auto& [seq, hash] : acknowledged) {
    ASSERT_LE(static_cast<std::size_t>(seq), events.size());
    EXPECT_EQ(events[static_cast<std::size_t>(seq) - 1].hash, hash) << "seq " << seq;
  }
  EXPECT_TRUE(verify_chain(events, head).ok());
  // And the record takes writes again.
  EXPECT_EQ(store->transact([](const std::vector<Event>&) { return one_event("INC-0001", "after", 0); }).size(), 1u);
}

}  // namespace
}  // namespace tocsin::incident
