// Tree-scan throughput of `tocsin secrets` on a generated tree of source-like text files with a
// few planted tokens (the 70 MB case scaled by the benchmark argument, in MB). Reported
// as bytes/second; run with --benchmark_filter=Secrets.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "secrets/secrets.h"

namespace {

namespace fs = std::filesystem;

// Files of ~64 KiB of code-like lines; every 50th file gets a token-looking assignment.
fs::path generate_tree(std::size_t megabytes) {
  const fs::path dir = fs::temp_directory_path() / ("tocsin_secrets_bench_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  std::mt19937 rng(42);
  const char* words[] = {"const",    "value", "return", "function", "import", "from", "config",
                         "token",    "if",    "else",   "let",      "user",   "name", "request",
                         "response", "=",     "(",      ")",        "{",      "}",    ";"};
  std::size_t written = 0, file = 0;
  while (written < megabytes << 20) {
    const fs::path path = dir / ("pkg" + std::to_string(file % 40)) / ("file" + std::to_string(file) + ".js");
    fs::create_directories(path.parent_path());
    std::string text;
    while (text.size() < 64 * 1024) {
      for (int w = 0; w < 10; ++w) text += std::string(words[rng() % std::size(words)]) + " ";
      text += "\n";
    }
    if (file % 50 == 0) text += "const auth = \"ghp_" + std::string(36, 'Q') + "\";\napi_key = \"k9Zx2Lm4Qp7Rt1Vw\"\n";
    std::ofstream(path, std::ios::binary) << text;
    written += text.size();
    ++file;
  }
  return dir;
}

void SecretsTreeScan(benchmark::State& state) {
  const fs::path dir = generate_tree(static_cast<std::size_t>(state.range(0)));
  tocsin::secrets::ScanOptions options;
  options.jobs = static_cast<unsigned>(state.range(1));
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    tocsin::secrets::TreeStats stats;
    benchmark::DoNotOptimize(tocsin::secrets::scan_tree(dir.string(), options, &stats));
    bytes += stats.bytes;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  fs::remove_all(dir);
}
BENCHMARK(SecretsTreeScan)->Args({70, 1})->Args({70, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
