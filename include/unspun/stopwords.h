// English function words. Spinners swap content words and leave these alone, so the sequence of
// stopwords in a text (its "skeleton", Stamatatos 2011) survives spinning; they are also the
// words that carry no topic for story grouping.
#ifndef UNSPUN_STOPWORDS_H_
#define UNSPUN_STOPWORDS_H_

#include <cstdint>
#include <string_view>

namespace unspun {

namespace stopwords_internal {
// A 4096-bit filter over the stopwords' hashes (top 12 bits): most words fail it at the cost of
// one L1 read, and only the few that pass are looked up in the table.
extern const uint64_t* const kFilter;
bool InTable(uint64_t hash);
}  // namespace stopwords_internal

// True when `word` (in matching form: lowercase, straight apostrophes) is a stopword.
bool IsStopword(std::string_view word);

// The same test by HashWord(word); the tokenizer's hot path uses this.
inline bool IsStopwordHash(uint64_t hash) {
  const uint32_t bit = static_cast<uint32_t>(hash >> 52);
  return ((stopwords_internal::kFilter[bit >> 6] >> (bit & 63)) & 1) &&
         stopwords_internal::InTable(hash);
}

}  // namespace unspun

#endif  // UNSPUN_STOPWORDS_H_
