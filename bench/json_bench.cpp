// The JSON DOM reader (core/json_dom.h) against simdjson, the library it replaced, on the same
// real documents: the CISA KEV catalog (1.2 MB) and the largest package-lock of the npm corpus.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/json_dom.h"

namespace {

const std::string kShared = TOCSIN_SHARED;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const std::string kKev = kShared + "/data/kev/known_exploited_vulnerabilities.json";
const std::string kPackageLock =
    kShared + "/corpus/realworld/npm-cli/smoke-tests~test~fixtures~large-install/package-lock.json";

void BM_JsonDom(benchmark::State& state, const std::string& path) {
  const std::string text = slurp(path);
  if (text.empty()) return state.SkipWithError(("no " + path).c_str());
  tocsin::json::parser parser;
  for (auto _ : state) {
    tocsin::json::element root;
    if (parser.parse(text).get(root) != tocsin::json::SUCCESS) return state.SkipWithError("not JSON");
    benchmark::DoNotOptimize(root);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void BM_Simdjson(benchmark::State& state, const std::string& path) {
  const std::string text = slurp(path);
  if (text.empty()) return state.SkipWithError(("no " + path).c_str());
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::padded_string padded(text);  // the copy tocsin made for simdjson
    simdjson::dom::element root;
    if (parser.parse(padded).get(root) != simdjson::SUCCESS) return state.SkipWithError("not JSON");
    benchmark::DoNotOptimize(root);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

BENCHMARK_CAPTURE(BM_JsonDom, kev, kKev)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Simdjson, kev, kKev)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_JsonDom, package_lock, kPackageLock)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Simdjson, package_lock, kPackageLock)->Unit(benchmark::kMicrosecond);

}  // namespace
