#include "index/candidates.h"

#include <algorithm>

#include "util/parallel.h"

namespace unspun {
namespace {

// Entries per fingerprint block: 16 MB.
constexpr size_t kBlockEntries = size_t{1} << 22;
// The index is built one slice of the hash space at a time, so that only a sixteenth of all
// postings is ever held as (fingerprint, article) entries.
constexpr int kPartitionBits = 4;

}  // namespace

void FingerprintStore::Append(std::span<const uint32_t> fingerprints) {
  if (blocks_.empty() || blocks_.back().size() + fingerprints.size() > blocks_.back().capacity()) {
    blocks_.emplace_back();
    blocks_.back().reserve(std::max(kBlockEntries, fingerprints.size()));
  }
  std::vector<uint32_t>& block = blocks_.back();
  refs_.push_back({static_cast<uint32_t>(blocks_.size() - 1), static_cast<uint32_t>(block.size()),
                   static_cast<uint32_t>(fingerprints.size())});
  block.insert(block.end(), fingerprints.begin(), fingerprints.end());
  total_ += fingerprints.size();
}

CandidateIndex::CandidateIndex(const FingerprintStore& store, const CandidateOptions& options,
                               int jobs)
    : options_(options) {
  const uint32_t n = static_cast<uint32_t>(store.size());
  // Each slice of the hash space yields its kept lists (articles, and each list's size); slices
  // are independent, so they are built in parallel and concatenated in order.
  struct Slice {
    std::vector<uint32_t> docs;
    std::vector<uint32_t> sizes;
  };
  constexpr uint32_t kSlices = 1u << kPartitionBits;
  std::vector<Slice> slices(kSlices);
  ParallelFor(kSlices, jobs, [&](size_t part, int) {
    std::vector<uint64_t> postings;  // fingerprint << 32 | article
    const uint64_t lo = uint64_t{part} << (32 - kPartitionBits);
    const uint64_t hi = uint64_t{part + 1} << (32 - kPartitionBits);
    for (uint32_t d = 0; d < n; ++d) {
      std::span<const uint32_t> f = store.Get(d);
      for (auto it = std::lower_bound(f.begin(), f.end(), lo); it != f.end() && *it < hi; ++it) {
        postings.push_back(uint64_t{*it} << 32 | d);
      }
    }
    std::sort(postings.begin(), postings.end());
    Slice& slice = slices[part];
    for (size_t i = 0; i < postings.size();) {
      size_t j = i + 1;
      while (j < postings.size() && (postings[j] >> 32) == (postings[i] >> 32)) ++j;
      const size_t df = j - i;
      if (df >= 2 && df <= options.max_postings) {
        for (size_t x = i; x < j; ++x) slice.docs.push_back(static_cast<uint32_t>(postings[x]));
        slice.sizes.push_back(static_cast<uint32_t>(df));
      }
      i = j;
    }
  });
  list_offsets_.push_back(0);
  for (Slice& slice : slices) {
    list_docs_.insert(list_docs_.end(), slice.docs.begin(), slice.docs.end());
    for (uint32_t size : slice.sizes) list_offsets_.push_back(list_offsets_.back() + size);
    slice = Slice();
  }
  // The lists of each article: a counting sort of the memberships by article.
  doc_offsets_.assign(n + 1, 0);
  for (uint32_t d : list_docs_) ++doc_offsets_[d + 1];
  for (uint32_t d = 0; d < n; ++d) doc_offsets_[d + 1] += doc_offsets_[d];
  doc_lists_.resize(list_docs_.size());
  std::vector<uint64_t> fill(doc_offsets_.begin(), doc_offsets_.end() - 1);
  for (uint64_t list = 0; list + 1 < list_offsets_.size(); ++list) {
    for (uint64_t k = list_offsets_[list]; k < list_offsets_[list + 1]; ++k) {
      doc_lists_[fill[list_docs_[k]]++] = static_cast<uint32_t>(list);
    }
  }
}

void CandidateIndex::CandidatesOf(uint32_t a, Scratch* scratch, std::vector<Candidate>* out) const {
  out->clear();
  std::vector<uint32_t>& counts = scratch->counts;
  std::vector<uint32_t>& touched = scratch->touched;
  if (counts.size() < articles()) counts.assign(articles(), 0);
  touched.clear();
  for (uint64_t k = doc_offsets_[a]; k < doc_offsets_[a + 1]; ++k) {
    const uint32_t list = doc_lists_[k];
    const uint32_t* begin = list_docs_.data() + list_offsets_[list];
    const uint32_t* end = list_docs_.data() + list_offsets_[list + 1];
    // Lists are increasing: only the articles after a, so each pair is counted from one side.
    for (const uint32_t* p = std::upper_bound(begin, end, a); p < end; ++p) {
      if (counts[*p]++ == 0) touched.push_back(*p);
    }
  }
  for (uint32_t b : touched) {
    if (counts[b] >= options_.min_shared) out->push_back({a, b, counts[b]});
    counts[b] = 0;
  }
  std::sort(out->begin(), out->end(),
            [](const Candidate& x, const Candidate& y) { return x.b < y.b; });
}

std::vector<Candidate> FindCandidates(const std::vector<std::vector<uint32_t>>& fingerprints,
                                      const CandidateOptions& options) {
  std::vector<uint64_t> postings;  // hash << 32 | article
  for (uint32_t doc = 0; doc < fingerprints.size(); ++doc) {
    for (uint32_t h : fingerprints[doc]) postings.push_back(uint64_t{h} << 32 | doc);
  }
  std::sort(postings.begin(), postings.end());
  std::vector<uint64_t> pairs;  // a << 32 | b, one per shared fingerprint
  for (size_t i = 0; i < postings.size();) {
    size_t j = i + 1;
    while (j < postings.size() && (postings[j] >> 32) == (postings[i] >> 32)) ++j;
    const size_t df = j - i;
    if (df >= 2 && df <= options.max_postings) {
      for (size_t x = i; x < j; ++x) {
        for (size_t y = x + 1; y < j; ++y) {
          pairs.push_back(postings[x] << 32 | static_cast<uint32_t>(postings[y]));
        }
      }
    }
    i = j;
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<Candidate> out;
  for (size_t i = 0; i < pairs.size();) {
    size_t j = i + 1;
    while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
    if (j - i >= options.min_shared) {
      out.push_back({static_cast<uint32_t>(pairs[i] >> 32), static_cast<uint32_t>(pairs[i]),
                     static_cast<uint32_t>(j - i)});
    }
    i = j;
  }
  return out;
}

}  // namespace unspun
