// Verification: reads two analyzed articles side by side and decides whether one reuses the
// other, how (the relation), and where (passages).
//
// Method: sentences are compared by the overlap of their word bags (Dice over token hashes,
// stopwords included, since spinners leave them in place); a monotone alignment of sentences
// (weighted LCS) keeps the order the copy preserved; consecutive aligned sentences, allowing small
// gaps, form passages. Sentences that are mostly quoted speech do not count as reuse: independent
// reports of one interview share quotes, not prose. The relation follows from how much of each
// side the passages cover and how many words inside them changed (docs/relations.md).
#ifndef UNSPUN_ALIGN_VERIFY_H_
#define UNSPUN_ALIGN_VERIFY_H_

#include <optional>

#include "align/analysis.h"
#include "unspun/pairs.h"

namespace unspun {

struct VerifyOptions {
  double min_sentence_similarity = 0.5;  // 2 * common subsequence / sum of lengths, to align.
  // A passage counts when it is nearly verbatim and not tiny, or reworded but substantial.
  double verbatim_identity = 0.9;       // Share of unchanged words for "nearly verbatim".
  uint32_t min_verbatim_tokens = 20;    // Words of prose (outside quotes) in such a passage.
  uint32_t min_reworded_sentences = 3;  // Aligned sentences in a reworded passage.
  uint32_t min_reworded_tokens = 40;    // Words of prose in a reworded passage.
  double full_coverage = 0.8;           // Both sides covered this much: a whole-article copy.
  double max_edit_rate = 0.012;         // Non-typo word changes per word: near_duplicate below.
};

// The verdict on articles a and b, or nothing when neither reuses the other. The returned pair's
// a and b are left 0 for the caller to fill.
std::optional<ReusePair> Verify(const Analysis& a, const Analysis& b, const VerifyOptions& options);

}  // namespace unspun

#endif  // UNSPUN_ALIGN_VERIFY_H_
