#include "story/original_text.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>

namespace unspun {

OriginalText::OriginalText(std::string_view text) : text_(text) {
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

bool OriginalText::IsUpper(uint32_t cp) const {
  if (cp + 1 >= offsets_.size()) return false;
  const uint8_t* p = reinterpret_cast<const uint8_t*>(text_.data());
  int32_t i = static_cast<int32_t>(offsets_[cp]);
  UChar32 c;
  U8_NEXT_OR_FFFD(p, i, static_cast<int32_t>(text_.size()), c);
  return u_isupper(c) || u_istitle(c);
}

std::string_view OriginalText::Substr(uint32_t b, uint32_t e) const {
  const uint32_t last = static_cast<uint32_t>(offsets_.size() - 1);
  b = std::min(b, last);
  e = std::clamp(e, b, last);
  return text_.substr(offsets_[b], offsets_[e] - offsets_[b]);
}

}  // namespace unspun
