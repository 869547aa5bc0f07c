// Candidate generation: pairs of articles that share enough fingerprints to be worth verifying.
// An inverted index from fingerprint to articles, built by sorting (hash, article) postings;
// fingerprints held by too many articles (boilerplate, stock phrases) are dropped, so the work
// grows with the number of true copies, not with the square of the corpus.
#ifndef UNSPUN_INDEX_CANDIDATES_H_
#define UNSPUN_INDEX_CANDIDATES_H_

#include <cstdint>
#include <vector>

namespace unspun {

struct Candidate {
  uint32_t a;  // Article indices, a < b.
  uint32_t b;
  uint32_t shared;  // Fingerprints in common.
};

struct CandidateOptions {
  uint32_t min_shared = 3;     // Fewer shared fingerprints than this is chance.
  uint32_t max_postings = 64;  // A fingerprint held by more articles than this is ignored.
};

// `fingerprints[i]` holds article i's sorted, unique fingerprints.
std::vector<Candidate> FindCandidates(const std::vector<std::vector<uint32_t>>& fingerprints,
                                      const CandidateOptions& options);

}  // namespace unspun

#endif  // UNSPUN_INDEX_CANDIDATES_H_
