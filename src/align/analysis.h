// Analysis: everything the reuse engine reads from one article, computed in one pass over it:
// the matching form with its offset map, word tokens, sentences, paragraphs, quoted speech and
// boilerplate. Fingerprinting (sketch/) and verification (align/) both start from it.
#ifndef UNSPUN_ALIGN_ANALYSIS_H_
#define UNSPUN_ALIGN_ANALYSIS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "unspun/document.h"
#include "unspun/normalizer.h"
#include "unspun/tokenizer.h"

namespace unspun {

struct Sentence {
  uint32_t token_begin;  // Tokens [token_begin, token_end) of Analysis::tokens.
  uint32_t token_end;
  uint32_t quoted;            // How many of those tokens are inside quoted speech.
  uint32_t paragraph;         // Index of the paragraph holding it.
  bool boilerplate;           // Site furniture: share bars, "Also Read" lines, navigation.
  std::vector<uint32_t> bag;  // Sorted 32-bit token hashes, for overlap measures.

  uint32_t size() const { return token_end - token_begin; }
};

// A line of the matching form, and whether it is site furniture.
struct Paragraph {
  uint32_t token_begin;  // Tokens [token_begin, token_end) of Analysis::tokens.
  uint32_t token_end;
  bool boilerplate;
};

struct Analysis {
  NormalizedText norm;
  std::vector<Token> tokens;
  std::vector<Paragraph> paragraphs;  // Those holding at least one token, in text order.
  std::vector<uint8_t> token_quoted;  // Per token: 1 when inside quoted speech.
  std::vector<Sentence> sentences;
  uint32_t content_tokens = 0;  // Tokens outside boilerplate sentences.

  // Code-point span in the original text of tokens [tb, te).
  std::pair<uint32_t, uint32_t> TokenSpan(uint32_t tb, uint32_t te) const {
    return norm.ToOriginal(tokens[tb].begin, tokens[te - 1].end);
  }
};

// Analyzes the body text of `doc` into `out`, reusing its buffers.
void Analyze(const Document& doc, Analysis* out);

// The part of Analyze() that fingerprints need: the matching form, tokens and paragraphs.
// token_quoted and sentences are left empty and content_tokens 0. About twice as fast.
void AnalyzeTokens(const Document& doc, Analysis* out);

}  // namespace unspun

#endif  // UNSPUN_ALIGN_ANALYSIS_H_
