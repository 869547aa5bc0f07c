#include "align/provenance.h"

#include <vector>

namespace unspun {
namespace {

struct CopyMarks {
  uint32_t disguised = 0;       // Homoglyphs plus invisible characters.
  uint32_t boilerplate = 0;     // Boilerplate sentences.
  double lowercase_starts = 0;  // Share of sentences whose first letter is lowercase.
};

CopyMarks MarksOf(const Document& doc, const Analysis& a, const Inspection& ins) {
  CopyMarks m;
  m.disguised = static_cast<uint32_t>(ins.homoglyphs.size() + ins.invisible.size());
  std::vector<uint32_t> byte_of;  // Byte offset of each code point of the text.
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

int LikelySource(const Document& a, const Analysis& x, const Inspection& ia, const Document& b,
                 const Analysis& y, const Inspection& ib, const ReusePair& v) {
  if (!a.published.empty() && !b.published.empty() && a.published != b.published) {
    return a.published < b.published ? 0 : 1;
  }
  if (v.relation == Relation::kPartial) {
    if (v.coverage_a > v.coverage_b + 0.2) return 0;
    if (v.coverage_b > v.coverage_a + 0.2) return 1;
    return -1;
  }
  const CopyMarks ma = MarksOf(a, x, ia), mb = MarksOf(b, y, ib);
  const int marks_a = (ma.disguised > 0) + (ma.boilerplate > mb.boilerplate) +
                      (ma.lowercase_starts > mb.lowercase_starts + 0.2);
  const int marks_b = (mb.disguised > 0) + (mb.boilerplate > ma.boilerplate) +
                      (mb.lowercase_starts > ma.lowercase_starts + 0.2);
  if (marks_a > marks_b) return 1;
  if (marks_b > marks_a) return 0;
  return -1;
}

}  // namespace unspun
