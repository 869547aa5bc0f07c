// Reading the user's original text by code-point index: letter case and substrings. Spans of the
// matching form map back to code points (NormalizedText::ToOriginal); this turns them into bytes.
#ifndef UNSPUN_TEXT_ORIGINAL_TEXT_H_
#define UNSPUN_TEXT_ORIGINAL_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace unspun {

class OriginalText {
 public:
  // `text` must outlive this object. Decoded as Normalize() decodes (invalid bytes are one code
  // point each), so code-point indices agree with NormalizedText's. Pure ASCII, most news text,
  // needs no index: code point i is byte i.
  explicit OriginalText(std::string_view text);

  // Whether code point `cp` is an uppercase or titlecase letter; false when out of range.
  bool IsUpper(uint32_t cp) const;
  // Whether code point `cp` is a lowercase letter; false when out of range.
  bool IsLower(uint32_t cp) const;
  // The bytes of code points [b, e), clamped to the text.
  std::string_view Substr(uint32_t b, uint32_t e) const;

 private:
  // Code point `cp` into *c; false when out of range.
  bool At(uint32_t cp, int32_t* c) const;
  uint32_t size() const;  // In code points.
  uint32_t Byte(uint32_t cp) const { return ascii_ ? cp : offsets_[cp]; }

  std::string_view text_;
  bool ascii_ = true;
  std::vector<uint32_t> offsets_;  // Unless ASCII: byte offset of each code point, and the end.
};

}  // namespace unspun

#endif  // UNSPUN_TEXT_ORIGINAL_TEXT_H_
