// The reuse engine: finds every pair of articles where one reuses the other's text, and says how.
// Relations are defined in docs/relations.md.
#ifndef UNSPUN_PAIRS_H_
#define UNSPUN_PAIRS_H_

#include <cstdint>
#include <functional>
#include <memory>
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
  // Called now and then from the verification stage with (articles done, articles), for a
  // progress bar. May be empty.
  std::function<void(uint64_t, uint64_t)> progress;
};

// What a run did, for `--verbose` and benchmarks.
struct PairsStats {
  uint64_t articles = 0;
  uint64_t text_bytes = 0;     // UTF-8 bytes of the articles' texts.
  uint64_t stored_bytes = 0;   // The same, as kept compressed for verification.
  uint64_t fingerprints = 0;   // Over all articles.
  uint64_t kept_postings = 0;  // Fingerprint postings shared by 2..max articles (indexed).
  uint64_t candidates = 0;     // Pairs verified.
  uint64_t pairs = 0;          // Reuse pairs found.
  // Wall and CPU (user + system, all threads) seconds of each stage.
  double analyze_seconds = 0, analyze_cpu = 0;  // From the first Add to Finish, reading included.
  double index_seconds = 0, index_cpu = 0;      // Building the candidate index.
  double verify_seconds = 0, verify_cpu = 0;    // Counting candidates and verifying them.
  // The process's peak resident memory (MB) at the end of each stage.
  double analyze_peak_mb = 0, index_peak_mb = 0, verify_peak_mb = 0;
};

// Finds reuse pairs in a stream of articles, in two passes: Add() analyzes and fingerprints each
// article as it arrives (in batches, on options.jobs threads, while the caller goes on reading)
// and keeps only its fingerprints, metadata and a compressed copy of its text; Finish() indexes
// the fingerprints, counts each article's candidates and verifies them, re-reading the texts.
// Memory is a few hundred bytes per article plus the compressed texts (about a third of the
// input), so a million articles fit in a few gigabytes.
//
// Not thread-safe: one thread calls Add() and then Finish(), once.
class ReuseFinder {
 public:
  explicit ReuseFinder(const PairsOptions& options);
  ~ReuseFinder();
  ReuseFinder(const ReuseFinder&) = delete;
  ReuseFinder& operator=(const ReuseFinder&) = delete;

  // Takes the next article; articles are numbered from 0 in the order added.
  void Add(Document&& doc);

  // The reuse pairs among all articles added, sorted by (a, b).
  std::vector<ReusePair> Finish();

  size_t size() const;
  // Id of article i, as given in its Document.
  const std::string& id(uint32_t i) const;
  // Article i again, from the finder's compressed copy: id, title, text and published date.
  void Article(uint32_t i, Document* doc) const;
  const PairsStats& stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Convenience for articles already in memory: the reuse pairs of `docs`, sorted by (a, b).
std::vector<ReusePair> FindReusePairs(const std::vector<Document>& docs,
                                      const PairsOptions& options);

}  // namespace unspun

#endif  // UNSPUN_PAIRS_H_
