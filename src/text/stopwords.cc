#include "unspun/stopwords.h"

#include <algorithm>
#include <array>
#include <vector>

#include "unspun/tokenizer.h"

namespace unspun {
namespace {

// Function words of English: articles, pronouns, prepositions, conjunctions, auxiliaries and
// common adverbs, in matching form. Content words (nouns, verbs, adjectives a thesaurus offers
// synonyms for) are deliberately absent: the list marks what spinners leave untouched.
constexpr std::string_view kWords[] = {
    "a",       "about",      "above",   "after",     "again",      "against", "all",
    "also",    "am",         "among",   "an",        "and",        "any",     "are",
    "aren't",  "as",         "at",      "be",        "because",    "been",    "before",
    "being",   "below",      "between", "both",      "but",        "by",      "can",
    "can't",   "cannot",     "could",   "couldn't",  "did",        "didn't",  "do",
    "does",    "doesn't",    "doing",   "don't",     "down",       "during",  "each",
    "either",  "even",       "ever",    "every",     "few",        "for",     "from",
    "further", "had",        "hadn't",  "has",       "hasn't",     "have",    "haven't",
    "having",  "he",         "he'd",    "he'll",     "he's",       "her",     "here",
    "hers",    "herself",    "him",     "himself",   "his",        "how",     "however",
    "i",       "i'd",        "i'll",    "i'm",       "i've",       "if",      "in",
    "into",    "is",         "isn't",   "it",        "it's",       "its",     "itself",
    "just",    "let's",      "may",     "me",        "might",      "more",    "most",
    "much",    "must",       "my",      "myself",    "neither",    "no",      "nor",
    "not",     "now",        "of",      "off",       "on",         "once",    "one",
    "only",    "or",         "other",   "ought",     "our",        "ours",    "ourselves",
    "out",     "over",       "own",     "same",      "shall",      "she",     "she'd",
    "she'll",  "she's",      "should",  "shouldn't", "since",      "so",      "some",
    "such",    "than",       "that",    "that's",    "the",        "their",   "theirs",
    "them",    "themselves", "then",    "there",     "there's",    "these",   "they",
    "they'd",  "they'll",    "they're", "they've",   "this",       "those",   "though",
    "through", "to",         "too",     "under",     "until",      "up",      "upon",
    "us",      "very",       "was",     "wasn't",    "we",         "we'd",    "we'll",
    "we're",   "we've",      "were",    "weren't",   "what",       "what's",  "when",
    "where",   "whether",    "which",   "while",     "who",        "who's",   "whom",
    "whose",   "why",        "will",    "with",      "within",     "without", "won't",
    "would",   "wouldn't",   "yet",     "you",       "you'd",      "you'll",  "you're",
    "you've",  "your",       "yours",   "yourself",  "yourselves",
};

// Open-addressing set of the stopwords' hashes, 1024 slots for ~200 words (load under 0.2, so a
// miss costs one or two probes).
class StopwordTable {
 public:
  StopwordTable() {
    slots_.fill(0);
    filter_.fill(0);
    for (std::string_view w : kWords) {
      uint64_t h = HashWord(w);
      const uint32_t bit = static_cast<uint32_t>(h >> 52);
      filter_[bit >> 6] |= uint64_t{1} << (bit & 63);
      size_t i = h & kMask;
      while (slots_[i] != 0) i = (i + 1) & kMask;
      slots_[i] = h;
    }
  }
  const uint64_t* filter() const { return filter_.data(); }
  bool Contains(uint64_t h) const {
    for (size_t i = h & kMask;; i = (i + 1) & kMask) {
      if (slots_[i] == h) return true;
      if (slots_[i] == 0) return false;
    }
  }

 private:
  static constexpr size_t kMask = 1023;
  std::array<uint64_t, kMask + 1> slots_;
  std::array<uint64_t, 64> filter_;
};

// Built during static initialization, so the hot path reads it without a guard.
const StopwordTable* const kTable = new StopwordTable();

}  // namespace

namespace stopwords_internal {
const uint64_t* const kFilter = kTable->filter();
bool InTable(uint64_t hash) { return kTable->Contains(hash); }
}  // namespace stopwords_internal

bool IsStopword(std::string_view word) { return IsStopwordHash(HashWord(word)); }

}  // namespace unspun
