// The reuse engine's driver: analyze and fingerprint every article (in parallel), find candidate
// pairs, verify each candidate (in parallel), and tell which side is likely the original.
#include "unspun/pairs.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "align/analysis.h"
#include "align/provenance.h"
#include "align/verify.h"
#include "index/candidates.h"
#include "sketch/fingerprints.h"

namespace unspun {
namespace {

// Runs fn(i) for i in [0, n) on `jobs` threads, each taking the next index as it frees up.
template <typename Fn>
void ParallelFor(size_t n, int jobs, Fn fn) {
  if (jobs <= 0) jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  jobs = static_cast<int>(std::min<size_t>(jobs, std::max<size_t>(n, 1)));
  std::atomic<size_t> next{0};
  auto work = [&](int worker) {
    for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) fn(i, worker);
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back(work, t);
  work(0);
  for (auto& t : threads) t.join();
}

}  // namespace

const char* RelationName(Relation r) {
  switch (r) {
    case Relation::kDuplicate:
      return "duplicate";
    case Relation::kNearDuplicate:
      return "near_duplicate";
    case Relation::kRewrite:
      return "rewrite";
    case Relation::kPartial:
      return "partial";
  }
  return "unknown";
}

std::vector<ReusePair> FindReusePairs(const std::vector<Document>& docs,
                                      const PairsOptions& options) {
  const FingerprintOptions fp_options;
  std::vector<std::vector<uint32_t>> fingerprints(docs.size());
  ParallelFor(docs.size(), options.jobs, [&](size_t i, int) {
    thread_local Analysis analysis;
    Analyze(docs[i], &analysis);
    ComputeFingerprints(analysis, fp_options, &fingerprints[i]);
  });
  std::vector<Candidate> candidates = FindCandidates(fingerprints, CandidateOptions());
  fingerprints = {};

  const VerifyOptions verify_options;
  std::vector<std::optional<ReusePair>> verdicts(candidates.size());
  std::atomic<uint64_t> done{0};
  ParallelFor(candidates.size(), options.jobs, [&](size_t k, int worker) {
    thread_local Analysis x, y;
    thread_local uint32_t x_doc = UINT32_MAX;
    const Candidate& c = candidates[k];
    // Candidates come sorted by a, so consecutive ones often share it: keep its analysis.
    if (x_doc != c.a) {
      Analyze(docs[c.a], &x);
      x_doc = c.a;
    }
    Analyze(docs[c.b], &y);
    std::optional<ReusePair> v = Verify(x, y, verify_options);
    if (v) {
      v->a = c.a;
      v->b = c.b;
      const int source = LikelySource(docs[c.a], x, docs[c.b], y, *v);
      if (source >= 0) v->source = int(source == 0 ? c.a : c.b);
      if (v->score >= options.min_score) verdicts[k] = std::move(v);
    }
    const uint64_t d = done.fetch_add(1) + 1;
    if (options.progress && worker == 0) options.progress(d, candidates.size());
  });
  std::vector<ReusePair> out;
  for (auto& v : verdicts) {
    if (v) out.push_back(std::move(*v));
  }
  return out;
}

}  // namespace unspun
