// Evidence extraction: for each aligned passage of a verified pair, the words that changed (by a
// word-level alignment of each aligned sentence pair), the look-alike letters and invisible
// characters inside it, the quoted speech inside it, and the boilerplate one side wraps around it.
// Runs only on pairs already verified, so its cost is per reported pair, not per candidate.
#ifndef UNSPUN_ALIGN_EVIDENCE_H_
#define UNSPUN_ALIGN_EVIDENCE_H_

#include "align/analysis.h"
#include "align/verify.h"
#include "unspun/evidence.h"
#include "unspun/inspect.h"

namespace unspun {

// One side of a comparison: the article, its analysis and its inspection (FindDisguises suffices).
struct EvidenceSide {
  const Analysis& analysis;
  const Inspection& inspection;
};

// The evidence inside run `run` of `alignment` (as produced by Verify on a and b).
PassageEvidence ExtractPassageEvidence(const EvidenceSide& a, const EvidenceSide& b,
                                       const Alignment& alignment, const AlignedRun& run);

// Appends the word changes between sentence s of a and sentence t of b (a word-level LCS), in
// text order.
void DiffSentences(const Analysis& a, const Sentence& s, const Analysis& b, const Sentence& t,
                   std::vector<WordChange>* out);

// Fills pair->evidence, one entry per passage, from the counted runs of `alignment`.
void ExtractEvidence(const EvidenceSide& a, const EvidenceSide& b, const Alignment& alignment,
                     ReusePair* pair);

}  // namespace unspun

#endif  // UNSPUN_ALIGN_EVIDENCE_H_
