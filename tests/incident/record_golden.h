// Recorded stores as readable fixtures: one JSON line per event (seq, incident, actor, time, type,
// payload as the exact stored string, prev_hash, hash). The fixtures under
// tests/fixtures/incident/record/ were written by the code that built payloads by hand, before the
// typed events (incident/events.h) replaced it: comparing a drill's record with them shows that
// the bytes stored and the hash chain did not change. TOCSIN_UPDATE_GOLDEN=1 rewrites them (and
// then compares nothing).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "incident/event_store.h"

namespace tocsin::incident::testing {

inline std::string record_fixture(const std::string& name) {
  return std::string(TOCSIN_FIXTURES) + "/incident/record/" + name;
}

inline std::string record_lines(const std::vector<Event>& events) {
  std::string out;
  for (const Event& e : events)
    out +=
        nlohmann::ordered_json{{"seq", e.seq},   {"incident", e.incident}, {"actor", e.actor},         {"time", e.time},
                               {"type", e.type}, {"payload", e.payload},   {"prev_hash", e.prev_hash}, {"hash", e.hash}}
            .dump() +
        "\n";
  return out;
}

inline std::vector<Event> read_record_lines(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<Event> events;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const nlohmann::json j = nlohmann::json::parse(line);
    events.push_back(Event{j.at("seq").get<std::int64_t>(), j.at("incident"), j.at("actor"), j.at("time"), j.at("type"),
                           j.at("payload"), j.at("prev_hash"), j.at("hash")});
  }
  return events;
}

// The record of `events` equals the fixture `name` line for line (or rewrites it when updating).
inline void expect_record_golden(const std::vector<Event>& events, const std::string& name) {
  const std::string path = record_fixture(name);
  const std::string actual = record_lines(events);
  if (std::getenv("TOCSIN_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "rewrote " << path;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream expected;
  expected << in.rdbuf();
  ASSERT_FALSE(expected.str().empty()) << path << " is missing or empty";
  const std::vector<Event> want = read_record_lines(path);
  ASSERT_EQ(events.size(), want.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].type, want[i].type) << "seq " << events[i].seq;
    EXPECT_EQ(events[i].payload, want[i].payload) << "seq " << events[i].seq << " (" << events[i].type << ")";
    EXPECT_EQ(events[i].hash, want[i].hash) << "seq " << events[i].seq;
  }
  EXPECT_EQ(actual, expected.str());
}

}  // namespace tocsin::incident::testing
