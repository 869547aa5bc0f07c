// Story assignment in the archive (docs/archive.md, "Stories"): the one place that decides which
// story an arriving article joins.
//
// The archive keeps the story features of its most recent articles (the window) and, in memory,
// a StoryIndex over them: stories live days, so an arriving article is compared with recent ones
// only, and the memory and the time to load the index stay bounded however large the archive
// grows. An article joins a story as StoryIndex::Add decides (unspun/stories.h) and, when it is
// a copy (duplicate, near duplicate or rewrite) of an archived article, that article's story too;
// the stories it bridges merge into the oldest one. A story is a number in articles.story: the
// seq of its first article.
//
// Not thread safe; the archive guards its window with a mutex.
#ifndef UNSPUN_STORE_STORIES_H_
#define UNSPUN_STORE_STORIES_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "unspun/stories.h"

namespace unspun::store {

// A StoryFeatures as stored in the story_features table: `day` apart, the features as
// little-endian (u64 hash, f32 weight) records, sorted by hash.
std::string EncodeStoryFeatures(const StoryFeatures& features);
// False when `blob` is not such a record list (its length, or hashes out of order).
bool DecodeStoryFeatures(std::string_view blob, int32_t day, StoryFeatures* out);

// The options of an archive's window: a stream, whose vectors last (StoryOptions::lasting_vectors).
inline StoryOptions WindowOptions() {
  StoryOptions options;
  options.lasting_vectors = true;
  return options;
}

class StoryWindow {
 public:
  explicit StoryWindow(const StoryOptions& options = WindowOptions()) : index_(options) {}

  // Loading, oldest article first: Count every article of the window, then Load each with the
  // story number the archive holds for it.
  void Count(const StoryFeatures& features) { index_.CountFeatures(features); }
  void Load(int64_t seq, StoryFeatures features, int64_t story);

  struct Decision {
    int64_t story = 0;           // The story joined; 0: a new one (numbered by the article).
    std::vector<int64_t> merge;  // Stories folded into `story` (never `story` itself).
  };
  // Decides the story of the article `seq` (newer than every article of the window), whose
  // features were Counted, and which copies archived articles of the stories `copied` (read from
  // the store: they may lie outside the window). With `keep` the article stays in the window and
  // the decision is applied to it; without, the window is left as it was (Uncount the features
  // too, for a checked article that is not stored).
  Decision Assign(int64_t seq, StoryFeatures features, const std::vector<int64_t>& copied,
                  bool keep);
  void Uncount(const StoryFeatures& features) { index_.UncountFeatures(features); }

  // Once the window holds more than twice `capacity` articles (it holds every article filed since
  // it was loaded), keeps only the newest `capacity` (their stories as they are), rebuilt in
  // memory.
  void Trim(uint32_t capacity);

  // Decides the story of every window article up to seq `newest` again, oldest first, with the
  // frequencies of all of them counted first, as `unspun stories --incremental` does for a
  // corpus; articles filed ahead of `newest` are dropped. copies[seq]: the seqs of window
  // articles that `seq` copies (it joins their stories). Returns the articles whose story
  // changed, with the new one.
  std::vector<std::pair<int64_t, int64_t>> Refile(
      const std::unordered_map<int64_t, std::vector<int64_t>>& copies, int64_t newest);

  // The story of the window article `seq`; 0 when it is not in the window.
  int64_t StoryOfSeq(int64_t seq) const;
  // How many window articles have a seq up to `newest`.
  uint32_t CountUpTo(int64_t newest) const {
    return static_cast<uint32_t>(std::upper_bound(seqs_.begin(), seqs_.end(), newest) -
                                 seqs_.begin());
  }

  // Another process renumbered the story of the window article `seq` (merged it into `story`):
  // the window merges the same stories. Unknown seqs are ignored.
  void Renumber(int64_t seq, int64_t story);

  uint32_t size() const { return index_.size(); }
  // The window's articles numbered from `first` up to (not including) `end`, oldest first, with
  // their features; valid until the window changes.
  std::vector<std::pair<int64_t, const StoryFeatures*>> Articles(int64_t first, int64_t end) const;
  // The oldest and newest seq in the window; 0 when it is empty.
  int64_t first_seq() const { return seqs_.empty() ? 0 : seqs_.front(); }
  int64_t last_seq() const { return seqs_.empty() ? 0 : seqs_.back(); }
  // The seq below which stored features are no longer needed once the window keeps only its
  // newest `capacity` articles; 0 while it holds no more than that.
  // `newest`: the newest article stored (the window may hold articles filed ahead).
  int64_t OldestKept(uint32_t capacity, int64_t newest) const {
    const uint32_t end = CountUpTo(newest);
    return end > capacity ? seqs_[end - capacity] : 0;
  }

 private:
  // The window article with this seq; false when there is none.
  bool IndexOf(int64_t seq, uint32_t* x) const;
  // Joins the window's stories numbered `numbers` and the article `x`, all under number `story`.
  void Merge(uint32_t x, int64_t story, const std::vector<int64_t>& numbers);

  StoryIndex index_;
  std::vector<int64_t> seqs_;                     // Per window article: its seq.
  std::vector<int64_t> number_;                   // Per window article: the story number of its
                                                  // story, kept current at story roots.
  std::unordered_map<int64_t, uint32_t> member_;  // Story number -> one window article in it.
};

}  // namespace unspun::store

#endif  // UNSPUN_STORE_STORIES_H_
