#include "unspun/tokenizer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xxhash.h>

#include <array>

#include "unspun/stopwords.h"

namespace unspun {
namespace {

constexpr std::array<bool, 128> MakeWordTable() {
  std::array<bool, 128> t{};
  for (int c = 0; c < 128; ++c) {
    t[c] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  }
  return t;
}
constexpr std::array<bool, 128> kWordByte = MakeWordTable();

// Length in bytes of the word character at s[i], or 0 when s[i] does not start one.
inline size_t WordCharAt(std::string_view s, size_t i) {
  const uint8_t b = static_cast<uint8_t>(s[i]);
  if (b < 0x80) return kWordByte[b] ? 1 : 0;
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
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    size_t len = WordCharAt(s, i);
    if (len == 0) {
      ++i;
      continue;
    }
    const size_t start = i;
    bool digits = true;
    for (;;) {
      if (len == 1 && (s[i] < '0' || s[i] > '9')) digits = false;
      if (len > 1) digits = false;
      i += len;
      if (i >= n) break;
      len = WordCharAt(s, i);
      if (len == 0 && s[i] == '\'' && i + 1 < n && i > start) {
        // An apostrophe between letters joins: "don't", "putin's".
        size_t next = WordCharAt(s, i + 1);
        if (next != 0) {
          digits = false;
          ++i;
          len = next;
          continue;
        }
      }
      if (len == 0) break;
    }
    Token t;
    t.begin = static_cast<uint32_t>(start);
    t.end = static_cast<uint32_t>(i);
    t.hash = HashWord(s.substr(start, i - start));
    t.flags = (digits ? Token::kNumber : 0) | (IsStopwordHash(t.hash) ? Token::kStopword : 0);
    tokens->push_back(t);
  }
}

}  // namespace unspun
