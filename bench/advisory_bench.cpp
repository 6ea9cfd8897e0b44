// Advisory database: import throughput of the shared feeds, open latency, per-package lookups on
// real data and on a synthetic 300,000-record database.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "advisory/database.h"
#include "advisory/importer.h"

namespace {

namespace fs = std::filesystem;
using namespace tocsin;
using namespace tocsin::advisory;

const std::string kData = std::string(TOCSIN_SHARED) + "/data";

const fs::path& bench_root() {
  static const fs::path root = [] {
    fs::path path = fs::temp_directory_path() / ("tocsin-advisory-bench-" + std::to_string(::getpid()));
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(fs::temp_directory_path() / ("tocsin-advisory-bench-" + std::to_string(::getpid())), ignored);
    });
    return path;
  }();
  return root;
}

std::string scratch_dir(const std::string& name) {
  fs::path dir = bench_root() / name;
  fs::create_directories(dir);
  return dir.string();
}

void import_benchmark(benchmark::State& state, const std::string& path) {
  if (!fs::exists(path)) {
    state.SkipWithError("shared data absent");
    return;
  }
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string dir = scratch_dir("import");
    fs::remove(database_file(dir));
    auto reports = import_into(dir, {{path}}, {});
    bytes += reports[0].bytes;
    state.counters["records"] = static_cast<double>(reports[0].records);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_AdvisoryImportOsvPyPI(benchmark::State& state) { import_benchmark(state, kData + "/osv-pypi"); }
void BM_AdvisoryImportRustSec(benchmark::State& state) { import_benchmark(state, kData + "/rustsec"); }
void BM_AdvisoryImportKev(benchmark::State& state) {
  import_benchmark(state, kData + "/kev/known_exploited_vulnerabilities.json");
}
BENCHMARK(BM_AdvisoryImportOsvPyPI)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_AdvisoryImportRustSec)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_AdvisoryImportKev)->Unit(benchmark::kMillisecond)->Iterations(3);

// The three shared feeds in one database, built once.
const std::string& real_database() {
  static const std::string dir = [] {
    std::string path = scratch_dir("real");
    import_into(
        path, {{kData + "/osv-pypi"}, {kData + "/rustsec"}, {kData + "/kev/known_exploited_vulnerabilities.json"}}, {});
    return path;
  }();
  return dir;
}

void BM_AdvisoryOpen(benchmark::State& state) {
  if (!fs::exists(kData)) return state.SkipWithError("shared data absent");
  const std::string& dir = real_database();
  for (auto _ : state) {
    Database db = Database::open(dir);
    benchmark::DoNotOptimize(db);
  }
}
BENCHMARK(BM_AdvisoryOpen)->Unit(benchmark::kMicrosecond);

// 1,000 lookups: every PyPI package with an advisory at a vulnerable-looking version, padded with
// names that have none (most packages of a real lockfile).
void BM_AdvisoryLookup1000Real(benchmark::State& state) {
  if (!fs::exists(kData)) return state.SkipWithError("shared data absent");
  Database db = Database::open(real_database());
  std::vector<std::pair<Ecosystem, std::string>> packages;
  std::size_t index = 0;
  for (const auto& entry : fs::directory_iterator(kData + "/osv-pypi/vulns")) {
    if (index++ % 3 == 0) packages.emplace_back(Ecosystem::PyPI, entry.path().filename().string());
    if (packages.size() == 500) break;
  }
  for (int i = 0; packages.size() < 1000; ++i)
    packages.emplace_back(Ecosystem::Npm, "no-advisory-" + std::to_string(i));
  std::size_t hits = 0;
  for (auto _ : state)
    for (const auto& [ecosystem, name] : packages) hits += db.matches(ecosystem, name, "1.0.0").size();
  state.counters["hits_per_scan"] = static_cast<double>(hits) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_AdvisoryLookup1000Real)->Unit(benchmark::kMillisecond);

// Streams deterministic synthetic OSV-shaped records: 300,000 advisories over 60,000 npm packages.
class SyntheticImporter : public Importer {
 public:
  static constexpr int kRecords = 300000;
  static constexpr int kPackages = 60000;
  std::string_view kind() const override { return "osv"; }
  bool detects(const std::string&) const override { return false; }
  void import(const std::string&, ImportSink& sink, const ImportOptions&, ImportReport& report) const override {
    Advisory advisory;
    advisory.details = std::string(400, 'x');
    advisory.aliases = {"CVE-0000-0000"};
    Affected affected;
    affected.ecosystem = Ecosystem::Npm;
    for (int i = 0; i < kRecords; ++i) {
      advisory.id = "GHSA-synth-" + std::to_string(i);
      advisory.aliases[0] = "CVE-2099-" + std::to_string(i);
      affected.name = "pkg-" + std::to_string(i % kPackages);
      affected.ranges = {{version::OsvRange::Type::Semver,
                          {{version::OsvEvent::Kind::Introduced, "0"},
                           {version::OsvEvent::Kind::Fixed, std::to_string(1 + i % 7) + ".0.0"}}}};
      advisory.affected = {affected};
      sink.add_advisory(advisory);
      ++report.records;
    }
  }
};

const std::string& synthetic_database() {
  static const std::string dir = [] {
    std::string path = scratch_dir("synthetic");
    static SyntheticImporter importer;
    ImportRequest request;
    request.path = "synthetic";
    request.importer = &importer;
    request.source_key = "synthetic";
    import_into(path, {request}, {});
    return path;
  }();
  return dir;
}

void BM_AdvisorySynthetic300kBuild(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(synthetic_database());
}
BENCHMARK(BM_AdvisorySynthetic300kBuild)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_AdvisorySynthetic300kLookup5000(benchmark::State& state) {
  Database db = Database::open(synthetic_database());
  std::size_t hits = 0;
  for (auto _ : state)
    for (int i = 0; i < 5000; ++i)
      hits +=
          db.matches(Ecosystem::Npm, "pkg-" + std::to_string(i * 13 % 70000), std::to_string(i % 8) + ".5.0").size();
  state.counters["hits_per_scan"] = static_cast<double>(hits) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_AdvisorySynthetic300kLookup5000)->Unit(benchmark::kMillisecond);

void BM_AdvisorySynthetic300kOpen(benchmark::State& state) {
  const std::string& dir = synthetic_database();
  for (auto _ : state) {
    Database db = Database::open(dir);
    benchmark::DoNotOptimize(db);
  }
}
BENCHMARK(BM_AdvisorySynthetic300kOpen)->Unit(benchmark::kMicrosecond);

}  // namespace
