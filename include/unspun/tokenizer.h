// Tokenizer: word tokens of a matching form (see normalizer.h), with offsets and hashes.
//
// A word is a maximal run of letters and digits (ASCII, or any alphanumeric code point outside
// ASCII); an apostrophe between two letters stays inside the word ("don't", "putin's"). Hyphens,
// dots and every other character separate words. Each token carries a 64-bit hash of its bytes
// so later stages never re-read the characters, and flags computed once here.
//
// Thread safety: all functions are safe to call concurrently.
#ifndef UNSPUN_TOKENIZER_H_
#define UNSPUN_TOKENIZER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace unspun {

struct Token {
  enum Flag : uint8_t {
    kStopword = 1,  // On the English function-word list (stopwords.h).
    kNumber = 2,    // Digits only.
  };
  uint32_t begin;  // Byte offsets into the matching form, end exclusive.
  uint32_t end;
  uint64_t hash;  // Hash of the token's bytes (HashWord).
  uint8_t flags;

  bool stopword() const { return flags & kStopword; }
  bool number() const { return flags & kNumber; }
};

// Appends the tokens of `matching_form` to `tokens` (cleared first).
void Tokenize(std::string_view matching_form, std::vector<Token>* tokens);

// The hash used for tokens; stable across runs and machines (XXH3, seed 0).
uint64_t HashWord(std::string_view word);

}  // namespace unspun

#endif  // UNSPUN_TOKENIZER_H_
