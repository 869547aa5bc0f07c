// Fingerprints: the hashes of one article that the candidate index files it under. Two channels,
// each robust to a different disguise (DESIGN.md):
//   lexical   word 6-grams of the matching form, winnowed (Schleimer et al. 2003): exact copies,
//             boilerplate-wrapped, homoglyph-disguised and lightly edited copies, verbatim
//             passages;
//   skeleton  n-grams of the stopword sequence (Stamatatos 2011), winnowed too: spinners swap
//             content words and leave function words in place, so these survive heavy spinning.
//             Each stopword carries the number of content words before it (0, 1, 2, 3 or more):
//             a synonym swap keeps that count, while two unrelated texts rarely share both the
//             function words and the gaps between them. On a 100k-article corpus the gaps cut
//             the chance collisions that reach the candidate stage by a fifth.
// Hashes are 32-bit and tagged by channel so the channels never collide with each other.
#ifndef UNSPUN_SKETCH_FINGERPRINTS_H_
#define UNSPUN_SKETCH_FINGERPRINTS_H_

#include <cstdint>
#include <vector>

#include "align/analysis.h"

namespace unspun {

struct FingerprintOptions {
  // Six words: five-word shingles are shared by chance far more often (stock phrases), and a
  // reused sentence of 10 words still yields a shared fingerprint.
  uint32_t word_ngram = 6;       // Tokens per lexical shingle.
  uint32_t winnow_window = 4;    // Shingles per winnowing window: keeps ~2/(w+1) of them.
  uint32_t skeleton_ngram = 6;   // Stopwords per skeleton shingle.
  uint32_t skeleton_window = 4;  // Winnowing window of the skeleton channel.
};

// Appends the article's fingerprints to `out` (cleared first), sorted and deduplicated.
// Boilerplate paragraphs contribute nothing. Needs only AnalyzeTokens().
void ComputeFingerprints(const Analysis& analysis, const FingerprintOptions& options,
                         std::vector<uint32_t>* out);

}  // namespace unspun

#endif  // UNSPUN_SKETCH_FINGERPRINTS_H_
