// Stories: features, the one similarity function, the incremental index and the batch clusterer.
// See include/unspun/stories.h and docs/stories.md.
#include "unspun/stories.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <thread>
#include <tuple>
#include <unordered_set>

#include "align/analysis.h"
#include "story/original_text.h"
#include "unspun/text_analysis.h"
#include "unspun/tokenizer.h"

namespace unspun {
namespace {

// Feature weights by kind. Names and numbers are what tells two look-alike events apart (two
// earthquakes share "earthquake", "magnitude", "injured" but not "Qeshm" or "5.9"); plain content
// words still help to link reports whose names are lowercased (a case-mangling spinner).
static float Tune(const char* n, float d) { return getenv(n) ? atof(getenv(n)) : d; }
const float kEntityWeight = Tune("UNSPUN_EW", 3.0f);
const float kNumberWeight = Tune("UNSPUN_NW", 3.0f);
const float kWordWeight = Tune("UNSPUN_WW", 0.3f);
// The title and the lead state the event; later paragraphs add background shared with other
// events of the topic. A word at byte offset x of the body weighs 1 + kLeadBoost *
// e^(-x/kLeadBytes); a title word 1 + kLeadBoost.
const float kLeadBoost = Tune("UNSPUN_LB", 2.0f);
constexpr float kLeadBytes = 600.0f;
// How many of an article's strongest features go into the inverted index, and how many of a
// query's are looked up. Reports of one event share their strongest names and numbers.
constexpr size_t kIndexedFeatures = 48;
constexpr size_t kQueryFeatures = 32;
// Candidates scored exactly per query, from the best posting-list overlaps.
constexpr size_t kCandidates = 64;
// Label propagation rounds in the batch clusterer (it settles in a few on news).
constexpr int kPropagationRounds = 50;
// Fragment merging: see MergeFragments.
const double kMergeAverage = getenv("UNSPUN_MA") ? atof(getenv("UNSPUN_MA")) : 0.75;
constexpr uint64_t kMaxMergePairs = 400;
const double kIdfPower = Tune("UNSPUN_IP", 2.0f);
// Related stories listed per story.
constexpr size_t kMaxRelated = 5;

bool IsAsciiDigits(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Sub-linear term frequency: a name said ten times is not ten times the evidence.
float Damp(float raw) { return raw >= 1.0f ? 1.0f + std::log(raw) : raw; }

// Whether the token starting at byte `b` of the matching form opens a clause where a capital
// letter is required: after a quote mark, a colon or a bracket ("he said: "The ...").
bool AfterOpener(const std::string& s, uint32_t b) {
  while (b > 0 && s[b - 1] == ' ') --b;
  if (b == 0) return true;
  const char c = s[b - 1];
  return c == '"' || c == ':' || c == '(' || c == '`' || c == '\'' || c == '\n' || c == '-';
}

// Average cosine over the pairs of a story's articles (sampled), 1 for a single article.
double Cohesion(const StoryIndex& index, const std::vector<uint32_t>& m) {
  if (m.size() < 2) return 1.0;
  const uint64_t total = static_cast<uint64_t>(m.size()) * m.size();
  const uint64_t step = std::max<uint64_t>(1, total / kMaxMergePairs);
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
// cosine over all pairs across them (average linkage) reaches kMergeAverage x min_similarity:
// fragments of one event are about as similar across as within, two look-alike events are not.
void MergeFragments(const StoryIndex& index, const std::vector<std::vector<StoryLink>>& graph,
                    const StoryOptions& options, StoryIndex* merged) {
  const uint32_t n = static_cast<uint32_t>(graph.size());
  const double threshold = kMergeAverage;
  for (int round = 0; round < 8; ++round) {
    std::map<uint32_t, std::vector<uint32_t>> members;
    for (uint32_t i = 0; i < n; ++i) members[merged->StoryOf(i)].push_back(i);
    std::map<std::pair<uint32_t, uint32_t>, bool> seen;
    std::vector<std::tuple<double, uint32_t, uint32_t>> merges;
    for (uint32_t i = 0; i < n; ++i) {
      for (const StoryLink& l : graph[i]) {
        uint32_t a = merged->StoryOf(i), b = merged->StoryOf(l.article);
        if (a == b) continue;
        if (b < a) std::swap(a, b);
        if (!seen.emplace(std::make_pair(a, b), true).second) continue;
        const std::vector<uint32_t>& ma = members[a];
        const std::vector<uint32_t>& mb = members[b];
        // Sample at most kMaxMergePairs pairs so that huge stories stay cheap.
        const uint64_t total = static_cast<uint64_t>(ma.size()) * mb.size();
        const uint64_t step = std::max<uint64_t>(1, total / kMaxMergePairs);
        double sum = 0;
        uint64_t count = 0;
        for (uint64_t k = 0; k < total; k += step) {
          sum += index.Similarity(ma[k / mb.size()], mb[k % mb.size()]);
          ++count;
        }
        const double average = sum / count;
        const double within = std::sqrt(Cohesion(index, ma) * Cohesion(index, mb));
        if (getenv("UNSPUN_DBG"))
          fprintf(stderr, "cand %u %u sizes %zu %zu cross %.3f within %.3f ratio %.3f\n", a, b,
                  ma.size(), mb.size(), average, within, average / within);
        if (average >= threshold * within) merges.emplace_back(average / within, a, b);
      }
    }
    if (merges.empty()) break;
    std::sort(merges.begin(), merges.end(), std::greater<>());
    // One merge per story per round: averages change once a story grows.
    std::unordered_set<uint32_t> touched;
    for (const auto& [average, a, b] : merges) {
      if (touched.count(a) || touched.count(b)) continue;
      touched.insert(a);
      touched.insert(b);
      merged->Join(a, b);
    }
  }
}

}  // namespace

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
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) return -1;
  // Days from civil (H. Hinnant's algorithm), proleptic Gregorian.
  const int yy = y - (m <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int days = era * 146097 + doe - 719468;
  return days < 0 ? -1 : days;
}

StoryFeatures ExtractStoryFeatures(const Document& doc) {
  StoryFeatures out;
  out.day = DayNumber(doc.published);
  Analysis a;
  Analyze(doc, &a);
  const OriginalText original(doc.text);
  const std::string& s = a.norm.text;

  // Pass 1: which stems are names in this article (capitalised where no capital is required).
  std::unordered_set<uint64_t> entities;
  for (const Sentence& sentence : a.sentences) {
    if (sentence.boilerplate) continue;
    for (uint32_t t = sentence.token_begin + 1; t < sentence.token_end; ++t) {
      const Token& tok = a.tokens[t];
      if (tok.stopword() || tok.number() || AfterOpener(s, tok.begin)) continue;
      if (original.IsUpper(a.norm.begin[tok.begin])) {
        entities.insert(StemHash(std::string_view(s).substr(tok.begin, tok.end - tok.begin)));
      }
    }
  }

  std::unordered_map<uint64_t, float> raw;
  auto add = [&](std::string_view word, const Token& tok, float position) {
    if (tok.stopword() || word.size() < 2) return;
    if (tok.number()) {
      raw[HashWord(word)] += kNumberWeight * position;
      return;
    }
    if (IsAsciiDigits(word)) return;
    const uint64_t h = StemHash(word);
    raw[h] += (entities.count(h) ? kEntityWeight : kWordWeight) * position;
  };
  for (const Sentence& sentence : a.sentences) {
    if (sentence.boilerplate) continue;
    for (uint32_t t = sentence.token_begin; t < sentence.token_end; ++t) {
      const Token& tok = a.tokens[t];
      const float position =
          1.0f + kLeadBoost * std::exp(-static_cast<float>(tok.begin) / kLeadBytes);
      add(std::string_view(s).substr(tok.begin, tok.end - tok.begin), tok, position);
    }
  }
  if (!doc.title.empty()) {
    NormalizedText title;
    Normalize(doc.title, &title);
    std::vector<Token> tokens;
    Tokenize(title.text, &tokens);
    for (const Token& tok : tokens) {
      add(std::string_view(title.text).substr(tok.begin, tok.end - tok.begin), tok,
          1.0f + kLeadBoost);
    }
  }
  out.weights.reserve(raw.size());
  for (const auto& [h, w] : raw) out.weights.emplace_back(h, Damp(w));
  std::sort(out.weights.begin(), out.weights.end());
  return out;
}

StoryIndex::StoryIndex(const StoryOptions& options) : options_(options) {}

void StoryIndex::CountFeatures(const StoryFeatures& features) {
  batch_counts_ = true;
  ++counted_;
  for (const auto& [h, w] : features.weights) ++df_[h];
}

double StoryIndex::Idf(uint64_t feature) const {
  // Squared IDF: a feature of a handful of articles (this event's) must outweigh one of many
  // (this topic's) by far more than plain IDF's log ratio. A feature of one article links nothing.
  auto it = df_.find(feature);
  if (it == df_.end() || it->second < 2 || it->second >= counted_) return 0.0;
  const double idf = std::log(static_cast<double>(counted_) / it->second);
  return std::pow(idf, kIdfPower);
}

double StoryIndex::Norm(uint32_t article) const {
  double sum = 0;
  for (const auto& [h, w] : articles_[article].weights) {
    const double x = w * Idf(h);
    sum += x * x;
  }
  return std::sqrt(sum);
}

double StoryIndex::Similarity(uint32_t a, uint32_t b) const {
  if (a >= articles_.size() || b >= articles_.size()) return 0.0;
  const StoryFeatures& fa = articles_[a];
  const StoryFeatures& fb = articles_[b];
  double damp = 1.0;
  if (fa.day >= 0 && fb.day >= 0 && options_.window_days > 0) {
    const int gap = std::abs(fa.day - fb.day);
    if (gap > options_.window_days) {
      damp = std::exp2(-static_cast<double>(gap - options_.window_days) / options_.window_days);
      if (damp < 0.1) return 0.0;
    }
  }
  double dot = 0;
  auto i = fa.weights.begin(), j = fb.weights.begin();
  while (i != fa.weights.end() && j != fb.weights.end()) {
    if (i->first < j->first) {
      ++i;
    } else if (j->first < i->first) {
      ++j;
    } else {
      const double idf = Idf(i->first);
      dot += static_cast<double>(i->second) * j->second * idf * idf;
      ++i;
      ++j;
    }
  }
  if (dot == 0) return 0.0;
  const double norm = Norm(a) * Norm(b);
  return norm > 0 ? damp * dot / norm : 0.0;
}

std::vector<StoryLink> StoryIndex::Candidates(const StoryFeatures& f, uint32_t self) const {
  // The query's strongest features that are rare enough to index.
  std::vector<std::pair<double, uint64_t>> strongest;
  for (const auto& [h, w] : f.weights) {
    auto it = postings_.find(h);
    if (it == postings_.end() || it->second.size() > options_.max_postings) continue;
    const double x = w * Idf(h);
    if (x > 0) strongest.emplace_back(x, h);
  }
  const size_t take = std::min(strongest.size(), kQueryFeatures);
  std::partial_sort(strongest.begin(), strongest.begin() + take, strongest.end(), std::greater<>());
  std::unordered_map<uint32_t, double> overlap;
  for (size_t k = 0; k < take; ++k) {
    for (uint32_t other : postings_.at(strongest[k].second)) {
      if (other != self) overlap[other] += strongest[k].first;
    }
  }
  std::vector<StoryLink> candidates;
  candidates.reserve(overlap.size());
  for (const auto& [other, score] : overlap) candidates.push_back({other, score});
  const size_t keep = std::min(candidates.size(), kCandidates);
  std::partial_sort(candidates.begin(), candidates.begin() + keep, candidates.end(),
                    [](const StoryLink& x, const StoryLink& y) {
                      return x.similarity > y.similarity ||
                             (x.similarity == y.similarity && x.article < y.article);
                    });
  candidates.resize(keep);
  return candidates;
}

std::vector<StoryLink> StoryIndex::Neighbours(uint32_t article) const {
  return NeighboursAbove(article, options_.min_similarity);
}

std::vector<StoryLink> StoryIndex::NeighboursAbove(uint32_t article, double floor) const {
  std::vector<StoryLink> out;
  if (article >= articles_.size()) return out;
  for (const StoryLink& c : Candidates(articles_[article], article)) {
    const double sim = Similarity(article, c.article);
    if (sim >= floor && sim > 0) out.push_back({c.article, sim});
  }
  std::sort(out.begin(), out.end(), [](const StoryLink& x, const StoryLink& y) {
    return x.similarity > y.similarity || (x.similarity == y.similarity && x.article < y.article);
  });
  if (out.size() > static_cast<size_t>(std::max(options_.neighbours, 0))) {
    out.resize(std::max(options_.neighbours, 0));
  }
  return out;
}

uint32_t StoryIndex::Insert(StoryFeatures features) {
  const uint32_t id = static_cast<uint32_t>(articles_.size());
  if (!batch_counts_) {
    ++counted_;
    for (const auto& [h, w] : features.weights) ++df_[h];
  }
  // Index the strongest features. A feature seen once so far may be this story's first name, so
  // rank by rarity with df floored at 2 rather than dropping it.
  std::vector<std::pair<double, uint64_t>> ranked;
  ranked.reserve(features.weights.size());
  const double n = static_cast<double>(std::max<uint64_t>(counted_, 2));
  for (const auto& [h, w] : features.weights) {
    auto it = df_.find(h);
    const uint32_t df = it == df_.end() ? 1 : it->second;
    if (batch_counts_ && df < 2) continue;  // Nothing else will ever share it.
    const double idf = std::log(n / std::max<uint32_t>(df, 2));
    if (idf > 0) ranked.emplace_back(w * idf * idf, h);
  }
  const size_t take = std::min(ranked.size(), kIndexedFeatures);
  std::partial_sort(ranked.begin(), ranked.begin() + take, ranked.end(), std::greater<>());
  for (size_t k = 0; k < take; ++k) postings_[ranked[k].second].push_back(id);
  articles_.push_back(std::move(features));
  parent_.push_back(id);
  return id;
}

uint32_t StoryIndex::Add(StoryFeatures features) {
  const uint32_t id = Insert(std::move(features));
  const std::vector<StoryLink> links = Neighbours(id);  // Never itself: Candidates skips it.
  std::map<uint32_t, double> by_story;
  for (const StoryLink& l : links) by_story[Find(l.article)] += l.similarity;
  uint32_t best = id;
  double best_score = 0;
  for (const auto& [story, score] : by_story) {
    if (score > best_score) best = story, best_score = score;
  }
  if (best == id) return id;
  uint32_t root = Join(best, id);
  for (const auto& [story, score] : by_story) {
    if (story != best && score >= options_.merge_similarity) root = Join(root, story);
  }
  return root;
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
  if (b < a) std::swap(a, b);
  parent_[b] = a;
  return a;
}

uint32_t StoryIndex::StoryOf(uint32_t article) const {
  return article < parent_.size() ? Find(article) : article;
}

std::vector<Story> FindStories(const std::vector<Document>& docs,
                               const std::vector<ReusePair>& pairs, const StoryOptions& options) {
  const uint32_t n = static_cast<uint32_t>(docs.size());
  std::vector<StoryFeatures> features(n);
  {
    const unsigned workers = std::max(1u, std::min(std::thread::hardware_concurrency(), 16u));
    std::vector<std::thread> threads;
    for (unsigned w = 0; w < workers; ++w) {
      threads.emplace_back([&, w]() {
        for (uint32_t i = w; i < n; i += workers) features[i] = ExtractStoryFeatures(docs[i]);
      });
    }
    for (std::thread& t : threads) t.join();
  }
  StoryIndex index(options);
  for (const StoryFeatures& f : features) index.CountFeatures(f);
  for (StoryFeatures& f : features) (void)index.Insert(std::move(f));

  // The neighbour graph, symmetric. Links under min_similarity (down to half of it) only make
  // stories `related`.
  const double related_floor = options.min_similarity / 2;
  std::vector<std::vector<StoryLink>> graph(n);
  std::vector<std::vector<StoryLink>> weak(n);
  auto link = [&](std::vector<std::vector<StoryLink>>& g, uint32_t a, uint32_t b, double w) {
    for (StoryLink& l : g[a]) {
      if (l.article == b) {
        l.similarity = std::max(l.similarity, w);
        return;
      }
    }
    g[a].push_back({b, w});
  };
  for (uint32_t i = 0; i < n; ++i) {
    for (const StoryLink& l : index.NeighboursAbove(i, related_floor)) {
      auto& g = l.similarity >= options.min_similarity ? graph : weak;
      link(g, i, l.article, l.similarity);
      link(g, l.article, i, l.similarity);
    }
  }
  // Reuse: a copy joins its source's story; a partial reuse is a strong link.
  StoryIndex groups;  // Used only as a union-find over the corpus.
  for (uint32_t i = 0; i < n; ++i) (void)groups.Insert(StoryFeatures());
  for (const ReusePair& p : pairs) {
    if (p.a >= n || p.b >= n) continue;
    if (p.relation == Relation::kPartial) {
      link(graph, p.a, p.b, 1.0);
      link(graph, p.b, p.a, 1.0);
    } else {
      groups.Join(p.a, p.b);
    }
  }

  // Label propagation (Raghavan et al. 2007; weighted, as in Biemann's Chinese Whispers), in
  // corpus order so that runs are reproducible. Ties keep the current label, else the smallest.
  std::vector<uint32_t> label(n);
  for (uint32_t i = 0; i < n; ++i) label[i] = groups.StoryOf(i);
  std::map<uint32_t, double> score;
  for (int round = 0; round < kPropagationRounds; ++round) {
    bool changed = false;
    for (uint32_t i = 0; i < n; ++i) {
      if (graph[i].empty()) continue;
      score.clear();
      for (const StoryLink& l : graph[i]) score[label[l.article]] += l.similarity;
      uint32_t best = label[i];
      double best_score = score.count(best) ? score[best] : 0.0;
      for (const auto& [lab, s] : score) {
        if (s > best_score + 1e-12) best = lab, best_score = s;
      }
      if (best != label[i]) label[i] = best, changed = true;
    }
    if (!changed) break;
  }
  // Reuse groups stay whole whatever their neighbours said.
  StoryIndex merged;
  for (uint32_t i = 0; i < n; ++i) (void)merged.Insert(StoryFeatures());
  for (uint32_t i = 0; i < n; ++i) {
    merged.Join(i, label[i]);
    merged.Join(i, groups.StoryOf(i));
  }
  MergeFragments(index, graph, options, &merged);

  std::map<uint32_t, size_t> slot;  // Story id -> index in `stories`.
  std::vector<Story> stories;
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t id = merged.StoryOf(i);
    auto [it, fresh] = slot.emplace(id, stories.size());
    if (fresh) {
      stories.emplace_back();
      stories.back().id = id;
    }
    stories[it->second].articles.push_back(i);
  }
  for (Story& story : stories) {
    // Label: the title of the member most linked to the others (the medoid of the graph).
    double best = -1;
    uint32_t medoid = story.articles.front();
    std::map<std::string, int> outlets;
    for (uint32_t a : story.articles) {
      double sum = 0;
      for (const StoryLink& l : graph[a]) {
        if (merged.StoryOf(l.article) == story.id) sum += l.similarity;
      }
      if (sum > best && !docs[a].title.empty()) best = sum, medoid = a;
      if (!docs[a].source.empty()) ++outlets[docs[a].source];
      if (DayNumber(docs[a].published) >= 0) {
        const std::string day = docs[a].published.substr(0, 10);
        if (story.first.empty() || day < story.first) story.first = day;
        if (story.last.empty() || day > story.last) story.last = day;
      }
    }
    story.label = docs[medoid].title;
    if (story.label.empty()) {
      const std::string& t = docs[medoid].text;
      story.label = t.substr(0, std::min(t.find('\n'), size_t{100}));
    }
    std::vector<std::pair<int, std::string>> ranked;
    for (auto& [name, count] : outlets) ranked.emplace_back(-count, name);
    std::sort(ranked.begin(), ranked.end());
    for (auto& [count, name] : ranked) story.outlets.push_back(name);
    // Related: stories reached by a link the clustering did not follow.
    std::map<uint32_t, double> related;
    for (uint32_t a : story.articles) {
      for (const auto* g : {&graph, &weak}) {
        for (const StoryLink& l : (*g)[a]) {
          const uint32_t other = merged.StoryOf(l.article);
          if (other != story.id) related[other] = std::max(related[other], l.similarity);
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
