// The reuse engine's driver: analyze and fingerprint every article as it arrives (in parallel
// batches), index the fingerprints, then count and verify each article's candidates (in
// parallel), telling which side of each pair is likely the original.
#include "unspun/pairs.h"

#include <sys/resource.h>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <span>
#include <thread>
#include <unordered_map>

#include "align/analysis.h"
#include "align/evidence.h"
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
  // Wall and CPU seconds since Restart(), and the process's peak memory so far.
  void Stop(double* wall, double* cpu, double* peak_mb) const {
    *wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    *cpu = CpuSeconds(r) - cpu_;
    *peak_mb = r.ru_maxrss / 1024.0;  // Linux reports kilobytes.
  }

 private:
  static double CpuSeconds() {
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    return CpuSeconds(r);
  }
  static double CpuSeconds(const rusage& r) {
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
  thread_local const std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> cctx(ZSTD_createCCtx(),
                                                                               &ZSTD_freeCCtx);
  out->resize(ZSTD_compressBound(raw.size()));
  const size_t n = ZSTD_compressCCtx(cctx.get(), out->data(), out->size(), raw.data(), raw.size(),
                                     kCompressionLevel);
  // Compression into a buffer of compressBound bytes cannot fail but for lack of memory.
  out->resize(ZSTD_isError(n) ? 0 : n);
}

// Restores what Pack() stored into doc->title and doc->text.
void Unpack(std::string_view blob, Document* doc) {
  thread_local std::string raw;
  thread_local const std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> dctx(ZSTD_createDCtx(),
                                                                               &ZSTD_freeDCtx);
  const unsigned long long size = ZSTD_getFrameContentSize(blob.data(), blob.size());
  raw.resize(size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ? 0 : size);
  const size_t n =
      ZSTD_decompressDCtx(dctx.get(), raw.data(), raw.size(), blob.data(), blob.size());
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

// A hash of the article's content: its words outside boilerplate paragraphs, in order (0 when it
// has none). Equal keys mean the same text after normalization and boilerplate removal.
uint64_t ContentKey(const Analysis& a) {
  uint64_t h = 0;
  bool any = false;
  for (const Paragraph& p : a.paragraphs) {
    if (p.boilerplate) continue;
    for (uint32_t k = p.token_begin; k < p.token_end; ++k) {
      h = (h ^ a.tokens[k].hash) * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
      any = true;
    }
  }
  return any ? (h | 1) : 0;
}

// Byte strings appended one after another into large chunks: no per-string header or allocation,
// and no fragmentation, for a million small compressed texts.
class Arena {
 public:
  void Append(std::string_view bytes) {
    if (chunks_.empty() || chunks_.back().size() + bytes.size() > chunks_.back().capacity()) {
      chunks_.emplace_back();
      chunks_.back().reserve(std::max(kChunk, bytes.size()));
    }
    std::string& chunk = chunks_.back();
    refs_.push_back({static_cast<uint32_t>(chunks_.size() - 1), static_cast<uint32_t>(chunk.size()),
                     static_cast<uint32_t>(bytes.size())});
    chunk.append(bytes);
    bytes_ += bytes.size();
  }
  std::string_view Get(size_t i) const {
    const Ref& r = refs_[i];
    return std::string_view(chunks_[r.chunk]).substr(r.offset, r.size);
  }
  uint64_t bytes() const { return bytes_; }

 private:
  static constexpr size_t kChunk = size_t{64} << 20;
  struct Ref {
    uint32_t chunk, offset, size;
  };
  std::vector<std::string> chunks_;
  std::vector<Ref> refs_;
  uint64_t bytes_ = 0;
};

// The analyses of the last few articles one verification task read: a group of exact copies and
// the group it pairs with are each analyzed once, not once per pair.
class AnalysisCache {
 public:
  struct Slot {
    uint32_t article = UINT32_MAX;
    uint64_t used = 0;
    Document doc;
    Analysis analysis;
  };

  void Reset() {
    for (Slot& s : slots_) s.article = UINT32_MAX;
  }

  // The slot holding `article`, loading (load(article, &doc)) and analyzing it if needed into
  // the least recently used slot other than `keep`.
  template <typename LoadFn>
  const Slot& Get(uint32_t article, const Slot* keep, LoadFn load) {
    Slot* victim = nullptr;
    for (Slot& s : slots_) {
      if (s.article == article) {
        s.used = ++clock_;
        return s;
      }
      if (&s != keep && (victim == nullptr || s.used < victim->used)) victim = &s;
    }
    load(article, &victim->doc);
    Analyze(victim->doc, &victim->analysis);
    victim->article = article;
    victim->used = ++clock_;
    return *victim;
  }

 private:
  std::array<Slot, 8> slots_;
  uint64_t clock_ = 0;
};

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
    if (added_ > 0) {
      analyze_timer_.Stop(&stats_.analyze_seconds, &stats_.analyze_cpu, &stats_.analyze_peak_mb);
    }

    StageTimer timer;
    CandidateIndex index(std::move(fingerprints_), CandidateOptions(), jobs_);
    first_with_key_ = {};
    stats_.kept_postings = index.kept_postings();
    timer.Stop(&stats_.index_seconds, &stats_.index_cpu, &stats_.index_peak_mb);

    timer.Restart();
    std::vector<ReusePair> out = Verify(index);
    timer.Stop(&stats_.verify_seconds, &stats_.verify_cpu, &stats_.verify_peak_mb);
    stats_.pairs = out.size();
    return out;
  }

  size_t size() const { return added_; }
  void Article(uint32_t i, Document* doc) const { Load(i, doc); }
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
    std::vector<uint64_t> keys(n);
    const FingerprintOptions fp_options;
    ParallelFor(n, jobs_, [&](size_t i, int) {
      thread_local Analysis analysis;
      AnalyzeTokens(pending_[i], &analysis);
      ComputeFingerprints(analysis, fp_options, &fps[i]);
      keys[i] = ContentKey(analysis);
      Pack(pending_[i], &blobs[i]);
    });
    for (size_t i = 0; i < n; ++i) {
      Document& d = pending_[i];
      // An article whose content matches an earlier one exactly joins that one's group and is
      // left out of the index: its pairs follow from its group's.
      const auto article = static_cast<uint32_t>(ids_.size());
      uint32_t group = article;
      if (keys[i] != 0) group = first_with_key_.try_emplace(keys[i], article).first->second;
      group_of_.push_back(group);
      if (group == article) {
        fingerprints_.Append(fps[i]);
      } else {
        fingerprints_.Append({});
        members_[group].push_back(article);
      }
      stats_.fingerprints += fps[i].size();
      stats_.text_bytes += d.text.size();
      texts_.Append(blobs[i]);
      ids_.push_back(std::move(d.id));
      published_.push_back(std::move(d.published));
    }
    stats_.articles += n;
    stats_.stored_bytes = texts_.bytes();
    pending_.clear();
  }

  // Article i as Add() received it, but for its source, url and origin.
  void Load(uint32_t i, Document* doc) const {
    Unpack(texts_.Get(i), doc);
    doc->id = ids_[i];
    doc->published = published_[i];
  }

  // The articles of a's exact-copy group, a first: just {a} for most.
  std::span<const uint32_t> GroupOf(const uint32_t& a) const {
    auto it = members_.find(a);
    if (it == members_.end()) return {&a, 1};
    return it->second;
  }

  std::vector<ReusePair> Verify(const CandidateIndex& index) {
    for (auto& [first, members] : members_) members.insert(members.begin(), first);
    const uint32_t n = static_cast<uint32_t>(added_);
    std::vector<std::vector<ReusePair>> found(jobs_);
    std::atomic<uint64_t> done{0}, candidates{0};
    const VerifyOptions verify_options;
    ParallelFor(n, jobs_, [&](size_t i, int worker) {
      thread_local CandidateIndex::Scratch scratch;
      thread_local std::vector<Candidate> cands;
      thread_local AnalysisCache cache;
      cache.Reset();  // Thread-local state outlives the finder: nothing is kept across tasks.
      std::vector<ReusePair>& out = found[worker];
      // Verifies (p, q), p < q, appending a reuse pair to `out`.
      auto judge = [&](uint32_t p, uint32_t q) {
        candidates.fetch_add(1, std::memory_order_relaxed);
        const AnalysisCache::Slot& sp =
            cache.Get(p, nullptr, [&](uint32_t k, Document* d) { Load(k, d); });
        const AnalysisCache::Slot& sq =
            cache.Get(q, &sp, [&](uint32_t k, Document* d) { Load(k, d); });
        thread_local Alignment alignment;
        std::optional<ReusePair> v =
            unspun::Verify(sp.analysis, sq.analysis, verify_options, &alignment);
        if (!v) return false;
        v->a = p;
        v->b = q;
        int source;
        if (options_.evidence) {
          const Inspection ia = FindDisguises(sp.doc), ib = FindDisguises(sq.doc);
          ExtractEvidence({sp.analysis, ia}, {sq.analysis, ib}, alignment, &*v);
          source = LikelySource(sp.doc, sp.analysis, sq.doc, sq.analysis, *v, &ia, &ib);
        } else {
          source = LikelySource(sp.doc, sp.analysis, sq.doc, sq.analysis, *v);
        }
        if (source >= 0) v->source = static_cast<int>(source == 0 ? p : q);
        if (v->score >= options_.min_score) out.push_back(std::move(*v));
        return true;
      };
      // The task of a group's first article does all of the group's pairs, so that each member
      // is analyzed once (the cache holds them); the other members' tasks have nothing to do.
      const auto a = static_cast<uint32_t>(i);
      if (group_of_[a] == a) {
        const std::span<const uint32_t> group = GroupOf(a);
        for (size_t x = 0; x < group.size(); ++x) {
          for (size_t y = x + 1; y < group.size(); ++y) judge(group[x], group[y]);
        }
        index.CandidatesOf(a, &scratch, &cands);
        for (const Candidate& c : cands) {
          // Groups share their verdict: the rest of both groups are tried only when the first
          // members reuse each other.
          if (!judge(a, c.b)) continue;
          const std::span<const uint32_t> other = GroupOf(c.b);
          for (uint32_t p : group) {
            for (uint32_t q : other) {
              if (p != a || q != c.b) judge(std::min(p, q), std::max(p, q));
            }
          }
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
  Arena texts_;  // Pack()ed title and text.
  std::vector<std::string> ids_;
  std::vector<std::string> published_;
  // Exact copies: articles whose content (boilerplate aside) is identical form a group, named by
  // its first article. Only that one is indexed, so a story syndicated to hundreds of sites costs
  // one article's postings instead of pushing every fingerprint past max_postings.
  std::vector<uint32_t> group_of_;
  std::unordered_map<uint64_t, uint32_t> first_with_key_;        // Content key -> group.
  std::unordered_map<uint32_t, std::vector<uint32_t>> members_;  // Group -> its other articles.
  PairsStats stats_;
};

ReuseFinder::ReuseFinder(const PairsOptions& options) : impl_(new Impl(options)) {}
ReuseFinder::~ReuseFinder() = default;
void ReuseFinder::Add(Document&& doc) { impl_->Add(std::move(doc)); }
std::vector<ReusePair> ReuseFinder::Finish() { return impl_->Finish(); }
size_t ReuseFinder::size() const { return impl_->size(); }
const std::string& ReuseFinder::id(uint32_t i) const { return impl_->id(i); }
void ReuseFinder::Article(uint32_t i, Document* doc) const { impl_->Article(i, doc); }
const PairsStats& ReuseFinder::stats() const { return impl_->stats(); }

std::vector<ReusePair> FindReusePairs(const std::vector<Document>& docs,
                                      const PairsOptions& options) {
  ReuseFinder finder(options);
  for (const Document& d : docs) finder.Add(Document(d));
  return finder.Finish();
}

}  // namespace unspun
