// Evidence inside one reused passage: what was copied and how it was disguised. Every offset is a
// code point of the article's text, end exclusive, like Passage (docs/evidence.md).
#ifndef UNSPUN_EVIDENCE_H_
#define UNSPUN_EVIDENCE_H_

#include <cstdint>
#include <vector>

#include "unspun/inspect.h"

namespace unspun {

// A code-point span of an article's text, end exclusive.
struct TextSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
};

// A stretch where the two sides of a passage differ, after normalization (so case, look-alike
// letters, invisible characters, quote and dash styles are never changes).
struct WordChange {
  enum class Kind : uint8_t {
    kSubstituted,  // Words of a replaced by different words in b (a spinner's synonym swap).
    kTypo,         // One word changed by at most two letters.
    kDropped,      // Words (or a sentence) of a with nothing in their place in b.
    kAdded,        // Words (or a sentence) of b with nothing in their place in a.
  };
  Kind kind;
  TextSpan a;  // Empty for kAdded.
  TextSpan b;  // Empty for kDropped.
};

const char* WordChangeKindName(WordChange::Kind kind);

struct PassageEvidence {
  std::vector<WordChange> changes;  // In text order.
  // Look-alike letters and invisible characters inside the passage on each side (field kText).
  std::vector<DisguisedChar> disguised_a, disguised_b;
  // Quoted speech inside the passage on each side.
  std::vector<TextSpan> quotes_a, quotes_b;
  // Site furniture (share bars, "Also Read:" lines, credits) inside the passage or right around
  // it on one side with no identical line on the other: what the copier wrapped around it.
  std::vector<TextSpan> boilerplate_a, boilerplate_b;
};

}  // namespace unspun

#endif  // UNSPUN_EVIDENCE_H_
