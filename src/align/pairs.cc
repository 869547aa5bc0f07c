// The reuse engine's driver: analyze and fingerprint every article (in parallel), find candidate
// pairs, verify each candidate (in parallel), and tell which side is likely the original.
#include "unspun/pairs.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "align/analysis.h"
#include "align/verify.h"
#include "index/candidates.h"
#include "sketch/fingerprints.h"
#include "unspun/inspect.h"

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

// Signs that an article is the copy rather than the original, from its text alone: look-alike
// letters and invisible characters, site furniture around the text, and the case damage spinners
// leave (sentences that start in lowercase).
struct CopyMarks {
  uint32_t disguised = 0;       // Homoglyphs plus invisible characters.
  uint32_t boilerplate = 0;     // Boilerplate sentences.
  double lowercase_starts = 0;  // Share of sentences whose first letter is lowercase.
};

CopyMarks MarksOf(const Document& doc, const Analysis& a) {
  CopyMarks m;
  Inspection ins = FindDisguises(doc);
  m.disguised = static_cast<uint32_t>(ins.homoglyphs.size() + ins.invisible.size());
  // Byte offset of each code point of the original, to read a sentence's first letter there.
  std::vector<uint32_t> byte_of;
  byte_of.reserve(doc.text.size());
  for (uint32_t i = 0; i < doc.text.size(); ++i) {
    if ((static_cast<uint8_t>(doc.text[i]) & 0xC0) != 0x80) byte_of.push_back(i);
  }
  uint32_t starts = 0, lower = 0;
  for (const Sentence& s : a.sentences) {
    if (s.boilerplate) {
      ++m.boilerplate;
      continue;
    }
    const uint32_t cp = a.norm.begin[a.tokens[s.token_begin].begin];
    if (cp >= byte_of.size()) continue;
    const char c = doc.text[byte_of[cp]];
    if (c >= 'A' && c <= 'Z') ++starts;
    if (c >= 'a' && c <= 'z') ++starts, ++lower;
  }
  m.lowercase_starts = starts ? double(lower) / starts : 0;
  return m;
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
      const Document& da = docs[c.a];
      const Document& db = docs[c.b];
      if (!da.published.empty() && !db.published.empty() && da.published != db.published) {
        v->source = da.published < db.published ? int(c.a) : int(c.b);
      } else if (v->relation == Relation::kPartial) {
        // The side whose text is mostly inside the passages lent them to the other.
        if (v->coverage_a > v->coverage_b + 0.2) v->source = int(c.a);
        if (v->coverage_b > v->coverage_a + 0.2) v->source = int(c.b);
      } else {
        const CopyMarks ma = MarksOf(da, x), mb = MarksOf(db, y);
        const int marks_a = (ma.disguised > 0) + (ma.boilerplate > mb.boilerplate) +
                            (ma.lowercase_starts > mb.lowercase_starts + 0.2);
        const int marks_b = (mb.disguised > 0) + (mb.boilerplate > ma.boilerplate) +
                            (mb.lowercase_starts > ma.lowercase_starts + 0.2);
        if (marks_a > marks_b) v->source = int(c.b);
        if (marks_b > marks_a) v->source = int(c.a);
      }
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
