// Stories: groups of articles that report the same *event* (not merely the same topic: two
// different earthquakes in Iran are two stories), and the quoted speech they share. The method
// and the output are described in docs/stories.md.
//
// What a story is made of, per article (ExtractStoryFeatures):
//   - named people, places and organisations: words capitalised in the original text where a
//     capital is not required (not the first word of a sentence), weighted up;
//   - numbers of two digits or more (counts, ages, years, scores), weighted up;
//   - every other content word (stopwords dropped, Snowball-stemmed), weighted down;
//   - pairs of consecutive content words inside quotes (words are said once, at the event);
//   - words of the title and the lead count more: news puts the event first, background later;
//   - the publication day, when known.
// Two articles are compared (StoryIndex::Similarity) by the cosine of those features weighted by
// a squared inverse document frequency, so that rare features (this event's names and numbers)
// decide and common ones (the topic's) barely count; the cosine is damped when both dates are
// known and far apart, since a story lives days, not years.
//
// Scale: no step compares all pairs. Candidates come from an inverted index over each article's
// strongest features; a feature held by more than StoryOptions::max_postings articles is too
// common to tell events apart and is not indexed (it still counts in the cosine).
//
// Thread safety: ExtractStoryFeatures and FindStories / FindStoryQuotes are safe to call from many
// threads at once. A StoryIndex is not thread safe, not even its const methods (they fill a
// cache): one thread at a time.
#ifndef UNSPUN_STORIES_H_
#define UNSPUN_STORIES_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "unspun/document.h"
#include "unspun/pairs.h"

namespace unspun {

struct StoryOptions {
  // Neighbours kept per article in the similarity graph.
  int neighbours = 8;
  // Cosine below which two articles are never linked.
  double min_similarity = 0.2;
  // Articles published within this many days of each other are compared as they are; beyond it
  // the cosine halves with every further `half_life_days` and is dropped below a tenth (about
  // 100 days past the window by default). Follow-ups weeks later (a trial after a shooting) stay
  // reachable; look-alike events a year or more apart do not.
  int window_days = 7;
  int half_life_days = 30;
  // A feature held by more articles than this is not used to find candidates (it still counts in
  // the cosine): it names a topic, not an event, and its posting list would cost too much.
  uint32_t max_postings = 1000;
  // An article added to a StoryIndex joins the candidate story (one holding a neighbour) to
  // whose articles it is most similar on average, if that average reaches this.
  double join_similarity = 0.15;
  // An article added to a StoryIndex joins a second story too (merging them) when its strongest
  // link into it reaches this: the new article shows the two were one event.
  double merge_similarity = 0.5;
  // FindStories only: assign each article as StoryIndex::Add does, one at a time in publication
  // order (frequencies of the whole corpus counted first), instead of the batch clustering.
  bool incremental = false;
  // StoryIndex only: how long an article's vector, computed under the frequencies of the moment,
  // is used. Exact (false): until the next count, as every count changes every IDF. Lasting
  // (true): until the index has counted twice the articles it had then, or until a feature the
  // article indexed, unique to it then, is counted again (a story's first name found in a second
  // article: the change that matters). For a stream (the archive), where exact vectors would
  // all be recomputed after each batch's count.
  bool lasting_vectors = false;
};

// The features of one article: (feature hash, raw weight) sorted by hash, and its day.
struct StoryFeatures {
  std::vector<std::pair<uint64_t, float>> weights;
  int32_t day = -1;  // Days since 1970-01-01 of Document::published; -1 when unknown.
};

// Computes the features of `doc` (see the header comment). Never fails: an article with no usable
// words gets empty features and ends up alone. A caller that has analysed `doc` already
// (align/analysis.h) can save that: see src/story/features.h.
StoryFeatures ExtractStoryFeatures(const Document& doc);

// Days since 1970-01-01 of a "YYYY-MM-DD" date (a longer ISO timestamp is read by its first 10
// characters); -1 when `date` is empty, not a valid date (2001-02-29, 2021-13-01) or before 1970.
int32_t DayNumber(std::string_view date);

namespace story_internal {

// A hash table from feature hashes to 32-bit values with open addressing (linear probing) in two
// flat arrays: several times smaller and faster than std::unordered_map for the millions of
// features of a large corpus. Feature hashes are already uniform, so they index it directly.
class FeatureTable {
 public:
  // The value of `key`, or nullptr when absent.
  const uint32_t* Find(uint64_t key) const {
    if (keys_.empty()) return nullptr;
    key = key == 0 ? 1 : key;  // 0 marks an empty slot.
    for (size_t i = key & mask_;; i = (i + 1) & mask_) {
      if (keys_[i] == key) return &values_[i];
      if (keys_[i] == 0) return nullptr;
    }
  }
  // The value of `key`, inserted as 0 when absent.
  uint32_t& operator[](uint64_t key) {
    if (10 * (size_ + 1) > 7 * keys_.size()) Grow();  // Load at most 0.7.
    key = key == 0 ? 1 : key;
    size_t i = key & mask_;
    for (; keys_[i] != key; i = (i + 1) & mask_) {
      if (keys_[i] == 0) {
        keys_[i] = key;
        values_[i] = 0;
        ++size_;
        break;
      }
    }
    return values_[i];
  }
  size_t size() const { return size_; }
  // Starts loading the slot where Find(key) begins, so that a run of lookups overlaps its cache
  // misses (a large table is far bigger than the caches).
  void Prefetch(uint64_t key) const {
    if (keys_.empty()) return;
    const size_t i = (key == 0 ? 1 : key) & mask_;
    __builtin_prefetch(&keys_[i]);
    __builtin_prefetch(&values_[i]);
  }

 private:
  void Grow() {
    std::vector<uint64_t> keys(std::max<size_t>(64, 2 * keys_.size()), 0);
    std::vector<uint32_t> values(keys.size(), 0);
    const size_t mask = keys.size() - 1;
    for (size_t k = 0; k < keys_.size(); ++k) {
      if (keys_[k] == 0) continue;
      size_t i = keys_[k] & mask;
      while (keys[i] != 0) i = (i + 1) & mask;
      keys[i] = keys_[k];
      values[i] = values_[k];
    }
    keys_.swap(keys);
    values_.swap(values);
    mask_ = mask;
  }
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> values_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace story_internal

// One neighbour of an article in the similarity graph.
struct StoryLink {
  uint32_t article;
  double similarity;
};

// The incremental core: articles are added one at a time and each is assigned a story at once,
// so an archive can file a new article without re-clustering. Inverse document frequencies grow
// with the index (each Add counts its article). They decide what is rare, so a cold index
// judges its first articles poorly: seed it with CountFeatures over a few thousand past
// articles (an archive: its store), or, for a known corpus, count all of it and pass
// counted = true to Add / Insert. On stories-dev, assignment one at a time scores B-cubed F1
// 0.89 with the corpus counted first, and about 0.75 from a cold start (docs/stories.md).
//
// Article numbers are 0, 1, 2... in the order of Add. Story ids are article numbers too (the
// first article of the story); when a new article merges two stories the older id survives, so
// StoryOf() of an article may change over time (never to a younger id).
class StoryIndex {
 public:
  explicit StoryIndex(const StoryOptions& options = StoryOptions());

  // Counts `features` into the document frequencies without adding an article: to seed the
  // frequencies from past articles, or to count a whole corpus before adding it (counted = true).
  void CountFeatures(const StoryFeatures& features);
  // Takes back a CountFeatures of the same features (a checked article that is not kept).
  void UncountFeatures(const StoryFeatures& features);
  // Says that every article this index will hold has been counted (a corpus counted before it
  // is added): a feature of one article then links nothing and is left out of the inverted
  // index. An archive, whose future articles are not known, never says so.
  void AllCounted() { all_counted_ = true; }

  // Adds an article and returns its story. Candidates are the stories of its Neighbours(); it
  // joins the one whose articles (up to 64 sampled) it is most similar to on average, if that
  // average reaches join_similarity, else it starts a story of its own. A candidate story holding
  // an article at least merge_similarity similar is merged in too (the new article shows the
  // two are one event). `counted`: its features were already counted by CountFeatures.
  uint32_t Add(StoryFeatures features, bool counted = false);

  // What Add decides for an inserted article that is still alone: the story it joins (itself
  // when none) and the other stories it merges into that one. Add is Insert, Choose, then Join.
  struct Choice {
    uint32_t story = 0;
    std::vector<uint32_t> merge;
  };
  Choice Choose(uint32_t article) const;

  // Takes back the last Insert, of an article not joined to any story since (one that was only
  // checked, not kept). Its features stay counted: UncountFeatures them if they should not be.
  void RemoveLast();

  // Adds an article without assigning it a story (it starts alone): the batch clusterer's entry,
  // which assigns stories itself once every article is in. Returns its article number.
  // `keep_vector`: compute and cache its vector now, from the frequency lookups Insert makes
  // anyway, for an article queried next (Choose); otherwise it is computed when first used.
  uint32_t Insert(StoryFeatures features, bool counted = false, bool keep_vector = false);

  // Joins the stories of two added articles (a reuse pair: a copy joins its source's story).
  // Returns the surviving story id. Article numbers out of range are ignored (returns `a`).
  uint32_t Join(uint32_t a, uint32_t b);

  // The current story of an added article.
  uint32_t StoryOf(uint32_t article) const;

  // Cosine of two added articles under the current frequencies, damped by their date distance.
  // The one similarity function of stories: Add, the batch clusterer and the tests all use it.
  double Similarity(uint32_t a, uint32_t b) const;

  // The up to options.neighbours most similar added articles to `article`, at or above
  // min_similarity, most similar first. Found through the inverted index, not by a scan.
  std::vector<StoryLink> Neighbours(uint32_t article) const;
  // The same with another similarity floor.
  std::vector<StoryLink> NeighboursAbove(uint32_t article, double floor) const;

  // The article's weighted features under the current frequencies, unit length, sorted by
  // feature: what Similarity() takes dot products of. Empty when out of range or featureless.
  std::vector<std::pair<uint64_t, double>> Vector(uint32_t article) const;

  // Computes every article's vector under the current frequencies, on up to `threads` threads.
  // Until the next CountFeatures / Add / Insert, Similarity, Neighbours, NeighboursAbove and
  // Vector then only read, and may be called from many threads at once (the batch clusterer
  // finds neighbours in parallel this way). Without it, they compute vectors lazily.
  // `release_features` also frees the articles' raw weights, about half the index's memory: the
  // vectors are then final, and articles added afterwards are compared under frequencies that no
  // longer change for the released ones (the batch clusterer adds nothing afterwards).
  void Prepare(unsigned threads = 1, bool release_features = false);

  uint32_t size() const { return static_cast<uint32_t>(articles_.size()); }
  const StoryOptions& options() const { return options_; }
  // The features an added article was given (its unit vector after Prepare(_, true)).
  const StoryFeatures& features(uint32_t article) const { return articles_[article]; }

 private:
  using UnitVector = std::vector<std::pair<uint64_t, float>>;
  using Weights = std::vector<std::pair<uint64_t, float>>;
  // log(counted_ / df), memoized per df (see log_ratio_).
  double LogRatio(uint32_t df) const;
  // The squared IDF of a feature of document frequency `df` (0: not counted).
  double Idf(uint32_t df) const;
  // The document frequencies of `weights`' features into *dfs (0 when not counted).
  void LookUpDf(const Weights& weights, std::vector<uint32_t>* dfs) const;
  // The article's unit vector (features with a weight only, sorted), computed into the cache
  // when missing or stale; after Prepare(_, true), the article's own (converted) weights.
  const UnitVector& Unit(uint32_t article) const;
  // Sizes the vector cache to the articles.
  void SyncCache() const;
  // Computes the unit vector of `article` under the current frequencies.
  UnitVector ComputeVector(uint32_t article) const;
  // The same from the weights and their document frequencies (LookUpDf).
  UnitVector VectorOf(const Weights& weights, const std::vector<uint32_t>& dfs) const;
  // Insert(); with `cache_vector`, also caches the new article's unit vector (Add and an
  // archive query it at once, and it comes from the same frequency lookups).
  uint32_t InsertArticle(StoryFeatures features, bool counted, bool cache_vector);
  static double Dot(const UnitVector& a, const UnitVector& b);
  // The factor dates put on the cosine of articles of days `a` and `b` (-1: unknown); 0 when too
  // far apart.
  double DateDamping(int32_t a, int32_t b) const;
  std::vector<StoryLink> Candidates(uint32_t self) const;
  uint32_t Find(uint32_t x) const;

  StoryOptions options_;
  std::vector<StoryFeatures> articles_;
  std::vector<int32_t> days_;  // Per article its day: compact, for the damping of every pair.
  story_internal::FeatureTable df_;
  uint64_t counted_ = 0;  // Articles counted into df_ (by CountFeatures or Add).
  // The inverted index: feature -> 1 + its slot in posting_lists_ (0: no list yet).
  story_internal::FeatureTable postings_;
  std::vector<std::vector<uint32_t>> posting_lists_;
  mutable std::vector<uint32_t> parent_;  // Union-find over articles; the root is the story id.
  std::vector<std::vector<uint32_t>> members_;  // Per story root: its articles; empty otherwise.
  // Cached unit vectors per article, each with a stamp (0: none). Exact, the stamp is the
  // frequencies_ it was computed under, valid while they last: the frequencies change with every
  // count, so a stamp per vector (not a clear of all of them) keeps a count cheap when only a few
  // vectors are used before the next one. Lasting, it is counted_ then (see StoryOptions).
  mutable std::vector<UnitVector> unit_;
  mutable std::vector<uint64_t> unit_stamp_;
  // The stamp of a vector computed now, and whether the cached vector of `article` holds.
  uint64_t Stamp() const { return options_.lasting_vectors ? counted_ : frequencies_; }
  bool Fresh(uint32_t article) const {
    const uint64_t stamp = unit_stamp_[article];
    return options_.lasting_vectors ? stamp != 0 && counted_ < 2 * stamp : stamp == frequencies_;
  }
  uint64_t frequencies_ = 1;  // Changes of df_ so far (0 marks a vector never computed).
  // log(counted_ / df) by df, for small df (most features): a vector's worth of logarithms per
  // article costs more than the rest of its computation. An entry holds while counted_ equals its
  // `at`; filled lazily by one thread, or for every df by Prepare before its threads start.
  struct LogRatioMemo {
    double log_ratio = 0;
    uint64_t at = ~uint64_t{0};
  };
  mutable std::vector<LogRatioMemo> log_ratio_;
  bool released_ = false;  // Prepare turned the raw weights into final unit vectors.
  bool all_counted_ = false;
};

// A story found by FindStories.
struct Story {
  uint32_t id = 0;                   // The index of its first article in the corpus.
  std::vector<uint32_t> articles;    // Corpus indices, ascending.
  std::string label;                 // The title of its most representative article.
  std::vector<std::string> outlets;  // Distinct sources (Trimmed), most frequent first.
  std::string first, last;           // Earliest and latest publication date; empty when unknown.
  std::vector<uint32_t> related;     // Ids of other stories linked to it, but too weakly to merge.
};

// Groups `docs` into stories: singletons included, ordered by id. `pairs` are reuse pairs of the
// same corpus (FindReusePairs; may be empty): a duplicate, near-duplicate or rewrite always joins
// its source's story, a partial reuse links the two articles as a strong neighbour.
//
// The batch method builds the neighbour graph of a StoryIndex holding the whole corpus (counted
// first), then runs label propagation on it (each article takes the story its neighbours weigh
// most for, until nothing changes) in 9 visiting orders and keeps the links most runs agree on;
// finally two stories linked in the graph merge when the average similarity across them reaches
// 0.7 of the average within them (fragments of one event). Articles are processed in a canonical
// order (sorted by a hash of their content), so any permutation of the same corpus gives the
// same stories (ids still name each story's first article in `docs`). A story is
// `related` to another when some link between them (at least half of min_similarity) was not
// followed. With options.incremental, StoryIndex::Add decides instead.
std::vector<Story> FindStories(const std::vector<Document>& docs,
                               const std::vector<ReusePair>& pairs, const StoryOptions& options);

// `s` without leading and trailing whitespace (outlet names as sources give them, " nbc.com ").
std::string Trimmed(std::string_view s);

// Quoted speech shared within a story.
struct StoryQuote {
  std::string text;     // Canonical rendering: the longest one, in the original text.
  std::string speaker;  // Most frequent named speaker (in matching form); empty when unknown.
  std::vector<uint32_t> articles;    // Corpus indices of the articles that carry it, ascending.
  std::vector<std::string> outlets;  // Their distinct sources.
};

// True when two quotes render the same words: at least 60% of the content stems of the shorter
// one (and at least 3 of them) are in the longer one, which trimmed quotes (containment) and
// re-translations that keep most words pass; or, for spun renderings whose content words were
// swapped, both are at least 10 words long, of lengths within a fifth, and their sequences of
// function words (content words as wildcards) share a common subsequence covering 80% of the
// longer. An empty quote matches nothing.
bool SameQuote(std::string_view a, std::string_view b);

// The quotes of each story (as returned by FindStories, same order), matched across its articles
// with SameQuote; per story, most widely carried first.
std::vector<std::vector<StoryQuote>> FindStoryQuotes(const std::vector<Document>& docs,
                                                     const std::vector<Story>& stories);

}  // namespace unspun

#endif  // UNSPUN_STORIES_H_
