// Fingerprints: the hashes of one article that the candidate index files it under. Two channels,
// each robust to a different disguise (DESIGN.md):
//   lexical   word 5-grams of the matching form, winnowed (Schleimer et al. 2003): exact copies,
//             boilerplate-wrapped, homoglyph-disguised and lightly edited copies, verbatim
//             passages;
//   skeleton  n-grams of the stopword sequence alone (Stamatatos 2011): spinners swap content
//             words and leave function words in place, so these survive heavy spinning.
// Hashes are 32-bit and tagged by channel so the channels never collide with each other.
#ifndef UNSPUN_SKETCH_FINGERPRINTS_H_
#define UNSPUN_SKETCH_FINGERPRINTS_H_

#include <cstdint>
#include <vector>

#include "align/analysis.h"

namespace unspun {

struct FingerprintOptions {
  uint32_t word_ngram = 5;      // Tokens per lexical shingle.
  uint32_t winnow_window = 4;   // Shingles per winnowing window: keeps ~2/(w+1) of them.
  uint32_t skeleton_ngram = 6;  // Stopwords per skeleton shingle.
};

// Appends the article's fingerprints to `out` (cleared first), sorted and deduplicated.
// Boilerplate sentences contribute nothing.
void ComputeFingerprints(const Analysis& analysis, const FingerprintOptions& options,
                         std::vector<uint32_t>* out);

}  // namespace unspun

#endif  // UNSPUN_SKETCH_FINGERPRINTS_H_
