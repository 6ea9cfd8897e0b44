// Offline verification of 1,000 Sigstore bundles: the 12 real good bundles of
// tests/fixtures/release (verify-cases.json) in a loop, each read, digested and fully verified
// (signature, chain, SCTs, tlog body, inclusion proof, checkpoint, SET, identity).
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "release/release.h"

namespace {

struct Case {
  std::string bundle_text;
  std::string artifact;
  tocsin::release::IdentityPolicy policy;
};

std::vector<Case> good_cases() {
  const std::string dir = std::string(TOCSIN_FIXTURES) + "/release/";
  const auto cases = nlohmann::json::parse(tocsin::read_file(dir + "verify-cases.json"));
  std::vector<Case> out;
  for (const auto& c : cases["cases"]) {
    if (c["expect"] != "pass") continue;
    Case one;
    one.bundle_text = tocsin::read_file(dir + c["bundle"].get<std::string>());
    one.artifact = tocsin::read_file(dir + c["artifact"].get<std::string>());
    one.policy.identity = c.value("identity", "");
    one.policy.identity_regexp = c.value("identity_regexp", "");
    one.policy.issuer = c.value("issuer", "");
    out.push_back(std::move(one));
  }
  return out;
}

void BM_Verify1000Bundles(benchmark::State& state) {
  const std::vector<Case> cases = good_cases();
  const tocsin::release::TrustedRoot& root = tocsin::release::embedded_trusted_root();
  for (auto _ : state) {
    int verified = 0;
    for (int i = 0; i < 1000; ++i) {
      const Case& c = cases[static_cast<std::size_t>(i) % cases.size()];
      const auto bundle = tocsin::release::read_bundle("bench.json", c.bundle_text);
      const auto digests = tocsin::release::digest_bytes(c.artifact);
      verified += tocsin::release::verify_bundle(bundle, &digests, c.policy, root).verified() ? 1 : 0;
    }
    if (verified != 1000) state.SkipWithError("a good bundle did not verify");
    benchmark::DoNotOptimize(verified);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * 1000));
}
BENCHMARK(BM_Verify1000Bundles)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);

}  // namespace
