#include "unspun/inspect.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "unspun/normalizer.h"

namespace unspun {
namespace {

struct Letter {
  char32_t c;
  uint32_t offset;
};

void DecodeAll(std::string_view s, std::vector<Letter>* out) {
  out->clear();
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  uint32_t k = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT_OR_FFFD(p, i, n, c);
    out->push_back({static_cast<char32_t>(c), k++});
  }
}

bool IsLatinLetter(char32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  UErrorCode status = U_ZERO_ERROR;
  return u_isalpha(c) && uscript_getScript(c, &status) == USCRIPT_LATIN;
}

// Scans one field. A word (a run of letters, invisible characters inside it allowed) is
// disguised when it mixes Latin letters with look-alikes from another script, or when it is made
// only of look-alikes while the field's letters are mostly Latin (a lone Cyrillic "а").
void ScanField(std::string_view s, DisguisedChar::Field field, Inspection* out) {
  std::vector<Letter> cps;
  DecodeAll(s, &cps);
  size_t latin = 0, letters = 0;
  for (const Letter& l : cps) {
    if (u_isalpha(l.c)) {
      ++letters;
      latin += IsLatinLetter(l.c);
    }
  }
  const bool mostly_latin = letters > 0 && latin * 10 >= letters * 8;
  size_t i = 0;
  while (i < cps.size()) {
    const char32_t c = cps[i].c;
    if (IsInvisible(c) && c != '\n' && c != '\t' && c != '\r') {
      if (!(c == 0xFEFF && cps[i].offset == 0) && c >= 0x80) {
        out->invisible.push_back({field, cps[i].offset, c, ""});
      }
      ++i;
      continue;
    }
    if (!u_isalpha(c)) {
      ++i;
      continue;
    }
    size_t j = i;
    size_t word_latin = 0, word_lookalike = 0, word_other = 0;
    while (j < cps.size() && (u_isalpha(cps[j].c) || u_charType(cps[j].c) == U_NON_SPACING_MARK ||
                              (IsInvisible(cps[j].c) && cps[j].c >= 0x80))) {
      const char32_t x = cps[j].c;
      if (IsInvisible(x) && x >= 0x80) {
        out->invisible.push_back({field, cps[j].offset, x, ""});
      } else if (IsAsciiLookalike(x)) {
        ++word_lookalike;
      } else if (IsLatinLetter(x)) {
        ++word_latin;
      } else if (u_isalpha(x)) {
        ++word_other;
      }
      ++j;
    }
    const bool disguised =
        word_lookalike > 0 && word_other == 0 && (word_latin > 0 || mostly_latin);
    if (disguised) {
      ++out->homoglyph_words;
      for (size_t k = i; k < j; ++k) {
        if (IsAsciiLookalike(cps[k].c)) {
          out->homoglyphs.push_back({field, cps[k].offset, cps[k].c, FoldCodePoint(cps[k].c)});
        }
      }
    }
    i = j;
  }
}

}  // namespace

std::vector<std::string> Inspection::Flags() const {
  std::vector<std::string> flags;
  if (!homoglyphs.empty()) flags.push_back("homoglyphs");
  if (!invisible.empty()) flags.push_back("invisible");
  return flags;
}

Inspection InspectDocument(const Document& doc) {
  Inspection out;
  ScanField(doc.title, DisguisedChar::Field::kTitle, &out);
  ScanField(doc.text, DisguisedChar::Field::kText, &out);
  return out;
}

}  // namespace unspun
