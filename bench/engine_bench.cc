// Per-core throughput of the reuse engine's analysis on real news text: the first pass
// (AnalyzeTokens and fingerprints), which every article goes through once, and the full Analyze
// (sentences, quotes) that verification runs on both sides of each candidate.
//
//   build/bench/engine_bench [--corpus=PATH]   (default: ../shared/eval/dev/corpus.jsonl)
#include <benchmark/benchmark.h>

#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "align/analysis.h"
#include "sketch/fingerprints.h"
#include "unspun/reader.h"

namespace {

std::string corpus_path = std::string(UNSPUN_BENCH_SOURCE_DIR) + "/../shared/eval/dev/corpus.jsonl";

const std::vector<unspun::Document>& Docs() {
  static std::vector<unspun::Document>* docs = [] {
    auto* out = new std::vector<unspun::Document>();
    unspun::ReadStats stats;
    if (!unspun::ReadAllDocuments({corpus_path}, {}, out, &stats).ok() || out->empty()) {
      std::cerr << "engine_bench: cannot read " << corpus_path << "\n";
      std::exit(1);
    }
    return out;
  }();
  return *docs;
}

int64_t TotalBytes() {
  int64_t n = 0;
  for (const auto& d : Docs()) n += static_cast<int64_t>(d.text.size());
  return n;
}

void BM_Analyze(benchmark::State& state) {
  unspun::Analysis a;
  for (auto _ : state) {
    for (const auto& d : Docs()) {
      unspun::Analyze(d, &a);
      benchmark::DoNotOptimize(a.sentences.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Docs().size()));
}
BENCHMARK(BM_Analyze)->Unit(benchmark::kMillisecond);

// Pass 1 of `unspun pairs`: the light analysis and the fingerprints.
void BM_AnalyzeTokensFingerprint(benchmark::State& state) {
  unspun::Analysis a;
  std::vector<uint32_t> fp;
  size_t count = 0;
  for (auto _ : state) {
    count = 0;
    for (const auto& d : Docs()) {
      unspun::AnalyzeTokens(d, &a);
      unspun::ComputeFingerprints(a, {}, &fp);
      count += fp.size();
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Docs().size()));
  state.counters["fingerprints_per_article"] = static_cast<double>(count) / Docs().size();
}
BENCHMARK(BM_AnalyzeTokensFingerprint)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--corpus=", 9) == 0) corpus_path = argv[i] + 9;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
