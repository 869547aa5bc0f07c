// Text analysis over the matching form (normalizer.h): sentence boundaries, quoted speech with its
// speaker, and English stemming. These are the units later stages align and compare: a copied
// article keeps its sentences and its quotes even when a spinner swaps every other word.
//
// Every span is a byte range of NormalizedText::text; NormalizedText::ToOriginal maps it back to
// the user's text.
//
// Thread safety: every function here is safe to call from many threads at once. Stem() keeps one
// Snowball stemmer and one small cache per thread.
#ifndef UNSPUN_TEXT_ANALYSIS_H_
#define UNSPUN_TEXT_ANALYSIS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "unspun/normalizer.h"
#include "unspun/tokenizer.h"

namespace unspun {

// Byte offsets into a matching form, end exclusive.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;

  bool empty() const { return begin >= end; }
  bool operator==(const Span&) const = default;
};

// Splits `norm` (the matching form of `original`) into sentences, appended to `out` (cleared
// first) in text order, each trimmed of whitespace, none empty.
//
// A sentence ends at '.', '!' or '?' (runs like "?!" and "..." count as one), with any closing
// quotes and brackets right after it, when whitespace follows; and always at a line break, which
// the matching form keeps as '\n'. "3.5" and "u.s.-russia" never end one. A terminator is not an
// end when:
//   - a closing quote follows it and the next word is lowercase in the original, or a speech verb
//     (`"Is it over?" he asked.`, `"Is it?" asked Putin.`), or 1-3 words and then a speech verb
//     (`"It is over." President Biden said.`);
//   - it is an ellipsis inside a quote, or an ellipsis outside one followed by a word that is not
//     uppercase in the original;
//   - it closes a title that always precedes a name (Mr. Mrs. Ms. Dr. Prof. Sen. Rep. Gov. Gen.
//     St. vs.), a single-letter initial ("John F. Kennedy"), e.g. or i.e., or "No." before a
//     number;
//   - it closes an ambiguous abbreviation (a dotted initialism such as U.S. or a.m., Jr. Sr. Inc.
//     Corp. Ltd. Co. etc., a month other than May) and the next word is not both uppercase in the
//     original and a non-stopword: "the U.S. And Russia" is one sentence, "in the U.S. Officials
//     said" is two. A cost of this rule: "in the U.S. He left." is one sentence;
//   - it closes a dotted initialism written in mixed case ("u.S."), the mark of a spinner that
//     lowercased the text and then capitalized every word after ". ": the capital on the next word
//     then says nothing.
//
// The original is consulted only for letter case, through norm.begin; `norm` must be
// Normalize(original). Linear time.
void SplitSentences(std::string_view original, const NormalizedText& norm, std::vector<Span>* out);

// The same, with the tokens of norm.text already at hand (`tokens` must be Tokenize(norm.text)):
// callers that tokenize anyway save a pass.
void SplitSentences(std::string_view original, const NormalizedText& norm,
                    const std::vector<Token>& tokens, std::vector<Span>* out);

// A passage of quoted speech.
struct Quote {
  Span span;  // Inside the quote marks, whitespace trimmed (punctuation such as a final ',' kept).
  Span speaker;  // The speaker's words ("putin", "president joe biden", "he"); {0, 0} if none.
};

// Finds quoted speech in `norm`, appended to `out` (cleared first) in text order.
//
// Double quotes ('"'; the matching form has already unified the typographic ones) pair up within
// a paragraph; a quote still open at a line break closes there, since news style reopens a quote
// that runs on into the next paragraph. Quotes of fewer than 3 words (scare quotes, "farcical")
// are not reported. The speaker is found, in this order, from
//   - after the closing mark: `"...," X said`, `"...," said X`, `"...," according to X`;
//   - before the opening mark: `X said: "..."` (or ',', nothing, or '.' between: `"...," he said.
//     "..."` gives the second quote the same speaker), `according to X, "..."`;
// where X is a pronoun standing alone before the verb, or a run of 1-4 words with no stopwords
// ("the president said" gives "president"), and the verbs are those of IsSpeechVerb(). Linear in
// the text.
void FindQuotes(const NormalizedText& norm, std::vector<Quote>* out);

// The same, with `tokens` = Tokenize(norm.text) already at hand.
void FindQuotes(const NormalizedText& norm, const std::vector<Token>& tokens,
                std::vector<Quote>* out);

// True for the verbs that attribute speech (in matching form): said, says, told, tells, added,
// adds, stated, asked, asks, replied, replies, noted, notes, explained, explains, wrote, writes,
// insisted, insists, argued, argues.
bool IsSpeechVerb(std::string_view word);

// The English Snowball (Porter2) stem of `word`, which should be in matching form (lowercase):
// "running" -> "run", "elections" -> "elect". Words the stemmer cannot take come back unchanged.
std::string Stem(std::string_view word);

// HashWord(Stem(word)), without building the string when the word is in the per-thread cache.
uint64_t StemHash(std::string_view word);

}  // namespace unspun

#endif  // UNSPUN_TEXT_ANALYSIS_H_
