#include "align/provenance.h"

#include "unspun/inspect.h"

namespace unspun {
namespace {

// Signs that an article is the copy rather than the original, from its text alone: look-alike
// letters and invisible characters, site furniture around the text, and the case damage spinners
// leave (sentences that start in lowercase).
struct CopyMarks {
  uint32_t disguised = 0;       // Homoglyphs plus invisible characters.
  uint32_t boilerplate = 0;     // Boilerplate sentences.
  double lowercase_starts = 0;  // Share of sentences whose first letter is lowercase.
};

bool IsAscii(std::string_view s) {
  unsigned char any = 0;
  for (char c : s) any |= static_cast<unsigned char>(c);
  return any < 0x80;
}

CopyMarks MarksOf(const Document& doc, const Analysis& a, const Inspection* ins) {
  CopyMarks m;
  if (ins != nullptr) {
    m.disguised = static_cast<uint32_t>(ins->homoglyphs.size() + ins->invisible.size());
  } else if (!IsAscii(doc.title) || !IsAscii(doc.text)) {
    // Pure ASCII can hide neither look-alike letters nor invisible characters.
    Inspection own = FindDisguises(doc);
    m.disguised = static_cast<uint32_t>(own.homoglyphs.size() + own.invisible.size());
  }
  // Byte offset of each code point of the original, to read a sentence's first letter there.
  std::vector<uint32_t> byte_of;
  byte_of.reserve(doc.text.size());
  for (uint32_t i = 0; i < doc.text.size(); ++i) {
    if ((static_cast<uint8_t>(doc.text[i]) & 0xC0) != 0x80) byte_of.push_back(i);
  }
  uint32_t starts = 0, lower = 0;
  for (const Sentence& s : a.sentences) {
    if (s.boilerplate) {
      ++m.boilerplate;
      continue;
    }
    const uint32_t cp = a.norm.begin[a.tokens[s.token_begin].begin];
    if (cp >= byte_of.size()) continue;
    const char c = doc.text[byte_of[cp]];
    if (c >= 'A' && c <= 'Z') ++starts;
    if (c >= 'a' && c <= 'z') ++starts, ++lower;
  }
  m.lowercase_starts = starts ? double(lower) / starts : 0;
  return m;
}

}  // namespace

int LikelySource(const Document& da, const Analysis& x, const Document& db, const Analysis& y,
                 const ReusePair& v, const Inspection* ia, const Inspection* ib) {
  if (!da.published.empty() && !db.published.empty() && da.published != db.published) {
    return da.published < db.published ? 0 : 1;
  }
  if (v.relation == Relation::kPartial) {
    // The side whose text is mostly inside the passages lent them to the other.
    if (v.coverage_a > v.coverage_b + 0.2) return 0;
    if (v.coverage_b > v.coverage_a + 0.2) return 1;
    return -1;
  }
  const CopyMarks ma = MarksOf(da, x, ia), mb = MarksOf(db, y, ib);
  const int marks_a = (ma.disguised > 0) + (ma.boilerplate > mb.boilerplate) +
                      (ma.lowercase_starts > mb.lowercase_starts + 0.2);
  const int marks_b = (mb.disguised > 0) + (mb.boilerplate > ma.boilerplate) +
                      (mb.lowercase_starts > ma.lowercase_starts + 0.2);
  if (marks_a > marks_b) return 1;
  if (marks_b > marks_a) return 0;
  return -1;
}

}  // namespace unspun
