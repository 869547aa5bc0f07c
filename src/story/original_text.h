// Reading the user's original text by code-point index: letter case and substrings. Spans of the
// matching form map back to code points (NormalizedText::ToOriginal); this turns them into bytes.
#ifndef UNSPUN_STORY_ORIGINAL_TEXT_H_
#define UNSPUN_STORY_ORIGINAL_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace unspun {

class OriginalText {
 public:
  // `text` must outlive this object. Decoded as Normalize() decodes (invalid bytes are one code
  // point each), so code-point indices agree with NormalizedText's.
  explicit OriginalText(std::string_view text);

  // Whether code point `cp` is an uppercase or titlecase letter; false when out of range.
  bool IsUpper(uint32_t cp) const;
  // The bytes of code points [b, e), clamped to the text.
  std::string_view Substr(uint32_t b, uint32_t e) const;

 private:
  std::string_view text_;
  std::vector<uint32_t> offsets_;  // Byte offset of each code point, plus one past the end.
};

}  // namespace unspun

#endif  // UNSPUN_STORY_ORIGINAL_TEXT_H_
