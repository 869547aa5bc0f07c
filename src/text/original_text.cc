#include "text/original_text.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>

namespace unspun {

OriginalText::OriginalText(std::string_view text) : text_(text) {
  unsigned char any_high = 0;
  for (char c : text) any_high |= static_cast<unsigned char>(c);
  if (any_high < 0x80) return;
  ascii_ = false;
  offsets_.reserve(text.size() + 1);
  const uint8_t* p = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < n) {
    offsets_.push_back(static_cast<uint32_t>(i));
    UChar32 c;
    U8_NEXT_OR_FFFD(p, i, n, c);
    (void)c;
  }
  offsets_.push_back(static_cast<uint32_t>(n));
}

uint32_t OriginalText::size() const {
  return ascii_ ? static_cast<uint32_t>(text_.size()) : static_cast<uint32_t>(offsets_.size() - 1);
}

bool OriginalText::At(uint32_t cp, int32_t* c) const {
  if (cp >= size()) return false;
  const uint8_t* p = reinterpret_cast<const uint8_t*>(text_.data());
  int32_t i = static_cast<int32_t>(Byte(cp));
  U8_NEXT_OR_FFFD(p, i, static_cast<int32_t>(text_.size()), *c);
  return true;
}

bool OriginalText::IsUpper(uint32_t cp) const {
  UChar32 c;
  return At(cp, &c) && (u_isupper(c) || u_istitle(c));
}

bool OriginalText::IsLower(uint32_t cp) const {
  UChar32 c;
  return At(cp, &c) && u_islower(c);
}

std::string_view OriginalText::Substr(uint32_t b, uint32_t e) const {
  const uint32_t last = size();
  b = std::min(b, last);
  e = std::clamp(e, b, last);
  return text_.substr(Byte(b), Byte(e) - Byte(b));
}

}  // namespace unspun
