// Normalizer: computes the *matching form* of a text, the form in which disguised copies look the
// same as their source, and keeps the map from every byte of that form back to the original.
//
// The matching form, in order of application per code point:
//   - invisible and format characters are dropped: zero-width space and joiners, soft hyphen,
//     word joiner, bidi marks, BOM, controls (Unicode Default_Ignorable_Code_Point and Cc/Cf);
//   - typographic quotes, apostrophes and dashes become ' " and -;
//   - NFKC with full case folding (fullwidth letters, ligatures, superscripts, ß -> ss);
//   - combining marks are stripped (café -> cafe), so precomposed and decomposed text agree;
//   - a letter still outside ASCII whose UTS #39 confusable skeleton is ASCII is replaced by that
//     skeleton (Cyrillic а -> a, Greek ο -> o). ASCII itself is never folded by confusables:
//     "Item 1 of 10" keeps its digits;
//   - whitespace runs become one space, or one newline when the run holds a paragraph break: a
//     blank line, a form feed, U+2029, or a line break that ends a paragraph by the rules of
//     src/text/layout.h (hard wrapping, breaks inside sentences and CRLF read as spaces;
//     docs/layout.md); leading and trailing whitespace is trimmed.
// Every step but the paragraph judgement is a function of one code point, so the map is exact:
// output byte i was produced by original code points [begin[i], end[i]). ASCII takes a table-driven
// fast path; ICU is only asked about non-ASCII code points, once each (results are cached
// process-wide).
//
// Thread safety: Normalize() is safe to call from many threads at once.
#ifndef UNSPUN_NORMALIZER_H_
#define UNSPUN_NORMALIZER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace unspun {

struct NormalizedText {
  std::string text;              // The matching form, UTF-8.
  std::vector<uint32_t> begin;   // Per byte of text: first original code point that produced it.
  std::vector<uint32_t> end;     // Per byte of text: one past the last such code point.
  uint32_t original_length = 0;  // Code points in the original.

  // The code-point span [first, second) of the original that produced text[b, e), b < e.
  std::pair<uint32_t, uint32_t> ToOriginal(size_t b, size_t e) const {
    return {begin[b], end[e - 1]};
  }
  void Clear() {
    text.clear();
    begin.clear();
    end.clear();
    original_length = 0;
  }
};

// Normalizes `utf8` (invalid sequences read as U+FFFD) into `out`, reusing its buffers.
void Normalize(std::string_view utf8, NormalizedText* out);

// The matching form alone.
std::string NormalizeToString(std::string_view utf8);

// The matching form of one code point, as a UTF-8 string: empty for an invisible character,
// " " for whitespace. Exposed for tests and for the slow reference implementation.
std::string FoldCodePoint(char32_t c);

// What a code point is, for flags and evidence: whether it is dropped as invisible, and whether
// it is a letter of another script that looks like an ASCII letter (a homoglyph candidate).
bool IsInvisible(char32_t c);
bool IsAsciiLookalike(char32_t c);

}  // namespace unspun

#endif  // UNSPUN_NORMALIZER_H_
