// Candidate generation: pairs of articles that share enough fingerprints to be worth verifying.
//
// An inverted index from fingerprint to the articles holding it. Fingerprints held by a single
// article say nothing and are dropped at build time; those held by too many (stock phrases,
// boilerplate the analysis missed) are dropped too, so the work grows with the number of true
// copies, not with the square of the corpus. The candidates of one article are then counted
// straight from its posting lists (ScanCount): no list of (pair, fingerprint) entries is ever
// materialized, and articles can be processed in parallel.
#ifndef UNSPUN_INDEX_CANDIDATES_H_
#define UNSPUN_INDEX_CANDIDATES_H_

#include <cstdint>
#include <span>
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

// Every article's sorted, unique fingerprints, appended in article order. Stored in blocks of a
// few megabytes, so that a million articles need no single huge allocation (and no copy of it
// when it grows).
class FingerprintStore {
 public:
  // Appends the next article's list (sorted, unique).
  void Append(std::span<const uint32_t> fingerprints);
  size_t size() const { return refs_.size(); }
  uint64_t total() const { return total_; }
  std::span<const uint32_t> Get(uint32_t article) const {
    const Ref& r = refs_[article];
    return {blocks_[r.block].data() + r.offset, r.size};
  }

 private:
  struct Ref {
    uint32_t block, offset, size;
  };
  std::vector<std::vector<uint32_t>> blocks_;
  std::vector<Ref> refs_;
  uint64_t total_ = 0;
};

class CandidateIndex {
 public:
  // Builds the index over every article of `store`, on `jobs` threads (0: all cores), and frees
  // the store as soon as it is read (pass it with std::move). Uses memory proportional to the
  // fingerprints kept (held by 2..max_postings articles), plus a sixteenth of all postings per
  // thread at a time.
  CandidateIndex(FingerprintStore store, const CandidateOptions& options, int jobs = 0);

  // Per-thread working memory for CandidatesOf.
  struct Scratch {
    std::vector<uint32_t> counts;
    std::vector<uint32_t> touched;
  };

  // The candidates (a, b) of article a with b > a, in increasing b, into `out` (cleared first).
  // Safe to call from many threads at once, each with its own scratch.
  void CandidatesOf(uint32_t a, Scratch* scratch, std::vector<Candidate>* out) const;

  size_t articles() const { return doc_offsets_.size() - 1; }
  uint64_t kept_postings() const { return list_docs_.size(); }  // Postings in kept lists.
  uint64_t lists() const { return lists_; }

 private:
  CandidateOptions options_;
  // Kept posting lists, one after another, each's articles increasing.
  std::vector<uint32_t> list_docs_;
  uint64_t lists_ = 0;
  // For each article d, the tails of its kept lists past d itself (the articles it pairs with
  // from its own side): tails_[doc_offsets_[d] .. doc_offsets_[d + 1]). A tail points straight
  // into list_docs_, so counting touches one place in memory per list, not three.
  struct Tail {
    uint64_t begin : 40;  // Into list_docs_.
    uint64_t size : 24;   // At most max_postings - 1.
  };
  std::vector<uint64_t> doc_offsets_;
  std::vector<Tail> tails_;
};

// The same candidates for all articles at once, by sorting (fingerprint, article) postings: the
// simple reference the index is tested against. `fingerprints[i]` holds article i's sorted,
// unique fingerprints. Sorted by (a, b).
std::vector<Candidate> FindCandidates(const std::vector<std::vector<uint32_t>>& fingerprints,
                                      const CandidateOptions& options);

}  // namespace unspun

#endif  // UNSPUN_INDEX_CANDIDATES_H_
