// English function words. Spinners swap content words and leave these alone, so the sequence of
// stopwords in a text (its "skeleton", Stamatatos 2011) survives spinning; they are also the
// words that carry no topic for story grouping.
#ifndef UNSPUN_STOPWORDS_H_
#define UNSPUN_STOPWORDS_H_

#include <cstdint>
#include <string_view>

namespace unspun {

// True when `word` (in matching form: lowercase, straight apostrophes) is a stopword.
bool IsStopword(std::string_view word);
// The same test by HashWord(word); the hot path uses this.
bool IsStopwordHash(uint64_t hash);

}  // namespace unspun

#endif  // UNSPUN_STOPWORDS_H_
