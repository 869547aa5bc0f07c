#include "report/evidence_json.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>

#include "report/json.h"

namespace unspun {
namespace {

void AppendRange(uint32_t b, uint32_t e, std::string* out) {
  // Built piecewise: g++ 12 warns (-Wrestrict, a false positive) on chained string operator+.
  out->push_back('[');
  out->append(std::to_string(b));
  out->push_back(',');
  out->append(std::to_string(e));
  out->push_back(']');
}

void AppendSpans(const std::vector<TextSpan>& spans, std::string* out) {
  out->push_back('[');
  for (size_t k = 0; k < spans.size(); ++k) {
    if (k) out->push_back(',');
    AppendRange(spans[k].begin, spans[k].end, out);
  }
  out->push_back(']');
}

void AppendDisguised(const std::vector<DisguisedChar>& list, const CodePointIndex& t,
                     std::string* out) {
  out->push_back('[');
  for (size_t k = 0; k < list.size(); ++k) {
    if (k) out->push_back(',');
    const DisguisedChar& d = list[k];
    JsonObject o(out);
    o.Int("at", d.offset).Str("char", t.Slice(d.offset, d.offset + 1));
    o.Str("code_point", CodePointLabel(d.code_point));
    o.Str("kind", d.looks_like.empty() ? "invisible" : "lookalike");
    o.StrOrNull("looks_like", d.looks_like);
    o.Close();
  }
  out->push_back(']');
}

}  // namespace

CodePointIndex::CodePointIndex(std::string_view text) : text_(text) {
  starts_.reserve(text.size() + 1);
  for (uint32_t i = 0; i < text.size(); ++i) {
    if ((static_cast<uint8_t>(text[i]) & 0xC0) != 0x80) starts_.push_back(i);
  }
  starts_.push_back(static_cast<uint32_t>(text.size()));
}

std::string_view CodePointIndex::Slice(uint32_t begin, uint32_t end) const {
  end = std::min(end, size());
  begin = std::min(begin, end);
  return text_.substr(starts_[begin], starts_[end] - starts_[begin]);
}

char32_t CodePointIndex::At(uint32_t i) const {
  if (i >= size()) return 0xFFFD;
  const uint8_t* p = reinterpret_cast<const uint8_t*>(text_.data());
  int32_t k = static_cast<int32_t>(starts_[i]);
  UChar32 c;
  U8_NEXT_OR_FFFD(p, k, static_cast<int32_t>(text_.size()), c);
  return static_cast<char32_t>(c);
}

std::string CodePointLabel(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

void AppendEvidenceFields(const PassageEvidence& ev, const CodePointIndex& ta,
                          const CodePointIndex& tb, std::string* out) {
  out->append(",\"changes\":[");
  for (size_t k = 0; k < ev.changes.size(); ++k) {
    if (k) out->push_back(',');
    const WordChange& c = ev.changes[k];
    JsonObject o(out);
    o.Str("kind", WordChangeKindName(c.kind));
    std::string r;
    AppendRange(c.a.begin, c.a.end, &r);
    o.Raw("a", r);
    r.clear();
    AppendRange(c.b.begin, c.b.end, &r);
    o.Raw("b", r);
    o.Str("from", ta.Slice(c.a.begin, c.a.end)).Str("to", tb.Slice(c.b.begin, c.b.end));
    o.Close();
  }
  out->append("],\"disguised\":{\"a\":");
  AppendDisguised(ev.disguised_a, ta, out);
  out->append(",\"b\":");
  AppendDisguised(ev.disguised_b, tb, out);
  out->append("},\"quotes\":{\"a\":");
  AppendSpans(ev.quotes_a, out);
  out->append(",\"b\":");
  AppendSpans(ev.quotes_b, out);
  out->append("},\"boilerplate\":{\"a\":");
  AppendSpans(ev.boilerplate_a, out);
  out->append(",\"b\":");
  AppendSpans(ev.boilerplate_b, out);
  out->push_back('}');
}

void AppendPassagesJson(const ReusePair& pair, const CodePointIndex& ta, const CodePointIndex& tb,
                        std::string* out) {
  out->push_back('[');
  for (size_t k = 0; k < pair.passages.size(); ++k) {
    if (k) out->push_back(',');
    const Passage& g = pair.passages[k];
    out->append("{\"a\":");
    AppendRange(g.a_begin, g.a_end, out);
    out->append(",\"b\":");
    AppendRange(g.b_begin, g.b_end, out);
    if (k < pair.evidence.size()) AppendEvidenceFields(pair.evidence[k], ta, tb, out);
    out->push_back('}');
  }
  out->push_back(']');
}

}  // namespace unspun
