#include "unspun/tokenizer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>
// Inlined: tokens are short and hashing them is the tokenizer's inner loop.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <array>

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

uint64_t HashWord(std::string_view word) { return XXH3_64bits(word.data(), word.size()); }

void Tokenize(std::string_view s, std::vector<Token>* tokens) {
  tokens->clear();
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
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
        const size_t len = WordCharAt(s, i);
        if (len == 0) break;
        seen |= 1 << kNonAscii;
        i += len;
        continue;
      }
      // An apostrophe between letters joins: "don't", "putin's".
      if (p[i] == '\'' && i > start && i + 1 < n && WordCharAt(s, i + 1) != 0) {
        seen |= 1 << kLetter;
        ++i;
        continue;
      }
      break;
    }
    if (i == start) {
      ++i;  // A non-ASCII character that is not a letter or digit.
      continue;
    }
    Token t;
    t.begin = static_cast<uint32_t>(start);
    t.end = static_cast<uint32_t>(i);
    t.hash = HashWord(s.substr(start, i - start));
    t.flags = (seen == (1 << kDigit) ? Token::kNumber : 0) |
              (IsStopwordHash(t.hash) ? Token::kStopword : 0);
    tokens->push_back(t);
  }
}

}  // namespace unspun
