// Throughput of version comparison and range matching per ecosystem (advisory matching runs
// these once per package x advisory range).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "version/version.h"

namespace {

using tocsin::Ecosystem;

struct Workload {
  Ecosystem ecosystem;
  std::vector<std::string> versions;
  std::vector<std::string> ranges;
};

Workload workload(Ecosystem ecosystem) {
  switch (ecosystem) {
    case Ecosystem::Npm:
      return {ecosystem,
              {"1.2.3", "4.17.21", "0.0.1-alpha.3", "10.2.0", "2.0.0-rc.1+build.5", "1.2.4"},
              {"^1.2.3", ">=4.0.0 <4.17.21", "~0.0.1 || 2.x", "1.2.3 - 2.3.4", "<1.2.4-0"}};
    case Ecosystem::CratesIo:
      return {ecosystem,
              {"1.2.3", "0.4.17", "0.0.1-alpha.3", "10.2.0", "2.0.0-rc.1+build.5", "1.2.4"},
              {"1.2.3", ">=0.4.0, <0.4.17", "~0.0.1", "=2.0.0-rc.1", "1.*"}};
    case Ecosystem::PyPI:
      return {ecosystem,
              {"1.2.3", "2.31.0", "1.0a1", "3.2.1.post1", "1!2.0.dev3", "1.0+ubuntu.1"},
              {">=1.0", ">=2.0,<2.31.0", "~=1.2.0", "==3.2.*", "!=1.0,>0.9"}};
    case Ecosystem::GitHubActions:  // refs are compared as SemVer tags: the crates.io workload covers them
      break;
  }
  return {};
}

void compare(benchmark::State& state, Ecosystem ecosystem) {
  auto w = workload(ecosystem);
  std::size_t n = w.versions.size();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(tocsin::version::compare(ecosystem, w.versions[i % n], w.versions[(i + 1) % n]));
    ++i;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void satisfies(benchmark::State& state, Ecosystem ecosystem) {
  auto w = workload(ecosystem);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        tocsin::version::satisfies(ecosystem, w.versions[i % w.versions.size()], w.ranges[i % w.ranges.size()]));
    ++i;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

BENCHMARK_CAPTURE(compare, npm, Ecosystem::Npm);
BENCHMARK_CAPTURE(compare, crates_io, Ecosystem::CratesIo);
BENCHMARK_CAPTURE(compare, pypi, Ecosystem::PyPI);
BENCHMARK_CAPTURE(satisfies, npm, Ecosystem::Npm);
BENCHMARK_CAPTURE(satisfies, crates_io, Ecosystem::CratesIo);
BENCHMARK_CAPTURE(satisfies, pypi, Ecosystem::PyPI);

}  // namespace
