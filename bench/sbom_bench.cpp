// SBOM of a generated 20,000-package inventory (npm, scoped and plain names, SRI integrity, a
// tree of edges with every fifth edge dev), in CycloneDX 1.6 and SPDX 2.3; and reading the
// CycloneDX document back as a lockfile.
#include <benchmark/benchmark.h>

#include <string>

#include "inventory/inventory.h"
#include "inventory/release_path.h"
#include "lockfile/lockfile.h"
#include "sbom/sbom.h"

namespace {

using namespace tocsin;

constexpr int kPackages = 20000;

const inventory::Inventory& generated() {
  static const inventory::Inventory inventory = [] {
    inventory::Inventory out;
    lockfile::Lockfile lock;
    lock.path = "package-lock.json";
    lock.format = "package-lock.json";
    lock.version = "3";
    for (int i = 0; i < kPackages; ++i) {
      lockfile::Package package;
      package.name =
          i == 0 ? "project" : (i % 7 == 0 ? "@scope" + std::to_string(i % 50) + "/pkg-" : "pkg-") + std::to_string(i);
      package.version = std::to_string(i % 13) + "." + std::to_string(i % 7) + ".0";
      package.integrity =
          "sha512-DWnXpIvbwLBioZYYVolYcKbzkNQwYIqKUecL9mSAoS6bw4/UvGQ9ojcxu5XqbmOH72fRXTv0YxMrBcqqohmL/Q==";
      package.line = 3 + i * 9;
      package.is_root = i == 0;
      lock.packages.push_back(std::move(package));
      if (i > 0) {
        auto parent = static_cast<std::uint32_t>((i - 1) / 2);
        lock.edges.push_back(
            {parent, static_cast<std::uint32_t>(i), i % 5 == 0 ? lockfile::DepKind::Dev : lockfile::DepKind::Normal});
      }
    }
    out.lockfiles.push_back(std::move(lock));
    inventory::compute_release_path(out);
    return out;
  }();
  return inventory;
}

void write(benchmark::State& state, sbom::Format format) {
  const inventory::Inventory& inventory = generated();
  sbom::Options options;
  options.format = format;
  options.timestamp = 1793872800;
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string text = sbom::write_sbom(inventory, options);
    bytes = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.counters["packages"] = kPackages;
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}

void BM_Sbom20k_CycloneDx(benchmark::State& state) { write(state, sbom::Format::CycloneDx); }
void BM_Sbom20k_Spdx(benchmark::State& state) { write(state, sbom::Format::Spdx); }
BENCHMARK(BM_Sbom20k_CycloneDx)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Sbom20k_Spdx)->Unit(benchmark::kMillisecond);

void BM_Sbom20k_ReadCycloneDx(benchmark::State& state) {
  sbom::Options options;
  options.timestamp = 1793872800;
  static const std::string text = sbom::write_sbom(generated(), options);
  const lockfile::Reader* reader = lockfile::reader_for_type("cyclonedx");
  for (auto _ : state) benchmark::DoNotOptimize(reader->read("bom.cdx.json", text));
  state.counters["packages"] = kPackages;
}
BENCHMARK(BM_Sbom20k_ReadCycloneDx)->Unit(benchmark::kMillisecond);

}  // namespace
