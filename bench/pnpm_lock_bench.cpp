// pnpm-lock.yaml reading speed: a generated 20,000-package 9.0 lockfile (deterministic) and the
// Springtale workspace lockfile when ../shared is present; the dedicated block-YAML parser
// against its libyaml fallback on the same input, to show why the reader does not use libyaml first.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "core/text.h"
#include "lockfile/lockfile.h"
#include "lockfile/pnpm_yaml.h"

namespace {

// Package i depends on i/2 and i/3 (a DAG with fan-in), every 50th has a peer suffix, scoped
// names every 7th: the shapes a large monorepo lockfile has.
std::string generated_lockfile(int count) {
  auto name = [](int i) {
    return i % 7 == 0 ? "'@scope" + std::to_string(i % 97) + "/pkg" + std::to_string(i) : "pkg" + std::to_string(i);
  };
  auto key = [&](int i) {
    std::string n = name(i);
    bool quoted = n[0] == '\'';
    return n + "@1." + std::to_string(i % 13) + ".0" + (quoted ? "'" : "");
  };
  auto bare = [&](int i) {
    std::string n = name(i);
    return n[0] == '\'' ? n.substr(1) : n;
  };
  std::string text =
      "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n\nimporters:\n\n  .:\n"
      "    dependencies:\n";
  for (int i = 0; i < 50; ++i) {
    std::string n = name(i);
    text += "      " + (n[0] == '\'' ? n + "'" : n) + ":\n        specifier: ^1.0.0\n        version: 1." +
            std::to_string(i % 13) + ".0\n";
  }
  text += "\npackages:\n\n";
  for (int i = 0; i < count; ++i)
    text += "  " + key(i) + ":\n    resolution: {integrity: sha512-" + std::string(86, 'a' + i % 26) +
            "==}\n    engines: {node: '>=14'}\n\n";
  text += "snapshots:\n\n";
  for (int i = 0; i < count; ++i) {
    text += "  " + key(i) + ":\n";
    if (i < 2) {
      text += "    optional: true\n\n";
      continue;
    }
    text += "    dependencies:\n";
    for (int dep : {i / 2, i / 3}) {
      std::string d = bare(dep);
      bool scoped = d[0] == '@';
      text += "      " + (scoped ? "'" + d + "'" : d) + ": 1." + std::to_string(dep % 13) + ".0\n";
    }
    text += "\n";
  }
  return text;
}

const std::string& generated() {
  static const std::string text = generated_lockfile(20000);
  return text;
}

void run_reader(benchmark::State& state, const std::string& content) {
  const tocsin::lockfile::Reader* reader = tocsin::lockfile::reader_for_type("pnpm-lock.yaml");
  std::size_t packages = 0;
  for (auto _ : state) {
    tocsin::lockfile::Lockfile lock = reader->read("pnpm-lock.yaml", content);
    packages = lock.packages.size();
    benchmark::DoNotOptimize(lock);
  }
  state.counters["packages"] = static_cast<double>(packages);
  state.counters["packages/s"] =
      benchmark::Counter(static_cast<double>(packages), benchmark::Counter::kIsIterationInvariantRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * content.size()));
}

std::string springtale() {
  std::string path = TOCSIN_SHARED "/fixtures/springtale/tauri/pnpm-lock.yaml";
  return std::filesystem::exists(path) ? tocsin::read_file(path) : std::string();
}

void BM_PnpmLockGenerated20k(benchmark::State& state) { run_reader(state, generated()); }
BENCHMARK(BM_PnpmLockGenerated20k)->Unit(benchmark::kMillisecond);

void BM_PnpmLockSpringtale(benchmark::State& state) {
  static const std::string content = springtale();
  if (content.empty()) {
    state.SkipWithError("shared fixtures absent");
    return;
  }
  run_reader(state, content);
}
BENCHMARK(BM_PnpmLockSpringtale)->Unit(benchmark::kMicrosecond);

void BM_PnpmYamlSubsetSpringtale(benchmark::State& state) {
  static const std::string content = springtale();
  if (content.empty()) {
    state.SkipWithError("shared fixtures absent");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(tocsin::lockfile::pnpm::parse_block_subset(content));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * content.size()));
}
BENCHMARK(BM_PnpmYamlSubsetSpringtale)->Unit(benchmark::kMicrosecond);

void BM_PnpmYamlLibyamlSpringtale(benchmark::State& state) {
  static const std::string content = springtale();
  if (content.empty()) {
    state.SkipWithError("shared fixtures absent");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(tocsin::lockfile::pnpm::parse_with_libyaml("x", content));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * content.size()));
}
BENCHMARK(BM_PnpmYamlLibyamlSpringtale)->Unit(benchmark::kMicrosecond);

void BM_PnpmYamlLibyamlGenerated20k(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(tocsin::lockfile::pnpm::parse_with_libyaml("x", generated()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * generated().size()));
}
BENCHMARK(BM_PnpmYamlLibyamlGenerated20k)->Unit(benchmark::kMillisecond);

}  // namespace
