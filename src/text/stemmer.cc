// English stemming through libstemmer (Snowball "english", i.e. Porter2).
//
// An sb_stemmer keeps its working buffer inside the object, so one object must never be used by
// two threads at once; each thread gets its own. The same few thousand words make up most news
// text, so each thread also keeps a direct-mapped cache of recent stems in front of the stemmer.

#include <libstemmer.h>

#include <cstring>
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
// StemHash() alone (story features stem every content word) has a larger cache of compact
// slots in front: short words and their stem hashes only, 40 bytes a slot, 1.3 MB per thread.
// A news vocabulary overflows the 4096 slots above, and every miss runs the stemmer.
constexpr size_t kHashCacheSlots = 32768;
constexpr size_t kHashCacheWord = 22;  // Longer words go to the main cache.

class ThreadStemmer {
 public:
  struct Entry {
    bool valid = false;
    uint64_t word_hash = 0;
    uint64_t stem_hash = 0;
    std::string word;  // Compared on a hit, so a hash collision can never return a wrong stem.
    std::string stem;
  };

  ThreadStemmer()
      : stemmer_(sb_stemmer_new("english", nullptr)),
        cache_(kCacheSlots),
        hash_cache_(kHashCacheSlots) {}
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

  uint64_t LookupStemHash(std::string_view word) {
    if (word.size() > kHashCacheWord) return Lookup(word).stem_hash;
    const uint64_t h = HashWord(word);
    HashEntry& e = hash_cache_[(h >> 12) & (kHashCacheSlots - 1)];  // Not Lookup()'s low bits.
    if (e.length == word.size() && e.word_hash == h &&
        std::memcmp(e.word, word.data(), word.size()) == 0) {
      return e.stem_hash;
    }
    e.stem_hash = Lookup(word).stem_hash;
    e.word_hash = h;
    e.length = static_cast<uint8_t>(word.size());
    std::memcpy(e.word, word.data(), word.size());
    return e.stem_hash;
  }

 private:
  struct HashEntry {
    uint64_t word_hash = 0;
    uint64_t stem_hash = 0;
    uint8_t length = 0xFF;  // Of the word; 0xFF: empty slot.
    char word[kHashCacheWord + 1];
  };

  sb_stemmer* stemmer_;       // Null only if libstemmer could not allocate it.
  std::vector<Entry> cache_;  // On the heap: thread_local storage itself stays small.
  std::vector<HashEntry> hash_cache_;
};

ThreadStemmer& ThisThreadStemmer() {
  thread_local ThreadStemmer stemmer;
  return stemmer;
}

}  // namespace

std::string Stem(std::string_view word) { return ThisThreadStemmer().Lookup(word).stem; }

uint64_t StemHash(std::string_view word) { return ThisThreadStemmer().LookupStemHash(word); }

}  // namespace unspun
