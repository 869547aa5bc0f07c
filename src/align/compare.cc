#include "unspun/compare.h"

#include <algorithm>
#include <vector>

#include "align/analysis.h"
#include "align/evidence.h"
#include "align/provenance.h"
#include "align/verify.h"

namespace unspun {

Comparison CompareDocuments(const Document& a, const Document& b) {
  Comparison out;
  Analysis x, y;
  Analyze(a, &x);
  Analyze(b, &y);
  out.inspection_a = FindDisguises(a);
  out.inspection_b = FindDisguises(b);
  VerifyOptions options;
  options.keep_weak = true;
  Alignment alignment;
  out.verdict = Verify(x, y, options, &alignment);
  const EvidenceSide sa{x, out.inspection_a}, sb{y, out.inspection_b};
  for (const AlignedRun& run : alignment.runs) {
    ComparedPassage p;
    p.span = {run.a_begin, run.a_end, run.b_begin, run.b_end};
    p.counted = out.verdict.has_value() && run.counted;
    p.quotes_only = run.quotes_only;
    p.evidence = ExtractPassageEvidence(sa, sb, alignment, run);
    if (p.counted) out.verdict->evidence.push_back(p.evidence);
    out.passages.push_back(std::move(p));
  }
  if (!a.title.empty() && !b.title.empty()) {
    Document title_a, title_b;
    title_a.text = a.title;
    title_b.text = b.title;
    Analysis ta, tb;
    Analyze(title_a, &ta);
    Analyze(title_b, &tb);
    if (!ta.tokens.empty() && !tb.tokens.empty()) {
      // The whole title as one sentence, whatever its punctuation.
      Sentence s{}, t{};
      s.token_end = static_cast<uint32_t>(ta.tokens.size());
      t.token_end = static_cast<uint32_t>(tb.tokens.size());
      DiffSentences(ta, s, tb, t, &out.title_changes);
      // Unrelated titles differ everywhere: their "changes" would be noise. Aligned when half
      // their words match in order.
      const size_t n = ta.tokens.size(), m = tb.tokens.size();
      std::vector<uint32_t> prev(m + 1, 0), cur(m + 1, 0);
      for (size_t x = 0; x < n; ++x) {
        for (size_t y = 0; y < m; ++y) {
          cur[y + 1] =
              ta.tokens[x].hash == tb.tokens[y].hash ? prev[y] + 1 : std::max(prev[y + 1], cur[y]);
        }
        std::swap(prev, cur);
      }
      out.titles_aligned = 4 * prev[m] >= n + m;
      if (!out.titles_aligned) out.title_changes.clear();
    }
  }
  if (out.verdict) {
    ReusePair& v = *out.verdict;
    v.a = 0;
    v.b = 1;
    v.source = LikelySource(a, x, b, y, v, &out.inspection_a, &out.inspection_b);
  }
  return out;
}

}  // namespace unspun
