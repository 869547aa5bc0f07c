#include "sketch/fingerprints.h"

#include <algorithm>

namespace unspun {
namespace {

// Order-dependent combination of token hashes (a polynomial rolling over 64-bit values, then
// folded to 32 bits by the high half, which mixes best).
inline uint64_t Combine(uint64_t h, uint64_t token) {
  return (h ^ token) * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
}

inline uint32_t Tag(uint64_t h, uint32_t channel) {
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 32;
  // The low bit names the channel.
  return (static_cast<uint32_t>(h) & ~1u) | channel;
}

// Winnowing: the minimum hash of every window of `w` consecutive hashes (rightmost on ties),
// each selected position once. Guarantees that any shared run of w + n - 1 tokens yields at least
// one shared fingerprint.
void Winnow(const std::vector<uint32_t>& hashes, uint32_t w, std::vector<uint32_t>* out) {
  const size_t n = hashes.size();
  if (n <= w) {
    out->insert(out->end(), hashes.begin(), hashes.end());
    return;
  }
  // Each hash with its position folded in below it, inverted, so that the plain minimum of the
  // keys is the minimum hash, rightmost on ties: the window's choice without a branch.
  thread_local std::vector<uint64_t> keys;
  keys.resize(n);
  for (size_t i = 0; i < n; ++i) keys[i] = uint64_t{hashes[i]} << 32 | (0xFFFFFFFFu - i);
  uint64_t last = 0;  // No key is 0 for fewer than 2^32 - 1 hashes.
  for (size_t i = 0; i + w <= n; ++i) {
    uint64_t m = keys[i];
    for (size_t k = i + 1; k < i + w; ++k) m = std::min(m, keys[k]);
    if (m != last) {
      out->push_back(static_cast<uint32_t>(m >> 32));
      last = m;
    }
  }
}

}  // namespace

void ComputeFingerprints(const Analysis& a, const FingerprintOptions& options,
                         std::vector<uint32_t>* out) {
  out->clear();
  // Content tokens in order, boilerplate paragraphs left out.
  thread_local std::vector<uint64_t> words, stops;
  thread_local std::vector<uint32_t> shingles;
  words.clear();
  stops.clear();
  uint64_t gap = 0;
  for (const Paragraph& p : a.paragraphs) {
    if (p.boilerplate) continue;
    for (uint32_t k = p.token_begin; k < p.token_end; ++k) {
      const Token& t = a.tokens[k];
      words.push_back(t.hash);
      if (t.stopword()) {
        stops.push_back(t.hash + std::min<uint64_t>(gap, 3) * 0x9E3779B97F4A7C15ULL);
        gap = 0;
      } else {
        ++gap;
      }
    }
  }
  auto shingle = [&](const std::vector<uint64_t>& seq, uint32_t n, uint32_t channel) {
    shingles.clear();
    for (size_t i = 0; i + n <= seq.size(); ++i) {
      uint64_t h = 0;
      for (size_t k = i; k < i + n; ++k) h = Combine(h, seq[k]);
      shingles.push_back(Tag(h, channel));
    }
  };
  shingle(words, options.word_ngram, 0);
  Winnow(shingles, options.winnow_window, out);
  shingle(stops, options.skeleton_ngram, 1);
  Winnow(shingles, options.skeleton_window, out);
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

}  // namespace unspun
