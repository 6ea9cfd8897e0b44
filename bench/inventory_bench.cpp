// The foundation's target: Springtale's lockfiles (Cargo.lock + tauri/pnpm-lock.yaml) read,
// combined with their manifests, and the release path computed, in under 10 ms together.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "inventory/inventory.h"

namespace {

const std::string kSpringtale = std::string(TOCSIN_SHARED) + "/fixtures/springtale";

void BM_SpringtaleInventory(benchmark::State& state) {
  if (!std::filesystem::exists(kSpringtale + "/Cargo.lock")) {
    state.SkipWithError("../shared/fixtures/springtale is absent");
    return;
  }
  std::size_t packages = 0;
  for (auto _ : state) {
    tocsin::inventory::Inventory inventory = tocsin::inventory::build_inventory(kSpringtale);
    packages = 0;
    for (const auto& lock : inventory.lockfiles) packages += lock.packages.size();
    benchmark::DoNotOptimize(inventory);
  }
  state.counters["packages"] = static_cast<double>(packages);
  state.counters["packages/s"] =
      benchmark::Counter(static_cast<double>(packages), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_SpringtaleInventory)->Unit(benchmark::kMillisecond);

}  // namespace
