// UTF-8 repair, binary sniffing and transcoding for the readers.

#include <simdjson.h>
#include <unicode/ucnv.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "io/reader_internal.h"
#include "unspun/reader.h"

namespace unspun {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8.

// Looks at the sequence starting at s[i]. Returns its length when it is a well-formed UTF-8
// character; otherwise returns 0 and sets *subpart to the length of the maximal subpart: the
// lead byte plus the continuation bytes that could still have begun a valid sequence. The ranges
// are Table 3-7 of the Unicode Standard (no overlongs, no surrogates, nothing past U+10FFFF);
// replacing each maximal subpart by one U+FFFD is what the WHATWG decoder and ICU do.
size_t DecodeOne(std::string_view s, size_t i, size_t* subpart) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;  // Allowed range of the second byte.
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 2;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 3;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    *subpart = 1;  // A stray continuation byte, C0, C1 or F5..FF: never valid anywhere.
    return 0;
  }
  for (size_t k = 1; k <= need; ++k) {
    if (i + k >= s.size()) {
      *subpart = k;
      return 0;
    }
    const unsigned char c = byte(i + k);
    const bool ok = k == 1 ? (c >= lo && c <= hi) : (c >= 0x80 && c <= 0xBF);
    if (!ok) {
      *subpart = k;
      return 0;
    }
  }
  return need + 1;
}

}  // namespace

namespace io {

size_t RepairUtf8(std::string* s, size_t* first_bad) {
  // Almost every input is valid; simdjson's validator checks it at several GB/s.
  if (simdjson::validate_utf8(s->data(), s->size())) return 0;
  std::string_view in(*s);
  std::string out;
  out.reserve(in.size() + 16);
  size_t replacements = 0;
  size_t i = 0;
  while (i < in.size()) {
    // Copy ASCII runs without decoding.
    size_t j = i;
    while (j < in.size() && static_cast<unsigned char>(in[j]) < 0x80) ++j;
    out.append(in.substr(i, j - i));
    i = j;
    if (i >= in.size()) break;
    size_t subpart = 0;
    const size_t len = DecodeOne(in, i, &subpart);
    if (len > 0) {
      out.append(in.substr(i, len));
      i += len;
    } else {
      if (replacements == 0 && first_bad != nullptr) *first_bad = i;
      ++replacements;
      out.append(kReplacement);
      i += subpart;
    }
  }
  s->swap(out);
  return replacements;
}

std::string_view TrimAscii(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsAsciiSpace(s[b])) ++b;
  while (e > b && IsAsciiSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

namespace {

// Bytes of the whitespace character at the start (or, with `back`, the end) of s; 0 if none.
size_t SpaceAt(std::string_view s, bool back) {
  if (s.empty()) return 0;
  if (IsAsciiSpace(back ? s.back() : s.front())) return 1;
  for (const std::string_view space :
       {std::string_view("\xC2\xA0"), std::string_view("\xEF\xBB\xBF")}) {
    if (s.size() >= space.size() &&
        s.substr(back ? s.size() - space.size() : 0, space.size()) == space) {
      return space.size();
    }
  }
  return 0;
}

}  // namespace

std::string_view TrimText(std::string_view s) {
  while (const size_t n = SpaceAt(s, false)) s.remove_prefix(n);
  while (const size_t n = SpaceAt(s, true)) s.remove_suffix(n);
  return s;
}

bool IsBlankText(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    if (IsAsciiSpace(c)) {
      ++i;
    } else if (s.substr(i, 2) == "\xC2\xA0") {  // U+00A0
      i += 2;
    } else if (s.substr(i, 3) == "\xEF\xBB\xBF") {  // U+FEFF
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

bool TranscodeToUtf8(std::string_view bytes, const char* charset, std::string* out) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* from = ucnv_open(charset, &status);
  if (U_FAILURE(status)) return false;
  status = U_ZERO_ERROR;
  UConverter* to = ucnv_open("UTF-8", &status);
  if (U_FAILURE(status)) {
    ucnv_close(from);
    return false;
  }
  // Any source byte becomes at most 3 UTF-8 bytes (a BMP character); surrogate pairs take 4 UTF-8
  // bytes for 4 UTF-16 bytes. So 3 bytes per input byte always suffice.
  std::string result(bytes.size() * 3 + 16, '\0');
  char* target = result.data();
  const char* source = bytes.data();
  status = U_ZERO_ERROR;
  ucnv_convertEx(to, from, &target, result.data() + result.size(), &source,
                 bytes.data() + bytes.size(), nullptr, nullptr, nullptr, nullptr, true, true,
                 &status);
  ucnv_close(from);
  ucnv_close(to);
  if (U_FAILURE(status)) return false;
  result.resize(target - result.data());
  out->swap(result);
  return true;
}

}  // namespace io

size_t RepairUtf8(std::string* s) { return io::RepairUtf8(s, nullptr); }

bool LooksBinary(std::string_view bytes) {
  // 8 KiB and "10% control bytes" follow the heuristics of file(1) and git's buffer_is_binary:
  // text may carry a stray escape or form feed, but never NUL and never many controls.
  constexpr size_t kSniffBytes = 8192;
  const std::string_view head = bytes.substr(0, kSniffBytes);
  size_t controls = 0;
  for (const char ch : head) {
    const unsigned char c = ch;
    if (c == 0) return true;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) ++controls;
  }
  return controls * 10 > head.size();
}

}  // namespace unspun
