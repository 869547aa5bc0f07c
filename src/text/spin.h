// Signs of machine spinning: the marks a thesaurus spinner leaves in the text it rewrites.
//
// A spinner replaces content words with thesaurus synonyms chosen blindly (Zhang et al., NDSS
// 2014, "DSpin"), and many also lowercase the text and re-capitalize it by a crude rule. Three
// families of marks follow, each measured here without any other article to compare with:
//   - case damage: dotted initialisms in mixed case ("u.S.", the spinner's ". " rule capitalized
//     the letter after a dot), names that are always capitalized written in lowercase ("london",
//     "tuesday"), sentences opening in lowercase;
//   - rare synonyms: content words that are rare in English while the thesaurus offers a common
//     synonym for them ("equine" where a writer says "horse");
// and one more when the article's source is at hand (SpinDirection): aligned word swaps between
// the two texts that are thesaurus synonyms, the rarer or longer-winded side being the spun one.
//
// The lexicon these use comes from Debian packages, read at run time:
//   - SCOWL word lists (package scowl, /usr/share/dict/scowl): how common a word is (the size of
//     the smallest list holding it, 10 = most common ... 95 = obscure) and which words are only
//     ever written capitalized (names of places, days, months, people);
//   - WordNet 3.0 synsets (package wordnet-base, /usr/share/wordnet/data.*): synonyms;
//   - the OpenOffice thesaurus (package mythes-en-us, /usr/share/mythes/th_en_US_v2.dat), optional:
//     more synonyms, including broader terms.
// A missing file turns off the signals that need it; Lexicon::Load says which. Parsing the files
// takes over a second, so the result is kept in a compact binary table (docs/lexicon.md), cached
// between runs and mapped into memory in milliseconds.
//
// Thread safety: a loaded Lexicon is immutable and safe to share between threads.
#ifndef UNSPUN_TEXT_SPIN_H_
#define UNSPUN_TEXT_SPIN_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "unspun/inspect.h"

namespace unspun {

struct LexiconPaths {
  std::string scowl_dir = "/usr/share/dict/scowl";
  std::string wordnet_dir = "/usr/share/wordnet";
  std::string mythes_file = "/usr/share/mythes/th_en_US_v2.dat";
  // The compiled table kept between runs (docs/lexicon.md); empty: none, the word files are
  // parsed every time.
  std::string cache_file;
};

class Lexicon {
 public:
  // SCOWL level for a word not on any list.
  static constexpr uint8_t kUnknownLevel = 100;

  // The lexicon from the compiled table at paths.cache_file when that table is sound and was built
  // by this build from the files at `paths` as they are now (same sizes and times); otherwise
  // parsed from the files (Parse), and the table (re)written there atomically. `warning` (may be
  // null) receives a message naming each missing file and the Debian package that ships it; the
  // lexicon is then partial (has_levels() or has_synonyms() false), never null. `note` (may be
  // null) receives what went wrong with the cache, if anything worth telling: a corrupt table, or
  // one that could not be written; a missing or outdated table is rebuilt silently.
  static std::unique_ptr<Lexicon> Load(const LexiconPaths& paths, std::string* warning,
                                       std::string* note = nullptr);
  // The lexicon parsed from the word files at `paths` (cache_file unused); `warning` as for Load.
  static std::unique_ptr<Lexicon> Parse(const LexiconPaths& paths, std::string* warning);
  // The lexicon in the compiled table `file`, or null with `error` (may be null) saying why: the
  // file is missing or unreadable, truncated, corrupt (checksum or structure) or of another
  // format version. Never reads out of bounds, whatever the file holds.
  static std::unique_ptr<Lexicon> Open(const std::string& file, std::string* error);
  // Writes this lexicon's table to `file` (its directory created if need be) through a temporary
  // file renamed over it, so readers see the old table or the new one, never a part. False with
  // `error` set when it cannot.
  bool Save(const std::string& file, std::string* error) const;

  // The cache file for the default lexicon: $UNSPUN_LEXICON_CACHE when set (empty: no cache),
  // else $XDG_CACHE_HOME/unspun/lexicon-v1.bin, else ~/.cache/unspun/lexicon-v1.bin.
  static std::string DefaultCacheFile();
  // The identity of the files at `paths` (each file's path, size and modification time) and of
  // this build's parser: a table built under another stamp is outdated.
  static uint64_t SourceStamp(const LexiconPaths& paths);

  // The lexicon at the default Debian paths and cache, loaded once per process on first use.
  // `note` as for Load.
  static const Lexicon& Default(std::string* warning, std::string* note = nullptr);

  ~Lexicon();
  Lexicon(const Lexicon&) = delete;
  Lexicon& operator=(const Lexicon&) = delete;

  bool has_levels() const { return has_levels_; }
  bool has_synonyms() const { return has_synonyms_; }
  // The stamp of the sources this lexicon was built from (SourceStamp).
  uint64_t source_stamp() const { return stamp_; }
  // What Parse warned of when this lexicon was built (missing files), "" if nothing.
  std::string_view warning() const { return warning_; }

  // How common `word` (lowercase; a phrase has words joined by single spaces) is: the SCOWL size
  // of the smallest list holding it, 10..95, or kUnknownLevel.
  uint8_t Level(std::string_view word) const;
  // True when `word` (lowercase) is on SCOWL's capitalized lists but never written lowercase.
  bool IsCapitalizedOnly(std::string_view word) const;
  // True when the thesaurus lists `a` and `b` (lowercase words or phrases) as synonyms.
  bool AreSynonyms(std::string_view a, std::string_view b) const;
  // For an uncommon word (level >= kRareLevel) that the thesaurus offers a common one-word
  // synonym for (level <= kCommonLevel), that synonym; otherwise empty.
  std::string_view CommonSynonymOfRare(std::string_view word) const;

  // Every word and phrase the lexicon knows, by index 0..size()-1, and the synonyms of one.
  uint32_t size() const { return word_count_; }
  std::string_view word(uint32_t i) const;
  std::vector<std::string_view> Synonyms(std::string_view word) const;

  static constexpr uint8_t kRareLevel = 50;
  static constexpr uint8_t kCommonLevel = 35;

 private:
  static constexpr uint32_t kNone = 0xffffffffu;
  Lexicon() = default;
  // Points the views below into `data` (a table Validate accepted).
  void Attach(const uint8_t* data);
  uint32_t Find(std::string_view word) const;  // Index of `word`, or kNone.

  // The table (docs/lexicon.md): built in memory by Parse (owned_), or a read-only mapping of a
  // file (map_).
  std::string owned_;
  void* map_ = nullptr;
  size_t map_size_ = 0;
  const uint8_t* records_ = nullptr;  // word_count_ + 1 records of 16 bytes.
  const uint8_t* synonyms_ = nullptr;
  const uint8_t* slots_ = nullptr;
  const char* pool_ = nullptr;
  uint32_t word_count_ = 0, slot_count_ = 0;
  uint64_t stamp_ = 0;
  std::string warning_;
  bool has_levels_ = false;
  bool has_synonyms_ = false;
};

// One piece of evidence: a code-point span of the text and what it shows.
struct SpinMark {
  uint32_t begin, end;  // Code points into the text, end exclusive.
  std::string what;     // The words as written ("u.S.", "london", "equus caballus").
  std::string note;     // Why it is a mark ("a common synonym: horse", "source has: horse").
};

// Case damage in one text (`cps` its code points; `sentence_starts` the code-point offset of the
// first letter of each sentence that is article prose, boilerplate left out).
struct CaseDamage {
  uint32_t mixed_initialisms = 0;         // "u.S.", "u.K.": lowercase letter, dot, capital, dot.
  uint32_t lowercase_names = 0;           // Capitalized-only words written in lowercase.
  uint32_t capitalized_names = 0;         // ... and written capitalized.
  uint32_t distinct_lowercase_names = 0;  // Different names among lowercase_names.
  uint32_t inner_words = 0;        // Words inside sentences (not opening one, not after ':').
  uint32_t inner_capitalized = 0;  // ... starting with a capital.
  uint32_t lowercase_starts = 0;   // Sentences opening with a lowercase word.
  uint32_t sentences = 0;          // Sentences opening with a letter.
  std::vector<SpinMark> marks;
};
CaseDamage FindCaseDamage(const std::u32string& cps, const std::vector<uint32_t>& sentence_starts,
                          const Lexicon& lexicon);

// How many articles of a corpus use each word (ASCII letters, lowercased): what counts as
// ordinary vocabulary *for this corpus* ("tsunami", "spyware" in a news corpus of their time,
// however rare in general English).
class DocumentFrequencies {
 public:
  void Add(const std::u32string& cps);
  // True when more than max(5, 0.5% of the articles) use `word` (lowercase).
  bool Common(std::string_view word) const;
  uint32_t documents() const { return documents_; }

 private:
  std::unordered_map<std::string, uint32_t> df_;
  uint32_t documents_ = 0;
};

// Uncommon words with a common synonym among the lowercase content words of a text.
struct RareSynonyms {
  uint32_t content_words = 0;  // Lowercase words of 3+ letters, not stopwords nor names.
  uint32_t rare = 0;           // Different words for which CommonSynonymOfRare is not empty ...
  // ... weighted by rarity: SCOWL size 50 counts 1, 55-60 count 2, 70 and more (or not on any
  // list) 3. Among real words with a common synonym, the rarer are far likelier a spinner's.
  double weight = 0;
  std::vector<SpinMark> marks;
};
// `corpus` (may be null) names the words that are ordinary in the corpus at hand; they are not
// counted.
RareSynonyms FindRareSynonyms(const std::u32string& cps, const Lexicon& lexicon,
                              const DocumentFrequencies* corpus);

// Word swaps between two versions of one article that are thesaurus synonyms. `a` and `b` are
// the texts' words in order (lowercase matching form) with their code-point spans.
struct Word {
  std::string text;
  uint32_t begin, end;
};
struct SpinDirection {
  uint32_t swaps = 0;     // Aligned replacements of 1-3 words by 1-3 others, typos aside.
  uint32_t synonyms = 0;  // ... that the thesaurus lists as synonyms.
  // Swaps where side a (b) holds the rarer word (10+ SCOWL levels apart) or the longer phrase:
  // the side a spinner wrote.
  uint32_t toward_a = 0, toward_b = 0;
  std::vector<SpinMark> marks_a, marks_b;  // Evidence on each side, note naming the other's words.
};
SpinDirection CompareVersions(const std::vector<Word>& a, const std::vector<Word>& b,
                              const Lexicon& lexicon);

// InspectDocument, with `corpus` (may be null) telling the words ordinary in the corpus at hand.
Inspection InspectInCorpus(const Document& doc, const DocumentFrequencies* corpus);

// Sets ins->spun_score from ins->spun_signals: 1 - prod(1 - score).
void CombineSpinSignals(Inspection* ins);

}  // namespace unspun

#endif  // UNSPUN_TEXT_SPIN_H_
