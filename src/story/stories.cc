// Stories: the one similarity function, the incremental index and the batch clusterer (features:
// features.cc). See include/unspun/stories.h and docs/stories.md.
#include "unspun/stories.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <set>
#include <thread>
#include <tuple>

#include "unspun/tokenizer.h"

namespace unspun {
namespace {

// How many of an article's strongest features go into the inverted index, and how many of a
// query's are looked up. Reports of one event share their strongest names and numbers.
constexpr size_t kIndexedFeatures = 48;
constexpr size_t kQueryFeatures = 32;
// Candidates scored exactly per query, from the best posting-list overlaps.
constexpr size_t kCandidates = 32;
// Features kept in an article's vector (the strongest).
constexpr size_t kVectorFeatures = 128;
// Label propagation rounds in the batch clusterer (it settles in a few on news).
constexpr int kPropagationRounds = 50;
// Label propagation runs whose majority decides (see FindStories).
constexpr int kConsensusRuns = 9;
// Fragment merging: see MergeFragments.
constexpr double kMergeRatio = 0.7;
constexpr int kMergeRounds = 8;
constexpr uint64_t kMaxSampledPairs = 400;
// Document frequencies below this have their logarithm memoized (StoryIndex::LogRatio).
constexpr size_t kLogRatioMemo = 16384;
// Members of a story sampled to measure a new article's average similarity to it.
constexpr uint64_t kStorySample = 64;
// Related stories listed per story.
constexpr size_t kMaxRelated = 5;

// A 64-bit mixer (splitmix64's finalizer), for fixed pseudo-random visiting orders.
uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Union-find over article numbers; the root of a set is its smallest member.
class UnionFind {
 public:
  explicit UnionFind(uint32_t n) : parent_(n) {
    for (uint32_t i = 0; i < n; ++i) parent_[i] = i;
  }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Join(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<uint32_t> parent_;
};

// Label propagation (Raghavan et al. 2007; weighted, as in Biemann's Chinese Whispers): each
// article takes the label its neighbours weigh most for, until nothing changes. Articles are
// visited in corpus order so that runs are reproducible; ties keep the current label, else take
// the smallest. Reuse groups start with one label.
std::vector<uint32_t> PropagateLabels(const std::vector<std::vector<StoryLink>>& graph,
                                      UnionFind& copies, const std::vector<uint32_t>& visit) {
  const uint32_t n = static_cast<uint32_t>(graph.size());
  std::vector<uint32_t> label(n);
  for (uint32_t i = 0; i < n; ++i) label[i] = copies.Find(i);
  std::vector<std::pair<uint32_t, double>> score;  // (label, weight), reused across articles.
  for (int round = 0; round < kPropagationRounds; ++round) {
    bool changed = false;
    for (uint32_t i : visit) {
      if (graph[i].empty()) continue;
      score.clear();
      for (const StoryLink& l : graph[i]) score.emplace_back(label[l.article], l.similarity);
      std::sort(score.begin(), score.end());
      // Sum per label (ascending, so that ties go to the smallest), the current one first.
      double best_score = 0;
      for (const auto& [candidate, s] : score) best_score += candidate == label[i] ? s : 0.0;
      uint32_t best = label[i];
      for (size_t k = 0; k < score.size();) {
        const uint32_t candidate = score[k].first;
        double s = 0;
        for (; k < score.size() && score[k].first == candidate; ++k) s += score[k].second;
        if (s > best_score + 1e-12) best = candidate, best_score = s;
      }
      if (best != label[i]) label[i] = best, changed = true;
    }
    if (!changed) break;
  }
  return label;
}

// Average cosine over the pairs of a story's articles (sampled); 1 for a single article, which
// then merges only on links nearly as strong as the other story's own (propagation has already
// had its say on it).
double Cohesion(const StoryIndex& index, const std::vector<uint32_t>& m) {
  if (m.size() < 2) return 1.0;
  const uint64_t total = static_cast<uint64_t>(m.size()) * m.size();
  const uint64_t step = std::max<uint64_t>(1, total / kMaxSampledPairs);
  double sum = 0;
  uint64_t count = 0;
  for (uint64_t k = 0; k < total; k += step) {
    const uint64_t x = k / m.size(), y = k % m.size();
    if (x == y) continue;
    sum += index.Similarity(m[x], m[y]);
    ++count;
  }
  return count ? sum / count : 1.0;
}

// Label propagation can leave one dense story in two fragments, each settled on its own label
// before the other's reached it. Two stories linked in the graph are merged when the average
// cosine across them (average linkage) reaches kMergeRatio of the average within them (their
// geometric mean): fragments of one event are nearly as similar across as within, two look-alike
// events of one topic are far less (on news, under half). The graph is over index article numbers.
void MergeFragments(const StoryIndex& index, const std::vector<std::vector<StoryLink>>& graph,
                    UnionFind& copies, UnionFind* merged) {
  const uint32_t n = static_cast<uint32_t>(graph.size());
  // Stories merged in the previous round: only pairs involving one need measuring again (the
  // others were measured and fell short, and nothing about them changed).
  std::set<uint32_t> changed;
  for (int round = 0; round < kMergeRounds; ++round) {
    std::map<uint32_t, std::vector<uint32_t>> members;  // In index article numbers.
    // One member per reuse group: copies are one report, not independent ones, and a story
    // holding a few near-identical copies would look tighter than it is and refuse to merge.
    for (uint32_t i = 0; i < n; ++i) {
      if (copies.Find(i) == i) members[merged->Find(i)].push_back(i);
    }
    std::map<uint32_t, double> cohesion;
    auto cohesion_of = [&](uint32_t story) {
      auto it = cohesion.find(story);
      if (it == cohesion.end()) it = cohesion.emplace(story, Cohesion(index, members[story])).first;
      return it->second;
    };
    std::set<std::pair<uint32_t, uint32_t>> seen;
    std::vector<std::tuple<double, uint32_t, uint32_t>> merges;
    for (uint32_t i = 0; i < n; ++i) {
      for (const StoryLink& l : graph[i]) {
        uint32_t a = merged->Find(i), b = merged->Find(l.article);
        if (a == b) continue;
        if (b < a) std::swap(a, b);
        if (round > 0 && !changed.count(a) && !changed.count(b)) continue;
        if (!seen.emplace(a, b).second) continue;
        const std::vector<uint32_t>& ma = members[a];
        const std::vector<uint32_t>& mb = members[b];
        // At most kMaxSampledPairs pairs, evenly spread, so that huge stories stay cheap.
        const uint64_t total = static_cast<uint64_t>(ma.size()) * mb.size();
        const uint64_t step = std::max<uint64_t>(1, total / kMaxSampledPairs);
        double sum = 0;
        uint64_t count = 0;
        for (uint64_t k = 0; k < total; k += step, ++count) {
          sum += index.Similarity(ma[k / mb.size()], mb[k % mb.size()]);
        }
        const double ratio = sum / count / std::sqrt(cohesion_of(a) * cohesion_of(b));
        if (ratio >= kMergeRatio) merges.emplace_back(ratio, a, b);
      }
    }
    if (merges.empty()) break;
    std::sort(merges.begin(), merges.end(), std::greater<>());
    // One merge per story per round: its averages change once it grows.
    std::set<uint32_t> touched;
    changed.clear();
    for (const auto& [ratio, a, b] : merges) {
      if (!touched.insert(a).second) continue;
      if (!touched.insert(b).second) continue;
      merged->Join(a, b);
      changed.insert(merged->Find(a));
    }
  }
}

}  // namespace

std::string Trimmed(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

int32_t DayNumber(std::string_view date) {
  if (date.size() < 10 || date[4] != '-' || date[7] != '-') return -1;
  auto num = [&](size_t b, size_t n) {
    int v = 0;
    for (size_t i = b; i < b + n; ++i) {
      if (date[i] < '0' || date[i] > '9') return -1;
      v = v * 10 + (date[i] - '0');
    }
    return v;
  };
  const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  static constexpr int kMonthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > kMonthDays[m - 1]) return -1;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return -1;
  // Days from civil (H. Hinnant's algorithm), proleptic Gregorian.
  const int yy = y - (m <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int days = era * 146097 + doe - 719468;
  return days < 0 ? -1 : days;
}

StoryIndex::StoryIndex(const StoryOptions& options)
    : options_(options), log_ratio_(kLogRatioMemo) {}

void StoryIndex::CountFeatures(const StoryFeatures& features) {
  ++counted_;
  ++frequencies_;
  for (const auto& [h, w] : features.weights) {
    if (++df_[h] != 2 || !options_.lasting_vectors) continue;
    // Shared for the first time: the vectors of the articles that indexed it gain it.
    const uint32_t* slot = postings_.Find(h);
    if (slot == nullptr || *slot == 0) continue;
    for (uint32_t a : posting_lists_[*slot - 1]) {
      if (a < unit_stamp_.size()) unit_stamp_[a] = 0;
    }
  }
}

void StoryIndex::UncountFeatures(const StoryFeatures& features) {
  if (counted_ == 0) return;
  --counted_;
  ++frequencies_;
  for (const auto& [h, w] : features.weights) {
    uint32_t& df = df_[h];
    if (df > 0) --df;
  }
}

double StoryIndex::LogRatio(uint32_t df) const {
  if (df < log_ratio_.size() && log_ratio_[df].at == counted_) return log_ratio_[df].log_ratio;
  const double log_ratio = std::log(static_cast<double>(counted_) / df);
  if (df < log_ratio_.size()) log_ratio_[df] = {log_ratio, counted_};
  return log_ratio;
}

double StoryIndex::Idf(uint32_t df) const {
  // Squared IDF: a feature of a handful of articles (this event's) must outweigh one of many
  // (this topic's) by far more than plain IDF's log ratio. A feature of one article links nothing.
  if (df < 2 || df >= counted_) return 0.0;
  const double idf = LogRatio(df);
  return idf * idf;
}

void StoryIndex::LookUpDf(const Weights& weights, std::vector<uint32_t>* dfs) const {
  // Each lookup in a large table misses the caches: start them a few features ahead.
  constexpr size_t kAhead = 8;
  const size_t n = weights.size();
  dfs->resize(n);
  for (size_t k = 0; k < std::min(n, kAhead); ++k) df_.Prefetch(weights[k].first);
  for (size_t k = 0; k < n; ++k) {
    if (k + kAhead < n) df_.Prefetch(weights[k + kAhead].first);
    const uint32_t* df = df_.Find(weights[k].first);
    (*dfs)[k] = df == nullptr ? 0 : *df;
  }
}

StoryIndex::UnitVector StoryIndex::ComputeVector(uint32_t article) const {
  thread_local std::vector<uint32_t> dfs;
  LookUpDf(articles_[article].weights, &dfs);
  return VectorOf(articles_[article].weights, dfs);
}

StoryIndex::UnitVector StoryIndex::VectorOf(const Weights& weights,
                                            const std::vector<uint32_t>& dfs) const {
  UnitVector out;
  out.reserve(weights.size());  // Exact, not grown by doubling.
  double sum = 0;
  for (size_t k = 0; k < weights.size(); ++k) {
    const double x = weights[k].second * Idf(dfs[k]);
    if (x <= 0) continue;
    out.emplace_back(weights[k].first, static_cast<float>(x));
    sum += x * x;
  }
  const double norm = std::sqrt(sum);
  for (auto& [h, x] : out) x = static_cast<float>(x / norm);
  if (out.size() > kVectorFeatures) {
    // Only the strongest features are kept (the norm stays that of all of them): the long tail
    // of common words weighs little in any dot product, but costs memory and time per pair.
    // Strongest first, ties by feature: the weight at rank kVectorFeatures decides; those above
    // it stay, and of those equal to it the ones of the smallest features. Weights are positive
    // floats, ordered as their bits are; selecting among bits and filtering keeps the features
    // in order, with no sort.
    thread_local std::vector<uint32_t> bits;
    bits.clear();
    for (const auto& [h, x] : out) bits.push_back(std::bit_cast<uint32_t>(x));
    std::nth_element(bits.begin(), bits.begin() + kVectorFeatures, bits.end(), std::greater<>());
    const uint32_t cut = bits[kVectorFeatures];
    size_t ties = kVectorFeatures - std::count_if(bits.begin(), bits.begin() + kVectorFeatures,
                                                  [&](uint32_t b) { return b > cut; });
    size_t kept = 0;
    for (const auto& e : out) {
      const uint32_t b = std::bit_cast<uint32_t>(e.second);
      if (b > cut || (b == cut && ties > 0 && ties--)) out[kept++] = e;
    }
    out.resize(kept);
    out.shrink_to_fit();
  }
  return out;
}

void StoryIndex::SyncCache() const {
  if (unit_.size() < articles_.size()) {
    unit_.resize(articles_.size());
    unit_stamp_.resize(articles_.size(), 0);
  }
}

const StoryIndex::UnitVector& StoryIndex::Unit(uint32_t article) const {
  if (released_) return articles_[article].weights;
  SyncCache();
  if (!Fresh(article)) {
    unit_[article] = ComputeVector(article);
    unit_stamp_[article] = Stamp();
  }
  return unit_[article];
}

void StoryIndex::Prepare(unsigned threads, bool release_features) {
  if (released_) return;  // The vectors are final.
  const uint32_t n = size();
  threads = std::max(1u, std::min(threads, 16u));
  // Every memoized logarithm up front: the threads below then only read the memo.
  for (uint32_t df = 2; df < std::min<uint64_t>(counted_, log_ratio_.size()); ++df) {
    (void)LogRatio(df);
  }
  if (!release_features) {
    unit_.assign(n, {});
    unit_stamp_.assign(n, Stamp());
  }
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < threads; ++w) {
    workers.emplace_back([&, w]() {
      for (uint32_t i = w; i < n; i += threads) {
        UnitVector v = ComputeVector(i);
        // Released: the weights become the vector in place, so that the index never holds both.
        (release_features ? articles_[i].weights : unit_[i]) = std::move(v);
      }
    });
  }
  for (std::thread& t : workers) t.join();
  if (release_features) {
    std::vector<UnitVector>().swap(unit_);
    std::vector<uint64_t>().swap(unit_stamp_);
    released_ = true;
  }
}

std::vector<std::pair<uint64_t, double>> StoryIndex::Vector(uint32_t article) const {
  std::vector<std::pair<uint64_t, double>> out;
  if (article >= articles_.size()) return out;
  for (const auto& [h, x] : Unit(article)) out.emplace_back(h, x);
  return out;
}

double StoryIndex::Dot(const UnitVector& a, const UnitVector& b) {
  auto i = a.begin(), j = b.begin();
  double dot = 0;
  while (i != a.end() && j != b.end()) {
    if (i->first < j->first) {
      ++i;
    } else if (j->first < i->first) {
      ++j;
    } else {
      dot += static_cast<double>(i->second) * j->second;
      ++i;
      ++j;
    }
  }
  return dot;
}

double StoryIndex::DateDamping(int32_t a, int32_t b) const {
  if (a < 0 || b < 0 || options_.window_days < 0) return 1.0;
  const int gap = std::abs(a - b);
  if (gap <= options_.window_days) return 1.0;
  const double damp = std::exp2(-static_cast<double>(gap - options_.window_days) /
                                std::max(options_.half_life_days, 1));
  return damp < 0.1 ? 0.0 : damp;
}

double StoryIndex::Similarity(uint32_t a, uint32_t b) const {
  if (a >= articles_.size() || b >= articles_.size()) return 0.0;
  const double damp = DateDamping(days_[a], days_[b]);
  if (damp == 0) return 0.0;
  return damp * Dot(Unit(a), Unit(b));
}

std::vector<StoryLink> StoryIndex::Candidates(uint32_t self) const {
  // The query's strongest features that are rare enough to index (its vector holds w x idf^2
  // over a norm: the same ranking as w x idf^2).
  const UnitVector& unit = Unit(self);
  // Two dependent cache misses per feature (its slot, then its list), the second started for
  // all the features before any list is read.
  thread_local std::vector<std::pair<float, uint32_t>> indexed;  // (weight, list).
  indexed.clear();
  constexpr size_t kAhead = 8;  // Lookups started ahead (see LookUpDf).
  for (size_t k = 0; k < std::min(unit.size(), kAhead); ++k) postings_.Prefetch(unit[k].first);
  for (size_t k = 0; k < unit.size(); ++k) {
    if (k + kAhead < unit.size()) postings_.Prefetch(unit[k + kAhead].first);
    const uint32_t* slot = postings_.Find(unit[k].first);
    if (slot == nullptr || *slot == 0) continue;
    indexed.emplace_back(unit[k].second, *slot - 1);
    __builtin_prefetch(&posting_lists_[*slot - 1]);
  }
  std::vector<std::pair<float, const std::vector<uint32_t>*>> strongest;
  strongest.reserve(indexed.size());
  for (const auto& [x, slot] : indexed) {
    const std::vector<uint32_t>& list = posting_lists_[slot];
    if (list.size() > options_.max_postings) continue;
    strongest.emplace_back(x, &list);
  }
  const size_t take = std::min(strongest.size(), kQueryFeatures);
  std::partial_sort(strongest.begin(), strongest.begin() + take, strongest.end(),
                    [](const auto& x, const auto& y) { return x.first > y.first; });
  // Overlaps summed in a per-thread dense array (no hash map per query).
  thread_local std::vector<float> overlap;
  thread_local std::vector<uint32_t> touched;  // The first touched_size are in use.
  if (overlap.size() < articles_.size()) overlap.resize(articles_.size(), 0.0f);
  size_t total = 0;
  for (size_t k = 0; k < take; ++k) {
    total += strongest[k].second->size();
    __builtin_prefetch(strongest[k].second->data());
  }
  if (touched.size() < total) touched.resize(total);
  size_t touched_size = 0;
  for (size_t k = 0; k < take; ++k) {
    const float x = strongest[k].first;
    for (uint32_t other : *strongest[k].second) {
      if (other == self) continue;
      // Without a branch: the article is written past the end, which counts it when new.
      touched[touched_size] = other;
      touched_size += overlap[other] == 0.0f;
      overlap[other] += x;
    }
  }
  // The kCandidates largest overlaps (ties: the smaller article) in a heap whose top ranks last:
  // over a thousand articles are touched, and most cost one comparison with that top.
  auto before = [](const StoryLink& x, const StoryLink& y) {
    return x.similarity > y.similarity || (x.similarity == y.similarity && x.article < y.article);
  };
  std::vector<StoryLink> candidates;
  candidates.reserve(std::min(touched_size, kCandidates));
  for (size_t t = 0; t < touched_size; ++t) {
    const uint32_t other = touched[t];
    const StoryLink link{other, overlap[other]};
    overlap[other] = 0.0f;
    if (candidates.size() < kCandidates) {
      candidates.push_back(link);
      std::push_heap(candidates.begin(), candidates.end(), before);
    } else if (before(link, candidates.front())) {
      std::pop_heap(candidates.begin(), candidates.end(), before);
      candidates.back() = link;
      std::push_heap(candidates.begin(), candidates.end(), before);
    }
  }
  std::sort(candidates.begin(), candidates.end(), before);
  return candidates;
}

std::vector<StoryLink> StoryIndex::Neighbours(uint32_t article) const {
  return NeighboursAbove(article, options_.min_similarity);
}

std::vector<StoryLink> StoryIndex::NeighboursAbove(uint32_t article, double floor) const {
  std::vector<StoryLink> out;
  if (article >= articles_.size()) return out;
  const std::vector<StoryLink> candidates = Candidates(article);
  if (candidates.empty()) return out;
  // The query's vector in a small per-thread hash table (it fits in L1): each candidate is then
  // scored by one probe per feature, without the branchy merge of Similarity(). Products are
  // summed in the same (key) order, so the result is exactly Similarity().
  const UnitVector& q = Unit(article);
  thread_local std::vector<uint64_t> keys;
  thread_local std::vector<float> values;
  // At most 1/8 full, so that a probe for a feature the query lacks nearly always ends at its
  // first slot: the loop below then runs without unpredictable branches.
  size_t capacity = 16;
  while (capacity < 8 * q.size()) capacity *= 2;
  const size_t mask = capacity - 1;
  keys.assign(capacity, 0);
  values.assign(capacity, 0.0f);
  float zero_key_value = 0.0f;  // Key 0 marks empty slots; a feature hashed to 0 sits here.
  for (const auto& [key, x] : q) {
    if (key == 0) {
      zero_key_value = x;
      continue;
    }
    size_t i = key & mask;
    while (keys[i] != 0) i = (i + 1) & mask;
    keys[i] = key;
    values[i] = x;
  }
  // The candidates' vectors first (stale ones computed), then scored with the next one's start
  // loaded ahead: each lies elsewhere in a cache far smaller than all of them.
  thread_local std::vector<std::pair<double, const UnitVector*>> scored;  // (damping, vector).
  thread_local std::vector<uint32_t> scored_article;
  scored.clear();
  scored_article.clear();
  const int32_t day = days_[article];
  for (const StoryLink& c : candidates) {
    const double damp = DateDamping(day, days_[c.article]);
    if (damp == 0) continue;
    scored.emplace_back(damp, &Unit(c.article));
    scored_article.push_back(c.article);
  }
  auto prefetch = [](const UnitVector& v) {
    const char* p = reinterpret_cast<const char*>(v.data());
    const size_t bytes = v.size() * sizeof(v[0]);
    for (size_t b = 0; b < std::min<size_t>(bytes, 512); b += 64) __builtin_prefetch(p + b);
  };
  if (!scored.empty()) prefetch(*scored[0].second);
  for (size_t s = 0; s < scored.size(); ++s) {
    if (s + 1 < scored.size()) prefetch(*scored[s + 1].second);
    const double damp = scored[s].first;
    double dot = 0;
    for (const auto& [key, y] : *scored[s].second) {
      const size_t first = key & mask;
      const bool hit = keys[first] == key && key != 0;
      float x = hit ? values[first] : 0.0f;
      if (!hit && (keys[first] != 0 || key == 0)) [[unlikely]] {
        if (key == 0) {
          x = zero_key_value;
        } else {
          for (size_t i = (first + 1) & mask; keys[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == key) {
              x = values[i];
              break;
            }
          }
        }
      }
      // Weights are positive and finite: a feature the query lacks adds +0, leaving the sum as
      // it was, exactly.
      dot += static_cast<double>(x) * y;
    }
    const double sim = damp * dot;
    if (sim >= floor && sim > 0) out.push_back({scored_article[s], sim});
  }
  std::sort(out.begin(), out.end(), [](const StoryLink& x, const StoryLink& y) {
    return x.similarity > y.similarity || (x.similarity == y.similarity && x.article < y.article);
  });
  if (out.size() > static_cast<size_t>(std::max(options_.neighbours, 0))) {
    out.resize(std::max(options_.neighbours, 0));
  }
  return out;
}

uint32_t StoryIndex::Insert(StoryFeatures features, bool counted, bool keep_vector) {
  return InsertArticle(std::move(features), counted, keep_vector);
}

uint32_t StoryIndex::InsertArticle(StoryFeatures features, bool counted, bool cache_vector) {
  const uint32_t id = static_cast<uint32_t>(articles_.size());
  if (!counted) CountFeatures(features);
  thread_local std::vector<uint32_t> dfs;
  LookUpDf(features.weights, &dfs);
  // Index the strongest features. A feature seen once so far may be this story's first name, so
  // rank by rarity with df floored at 2 rather than dropping it.
  thread_local std::vector<std::pair<double, uint64_t>> ranked;
  ranked.clear();
  for (size_t k = 0; k < features.weights.size(); ++k) {
    const auto& [h, w] = features.weights[k];
    const uint32_t df = dfs[k] == 0 ? 1 : dfs[k];
    if (all_counted_ && df < 2) continue;  // Nothing else shares it, now or later.
    // log(n / df) with both floored at 2: 0 while fewer than 2 articles are counted.
    const double idf = counted_ >= 2 ? LogRatio(std::max<uint32_t>(df, 2)) : 0.0;
    // In a young archive (a handful of articles) every feature may look common; they are
    // indexed all the same, last, so that the next articles can find this one.
    if (idf > 0 || !all_counted_) ranked.emplace_back(w * idf * idf, h);
  }
  // The strongest, in no particular order: each goes into its own posting list. Features are
  // distinct, so the order is total and the selection unique.
  const size_t take = std::min(ranked.size(), kIndexedFeatures);
  if (take < ranked.size()) {
    std::nth_element(ranked.begin(), ranked.begin() + take, ranked.end(), std::greater<>());
  }
  // Three dependent cache misses per feature (its slot, its list, the list's end), each stage
  // started for all the features before the next one reads them.
  for (size_t k = 0; k < take; ++k) postings_.Prefetch(ranked[k].second);
  thread_local std::vector<uint32_t> lists;
  lists.resize(take);
  for (size_t k = 0; k < take; ++k) {
    uint32_t& slot = postings_[ranked[k].second];
    if (slot == 0) {
      posting_lists_.emplace_back();
      slot = static_cast<uint32_t>(posting_lists_.size());
    }
    lists[k] = slot - 1;
    __builtin_prefetch(&posting_lists_[slot - 1]);
  }
  for (size_t k = 0; k < take; ++k) {
    const std::vector<uint32_t>& list = posting_lists_[lists[k]];
    __builtin_prefetch(list.data() + list.size(), 1);
  }
  for (size_t k = 0; k < take; ++k) posting_lists_[lists[k]].push_back(id);
  UnitVector unit;
  if (cache_vector || released_) {
    // From the frequencies just looked up, rather than again by Unit().
    unit = VectorOf(features.weights, dfs);
    // After a releasing Prepare an article is kept as its unit vector, like the others.
    if (released_) features.weights = std::move(unit);
  }
  days_.push_back(features.day);
  articles_.push_back(std::move(features));
  parent_.push_back(id);
  members_.push_back({id});
  if (cache_vector && !released_) {
    SyncCache();
    unit_[id] = std::move(unit);
    unit_stamp_[id] = Stamp();
  }
  return id;
}

uint32_t StoryIndex::Add(StoryFeatures features, bool counted) {
  const uint32_t id = InsertArticle(std::move(features), counted, /*cache_vector=*/true);
  const Choice choice = Choose(id);
  uint32_t root = Join(choice.story, id);
  for (uint32_t story : choice.merge) root = Join(root, story);
  return root;
}

StoryIndex::Choice StoryIndex::Choose(uint32_t id) const {
  Choice choice;
  choice.story = id;
  if (id >= articles_.size()) return choice;
  const std::vector<StoryLink> links = Neighbours(id);  // Never itself: Candidates skips it.
  // The stories of the neighbours are the candidates. A story is joined on the article's average
  // similarity to its members, not on one link: one close neighbour in a story that grew over
  // two look-alike events would otherwise chain them (single linkage).
  std::map<uint32_t, double> strongest;
  for (const StoryLink& l : links) {
    double& s = strongest[Find(l.article)];
    s = std::max(s, l.similarity);
  }
  if (strongest.empty()) return choice;
  uint32_t best = id;
  double best_average = 0;
  for (const auto& [story, s] : strongest) {
    const std::vector<uint32_t>& m = members_[story];
    const uint64_t step = std::max<uint64_t>(1, m.size() / kStorySample);
    double sum = 0;
    uint64_t count = 0;
    for (uint64_t k = 0; k < m.size(); k += step, ++count) sum += Similarity(id, m[k]);
    const double average = sum / count;
    if (average > best_average) best = story, best_average = average;
  }
  if (best == id || best_average < options_.join_similarity) return choice;
  choice.story = best;
  for (const auto& [story, s] : strongest) {
    if (story != best && s >= options_.merge_similarity) choice.merge.push_back(story);
  }
  return choice;
}

void StoryIndex::RemoveLast() {
  if (articles_.empty()) return;
  const uint32_t id = size() - 1;
  if (parent_[id] != id || members_[id].size() != 1) return;  // Joined since: kept.
  // Its postings are the last entries of their lists (article numbers grow).
  for (const auto& [h, w] : articles_[id].weights) {
    const uint32_t* slot = postings_.Find(h);
    if (slot == nullptr || *slot == 0) continue;
    std::vector<uint32_t>& list = posting_lists_[*slot - 1];
    if (!list.empty() && list.back() == id) list.pop_back();
  }
  articles_.pop_back();
  days_.pop_back();
  parent_.pop_back();
  members_.pop_back();
  if (unit_.size() > id) {
    unit_.resize(id);
    unit_stamp_.resize(id);
  }
}

uint32_t StoryIndex::Find(uint32_t x) const {
  while (parent_[x] != x) {
    parent_[x] = parent_[parent_[x]];
    x = parent_[x];
  }
  return x;
}

uint32_t StoryIndex::Join(uint32_t a, uint32_t b) {
  if (a >= parent_.size() || b >= parent_.size()) return a;
  a = Find(a);
  b = Find(b);
  if (a == b) return a;
  if (b < a) std::swap(a, b);
  parent_[b] = a;
  members_[a].insert(members_[a].end(), members_[b].begin(), members_[b].end());
  members_[b] = {};
  return a;
}

uint32_t StoryIndex::StoryOf(uint32_t article) const {
  return article < parent_.size() ? Find(article) : article;
}

std::vector<Story> FindStories(const std::vector<Document>& docs,
                               const std::vector<ReusePair>& pairs, const StoryOptions& options) {
  const uint32_t n = static_cast<uint32_t>(docs.size());
  const unsigned workers = std::max(1u, std::min(std::thread::hardware_concurrency(), 16u));
  auto parallel = [&](auto&& body) {  // body(k) for k in [0, n), on `workers` threads.
    std::vector<std::thread> threads;
    for (unsigned w = 0; w < workers; ++w) {
      threads.emplace_back([&, w]() {
        for (uint32_t k = w; k < n; k += workers) body(k);
      });
    }
    for (std::thread& t : threads) t.join();
  };

  // Everything below works in a canonical order that does not depend on the order of the input:
  // articles sorted by a hash of their content (ties, i.e. identical articles, by input order).
  // Visiting orders, tie-breaks, sampling and floating-point sums then come out the same for any
  // permutation of the corpus. order[k]: the corpus index of the k-th article added to the index.
  std::vector<uint32_t> order(n), position(n);
  {
    std::vector<uint64_t> key(n);
    parallel([&](uint32_t i) {
      const Document& d = docs[i];
      uint64_t h = Mix(HashWord(d.id) + 1);
      for (const std::string* field : {&d.title, &d.text, &d.source, &d.published}) {
        h = Mix(h ^ HashWord(*field));
      }
      key[i] = h;
    });
    for (uint32_t i = 0; i < n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      return key[x] < key[y] || (key[x] == key[y] && x < y);
    });
  }
  std::vector<StoryFeatures> features(n);
  parallel([&](uint32_t i) { features[i] = ExtractStoryFeatures(docs[i]); });

  // The batch adds in canonical order after counting the whole corpus; the incremental mode adds
  // in publication order (undated articles first, in canonical order) with frequencies counted
  // first, as an archive seeded from its store would.
  StoryIndex index(options);
  for (const StoryFeatures& f : features) index.CountFeatures(f);
  index.AllCounted();
  if (options.incremental) {
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t x, uint32_t y) { return features[x].day < features[y].day; });
  }
  for (uint32_t k = 0; k < n; ++k) {
    position[order[k]] = k;
    StoryFeatures& f = features[order[k]];
    if (options.incremental) {
      (void)index.Add(std::move(f), /*counted=*/true);
    } else {
      (void)index.Insert(std::move(f), /*counted=*/true);
    }
  }
  std::vector<StoryFeatures>().swap(features);
  index.Prepare(workers, /*release_features=*/true);

  // The neighbour graph over index article numbers (canonical order), symmetric. Links under
  // min_similarity (down to half of it) only make stories `related`.
  const double related_floor = options.min_similarity / 2;
  std::vector<std::vector<StoryLink>> found(n);
  parallel([&](uint32_t k) { found[k] = index.NeighboursAbove(k, related_floor); });
  std::vector<std::vector<StoryLink>> graph(n), weak(n);
  auto link = [](std::vector<std::vector<StoryLink>>& g, uint32_t a, uint32_t b, double w) {
    for (StoryLink& l : g[a]) {
      if (l.article == b) {
        l.similarity = std::max(l.similarity, w);
        return;
      }
    }
    g[a].push_back({b, w});
  };
  for (uint32_t k = 0; k < n; ++k) {
    for (const StoryLink& l : found[k]) {
      auto& g = l.similarity >= options.min_similarity ? graph : weak;
      link(g, k, l.article, l.similarity);
      link(g, l.article, k, l.similarity);
    }
    std::vector<StoryLink>().swap(found[k]);
  }
  // Reuse: a copy joins its source's story; a partial reuse (a passage) is a strong link.
  UnionFind copies(n);
  for (const ReusePair& p : pairs) {
    if (p.a >= n || p.b >= n || p.a == p.b) continue;
    const uint32_t a = position[p.a], b = position[p.b];
    if (p.relation == Relation::kPartial) {
      link(graph, a, b, 1.0);
      link(graph, b, a, 1.0);
    } else {
      copies.Join(a, b);
    }
  }

  UnionFind merged(n);
  if (options.incremental) {
    for (uint32_t k = 0; k < n; ++k) merged.Join(k, index.StoryOf(k));
  } else {
    // Propagation depends on the visiting order, so it runs kConsensusRuns times, in canonical
    // order and in fixed pseudo-random orders, and two linked articles share a story when most
    // runs put them together (consensus clustering; same input, same stories).
    // Votes: a reuse group among an article's neighbours is one report, so its links share one
    // vote (each divided by the number of the group's articles linked).
    std::vector<std::vector<StoryLink>> votes = graph;
    for (uint32_t k = 0; k < n; ++k) {
      std::map<uint32_t, int> per_group;
      for (const StoryLink& l : graph[k]) ++per_group[copies.Find(l.article)];
      for (StoryLink& l : votes[k]) l.similarity /= per_group[copies.Find(l.article)];
    }
    std::vector<std::vector<uint32_t>> together(n);  // Per graph link of k: runs that agreed.
    for (uint32_t k = 0; k < n; ++k) together[k].assign(graph[k].size(), 0);
    std::vector<uint32_t> visit(n);
    for (int run = 0; run < kConsensusRuns; ++run) {
      for (uint32_t k = 0; k < n; ++k) visit[k] = k;
      if (run > 0) {
        std::vector<uint64_t> key(n);
        for (uint32_t k = 0; k < n; ++k) key[k] = Mix(k * 0x100000001B3ull + run);
        std::sort(visit.begin(), visit.end(),
                  [&](uint32_t x, uint32_t y) { return key[x] < key[y]; });
      }
      const std::vector<uint32_t> label = PropagateLabels(votes, copies, visit);
      for (uint32_t k = 0; k < n; ++k) {
        for (size_t e = 0; e < graph[k].size(); ++e) {
          together[k][e] += label[k] == label[graph[k][e].article];
        }
      }
    }
    for (uint32_t k = 0; k < n; ++k) {
      for (size_t e = 0; e < graph[k].size(); ++e) {
        if (2 * together[k][e] > kConsensusRuns) merged.Join(k, graph[k][e].article);
      }
    }
  }
  // Reuse groups stay whole whatever their neighbours said.
  for (uint32_t k = 0; k < n; ++k) merged.Join(k, copies.Find(k));
  if (!options.incremental) MergeFragments(index, graph, copies, &merged);

  // Back to corpus indices: a story's id is its first article in the input.
  std::unordered_map<uint32_t, size_t> slot;  // Root (index article number) -> index in stories.
  std::vector<uint32_t> root_of(n);           // Per corpus index.
  std::vector<Story> stories;
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t root = root_of[i] = merged.Find(position[i]);
    auto [it, fresh] = slot.emplace(root, stories.size());
    if (fresh) {
      stories.emplace_back();
      stories.back().id = i;
    }
    stories[it->second].articles.push_back(i);
  }
  for (Story& story : stories) {
    const uint32_t root = root_of[story.id];
    // Label: the title of the member most linked to the others (the medoid of the graph).
    double best = -1;
    uint32_t medoid = story.articles.front();
    std::map<std::string, int> outlets;
    for (uint32_t a : story.articles) {
      double sum = 0;
      for (const StoryLink& l : graph[position[a]]) {
        if (merged.Find(l.article) == root) sum += l.similarity;
      }
      if (sum > best && !docs[a].title.empty()) best = sum, medoid = a;
      const std::string outlet = Trimmed(docs[a].source);
      if (!outlet.empty()) ++outlets[outlet];
      if (DayNumber(docs[a].published) >= 0) {
        const std::string day = docs[a].published.substr(0, 10);
        if (story.first.empty() || day < story.first) story.first = day;
        if (story.last.empty() || day > story.last) story.last = day;
      }
    }
    story.label = docs[medoid].title;
    if (story.label.empty()) {
      const std::string& t = docs[medoid].text;
      size_t cut = std::min(t.find('\n'), size_t{100});
      // Not inside a UTF-8 sequence: back off over continuation bytes.
      while (cut < t.size() && cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) {
        --cut;
      }
      story.label = t.substr(0, cut);
    }
    std::vector<std::pair<int, std::string>> ranked;
    for (auto& [name, count] : outlets) ranked.emplace_back(-count, name);
    std::sort(ranked.begin(), ranked.end());
    for (auto& [count, name] : ranked) story.outlets.push_back(name);
    // Related: stories reached by a link the clustering did not follow.
    std::map<uint32_t, double> related;  // Story id -> strongest link.
    for (uint32_t a : story.articles) {
      for (const auto* g : {&graph, &weak}) {
        for (const StoryLink& l : (*g)[position[a]]) {
          const uint32_t other = merged.Find(l.article);
          if (other == root) continue;
          double& s = related[stories[slot.at(other)].id];
          s = std::max(s, l.similarity);
        }
      }
    }
    std::vector<std::pair<double, uint32_t>> by_strength;
    for (auto& [id, s] : related) by_strength.emplace_back(-s, id);
    std::sort(by_strength.begin(), by_strength.end());
    for (size_t k = 0; k < by_strength.size() && k < kMaxRelated; ++k) {
      story.related.push_back(by_strength[k].second);
    }
  }
  return stories;
}

}  // namespace unspun
