// Comparing two articles side by side: the verdict `unspun pairs` would give them, and every
// stretch of text they share, with the evidence inside it. What `unspun compare` shows.
#ifndef UNSPUN_COMPARE_H_
#define UNSPUN_COMPARE_H_

#include <optional>
#include <vector>

#include "unspun/document.h"
#include "unspun/evidence.h"
#include "unspun/inspect.h"
#include "unspun/pairs.h"

namespace unspun {

struct ComparedPassage {
  Passage span;
  // One of the verdict's passages. The others are shared but do not make reuse on their own:
  // quoted speech only, or too short (docs/relations.md).
  bool counted = false;
  bool quotes_only = false;  // Every aligned sentence in it is mostly quoted speech on both sides.
  PassageEvidence evidence;
};

struct Comparison {
  // What `unspun pairs` reports for the two (a = 0, b = 1, source 0, 1 or -1, evidence filled),
  // or nothing when neither reuses the other.
  std::optional<ReusePair> verdict;
  std::vector<ComparedPassage> passages;  // Every aligned stretch, in text order.
  Inspection inspection_a, inspection_b;  // Disguised characters of each whole article.
  // Word changes between the two titles (spans are code points of each title), when both have
  // one and at least half their words match in order; empty otherwise.
  std::vector<WordChange> title_changes;
  bool titles_aligned = false;
};

// Compares two articles. Never fails: two unrelated articles give no verdict and no passages.
Comparison CompareDocuments(const Document& a, const Document& b);

}  // namespace unspun

#endif  // UNSPUN_COMPARE_H_
