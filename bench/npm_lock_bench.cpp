// Reading a generated 20,000-package package-lock.json v3 (deterministic: nested installs,
// scoped names, 0-4 dependencies each). Reports packages/second.
#include <benchmark/benchmark.h>

#include <string>

#include "lockfile/lockfile.h"

namespace {

constexpr int kPackages = 20000;

std::string name_of(int i) {
  return i % 7 == 0 ? "@scope" + std::to_string(i % 13) + "/pkg" + std::to_string(i) : "pkg" + std::to_string(i);
}

// Every fifth package is nested under the previous top-level one, as npm does for conflicts.
std::string generate_lockfile() {
  std::string out =
      "{\n  \"name\": \"bench\",\n  \"version\": \"1.0.0\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n";
  out += "    \"\": {\"name\": \"bench\", \"version\": \"1.0.0\", \"dependencies\": {";
  for (int i = 1; i <= 50; ++i) out += (i > 1 ? ", \"" : "\"") + name_of(i) + "\": \"^1.0.0\"";
  out += "}}";
  std::uint32_t state = 12345;
  std::string parent;
  for (int i = 1; i < kPackages; ++i) {
    std::string location = "node_modules/" + name_of(i);
    if (i % 5 == 0 && !parent.empty())
      location = parent + "/node_modules/" + name_of(i);
    else
      parent = location;
    out += ",\n    \"" + location + "\": {\n      \"version\": \"1." + std::to_string(i % 17) + ".0\",\n";
    out += "      \"resolved\": \"https://registry.npmjs.org/" + name_of(i) + "/-/x-1.0.0.tgz\",\n";
    out += "      \"integrity\": \"sha512-" + std::to_string(state) + "==\"";
    if (i % 3 == 0) out += ",\n      \"dev\": true";
    state = state * 1103515245u + 12345u;
    int deps = static_cast<int>((state >> 16) % 5);
    if (deps > 0) {
      out += ",\n      \"dependencies\": {";
      for (int d = 0; d < deps; ++d) {
        state = state * 1103515245u + 12345u;
        int target = 1 + static_cast<int>((state >> 8) % (kPackages - 1));
        out += (d > 0 ? ", \"" : "\"") + name_of(target) + "\": \"^1.0.0\"";
      }
      out += "}";
    }
    out += "\n    }";
  }
  out += "\n  }\n}\n";
  return out;
}

void BM_PackageLockV3_20k(benchmark::State& state) {
  static const std::string content = generate_lockfile();
  const auto* reader = tocsin::lockfile::reader_for_type("package-lock.json");
  std::size_t packages = 0;
  for (auto _ : state) {
    auto lock = reader->read("bench/package-lock.json", content);
    packages = lock.packages.size();
    benchmark::DoNotOptimize(lock.edges.data());
  }
  state.counters["packages"] = static_cast<double>(packages);
  state.counters["packages/s"] = benchmark::Counter(
      static_cast<double>(packages) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(content.size()) * state.iterations());
}
BENCHMARK(BM_PackageLockV3_20k)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);

}  // namespace
