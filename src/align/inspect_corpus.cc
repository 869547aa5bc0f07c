// InspectCorpus: per-article inspection plus what the reuse engine tells about the corpus as a
// whole (copy_of, and the "versions" signal of spinning).
#include <unicode/utf8.h>

#include <algorithm>

#include "align/analysis.h"
#include "text/spin.h"
#include "unspun/inspect.h"
#include "unspun/pairs.h"
#include "util/parallel.h"

namespace unspun {
namespace {

// The words of an article's prose (boilerplate left out), lowercase, with original spans.
std::vector<Word> ProseWords(const Document& doc) {
  Analysis a;
  Analyze(doc, &a);
  std::vector<Word> words;
  for (const Sentence& s : a.sentences) {
    if (s.boilerplate) continue;
    for (uint32_t t = s.token_begin; t < s.token_end; ++t) {
      const Token& tok = a.tokens[t];
      auto [b, e] = a.norm.ToOriginal(tok.begin, tok.end);
      words.push_back({a.norm.text.substr(tok.begin, tok.end - tok.begin), b, e});
    }
  }
  return words;
}

// The "versions" signal for one side of a rewrite pair. A spinner's side holds the rarer word or
// the phrase in most of the synonym swaps; a human rewrite or a light edit has few such swaps,
// with no side favoured.
//
// When the swaps are plainly a thesaurus's (most of them listed synonyms) but lean neither way
// clearly, the side whose own text bears more spinner's marks (its standalone spin score, case
// damage and rare synonyms) is taken as the spun one, with less confidence.
SpinSignal VersionSignal(const SpinDirection& d, bool side_a, const std::string& other_id,
                         double own_score, double other_score) {
  SpinSignal s;
  s.name = "versions";
  const uint32_t self = side_a ? d.toward_a : d.toward_b;
  const uint32_t other = side_a ? d.toward_b : d.toward_a;
  s.value = self;
  // Spinning, not editing: the thesaurus recognises some of the swaps, and they lean one way.
  if (d.synonyms >= 2 && self >= 3 && self >= 1.4 * other + 1) {
    s.score = self >= 6 ? 0.95 : 0.8;
  } else if (d.synonyms >= 2 && self >= 2 && other == 0) {
    s.score = 0.5;
  } else if (d.synonyms >= 4 && d.synonyms * 10 >= d.swaps * 6 && self >= other &&
             own_score >= other_score + 0.05) {
    s.score = 0.6;
  }
  s.detail = std::to_string(self) + " of " + std::to_string(d.swaps) + " word swaps against " +
             other_id + " put the rarer word or the phrase here, " + std::to_string(other) +
             " the other way; " + std::to_string(d.synonyms) + " swaps are thesaurus synonyms";
  for (const SpinMark& m : side_a ? d.marks_a : d.marks_b) {
    s.marks.push_back({Field::kText, m.begin, m.end, m.what, m.note});
  }
  return s;
}

}  // namespace

std::vector<Inspection> InspectCorpus(const std::vector<Document>& docs,
                                      const InspectOptions& options) {
  std::vector<Inspection> out(docs.size());
  Lexicon::Default(nullptr);  // Load once before the workers start.
  // The corpus's own vocabulary: a word many of its articles use is no spinner's rare pick.
  DocumentFrequencies corpus;
  std::u32string cps;
  for (const Document& d : docs) {
    cps.clear();
    for (size_t i = 0; i < d.text.size();) {
      UChar32 c;
      U8_NEXT_OR_FFFD(reinterpret_cast<const uint8_t*>(d.text.data()), i, d.text.size(), c);
      cps.push_back(static_cast<char32_t>(c));
    }
    corpus.Add(cps);
  }
  ParallelFor(docs.size(), options.jobs,
              [&](size_t i, int) { out[i] = InspectInCorpus(docs[i], &corpus); });
  if (!options.pairs || docs.size() < 2) return out;

  std::vector<ReusePair> found;
  if (options.known_pairs == nullptr) {
    PairsOptions pair_options;
    pair_options.jobs = options.jobs;
    found = FindReusePairs(docs, pair_options);
  }
  const std::vector<ReusePair>& pairs =
      options.known_pairs != nullptr ? *options.known_pairs : found;
  std::vector<const ReusePair*> rewrites;
  for (const ReusePair& p : pairs) {
    if (p.relation == Relation::kPartial) continue;
    if (p.source == static_cast<int>(p.a)) out[p.b].copy_of.push_back(p.a);
    if (p.source == static_cast<int>(p.b)) out[p.a].copy_of.push_back(p.b);
    if (p.relation == Relation::kRewrite) rewrites.push_back(&p);
  }
  std::vector<double> standalone(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) standalone[i] = out[i].spun_score;
  std::vector<SpinDirection> directions(rewrites.size());
  const Lexicon& lexicon = Lexicon::Default(nullptr);
  ParallelFor(rewrites.size(), options.jobs, [&](size_t k, int) {
    directions[k] = CompareVersions(ProseWords(docs[rewrites[k]->a]),
                                    ProseWords(docs[rewrites[k]->b]), lexicon);
  });
  // Per article, the strongest "versions" signal over its rewrite pairs.
  std::vector<int> best(docs.size(), -1);
  std::vector<SpinSignal> best_signal(docs.size());
  for (size_t k = 0; k < rewrites.size(); ++k) {
    const ReusePair& p = *rewrites[k];
    for (bool side_a : {true, false}) {
      const uint32_t self = side_a ? p.a : p.b, other = side_a ? p.b : p.a;
      SpinSignal s =
          VersionSignal(directions[k], side_a, docs[other].id, standalone[self], standalone[other]);
      if (s.score >= Inspection::kSpunThreshold && p.source < 0) out[self].copy_of.push_back(other);
      if (best[self] < 0 || s.score > best_signal[self].score) {
        best[self] = static_cast<int>(k);
        best_signal[self] = std::move(s);
      }
    }
  }
  for (size_t i = 0; i < docs.size(); ++i) {
    if (best[i] >= 0) {
      out[i].spun_signals.push_back(std::move(best_signal[i]));
      CombineSpinSignals(&out[i]);
    }
    std::sort(out[i].copy_of.begin(), out[i].copy_of.end());
    out[i].copy_of.erase(std::unique(out[i].copy_of.begin(), out[i].copy_of.end()),
                         out[i].copy_of.end());
  }
  return out;
}

}  // namespace unspun
