// Cost of alignment per article pair, on the candidate pairs of a real corpus: verification (the
// sentence alignment and passage filter every candidate goes through), evidence extraction (word
// changes, disguised characters, quotes, boilerplate; only for pairs that verify), and a whole
// `compare` of two articles (analysis of both included).
//
//   build/bench/align_bench [--corpus=PATH]   (default: ../shared/eval/dev/corpus.jsonl)
#include <benchmark/benchmark.h>

#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "align/analysis.h"
#include "align/evidence.h"
#include "align/verify.h"
#include "index/candidates.h"
#include "sketch/fingerprints.h"
#include "unspun/compare.h"
#include "unspun/inspect.h"
#include "unspun/reader.h"

namespace {

std::string corpus_path = std::string(UNSPUN_BENCH_SOURCE_DIR) + "/../shared/eval/dev/corpus.jsonl";

struct Setup {
  std::vector<unspun::Document> docs;
  std::vector<unspun::Analysis> analyses;
  std::vector<unspun::Candidate> candidates;
  std::vector<unspun::Candidate> verified;  // The candidates that are reuse pairs.
};

const Setup& Data() {
  static Setup* setup = [] {
    auto* s = new Setup();
    unspun::ReadStats stats;
    if (!unspun::ReadAllDocuments({corpus_path}, unspun::ReadOptions(), &s->docs, &stats).ok() ||
        s->docs.empty()) {
      std::cerr << "align_bench: cannot read " << corpus_path << "\n";
      std::exit(1);
    }
    s->analyses.resize(s->docs.size());
    std::vector<std::vector<uint32_t>> fingerprints(s->docs.size());
    for (size_t i = 0; i < s->docs.size(); ++i) {
      unspun::Analyze(s->docs[i], &s->analyses[i]);
      unspun::ComputeFingerprints(s->analyses[i], unspun::FingerprintOptions(), &fingerprints[i]);
    }
    s->candidates = unspun::FindCandidates(fingerprints, unspun::CandidateOptions());
    for (const auto& c : s->candidates) {
      if (unspun::Verify(s->analyses[c.a], s->analyses[c.b], unspun::VerifyOptions())) {
        s->verified.push_back(c);
      }
    }
    std::cerr << "align_bench: " << s->docs.size() << " articles, " << s->candidates.size()
              << " candidate pairs, " << s->verified.size() << " reuse pairs\n";
    return s;
  }();
  return *setup;
}

// Verify on every candidate pair (analyses precomputed): what `unspun pairs` pays per candidate.
void BM_VerifyCandidates(benchmark::State& state) {
  const Setup& s = Data();
  const unspun::VerifyOptions options;
  for (auto _ : state) {
    size_t found = 0;
    for (const auto& c : s.candidates)
      found += Verify(s.analyses[c.a], s.analyses[c.b], options).has_value();
    benchmark::DoNotOptimize(found);
  }
  state.SetItemsProcessed(state.iterations() * s.candidates.size());
}
BENCHMARK(BM_VerifyCandidates)->Unit(benchmark::kMillisecond);

// Verify on the reuse pairs alone: the alignment cost of a pair that is reported.
void BM_VerifyReusePairs(benchmark::State& state) {
  const Setup& s = Data();
  const unspun::VerifyOptions options;
  unspun::Alignment alignment;
  for (auto _ : state) {
    for (const auto& c : s.verified) {
      benchmark::DoNotOptimize(Verify(s.analyses[c.a], s.analyses[c.b], options, &alignment));
    }
  }
  state.SetItemsProcessed(state.iterations() * s.verified.size());
}
BENCHMARK(BM_VerifyReusePairs)->Unit(benchmark::kMillisecond);

// What `unspun pairs --evidence` adds per reuse pair: inspecting both articles and extracting the
// evidence of every passage (Verify included, as the driver runs it).
void BM_VerifyWithEvidence(benchmark::State& state) {
  const Setup& s = Data();
  const unspun::VerifyOptions options;
  unspun::Alignment alignment;
  for (auto _ : state) {
    for (const auto& c : s.verified) {
      auto v = Verify(s.analyses[c.a], s.analyses[c.b], options, &alignment);
      const unspun::Inspection ia = unspun::FindDisguises(s.docs[c.a]);
      const unspun::Inspection ib = unspun::FindDisguises(s.docs[c.b]);
      unspun::ExtractEvidence({s.analyses[c.a], ia}, {s.analyses[c.b], ib}, alignment, &*v);
      benchmark::DoNotOptimize(v);
    }
  }
  state.SetItemsProcessed(state.iterations() * s.verified.size());
}
BENCHMARK(BM_VerifyWithEvidence)->Unit(benchmark::kMillisecond);

// `unspun compare` on each reuse pair, from the two documents (analysis included).
void BM_CompareDocuments(benchmark::State& state) {
  const Setup& s = Data();
  for (auto _ : state) {
    for (const auto& c : s.verified) {
      benchmark::DoNotOptimize(unspun::CompareDocuments(s.docs[c.a], s.docs[c.b]));
    }
  }
  state.SetItemsProcessed(state.iterations() * s.verified.size());
}
BENCHMARK(BM_CompareDocuments)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--corpus=", 9) == 0) corpus_path = argv[i] + 9;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
