#include "index/candidates.h"

#include <algorithm>

namespace unspun {

std::vector<Candidate> FindCandidates(const std::vector<std::vector<uint32_t>>& fingerprints,
                                      const CandidateOptions& options) {
  std::vector<uint64_t> postings;  // hash << 32 | article
  size_t total = 0;
  for (const auto& f : fingerprints) total += f.size();
  postings.reserve(total);
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
          const uint32_t a = static_cast<uint32_t>(postings[x]);
          const uint32_t b = static_cast<uint32_t>(postings[y]);
          if (a != b) pairs.push_back(uint64_t{std::min(a, b)} << 32 | std::max(a, b));
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
