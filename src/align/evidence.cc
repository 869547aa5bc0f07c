#include "align/evidence.h"

#include <algorithm>
#include <string_view>

namespace unspun {
namespace {

std::string_view TokenText(const Analysis& a, uint32_t k) {
  return std::string_view(a.norm.text)
      .substr(a.tokens[k].begin, a.tokens[k].end - a.tokens[k].begin);
}

TextSpan Tokens(const Analysis& a, uint32_t tb, uint32_t te) {
  auto [b, e] = a.TokenSpan(tb, te);
  return {b, e};
}

// Where the insertion point before token k of `a` falls, as an empty span: after the previous
// token, so an added word is shown between its neighbours.
TextSpan At(const Analysis& a, uint32_t k, uint32_t lo) {
  if (k > lo) {
    const uint32_t e = a.TokenSpan(k - 1, k).second;
    return {e, e};
  }
  const uint32_t b = a.TokenSpan(k, k + 1).first;
  return {b, b};
}

// Sentences [from, to) of `a` that are prose, as one span, or nothing.
bool ProseSpan(const Analysis& a, uint32_t from, uint32_t to, TextSpan* span) {
  uint32_t first = to, last = to;
  for (uint32_t k = from; k < to; ++k) {
    if (a.sentences[k].boilerplate) continue;
    if (first == to) first = k;
    last = k;
  }
  if (first == to) return false;
  auto [b, e] = SentencesSpan(a, a.sentences[first], a.sentences[last]);
  *span = {b, e};
  return true;
}

// Quoted stretches of tokens inside sentences [from, to].
void QuotedSpans(const Analysis& a, uint32_t from, uint32_t to, std::vector<TextSpan>* out) {
  const uint32_t tb = a.sentences[from].token_begin, te = a.sentences[to].token_end;
  for (uint32_t k = tb; k < te;) {
    if (!a.token_quoted[k]) {
      ++k;
      continue;
    }
    uint32_t e = k + 1;
    while (e < te && a.token_quoted[e]) ++e;
    out->push_back(Tokens(a, k, e));
    k = e;
  }
}

// Boilerplate sentences inside sentences [from, to] of `a` or in the unbroken run of boilerplate
// right before or after them, left out when the other side has the same line (same word bag).
void Boilerplate(const Analysis& a, uint32_t from, uint32_t to, const Analysis& other,
                 std::vector<TextSpan>* out) {
  const auto& ss = a.sentences;
  uint32_t lo = from, hi = to;
  while (lo > 0 && ss[lo - 1].boilerplate) --lo;
  while (hi + 1 < ss.size() && ss[hi + 1].boilerplate) ++hi;
  for (uint32_t k = lo; k <= hi; ++k) {
    if (!ss[k].boilerplate) continue;
    const bool shared = std::any_of(other.sentences.begin(), other.sentences.end(),
                                    [&](const Sentence& o) { return o.bag == ss[k].bag; });
    if (shared) continue;
    auto [b, e] = SentencesSpan(a, ss[k], ss[k]);
    if (!out->empty() && k > 0 && ss[k - 1].boilerplate && out->back().end <= b) {
      out->back().end = e;  // Consecutive furniture lines read as one block.
    } else {
      out->push_back({b, e});
    }
  }
}

void DisguisedIn(const Inspection& ins, TextSpan span, std::vector<DisguisedChar>* out) {
  for (const auto* list : {&ins.homoglyphs, &ins.invisible}) {
    for (const DisguisedChar& d : *list) {
      if (d.field == DisguisedChar::Field::kText && d.offset >= span.begin && d.offset < span.end) {
        out->push_back(d);
      }
    }
  }
  std::sort(out->begin(), out->end(),
            [](const DisguisedChar& x, const DisguisedChar& y) { return x.offset < y.offset; });
}

}  // namespace

// Word-level alignment of two aligned sentences (longest common subsequence of token hashes,
// the measure Verify aligned them by); every maximal stretch of unmatched words becomes a change.
void DiffSentences(const Analysis& a, const Sentence& s, const Analysis& b, const Sentence& t,
                   std::vector<WordChange>* out) {
  // The common head and tail need no table; what is left between them is usually a few words.
  uint32_t head = 0, tail = 0;
  const uint32_t sn = s.size(), tn = t.size();
  auto same = [&](uint32_t i, uint32_t j) { return a.tokens[i].hash == b.tokens[j].hash; };
  while (head < sn && head < tn && same(s.token_begin + head, t.token_begin + head)) ++head;
  while (tail < sn - head && tail < tn - head &&
         same(s.token_end - 1 - tail, t.token_end - 1 - tail)) {
    ++tail;
  }
  const uint32_t ta = s.token_begin + head, tb = t.token_begin + head;  // Middles start here.
  const uint32_t n = sn - head - tail, m = tn - head - tail;
  if (n == 0 && m == 0) return;
  auto emit = [&](uint32_t i0, uint32_t i1, uint32_t j0, uint32_t j1) {
    WordChange c;
    if (i0 == i1) {
      c = {WordChange::Kind::kAdded, At(a, ta + i0, s.token_begin), Tokens(b, tb + j0, tb + j1)};
    } else if (j0 == j1) {
      c = {WordChange::Kind::kDropped, Tokens(a, ta + i0, ta + i1), At(b, tb + j0, t.token_begin)};
    } else {
      c = {WordChange::Kind::kSubstituted, Tokens(a, ta + i0, ta + i1),
           Tokens(b, tb + j0, tb + j1)};
      if (i1 - i0 == 1 && j1 - j0 == 1) {
        const std::string_view x = TokenText(a, ta + i0), y = TokenText(b, tb + j0);
        if (std::min(x.size(), y.size()) >= 3 && EditDistanceUpTo2(x, y) <= 2) {
          c.kind = WordChange::Kind::kTypo;
        }
      }
    }
    out->push_back(c);
  };
  // A table this large only comes from pathological input (a "sentence" of thousands of words
  // without punctuation): report the middle as one change rather than spend the memory. The cap
  // also keeps LCS lengths (at most sqrt of it) within 16 bits.
  constexpr uint64_t kMaxCells = uint64_t{1} << 22;
  if (n == 0 || m == 0 || uint64_t{n + 1} * (m + 1) > kMaxCells) {
    emit(0, n, 0, m);
    return;
  }
  thread_local std::vector<uint16_t> table;
  table.assign((n + 1) * (m + 1), 0);
  auto at = [m](uint32_t i, uint32_t j) { return i * (m + 1) + j; };
  // Suffix LCS, so the walk below goes forward in text order.
  for (uint32_t i = n; i-- > 0;) {
    for (uint32_t j = m; j-- > 0;) {
      table[at(i, j)] = same(ta + i, tb + j) ? table[at(i + 1, j + 1)] + 1
                                             : std::max(table[at(i + 1, j)], table[at(i, j + 1)]);
    }
  }
  uint32_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(ta + i, tb + j)) {
      ++i, ++j;
      continue;
    }
    const uint32_t i0 = i, j0 = j;
    while ((i < n || j < m) && !(i < n && j < m && same(ta + i, tb + j))) {
      if (j >= m || (i < n && table[at(i + 1, j)] >= table[at(i, j + 1)])) {
        ++i;
      } else {
        ++j;
      }
    }
    emit(i0, i, j0, j);
  }
}

const char* WordChangeKindName(WordChange::Kind kind) {
  switch (kind) {
    case WordChange::Kind::kSubstituted:
      return "substituted";
    case WordChange::Kind::kTypo:
      return "typo";
    case WordChange::Kind::kDropped:
      return "dropped";
    case WordChange::Kind::kAdded:
      return "added";
  }
  return "unknown";
}

PassageEvidence ExtractPassageEvidence(const EvidenceSide& sa, const EvidenceSide& sb,
                                       const Alignment& al, const AlignedRun& run) {
  const Analysis& a = sa.analysis;
  const Analysis& b = sb.analysis;
  PassageEvidence ev;
  for (uint32_t x = run.link_begin; x < run.link_end; ++x) {
    const SentenceLink& l = al.links[x];
    if (x > run.link_begin) {
      // Sentences left unaligned between two links: dropped, added, or rewritten past matching.
      const SentenceLink& p = al.links[x - 1];
      TextSpan ga, gb;
      const bool has_a = ProseSpan(a, p.i + 1, l.i, &ga);
      const bool has_b = ProseSpan(b, p.j + 1, l.j, &gb);
      if (has_a && has_b) {
        ev.changes.push_back({WordChange::Kind::kSubstituted, ga, gb});
      } else if (has_a) {
        const uint32_t e =
            b.TokenSpan(b.sentences[l.j].token_begin, b.sentences[l.j].token_begin + 1).first;
        ev.changes.push_back({WordChange::Kind::kDropped, ga, {e, e}});
      } else if (has_b) {
        const uint32_t e =
            a.TokenSpan(a.sentences[l.i].token_begin, a.sentences[l.i].token_begin + 1).first;
        ev.changes.push_back({WordChange::Kind::kAdded, {e, e}, gb});
      }
    }
    const Sentence& s = a.sentences[l.i];
    const Sentence& t = b.sentences[l.j];
    if (l.common < s.size() || l.common < t.size()) DiffSentences(a, s, b, t, &ev.changes);
  }
  const SentenceLink& first = al.links[run.link_begin];
  const SentenceLink& last = al.links[run.link_end - 1];
  QuotedSpans(a, first.i, last.i, &ev.quotes_a);
  QuotedSpans(b, first.j, last.j, &ev.quotes_b);
  Boilerplate(a, first.i, last.i, b, &ev.boilerplate_a);
  Boilerplate(b, first.j, last.j, a, &ev.boilerplate_b);
  DisguisedIn(sa.inspection, {run.a_begin, run.a_end}, &ev.disguised_a);
  DisguisedIn(sb.inspection, {run.b_begin, run.b_end}, &ev.disguised_b);
  return ev;
}

void ExtractEvidence(const EvidenceSide& a, const EvidenceSide& b, const Alignment& alignment,
                     ReusePair* pair) {
  pair->evidence.clear();
  for (const AlignedRun& run : alignment.runs) {
    if (run.counted) pair->evidence.push_back(ExtractPassageEvidence(a, b, alignment, run));
  }
}

}  // namespace unspun
