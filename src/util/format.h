// Small formatting helpers shared by the readers' summaries, the CLI and the reports.
#ifndef UNSPUN_UTIL_FORMAT_H_
#define UNSPUN_UTIL_FORMAT_H_

#include <cstdint>
#include <string>

namespace unspun {

// n with thousands separators: 1704 -> "1,704".
inline std::string WithThousands(uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// The UTF-8 encoding of code point c; empty for a surrogate or a value past U+10FFFF.
inline std::string Utf8(char32_t c) {
  if (c < 0x80) return std::string(1, static_cast<char>(c));
  if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) return "";
  std::string out;
  if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
  }
  out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  return out;
}

}  // namespace unspun

#endif  // UNSPUN_UTIL_FORMAT_H_
