// Quote marks paired into spans of speech, robustly: what FindQuotes() reports and what the
// sentence splitter reads.
//
// Copiers and extraction tools leave quote marks that never close, cut one mark of a pair, and
// inch marks ("a 12" screen") sit among them. Pairing marks by toggling would then turn the rest
// of a paragraph into "speech". Marks are paired instead by their shape: an opening mark follows
// a space or an opening bracket and precedes a word, a closing mark follows a word or
// punctuation and precedes a space or punctuation; a mark between digits and a word is an inch
// or second mark. Within a paragraph (a '\n' of the matching form):
//   - an opening mark followed by another opening mark before any closing one is stray, unless a
//     speaker introduces it (`X said: "...`): then its speech runs to the end of its sentence;
//   - a closing mark with no opening mark is speech whose opening mark was cut off when a speaker
//     follows it (`It is over," he said`): the speech starts with its sentence; otherwise stray;
//   - an opening mark still open at the paragraph's end is speech running on into the next
//     paragraph when that one opens with a mark (news style); speech across paragraphs when the
//     first mark of one of the next four paragraphs is a closing one (the paragraphs between,
//     holding no mark, are speech too); otherwise treated as the stray mark above.
#ifndef UNSPUN_TEXT_QUOTE_MARKS_H_
#define UNSPUN_TEXT_QUOTE_MARKS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "unspun/normalizer.h"
#include "unspun/text_analysis.h"
#include "unspun/tokenizer.h"

namespace unspun {

struct QuoteMarks {
  static constexpr uint32_t kNoMark = UINT32_MAX;
  uint32_t open;   // Byte offset of the opening mark; kNoMark when it was cut off.
  uint32_t close;  // Byte offset of the closing mark's last byte; kNoMark when there is none.
  uint32_t begin;  // The speech: text[begin, end), whitespace trimmed.
  uint32_t end;
};

// The quote spans of `norm` (tokens = Tokenize(norm.text)), in text order, short ones included,
// appended to `out` (cleared first). Spans never cross a paragraph break nor overlap.
void PairQuoteMarks(const NormalizedText& norm, const std::vector<Token>& tokens,
                    std::vector<QuoteMarks>* out);

// FindQuotes() and SplitSentences() (text_analysis.h) from marks already paired, for a caller
// that needs both (the analysis) and so pairs them once.
void FindQuotes(const NormalizedText& norm, const std::vector<Token>& tokens,
                const std::vector<QuoteMarks>& marks, std::vector<Quote>* out);
void SplitSentences(std::string_view original, const NormalizedText& norm,
                    const std::vector<Token>& tokens, const std::vector<QuoteMarks>& marks,
                    std::vector<Span>* out);

}  // namespace unspun

#endif  // UNSPUN_TEXT_QUOTE_MARKS_H_
