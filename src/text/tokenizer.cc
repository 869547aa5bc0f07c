#include "unspun/tokenizer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>
// Inlined: tokens are short and hashing them is the tokenizer's inner loop.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <array>
#include <cstring>

#include "unspun/stopwords.h"

namespace unspun {
namespace {

// Byte classes for the ASCII fast path.
enum ByteClass : uint8_t {
  kSeparator = 0,  // Not part of a word.
  kLetter,         // a-z (and A-Z, though the matching form has none).
  kDigit,          // 0-9.
  kNonAscii,       // A UTF-8 lead or continuation byte: decode to decide.
};

constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if (c >= 0x80) {
      t[c] = kNonAscii;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      t[c] = kLetter;
    } else if (c >= '0' && c <= '9') {
      t[c] = kDigit;
    }
  }
  return t;
}
constexpr std::array<uint8_t, 256> kClass = MakeClasses();

// Length in bytes of the word character at s[i], or 0 when s[i] does not start one.
inline size_t WordCharAt(std::string_view s, size_t i) {
  const uint8_t b = static_cast<uint8_t>(s[i]);
  if (b < 0x80) return kClass[b] != kSeparator ? 1 : 0;
  int32_t j = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), j, static_cast<int32_t>(s.size()), c);
  if (c < 0 || !u_isalnum(c)) return 0;
  return static_cast<size_t>(j) - i;
}

}  // namespace

namespace {

inline uint64_t Mix(uint64_t x) {
  // SplitMix64's finalizer (Steele et al. 2014): each input bit flips about half the output bits.
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 31;
  return x;
}

// kLowBytes[k]: a mask of the low k bytes of a 64-bit word, k in 0..8.
constexpr std::array<uint64_t, 9> kLowBytes = {0,
                                               0xFF,
                                               0xFFFF,
                                               0xFFFFFF,
                                               0xFFFFFFFF,
                                               0xFFFFFFFFFFULL,
                                               0xFFFFFFFFFFFFULL,
                                               0xFFFFFFFFFFFFFFULL,
                                               ~uint64_t{0}};

// Hash of a word of at most 16 bytes given as two little-endian words, zero beyond its length.
// Both halves are multiplied by odd constants in parallel (no dependency between them), then one
// finalizing round spreads the high bits down.
inline uint64_t HashShort(uint64_t lo, uint64_t hi, uint64_t len) {
  uint64_t h = (lo * 0x9E3779B97F4A7C15ULL) ^ ((hi + len) * 0xC2B2AE3D27D4EB4FULL);
  h ^= h >> 32;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 29;
  return h;
}

inline uint64_t Load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// HashWord of p[b, e) where at least 16 bytes can be read from p + b: two loads and masks, no
// branch on the length (which words vary too much for the predictor to learn).
inline uint64_t HashInBuffer(const uint8_t* p, size_t b, size_t e) {
  const size_t len = e - b;
  const uint64_t lo = Load64(p + b) & kLowBytes[std::min<size_t>(len, 8)];
  const uint64_t hi = Load64(p + b + 8) & kLowBytes[len > 8 ? len - 8 : 0];
  return HashShort(lo, hi, len);
}

}  // namespace

uint64_t HashWord(std::string_view word) {
  const size_t len = word.size();
  if (len > 16) return Mix(XXH3_64bits(word.data(), len) ^ len);
  uint8_t buf[16] = {};
  std::memcpy(buf, word.data(), len);
  return HashShort(Load64(buf), Load64(buf + 8), len);
}

namespace {

void PushToken(std::string_view s, size_t b, size_t e, bool number, std::vector<Token>* tokens) {
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
  Token t;
  t.begin = static_cast<uint32_t>(b);
  t.end = static_cast<uint32_t>(e);
  t.hash =
      (e - b <= 16 && b + 16 <= s.size()) ? HashInBuffer(p, b, e) : HashWord(s.substr(b, e - b));
  t.flags = (number ? Token::kNumber : 0) | (IsStopwordHash(t.hash) ? Token::kStopword : 0);
  tokens->push_back(t);
}

// The general tokenizer, for regions holding non-ASCII bytes or apostrophes: decodes them and
// decides which are letters.
void TokenizeSlow(std::string_view s, size_t i, size_t n, std::vector<Token>* tokens) {
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
  while (i < n) {
    while (i < n && kClass[p[i]] == kSeparator) ++i;
    if (i >= n) break;
    const size_t start = i;
    uint8_t seen = 0;  // Bitwise OR of (1 << class) over the word's bytes.
    for (;;) {
      uint8_t c;
      while (i < n && ((c = kClass[p[i]]) == kLetter || c == kDigit)) {
        seen |= 1 << c;
        ++i;
      }
      if (i >= n) break;
      if (p[i] >= 0x80) {
        const size_t len = WordCharAt(s.substr(0, n), i);
        if (len == 0) break;
        seen |= 1 << kNonAscii;
        i += len;
        continue;
      }
      if (p[i] == '\'' && i > start && i + 1 < n && WordCharAt(s.substr(0, n), i + 1) != 0) {
        seen |= 1 << kLetter;
        ++i;
        continue;
      }
      break;
    }
    if (i == start) {
      ++i;  // A non-ASCII character that is neither letter nor digit, or a lone apostrophe.
      continue;
    }
    PushToken(s, start, i, seen == (1 << kDigit), tokens);
  }
}

// Per byte: bit 0 set when the byte may belong to a word (ASCII letter or digit, any non-ASCII
// byte, apostrophe); bit 1 for bytes that need the slow path (non-ASCII, apostrophe); bit 2 for
// letters (so a region without it is a number).
constexpr std::array<uint8_t, 256> MakeRegionBits() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if (kClass[c] == kLetter) t[c] = 1 | 4;
    if (kClass[c] == kDigit) t[c] = 1;
    if (kClass[c] == kNonAscii || c == '\'') t[c] = 1 | 2;
  }
  return t;
}
constexpr std::array<uint8_t, 256> kRegionBits = MakeRegionBits();

}  // namespace

// Two passes. The first finds the regions of word bytes without a branch per byte: it records
// every position where word-ness flips and accumulates each region's byte kinds, so a mispredicted
// branch at each word end (which dominated the one-pass loop) is avoided. The second turns plain
// ASCII regions into tokens directly and hands the rest to the general tokenizer.
void Tokenize(std::string_view s, std::vector<Token>* tokens) {
  tokens->clear();
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  thread_local std::vector<uint32_t> edges;
  thread_local std::vector<uint8_t> kinds;
  edges.resize(n + 2);
  kinds.resize(n / 2 + 2);
  uint32_t count = 0;  // Edges so far: region r spans [edges[2r], edges[2r+1]).
  uint32_t prev = 0;
  uint8_t acc = 0;
  for (size_t k = 0; k < n; ++k) {
    const uint8_t bits = kRegionBits[p[k]];
    const uint32_t word = bits & 1;
    edges[count] = static_cast<uint32_t>(k);
    count += word ^ prev;
    // Inside a region (word set) accumulate its kinds; a new region starts from zero.
    acc = static_cast<uint8_t>(((acc & -static_cast<uint8_t>(prev)) | bits) &
                               -static_cast<uint8_t>(word));
    kinds[count >> 1] = acc;
    prev = word;
  }
  if (prev) edges[count++] = static_cast<uint32_t>(n);
  for (uint32_t r = 0; r + 1 < count; r += 2) {
    const size_t b = edges[r], e = edges[r + 1];
    const uint8_t k = kinds[r >> 1];
    if (k & 2) {
      TokenizeSlow(s.substr(0, e), b, e, tokens);
    } else {
      PushToken(s, b, e, !(k & 4), tokens);
    }
  }
}

}  // namespace unspun
