// The reuse engine: finds every pair of articles where one reuses the other's text, and says how.
// Relations are defined in docs/relations.md.
#ifndef UNSPUN_PAIRS_H_
#define UNSPUN_PAIRS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "unspun/document.h"
#include "unspun/evidence.h"

namespace unspun {

enum class Relation : uint8_t {
  kDuplicate,      // The same article after normalization and boilerplate removal.
  kNearDuplicate,  // The same article with light edits (words or sentences added, dropped, typos).
  kRewrite,        // The same article reworded: spun, paraphrased, case-mangled.
  kPartial,        // A passage of one appears in the other, which otherwise differs.
};

const char* RelationName(Relation r);

// One reused passage: code-point spans of each article's text, end exclusive.
struct Passage {
  uint32_t a_begin, a_end;
  uint32_t b_begin, b_end;
};

struct ReusePair {
  uint32_t a, b;  // Indices into the corpus, a < b.
  Relation relation;
  double score;           // 0..1: how much of the smaller side is reused, and how faithfully.
  int source = -1;        // The likely original: a, b, or -1 when it cannot be told.
  double coverage_a = 0;  // Share of each side's (non-boilerplate) words inside passages.
  double coverage_b = 0;
  double identity = 0;   // Share of words inside passages that are unchanged.
  double edit_rate = 0;  // Words inside passages replaced by a different word (not a typo).
  std::vector<Passage> passages;
  // One per passage, in the same order, when asked for (PairsOptions::evidence); else empty.
  std::vector<PassageEvidence> evidence;
};

struct PairsOptions {
  int jobs = 0;            // Worker threads; 0 means all cores.
  double min_score = 0.0;  // Pairs scoring below this are dropped.
  bool evidence = false;   // Fill ReusePair::evidence (word changes, disguises, boilerplate).
  // Called now and then with (done, total) verification steps, for a progress bar. May be empty.
  std::function<void(uint64_t, uint64_t)> progress;
};

// Finds the reuse pairs of `docs`, sorted by (a, b).
std::vector<ReusePair> FindReusePairs(const std::vector<Document>& docs,
                                      const PairsOptions& options);

}  // namespace unspun

#endif  // UNSPUN_PAIRS_H_
