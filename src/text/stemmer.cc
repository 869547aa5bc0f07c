// English stemming through libstemmer (Snowball "english", i.e. Porter2).
//
// An sb_stemmer keeps its working buffer inside the object, so one object must never be used by
// two threads at once; each thread gets its own. The same few thousand words make up most news
// text, so each thread also keeps a direct-mapped cache of recent stems in front of the stemmer.

#include <libstemmer.h>

#include <string>
#include <string_view>
#include <vector>

#include "unspun/text_analysis.h"
#include "unspun/tokenizer.h"

namespace unspun {
namespace {

// 4096 slots hold the working vocabulary of a news article batch at a few hundred KB per thread;
// the slot is picked by the low bits of the word's hash.
constexpr size_t kCacheSlots = 4096;

class ThreadStemmer {
 public:
  struct Entry {
    bool valid = false;
    uint64_t word_hash = 0;
    uint64_t stem_hash = 0;
    std::string word;  // Compared on a hit, so a hash collision can never return a wrong stem.
    std::string stem;
  };

  ThreadStemmer() : stemmer_(sb_stemmer_new("english", nullptr)), cache_(kCacheSlots) {}
  ~ThreadStemmer() {
    if (stemmer_ != nullptr) sb_stemmer_delete(stemmer_);
  }
  ThreadStemmer(const ThreadStemmer&) = delete;
  ThreadStemmer& operator=(const ThreadStemmer&) = delete;

  const Entry& Lookup(std::string_view word) {
    const uint64_t h = HashWord(word);
    Entry& e = cache_[h & (kCacheSlots - 1)];
    if (e.valid && e.word_hash == h && e.word == word) return e;
    e.valid = true;
    e.word_hash = h;
    e.word.assign(word);
    e.stem.assign(word);
    if (stemmer_ != nullptr && !word.empty()) {
      const sb_symbol* stem = sb_stemmer_stem(
          stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
      // A null result means the stemmer ran out of memory; the word stands for itself.
      if (stem != nullptr) {
        e.stem.assign(reinterpret_cast<const char*>(stem),
                      static_cast<size_t>(sb_stemmer_length(stemmer_)));
      }
    }
    e.stem_hash = HashWord(e.stem);
    return e;
  }

 private:
  sb_stemmer* stemmer_;       // Null only if libstemmer could not allocate it.
  std::vector<Entry> cache_;  // On the heap: thread_local storage itself stays small.
};

ThreadStemmer& ThisThreadStemmer() {
  thread_local ThreadStemmer stemmer;
  return stemmer;
}

}  // namespace

std::string Stem(std::string_view word) { return ThisThreadStemmer().Lookup(word).stem; }

uint64_t StemHash(std::string_view word) { return ThisThreadStemmer().Lookup(word).stem_hash; }

}  // namespace unspun
