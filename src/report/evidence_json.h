// JSON for reuse evidence: the "passages" array of the pairs format (docs/relations.md), each
// passage with its evidence when the pair carries it (docs/evidence.md).
#ifndef UNSPUN_REPORT_EVIDENCE_JSON_H_
#define UNSPUN_REPORT_EVIDENCE_JSON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "unspun/document.h"
#include "unspun/evidence.h"
#include "unspun/pairs.h"

namespace unspun {

// Code-point access to a UTF-8 text: the byte where each code point starts.
class CodePointIndex {
 public:
  explicit CodePointIndex(std::string_view text);
  uint32_t size() const { return static_cast<uint32_t>(starts_.size()) - 1; }
  // Code points [begin, end) as UTF-8; offsets past the end are clamped.
  std::string_view Slice(uint32_t begin, uint32_t end) const;
  // The code point at offset i (U+FFFD for a broken sequence).
  char32_t At(uint32_t i) const;

 private:
  std::string_view text_;
  std::vector<uint32_t> starts_;  // size() + 1 entries, the last one text_.size().
};

// "U+0420".
std::string CodePointLabel(char32_t c);

// Appends the passages of `pair` as a JSON array. `ta` and `tb` index the two articles' texts.
void AppendPassagesJson(const ReusePair& pair, const CodePointIndex& ta, const CodePointIndex& tb,
                        std::string* out);

// Appends one passage's evidence as JSON object fields (no braces), each preceded by a comma:
// ,"changes":[...],"disguised":{...},"quotes":{...},"boilerplate":{...}
void AppendEvidenceFields(const PassageEvidence& ev, const CodePointIndex& ta,
                          const CodePointIndex& tb, std::string* out);

}  // namespace unspun

#endif  // UNSPUN_REPORT_EVIDENCE_JSON_H_
