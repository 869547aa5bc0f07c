// Signs of obfuscation in articles: disguised letters, invisible characters, machine spinning,
// site boilerplate and, when a corpus holds the source, which articles are copies of which.
// docs/inspect.md describes each flag, its signals and its evidence.
//
// Thread safety: InspectDocument and InspectCorpus may be called from many threads at once. The
// lexicon behind the `spun` flag (Debian's SCOWL, WordNet and OpenOffice thesaurus files) is
// loaded once per process on first use.
#ifndef UNSPUN_INSPECT_H_
#define UNSPUN_INSPECT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "unspun/document.h"

namespace unspun {

enum class Field : uint8_t {
  kTitle,  // Offsets are into Document::title.
  kText,   // Offsets are into Document::text.
};

// One disguised character: where it is and what it stands for.
struct DisguisedChar {
  using Field = ::unspun::Field;
  Field field;
  uint32_t offset;  // Code-point offset in that field.
  char32_t code_point;
  std::string looks_like;  // The ASCII it imitates; empty for an invisible character.
};

// A span of text that is evidence for a flag.
struct Mark {
  Field field = Field::kText;
  uint32_t begin = 0, end = 0;  // Code points, end exclusive.
  std::string what;             // The text as written there.
  std::string note;             // Why it counts.
};

// One of the signals behind the `spun` flag (docs/inspect.md):
//   "case"          case damage: "u.S." initialisms, names in lowercase, lowercase sentence starts;
//   "rare_synonyms" rare words for which the thesaurus offers a common synonym;
//   "versions"      word swaps against another version of the article in the corpus that are
//                   thesaurus synonyms, this side holding the rarer words (InspectCorpus only).
struct SpinSignal {
  std::string name;
  double value = 0;    // The signal's measure (a share or a count; see docs/inspect.md).
  double score = 0;    // 0..1: how strongly this signal alone says "spun".
  std::string detail;  // The counts behind value, for a reader.
  std::vector<Mark> marks;
};

struct Inspection {
  // Letters of another script inside Latin words (Cyrillic а in "аnd"), title and text.
  std::vector<DisguisedChar> homoglyphs;
  // Zero-width, format and bidi characters inside the text (a leading BOM aside).
  std::vector<DisguisedChar> invisible;
  uint64_t homoglyph_words = 0;  // Words holding at least one homoglyph.

  // Machine spinning: the signals that fired or nearly did, and their combination
  // 1 - prod(1 - score_i) (each signal is weak evidence on its own; they add up).
  double spun_score = 0;
  std::vector<SpinSignal> spun_signals;

  // Site furniture inside the text: share bars, "Also Read:" lines, navigation.
  std::vector<Mark> boilerplate;

  // Indices (into the corpus given to InspectCorpus) of the articles this one copies: a
  // duplicate, near-duplicate or rewrite of which the reuse engine names the other as source,
  // or a rewrite whose "versions" signal shows this side was spun. Partial reuse is not a copy.
  std::vector<uint32_t> copy_of;

  // The flag threshold on spun_score.
  static constexpr double kSpunThreshold = 0.5;

  // The flags, in a fixed order: "homoglyphs", "invisible", "spun", "boilerplate" (site furniture
  // around a copy: boilerplate spans in an article that is copy_of another), "copy_of".
  std::vector<std::string> Flags() const;
};

// Inspects one article on its own (no `versions` signal, no copy_of).
Inspection InspectDocument(const Document& doc);

// Only the character-level scan of InspectDocument (homoglyphs and invisible characters): cheap,
// no lexicon. The reuse engine reads these as marks of the copy.
Inspection FindDisguises(const Document& doc);

struct ReusePair;  // unspun/pairs.h, which needs this header.

struct InspectOptions {
  // Run the reuse engine over the corpus for `copy_of` and the `versions` signal.
  bool pairs = true;
  int jobs = 0;  // Worker threads for the reuse engine; 0 means all cores.
  // The corpus's reuse pairs when the caller has found them already (indices into docs): used
  // instead of running the reuse engine again. Ignored when `pairs` is false.
  const std::vector<ReusePair>* known_pairs = nullptr;
};

// Inspects every article of a corpus; the result is parallel to `docs`.
std::vector<Inspection> InspectCorpus(const std::vector<Document>& docs,
                                      const InspectOptions& options);

// Empty when the lexicon behind `spun` loaded whole; otherwise which Debian files are missing
// (their signals are then off). Loads the lexicon if it is not loaded yet.
std::string LexiconWarning();
// Empty unless the lexicon's compiled cache (docs/lexicon.md) was found damaged or could not be
// written: then what happened (the lexicon itself is whole, parsed from the word files).
std::string LexiconCacheNote();

}  // namespace unspun

#endif  // UNSPUN_INSPECT_H_
