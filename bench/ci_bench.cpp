// `ci audit` on 1,000 workflows (Springtale's twelve, repeated, with its trust document) and
// `ci logs` throughput on a synthetic log with the indicator mix of a compromised run.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "ci/ci.h"
#include "core/text.h"
#include "secrets/secrets.h"

namespace {

namespace fs = std::filesystem;
using namespace tocsin;

const std::string kSpringtale = std::string(TOCSIN_SHARED) + "/fixtures/springtale";

void BM_AuditThousandWorkflows(benchmark::State& state) {
  fs::path dir = kSpringtale + "/.github/workflows";
  if (!fs::is_directory(dir)) {
    state.SkipWithError("no ../shared fixtures");
    return;
  }
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& entry : fs::directory_iterator(dir))
    files.emplace_back(entry.path().filename().string(), read_file(entry.path().string()));
  ci::TrustPolicy trust = ci::parse_trust("CI-TRUST.md", read_file(kSpringtale + "/docs/security/CI-TRUST.md"));
  ci::ZizmorPolicies zizmor = ci::read_zizmor_policies(kSpringtale);
  std::size_t findings = 0;
  for (auto _ : state) {
    ci::WorkflowSet set;
    for (int i = 0; i < 1000; ++i) {
      const auto& [name, text] = files[static_cast<std::size_t>(i) % files.size()];
      set.workflows.push_back(ci::parse_workflow(std::to_string(i) + "-" + name, text));
    }
    ci::AuditInput input{&set, &trust, &zizmor, {}};
    findings = ci::audit(input).size();
    benchmark::DoNotOptimize(findings);
  }
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["workflows/s"] = benchmark::Counter(1000.0, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_AuditThousandWorkflows)->Unit(benchmark::kMillisecond);

// state.range(0): 1 = tokens looked for with the secrets detectors (as the CLI does), 0 = not.
void BM_LogScan(benchmark::State& state) {
  // 64 MiB of log lines: mostly build output, one URL and one long base64 run per 100 lines.
  std::string log;
  int i = 0;
  while (log.size() < (64u << 20)) {
    log += "2025-03-14T16:02:31.1234567Z ";
    if (i % 100 == 0)
      log += "curl -sSfL https://static.crates.io/crates/serde/serde-1.0.0.crate -o x\n";
    else if (i % 100 == 50)
      log +=
          "artifact digest "
          "c2hhMjU2OmU0YjBjNDQyOThmYzFjMTQ5YWZiZjRjODk5NmZiOTI0MjdhZTQxZTQ2NDliOTM0Y2E0OTU5OTFiNzg1MmI4NTU=\n";
    else
      log += "   Compiling serde_derive v1.0.188 (registry+https://github.com/rust-lang/crates.io-index)\n";
    ++i;
  }
  ci::LogOptions options;
  options.allowed_hosts = {"crates.io", "github.com"};
  options.from = "2025-03-14T00:00:00Z";
  options.to = "2025-03-15T00:00:00Z";
  if (state.range(0) == 1)
    options.find_secrets = [](std::string_view text) {
      std::vector<ci::SecretHit> hits;
      for (const secrets::Finding& f : secrets::scan_text(text, "", 0)) hits.push_back({f.line, f.kind, f.redacted});
      return hits;
    };
  for (auto _ : state) {
    std::vector<ci::LogFinding> out;
    ci::scan_log_text(log, options, {}, out);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(log.size()));
}
BENCHMARK(BM_LogScan)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
