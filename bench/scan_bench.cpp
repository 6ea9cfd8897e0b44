// The scan's target: a warm `tocsin scan` of Springtale (inventory of Cargo.lock +
// tauri/pnpm-lock.yaml, matching every package against the real RustSec + KEV + OSV PyPI data,
// and the severity policy) in under 30 ms, the advisory database already open. The import is
// done once, before timing; it is not part of a scan.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "advisory/database.h"
#include "inventory/inventory.h"
#include "policy/policy.h"
#include "scan/scanner.h"
#include "scan/triage.h"

namespace {

namespace fs = std::filesystem;
using namespace tocsin;

const std::string kShared = TOCSIN_SHARED;
const std::string kSpringtale = kShared + "/fixtures/springtale";

// The imported database, removed when the benchmark binary exits.
struct ScanDatabase {
  std::string dir;
  ScanDatabase() {
    std::string pattern = (fs::temp_directory_path() / "tocsin-scan-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return;
    dir = pattern;
    std::vector<advisory::ImportRequest> requests;
    for (const char* feed : {"/data/rustsec", "/data/kev/known_exploited_vulnerabilities.json", "/data/osv-pypi"})
      requests.push_back({kShared + feed, nullptr, "", ""});
    advisory::import_into(dir, requests, advisory::ImportOptions{});
  }
  ~ScanDatabase() {
    std::error_code error;
    if (!dir.empty()) fs::remove_all(dir, error);
  }
};

void BM_SpringtaleWarmScan(benchmark::State& state) {
  if (!fs::exists(kSpringtale + "/Cargo.lock") || !fs::is_directory(kShared + "/data")) {
    state.SkipWithError("../shared/fixtures/springtale or ../shared/data is absent");
    return;
  }
  static const ScanDatabase imported;
  advisory::Database database = advisory::Database::open(imported.dir);
  policy::Policy policy = policy::default_policy();
  std::size_t findings = 0;
  for (auto _ : state) {
    inventory::Inventory inventory = inventory::build_inventory(kSpringtale);
    std::vector<scan::Finding> found = scan::find_vulnerabilities(inventory, &database, scan::ScanOptions{});
    scan::apply_policy(found, policy);
    scan::sort_by_urgency(found);
    findings = found.size();
    benchmark::DoNotOptimize(found);
  }
  state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_SpringtaleWarmScan)->Unit(benchmark::kMillisecond)->Repetitions(9)->ReportAggregatesOnly(true);

}  // namespace
