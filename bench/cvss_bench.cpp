// Parse + score every CVSS v4.0 base vector (104,976) per iteration; target < 50 ms in total.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "cvss/cvss.h"

namespace {

std::vector<std::string> all_v4_base_vectors() {
  const std::vector<std::pair<const char*, std::vector<const char*>>> metrics = {
      {"AV", {"N", "A", "L", "P"}}, {"AC", {"L", "H"}},      {"AT", {"N", "P"}},      {"PR", {"N", "L", "H"}},
      {"UI", {"N", "P", "A"}},      {"VC", {"H", "L", "N"}}, {"VI", {"H", "L", "N"}}, {"VA", {"H", "L", "N"}},
      {"SC", {"H", "L", "N"}},      {"SI", {"H", "L", "N"}}, {"SA", {"H", "L", "N"}}};
  std::vector<std::string> vectors;
  std::vector<std::size_t> index(metrics.size(), 0);
  while (true) {
    std::string vector = "CVSS:4.0";
    for (std::size_t i = 0; i < metrics.size(); ++i)
      vector += std::string("/") + metrics[i].first + ":" + metrics[i].second[index[i]];
    vectors.push_back(std::move(vector));
    std::size_t i = metrics.size();
    while (i > 0 && ++index[i - 1] == metrics[i - 1].second.size()) index[--i] = 0;
    if (i == 0) return vectors;
  }
}

void BM_CvssV4AllBaseVectors(benchmark::State& state) {
  const std::vector<std::string> vectors = all_v4_base_vectors();
  for (auto _ : state) {
    double total = 0;
    for (const std::string& vector : vectors) total += tocsin::cvss::score(vector).score;
    benchmark::DoNotOptimize(total);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * vectors.size()));
}
BENCHMARK(BM_CvssV4AllBaseVectors)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);

}  // namespace
