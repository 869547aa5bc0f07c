// The reuse engine's driver: analyze and fingerprint every article as it arrives (in parallel
// batches), index the fingerprints, then count and verify each article's candidates (in
// parallel), telling which side of each pair is likely the original.
#include "unspun/pairs.h"

#include <sys/resource.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>

#include "align/analysis.h"
#include "align/provenance.h"
#include "align/verify.h"
#include "index/candidates.h"
#include "sketch/fingerprints.h"
#include "util/parallel.h"

namespace unspun {
namespace {

// Articles analyzed per batch: large enough to keep both cores busy, small enough that a batch
// in flight costs little memory.
constexpr size_t kBatch = 1024;
// zstd's fastest regular level: ~3x smaller than the text at several hundred MB/s per core.
constexpr int kCompressionLevel = 1;

// Wall and CPU time of a stage.
class StageTimer {
 public:
  StageTimer() { Restart(); }
  void Restart() {
    wall_ = std::chrono::steady_clock::now();
    cpu_ = CpuSeconds();
  }
  void Stop(double* wall, double* cpu) const {
    *wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
    *cpu = CpuSeconds() - cpu_;
  }

 private:
  static double CpuSeconds() {
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    return r.ru_utime.tv_sec + r.ru_stime.tv_sec + 1e-6 * (r.ru_utime.tv_usec + r.ru_stime.tv_usec);
  }
  std::chrono::steady_clock::time_point wall_;
  double cpu_ = 0;
};

// An article's title and text as one compressed blob: [title length, 4 bytes][title][text].
void Pack(const Document& doc, std::string* out) {
  thread_local std::string raw;
  const auto title_size = static_cast<uint32_t>(doc.title.size());
  raw.resize(4 + doc.title.size() + doc.text.size());
  std::memcpy(raw.data(), &title_size, 4);
  std::memcpy(raw.data() + 4, doc.title.data(), doc.title.size());
  std::memcpy(raw.data() + 4 + doc.title.size(), doc.text.data(), doc.text.size());
  thread_local ZSTD_CCtx* cctx = ZSTD_createCCtx();
  out->resize(ZSTD_compressBound(raw.size()));
  const size_t n =
      ZSTD_compressCCtx(cctx, out->data(), out->size(), raw.data(), raw.size(), kCompressionLevel);
  // Compression into a buffer of compressBound bytes cannot fail but for lack of memory.
  out->resize(ZSTD_isError(n) ? 0 : n);
  out->shrink_to_fit();
}

// Restores what Pack() stored into doc->title and doc->text.
void Unpack(const std::string& blob, Document* doc) {
  thread_local std::string raw;
  thread_local ZSTD_DCtx* dctx = ZSTD_createDCtx();
  const unsigned long long size = ZSTD_getFrameContentSize(blob.data(), blob.size());
  raw.resize(size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ? 0 : size);
  const size_t n = ZSTD_decompressDCtx(dctx, raw.data(), raw.size(), blob.data(), blob.size());
  uint32_t title_size = 0;
  if (ZSTD_isError(n) || n < 4) {
    doc->title.clear();
    doc->text.clear();
    return;
  }
  std::memcpy(&title_size, raw.data(), 4);
  doc->title.assign(raw, 4, title_size);
  doc->text.assign(raw, 4 + title_size);
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

class ReuseFinder::Impl {
 public:
  explicit Impl(const PairsOptions& options) : options_(options), jobs_(ResolveJobs(options.jobs)) {
    batch_.reserve(kBatch);
  }
  ~Impl() { Wait(); }

  void Add(Document&& doc) {
    if (added_ == 0) analyze_timer_.Restart();
    ++added_;
    batch_.push_back(std::move(doc));
    if (batch_.size() == kBatch) Launch();
  }

  std::vector<ReusePair> Finish() {
    if (!batch_.empty()) Launch();
    Wait();
    if (added_ > 0) analyze_timer_.Stop(&stats_.analyze_seconds, &stats_.analyze_cpu);

    StageTimer timer;
    CandidateIndex index(fingerprints_, CandidateOptions(), jobs_);
    fingerprints_ = FingerprintStore();
    stats_.kept_postings = index.kept_postings();
    timer.Stop(&stats_.index_seconds, &stats_.index_cpu);

    timer.Restart();
    std::vector<ReusePair> out = Verify(index);
    timer.Stop(&stats_.verify_seconds, &stats_.verify_cpu);
    stats_.pairs = out.size();
    return out;
  }

  size_t size() const { return added_; }
  const std::string& id(uint32_t i) const { return ids_[i]; }
  const PairsStats& stats() const { return stats_; }

 private:
  // Hands the current batch to a background thread (after the previous one is done), so the
  // caller goes on reading while it is analyzed.
  void Launch() {
    Wait();
    pending_.swap(batch_);
    batch_.clear();
    worker_ = std::thread([this] { Process(); });
  }

  void Wait() {
    if (worker_.joinable()) worker_.join();
  }

  void Process() {
    const size_t n = pending_.size();
    std::vector<std::vector<uint32_t>> fps(n);
    std::vector<std::string> blobs(n);
    const FingerprintOptions fp_options;
    ParallelFor(n, jobs_, [&](size_t i, int) {
      thread_local Analysis analysis;
      AnalyzeTokens(pending_[i], &analysis);
      ComputeFingerprints(analysis, fp_options, &fps[i]);
      Pack(pending_[i], &blobs[i]);
    });
    for (size_t i = 0; i < n; ++i) {
      Document& d = pending_[i];
      fingerprints_.Append(fps[i]);
      stats_.fingerprints += fps[i].size();
      stats_.text_bytes += d.text.size();
      stats_.stored_bytes += blobs[i].size();
      texts_.push_back(std::move(blobs[i]));
      ids_.push_back(std::move(d.id));
      published_.push_back(std::move(d.published));
    }
    stats_.articles += n;
    pending_.clear();
  }

  void Load(uint32_t i, Document* doc) const {
    Unpack(texts_[i], doc);
    doc->id = ids_[i];
    doc->published = published_[i];
  }

  std::vector<ReusePair> Verify(const CandidateIndex& index) {
    const uint32_t n = static_cast<uint32_t>(added_);
    std::vector<std::vector<ReusePair>> found(jobs_);
    std::atomic<uint64_t> done{0}, candidates{0};
    const VerifyOptions verify_options;
    ParallelFor(n, jobs_, [&](size_t i, int worker) {
      thread_local CandidateIndex::Scratch scratch;
      thread_local std::vector<Candidate> cands;
      thread_local Analysis x, y;
      thread_local Document da, db;
      const uint32_t a = static_cast<uint32_t>(i);
      index.CandidatesOf(a, &scratch, &cands);
      if (!cands.empty()) {
        candidates.fetch_add(cands.size(), std::memory_order_relaxed);
        Load(a, &da);
        Analyze(da, &x);
        for (const Candidate& c : cands) {
          Load(c.b, &db);
          Analyze(db, &y);
          std::optional<ReusePair> v = unspun::Verify(x, y, verify_options);
          if (!v) continue;
          v->a = a;
          v->b = c.b;
          const int source = LikelySource(da, x, db, y, *v);
          if (source >= 0) v->source = static_cast<int>(source == 0 ? a : c.b);
          if (v->score >= options_.min_score) found[worker].push_back(std::move(*v));
        }
      }
      const uint64_t d = done.fetch_add(1, std::memory_order_relaxed) + 1;
      if (options_.progress && worker == 0) options_.progress(d, n);
    });
    if (options_.progress && n > 0) options_.progress(n, n);
    stats_.candidates = candidates.load();
    std::vector<ReusePair> out;
    for (auto& f : found) {
      for (auto& p : f) out.push_back(std::move(p));
    }
    std::sort(out.begin(), out.end(), [](const ReusePair& p, const ReusePair& q) {
      return p.a != q.a ? p.a < q.a : p.b < q.b;
    });
    return out;
  }

  const PairsOptions options_;
  const int jobs_;
  size_t added_ = 0;
  StageTimer analyze_timer_;
  std::vector<Document> batch_;    // Filling, on the caller's thread.
  std::vector<Document> pending_;  // Being analyzed, on worker_.
  std::thread worker_;
  // Per article, filled by worker_ in article order.
  FingerprintStore fingerprints_;
  std::vector<std::string> texts_;  // Pack()ed title and text.
  std::vector<std::string> ids_;
  std::vector<std::string> published_;
  PairsStats stats_;
};

ReuseFinder::ReuseFinder(const PairsOptions& options) : impl_(new Impl(options)) {}
ReuseFinder::~ReuseFinder() = default;
void ReuseFinder::Add(Document&& doc) { impl_->Add(std::move(doc)); }
std::vector<ReusePair> ReuseFinder::Finish() { return impl_->Finish(); }
size_t ReuseFinder::size() const { return impl_->size(); }
const std::string& ReuseFinder::id(uint32_t i) const { return impl_->id(i); }
const PairsStats& ReuseFinder::stats() const { return impl_->stats(); }

std::vector<ReusePair> FindReusePairs(const std::vector<Document>& docs,
                                      const PairsOptions& options) {
  ReuseFinder finder(options);
  for (const Document& d : docs) finder.Add(Document(d));
  return finder.Finish();
}

}  // namespace unspun
