// Throughput of the text stage (normalize, then tokenize) on real news text, per core, beside a
// plain pass over the same bytes (a word count, as `wc -w` does) for scale.
//
//   build/bench/normalize_bench [--corpus=PATH]   (default: ../shared/eval/dev/corpus.jsonl)
#include <benchmark/benchmark.h>

#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "unspun/normalizer.h"
#include "unspun/reader.h"
#include "unspun/tokenizer.h"

namespace {

std::string corpus_path = std::string(UNSPUN_BENCH_SOURCE_DIR) + "/../shared/eval/dev/corpus.jsonl";

const std::vector<std::string>& Texts() {
  static std::vector<std::string>* texts = [] {
    auto* out = new std::vector<std::string>();
    std::vector<unspun::Document> docs;
    unspun::ReadStats stats;
    unspun::ReadOptions options;
    if (!unspun::ReadAllDocuments({corpus_path}, options, &docs, &stats).ok() || docs.empty()) {
      std::cerr << "normalize_bench: cannot read " << corpus_path << "\n";
      std::exit(1);
    }
    for (auto& d : docs) out->push_back(std::move(d.text));
    return out;
  }();
  return *texts;
}

int64_t TotalBytes() {
  int64_t n = 0;
  for (const auto& t : Texts()) n += static_cast<int64_t>(t.size());
  return n;
}

void BM_WordCount(benchmark::State& state) {
  for (auto _ : state) {
    size_t words = 0;
    for (const auto& t : Texts()) {
      bool in_word = false;
      for (unsigned char c : t) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        words += !space && !in_word;
        in_word = !space;
      }
    }
    benchmark::DoNotOptimize(words);
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_WordCount)->Unit(benchmark::kMillisecond);

void BM_Normalize(benchmark::State& state) {
  unspun::NormalizedText n;
  for (auto _ : state) {
    for (const auto& t : Texts()) {
      unspun::Normalize(t, &n);
      benchmark::DoNotOptimize(n.text.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_Normalize)->Unit(benchmark::kMillisecond);

void BM_NormalizeTokenize(benchmark::State& state) {
  unspun::NormalizedText n;
  std::vector<unspun::Token> tokens;
  for (auto _ : state) {
    for (const auto& t : Texts()) {
      unspun::Normalize(t, &n);
      unspun::Tokenize(n.text, &tokens);
      benchmark::DoNotOptimize(tokens.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_NormalizeTokenize)->Unit(benchmark::kMillisecond);

void BM_Tokenize(benchmark::State& state) {
  std::vector<std::string> forms;
  for (const auto& t : Texts()) forms.push_back(unspun::NormalizeToString(t));
  std::vector<unspun::Token> tokens;
  size_t count = 0;
  for (auto _ : state) {
    count = 0;
    for (const auto& f : forms) {
      unspun::Tokenize(f, &tokens);
      count += tokens.size();
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.counters["tokens"] = static_cast<double>(count);
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--corpus=", 9) == 0) corpus_path = argv[i] + 9;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
