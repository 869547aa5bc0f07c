// Verification: reads two analyzed articles side by side and decides whether one reuses the
// other, how (the relation), and where (passages).
//
// Method, in the seed-extend-filter shape of the PAN text-alignment task (Sanchez-Perez et al.
// 2014, whose seeds are also sentence pairs):
//   seed    sentences are compared by the longest common subsequence of their words (stopwords
//           included, since spinners leave them in place), screened first by the overlap of their
//           word bags; a monotone alignment of sentences (weighted LCS) keeps the order the copy
//           preserved, so a sentence that happens to resemble one far away does not seed;
//   extend  consecutive aligned sentences form a passage, across a gap of one unaligned sentence
//           on either side (a dropped, inserted or rewritten sentence); quoted speech joins a
//           passage it sits in but never makes one;
//   filter  a passage counts when it is long, or short but verbatim and dense in content words
//           (see VerifyOptions); its edges are widened to the sentence punctuation and opening
//           quote marks that belong to it.
// Sentences that are mostly quoted speech do not count as reuse: independent reports of one
// interview share quotes, not prose. The relation follows from how much of each side the
// passages cover and how many words inside them changed (docs/relations.md).
//
// Thread safety: Verify() is safe to call from many threads at once (per-thread scratch only).
#ifndef UNSPUN_ALIGN_VERIFY_H_
#define UNSPUN_ALIGN_VERIFY_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "align/analysis.h"
#include "unspun/pairs.h"

namespace unspun {

struct VerifyOptions {
  double min_sentence_similarity = 0.5;  // 2 * common subsequence / sum of lengths, to align.
  // A passage counts when it is nearly verbatim and not tiny, or reworded but substantial, or a
  // single short sentence copied word for word that carries enough content words to be no stock
  // phrase. Word counts are of prose (outside quoted speech).
  double verbatim_identity = 0.9;       // Share of unchanged words for "nearly verbatim".
  uint32_t min_verbatim_tokens = 20;    // Words of prose in such a passage.
  uint32_t min_reworded_sentences = 3;  // Aligned prose sentences in a reworded passage.
  uint32_t min_reworded_tokens = 40;    // Words of prose in a reworded passage.
  // A short passage copied exactly: every word the same, in order. A news sentence of a dozen
  // content words (names, numbers, a verb and its objects) written twice independently, word for
  // word, is not chance; shorter ones can be ("the company said in a statement on monday").
  uint32_t min_exact_content_tokens = 10;  // Non-stopwords of prose in such a passage.
  double full_coverage = 0.8;              // Both sides covered this much: a whole-article copy.
  double max_edit_rate = 0.012;            // Non-typo word changes per word: near_duplicate below.
  // Keep the passages that fail the filter too (in Alignment::runs, counted = false), for a
  // viewer that shows everything two texts share. The verdict ignores them either way.
  bool keep_weak = false;
};

// How two articles' sentences were aligned: what the evidence extractor and viewers read.
struct SentenceLink {
  uint32_t i, j;    // Sentence indices in a and b.
  uint32_t common;  // Words in their longest common subsequence.
};
struct AlignedRun {
  uint32_t link_begin, link_end;  // Links [link_begin, link_end) of Alignment::links.
  bool counted;                   // Passed the filter: one of ReusePair::passages, in order.
  bool quotes_only;               // Every link in it is between two mostly quoted sentences.
  uint32_t a_begin, a_end;        // Its code-point spans, as in Passage.
  uint32_t b_begin, b_end;
};
struct Alignment {
  std::vector<SentenceLink> links;
  std::vector<AlignedRun> runs;  // Counted runs always; the others only with keep_weak.
};

// The verdict on articles a and b, or nothing when neither reuses the other. The returned pair's
// a and b are left 0 for the caller to fill. When `alignment` is given it receives the sentence
// alignment behind the verdict (also when there is none).
std::optional<ReusePair> Verify(const Analysis& a, const Analysis& b, const VerifyOptions& options,
                                Alignment* alignment = nullptr);

// Levenshtein distance between two words, capped at 3 (typos are within 2).
int EditDistanceUpTo2(std::string_view x, std::string_view y);

// The code-point span of sentences [first, last] of `a`, from the opening quote mark or bracket
// before the first word to the closing punctuation after the last.
std::pair<uint32_t, uint32_t> SentencesSpan(const Analysis& a, const Sentence& first,
                                            const Sentence& last);

// True when a sentence is mostly (60%) quoted speech.
inline bool MostlyQuoted(const Sentence& s) { return s.quoted * 10 >= s.size() * 6; }

}  // namespace unspun

#endif  // UNSPUN_ALIGN_VERIFY_H_
