// make_corpus: writes a synthetic news corpus of any size, with known reuse, for benchmarks.
//
//   build/bench/make_corpus --from ../shared/eval/dev/corpus.jsonl --n 100000 --seed 1
//       --out /tmp/c100k.jsonl [--truth /tmp/c100k.truth.jsonl] [--copy-share 0.2]
//
// The output has the corpus format of the development sets (../shared/eval/README.md): one article
// a line, {"id", "title", "text", "source", "published"}. Most articles are base articles written
// by a word Markov chain trained on the real base articles of --from (ids not starting with
// "dev-d-"). The dev set holds only ~1.2k of those, and repeating them would fill a big corpus with
// reuse that no truth file lists. The rest (--copy-share, 20% by default) are derived copies of
// earlier base articles, of the six kinds the dev set has, in equal shares: exact, boilerplate,
// homoglyph, near, spun and partial. Each copy comes after its source in the stream and gets a
// fresh id; --truth lists every copy in the dev truth format, so recall can be measured at sizes
// the dev set cannot reach.
//
// No two base articles share a run of kGuardWords words, words taken as lower-cased letter and
// digit runs (see RunGuard), so the reuse a detector should find among base articles is none;
// shorter chance runs are what real news has too.
//
// Same --from, --seed and flags, same bytes out: all randomness comes from one std::mt19937_64,
// drawn in a fixed order and mapped to ranges by our own arithmetic (the standard distributions
// are implementation-defined, so they could differ between library versions).
#include <sys/mman.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "report/json.h"
#include "unspun/document.h"
#include "unspun/reader.h"
#include "unspun/status.h"

namespace {

using Rng = std::mt19937_64;

// Word runs of this length are never repeated across base articles. Eight words is above the 4-5
// word runs a trigram chain and real news produce by chance, and well below any passage a reuse
// detector should report.
constexpr int kGuardWords = 8;
// An order-2 context seen fewer times than this is "rare": its one successor is the training
// sentence continuing, so the chain backs off to order 1 instead of copying that sentence. (At 3,
// half of all words come from order 1 and the text reads worse; at 1 the chain copies runs of
// training text that the guard below then has to break up.)
constexpr uint32_t kMinContextCount = 2;
constexpr int kMinSentenceWords = 3;
constexpr int kMaxSentenceWords = 60;
constexpr int kMinParagraphSentences = 1;
constexpr int kMaxParagraphSentences = 3;
constexpr int kMinParagraphs = 8;
constexpr int kMaxParagraphs = 30;
constexpr int kMinTitleWords = 5;
constexpr int kMaxTitleWords = 10;
constexpr int kTitleAttempts = 20;
constexpr size_t kMinPartialBytes = 200;
// Publication dates run from 2023-01-01 over about two years, in stream order.
constexpr int kDaysSpan = 730;
constexpr size_t kFlushBytes = 1 << 20;

// Vocabulary ids 0 and 1 mark sentence (or title) start and end in the chains.
constexpr uint32_t kBos = 0;
constexpr uint32_t kEos = 1;

// Base articles carry the first half of the outlets, copies the second: copiers are other sites.
constexpr std::string_view kOutlets[] = {
    "northstarherald.com", "eveningledger.co.uk", "thecourierdaily.com", "metrowire.net",
    "globalsignal.news",   "citypulse24.com",     "newsdeskhub.io",      "pressroundup.net",
    "headlinecentral.org", "briefingroom.press",  "frontpagefeed.com",   "viralwire.buzz"};
constexpr size_t kOriginalOutlets = 6;
constexpr size_t kOutletCount = sizeof(kOutlets) / sizeof(kOutlets[0]);

// Kinds of derived article, named as in the dev truth files.
enum class Kind {
  kExact,        // The source verbatim.
  kBoilerplate,  // The source with navigation, share bars and "Also Read" lines added.
  kHomoglyph,    // The source with 2% of some Latin letters swapped for Cyrillic look-alikes.
  kNear,         // One sentence dropped, 2-3 typos, typographic quotes and dashes.
  kSpun,         // 15-45% of content words replaced, some sentence starts lowercased.
  kPartial,      // 1-3 paragraphs of the source inserted into another article (the host).
};
constexpr Kind kKinds[] = {Kind::kExact, Kind::kBoilerplate, Kind::kHomoglyph,
                           Kind::kNear,  Kind::kSpun,        Kind::kPartial};
constexpr const char* KindName(Kind k) {
  switch (k) {
    case Kind::kExact:
      return "exact";
    case Kind::kBoilerplate:
      return "boilerplate";
    case Kind::kHomoglyph:
      return "homoglyph";
    case Kind::kNear:
      return "near";
    case Kind::kSpun:
      return "spun";
    case Kind::kPartial:
      return "partial";
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// Randomness

// A uniform integer in [0, n), n > 0, by multiply-shift (Lemire 2019, without the rejection step:
// for n below 2^32 the bias is under 2^-32): no division, and the same on every standard library.
uint64_t Below(Rng& rng, uint64_t n) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(rng()) * n) >> 64);
}

bool Chance(Rng& rng, double p) { return static_cast<double>(rng() >> 11) * 0x1.0p-53 < p; }

uint32_t PickFrom(const std::vector<uint32_t>& v, Rng& rng) { return v[Below(rng, v.size())]; }

// The splitmix64 finalizer: spreads every input bit over the whole word.
uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// ---------------------------------------------------------------------------------------------
// Words

bool IsAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool IsAsciiUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool IsSpace(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// English function words: what spinners leave alone, and what a headline does not end on. Our own
// short list; the generator must not depend on the detector's stopword table.
bool IsFunctionWord(std::string_view lower) {
  static const std::unordered_set<std::string_view> kWords = {
      "a",        "about",   "above",   "after",  "again",  "against", "all",     "also",
      "although", "am",      "among",   "an",     "and",    "any",     "are",     "as",
      "at",       "be",      "because", "been",   "before", "being",   "between", "both",
      "but",      "by",      "can",     "can't",  "could",  "did",     "didn't",  "do",
      "does",     "doesn't", "don't",   "down",   "during", "each",    "either",  "even",
      "every",    "few",     "for",     "from",   "had",    "has",     "have",    "having",
      "he",       "he's",    "her",     "here",   "hers",   "him",     "his",     "how",
      "i",        "if",      "in",      "into",   "is",     "isn't",   "it",      "it's",
      "its",      "just",    "may",     "me",     "might",  "more",    "most",    "must",
      "my",       "neither", "no",      "nor",    "not",    "of",      "off",     "on",
      "once",     "only",    "onto",    "or",     "other",  "our",     "out",     "over",
      "own",      "same",    "shall",   "she",    "should", "since",   "so",      "some",
      "such",     "than",    "that",    "that's", "the",    "their",   "theirs",  "them",
      "then",     "there",   "there's", "these",  "they",   "this",    "those",   "though",
      "through",  "to",      "too",     "under",  "until",  "up",      "upon",    "us",
      "very",     "was",     "wasn't",  "we",     "were",   "what",    "when",    "where",
      "whether",  "which",   "while",   "who",    "whom",   "whose",   "why",     "will",
      "with",     "within",  "without", "won't",  "would",  "yet",     "you",     "your"};
  return kWords.count(lower) > 0;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (IsAsciiUpper(c)) c = static_cast<char>(c + 32);
  }
  return out;
}

// The word inside a token: leading and trailing punctuation, quotes and digits stripped.
std::string_view Core(std::string_view token) {
  size_t b = 0;
  size_t e = token.size();
  while (b < e && !IsAsciiLetter(token[b])) ++b;
  while (e > b && !IsAsciiLetter(token[e - 1])) --e;
  return token.substr(b, e - b);
}

// A core made of letters, inner hyphens and apostrophes: a word a spinner would swap.
bool IsPlainWord(std::string_view core) {
  if (core.empty()) return false;
  for (unsigned char c : core) {
    if (!IsAsciiLetter(c) && c != '-' && c != '\'') return false;
  }
  return true;
}

std::string_view StripClosers(std::string_view token) {
  while (!token.empty() && (token.back() == '"' || token.back() == '\'' || token.back() == ')')) {
    token.remove_suffix(1);
  }
  return token;
}

bool EndsWithStop(std::string_view token) {
  token = StripClosers(token);
  return !token.empty() && (token.back() == '.' || token.back() == '!' || token.back() == '?');
}

// Titles and initials ("Mr.", "J.", "U.S.") end in a full stop but rarely end a sentence.
bool IsAbbreviation(std::string_view token) {
  static const std::unordered_set<std::string_view> kTitles = {
      "Mr.",  "Mrs.", "Ms.", "Dr.", "St.", "Prof.", "Gen.", "Sen.", "Rep.", "Gov.", "Lt.",
      "Col.", "Sgt.", "Jr.", "Sr.", "No.", "vs.",   "Inc.", "Ltd.", "Co.",  "Corp."};
  if (kTitles.count(token)) return true;
  if (token.size() < 2 || token.size() % 2) return false;
  for (size_t i = 0; i < token.size(); i += 2) {
    if (!IsAsciiLetter(token[i]) || token[i + 1] != '.') return false;
  }
  return true;
}

// Whether a sentence ends after `token`, judged by its punctuation and the token after it.
bool EndsSentence(std::string_view token, std::string_view next) {
  const std::string_view bare = StripClosers(token);
  if (!EndsWithStop(token)) return false;
  if (bare.back() == '.' && IsAbbreviation(bare)) return false;
  if (next.empty()) return true;
  const unsigned char c = next[0];
  // Bytes >= 0x80 start "£", "€" and the like, which open sentences as digits do.
  return IsAsciiUpper(c) || (c >= '0' && c <= '9') || c == '"' || c == '\'' || c == '(' ||
         c >= 0x80;
}

// Upper-cases the first letter at or after `at`, past opening quotes and brackets.
void CapitalizeAt(std::string* s, size_t at) {
  while (at < s->size() && ((*s)[at] == '"' || (*s)[at] == '\'' || (*s)[at] == '(')) ++at;
  if (at < s->size() && IsAsciiLower((*s)[at])) (*s)[at] = static_cast<char>((*s)[at] - 32);
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::vector<std::string_view> SplitWhitespace(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    const size_t b = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

// Paragraphs are separated by blank lines; single line breaks inside one are spaces.
std::vector<std::string_view> SplitParagraphs(std::string_view text) {
  std::vector<std::string_view> out;
  size_t begin = std::string_view::npos;
  size_t end = 0;
  size_t i = 0;
  while (i <= text.size()) {
    size_t eol = text.find('\n', i);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view line = text.substr(i, eol - i);
    const bool blank = std::all_of(line.begin(), line.end(), [](char c) { return IsSpace(c); });
    if (blank) {
      if (begin != std::string_view::npos) out.push_back(text.substr(begin, end - begin));
      begin = std::string_view::npos;
    } else {
      if (begin == std::string_view::npos) begin = i;
      end = eol;
    }
    i = eol + 1;
  }
  if (begin != std::string_view::npos) out.push_back(text.substr(begin, end - begin));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The model

// Interned strings, kept back to back in one arena so that emitting a word is one memcpy.
class Vocabulary {
 public:
  uint32_t Intern(std::string_view word) {
    auto [it, inserted] = ids_.try_emplace(std::string(word), size());
    if (inserted) {
      arena_.append(word);
      starts_.push_back(static_cast<uint32_t>(arena_.size()));
    }
    return it->second;
  }
  std::string_view Word(uint32_t id) const {
    return std::string_view(arena_).substr(starts_[id], starts_[id + 1] - starts_[id]);
  }
  uint32_t size() const { return static_cast<uint32_t>(starts_.size() - 1); }

 private:
  std::string arena_;
  std::vector<uint32_t> starts_ = {0};
  std::unordered_map<std::string, uint32_t> ids_;
};

// Successor counts per context (a word pair, a word, or one shared context), flattened: each
// context owns a run of successors with cumulative counts, found through an open-addressing table,
// so a draw is one probe and a binary search over a few adjacent integers.
class SuccessorTable {
 public:
  struct Run {
    uint32_t begin = 0;
    uint32_t end = 0;
  };

  // `events` holds one (context, successor) pair per occurrence. Contexts seen fewer than
  // `min_count` times are left out, so Find() misses them and the caller backs off.
  void Build(std::vector<std::pair<uint64_t, uint32_t>> events, uint32_t min_count) {
    std::sort(events.begin(), events.end());
    std::vector<std::pair<uint64_t, Run>> contexts;
    for (size_t i = 0; i < events.size();) {
      size_t j = i;
      while (j < events.size() && events[j].first == events[i].first) ++j;
      if (j - i >= min_count) {
        Run run{static_cast<uint32_t>(words_.size()), 0};
        uint32_t cum = 0;
        for (size_t k = i; k < j;) {
          size_t l = k;
          while (l < j && events[l].second == events[k].second) ++l;
          cum += static_cast<uint32_t>(l - k);
          words_.push_back(events[k].second);
          cum_.push_back(cum);
          k = l;
        }
        run.end = static_cast<uint32_t>(words_.size());
        contexts.emplace_back(events[i].first, run);
      }
      i = j;
    }
    size_t capacity = 16;
    while (capacity < 2 * contexts.size()) capacity *= 2;
    mask_ = capacity - 1;
    keys_.assign(capacity, kEmpty);
    runs_.assign(capacity, Run{});
    for (const auto& [key, run] : contexts) {
      size_t slot = Mix64(key) & mask_;
      while (keys_[slot] != kEmpty) slot = (slot + 1) & mask_;
      keys_[slot] = key;
      runs_[slot] = run;
    }
  }

  const Run* Find(uint64_t context) const {
    if (keys_.empty()) return nullptr;
    for (size_t slot = Mix64(context) & mask_;; slot = (slot + 1) & mask_) {
      if (keys_[slot] == context) return &runs_[slot];
      if (keys_[slot] == kEmpty) return nullptr;
    }
  }

  uint32_t Sample(const Run& run, Rng& rng) const {
    const uint32_t r = static_cast<uint32_t>(Below(rng, cum_[run.end - 1]));
    const auto first = cum_.begin() + run.begin;
    const auto last = cum_.begin() + run.end;
    return words_[std::upper_bound(first, last, r) - cum_.begin()];
  }

 private:
  // No context key is all ones: word ids stay far below 2^32 - 1.
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  std::vector<uint32_t> words_;
  std::vector<uint32_t> cum_;
  std::vector<uint64_t> keys_;
  std::vector<Run> runs_;
  size_t mask_ = 0;
};

uint64_t PairKey(uint32_t a, uint32_t b) { return (uint64_t{a} << 32) | b; }

// What the generator needs to know about a token without looking at its bytes.
struct WordInfo {
  bool ends_sentence = false;  // Ends in . ! or ? (closing quotes aside).
  bool function = false;       // Its core is a function word.
  bool quotes = false;         // Holds a straight double quote.
  uint8_t piece_count = 0;     // Its words as a detector may see them (see Model::pieces).
  uint32_t piece_begin = 0;
};

// A token's words for the run guard: lower-cased ASCII letter and digit runs, so "Said," and
// "said" are one word and "face-to-face" is three. This is the finest split a detector could make;
// a run repeated under any coarser one would repeat here too.
constexpr int kMaxPieces = 8;

// A sampler over words weighted by frequency (the spinner's replacement vocabulary).
struct WeightedWords {
  Vocabulary words;
  std::vector<uint64_t> cum;
  std::unordered_map<uint32_t, uint64_t> counts;  // Training only.

  void Add(std::string_view w) { ++counts[words.Intern(w)]; }
  void Finish() {
    cum.resize(words.size());
    uint64_t total = 0;
    for (uint32_t id = 0; id < words.size(); ++id) cum[id] = total += counts[id];
    counts.clear();
  }
  bool empty() const { return cum.empty(); }
  std::string_view Sample(Rng& rng) const {
    const uint64_t r = Below(rng, cum.back());
    return words.Word(
        static_cast<uint32_t>(std::upper_bound(cum.begin(), cum.end(), r) - cum.begin()));
  }
};

// Word chains and length distributions learned from real articles.
struct Model {
  Vocabulary vocab;
  std::vector<WordInfo> info;
  Vocabulary piece_vocab;
  std::vector<uint32_t> pieces;               // WordInfo::piece_begin indexes this.
  SuccessorTable order2;                      // (word before last, last word) -> next token.
  SuccessorTable order1;                      // last word -> next token.
  SuccessorTable order0;                      // every word by frequency; never ends a sentence.
  SuccessorTable title;                       // last title word -> next title token.
  std::vector<uint32_t> article_sentences;    // Sentences per base article.
  std::vector<uint32_t> paragraph_sentences;  // Of paragraphs with 1-3 sentences.
  std::vector<uint32_t> title_words;          // Clamped to 5-10.
  WeightedWords spin_lower;                   // Content words written lowercase.
  WeightedWords spin_capital;                 // Content words written capitalized.
  double words_per_article = 0;
};

uint32_t InternToken(Model* m, std::string_view token) {
  const uint32_t id = m->vocab.Intern(token);
  if (id == m->info.size()) {
    WordInfo w;
    w.ends_sentence = EndsWithStop(token);
    w.function = IsFunctionWord(Lower(Core(token)));
    w.quotes = token.find('"') != std::string_view::npos;
    w.piece_begin = static_cast<uint32_t>(m->pieces.size());
    std::string piece;
    for (size_t i = 0; i <= token.size(); ++i) {
      const char c = i < token.size() ? token[i] : ' ';
      if (IsAsciiLetter(c) || (c >= '0' && c <= '9')) {
        piece.push_back(IsAsciiUpper(c) ? static_cast<char>(c + 32) : c);
      } else if (!piece.empty()) {
        if (w.piece_count < kMaxPieces) {
          m->pieces.push_back(m->piece_vocab.Intern(piece));
          ++w.piece_count;
        }
        piece.clear();
      }
    }
    m->info.push_back(w);
  }
  return id;
}

// Trains on the base articles among `docs`. Returns the number used.
size_t Train(const std::vector<unspun::Document>& docs, Model* m) {
  InternToken(m, "<s>");   // kBos
  InternToken(m, "</s>");  // kEos
  std::vector<std::pair<uint64_t, uint32_t>> e2, e1, e0, et;
  size_t articles = 0;
  uint64_t words = 0;
  for (const unspun::Document& doc : docs) {
    if (doc.id.rfind("dev-d-", 0) == 0) continue;
    uint32_t sentences = 0;
    for (std::string_view para : SplitParagraphs(doc.text)) {
      const std::vector<std::string_view> tokens = SplitWhitespace(para);
      uint32_t in_para = 0;
      uint32_t p2 = kBos;
      uint32_t p1 = kBos;
      for (size_t i = 0; i < tokens.size(); ++i) {
        const uint32_t w = InternToken(m, tokens[i]);
        e2.emplace_back(PairKey(p2, p1), w);
        e1.emplace_back(p1, w);
        e0.emplace_back(0, w);
        const std::string_view core = Core(tokens[i]);
        if (IsPlainWord(core) && core.size() > 1 && !m->info[w].function) {
          (IsAsciiUpper(core[0]) ? m->spin_capital : m->spin_lower).Add(core);
        }
        p2 = p1;
        p1 = w;
        ++words;
        const std::string_view next = i + 1 < tokens.size() ? tokens[i + 1] : std::string_view();
        if (EndsSentence(tokens[i], next) || next.empty()) {
          e2.emplace_back(PairKey(p2, p1), kEos);
          e1.emplace_back(p1, kEos);
          p2 = p1 = kBos;
          ++in_para;
        }
      }
      if (in_para >= kMinParagraphSentences && in_para <= kMaxParagraphSentences) {
        m->paragraph_sentences.push_back(in_para);
      }
      sentences += in_para;
    }
    if (sentences == 0) continue;
    m->article_sentences.push_back(sentences);
    ++articles;
    const std::vector<std::string_view> title = SplitWhitespace(doc.title);
    if (!title.empty()) {
      uint32_t prev = kBos;
      for (std::string_view t : title) {
        const uint32_t w = InternToken(m, t);
        et.emplace_back(prev, w);
        prev = w;
      }
      et.emplace_back(prev, kEos);
      m->title_words.push_back(std::clamp<uint32_t>(static_cast<uint32_t>(title.size()),
                                                    kMinTitleWords, kMaxTitleWords));
    }
  }
  m->order2.Build(std::move(e2), kMinContextCount);
  m->order1.Build(std::move(e1), 1);
  m->order0.Build(std::move(e0), 1);
  m->title.Build(std::move(et), 1);
  m->spin_lower.Finish();
  m->spin_capital.Finish();
  if (m->paragraph_sentences.empty()) m->paragraph_sentences.push_back(2);
  if (m->title_words.empty()) m->title_words.push_back(6);
  m->words_per_article = articles ? static_cast<double>(words) / articles : 0;
  return articles;
}

// ---------------------------------------------------------------------------------------------
// Articles

struct Article {
  std::string id;
  std::string title;
  std::string text;
  std::string_view source;
  std::string published;
  int day = 0;
  // Byte ranges of the sentences in `text`, and for each paragraph one past its last sentence.
  std::vector<uint32_t> sentence_begin;
  std::vector<uint32_t> sentence_end;
  std::vector<uint32_t> paragraph_end;
};

std::string DateOf(int day) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{year{2023} / January / 1} + days{day}};
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string IdOf(uint64_t index) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "gen-%09llu", static_cast<unsigned long long>(index));
  return buf;
}

// Remembers every kGuardWords-word run the base articles hold, in a Bloom filter over the runs'
// hashes, so the chain can be steered off a run that was written before. A false positive only
// makes the chain take another successor, never lets a repeat through. One 64-bit block per run
// (Putze, Sanders, Singler 2007): a test is one cache miss. At 8 bits a run about 5% of tests are
// false positives.
class RunGuard {
 public:
  explicit RunGuard(uint64_t expected_runs)
      : size_(std::max<uint64_t>(expected_runs * 8 / 64, 1 << 16)) {
    const size_t bytes = (size_ * 8 + kHugePage - 1) / kHugePage * kHugePage;
    blocks_ = static_cast<uint64_t*>(std::aligned_alloc(kHugePage, bytes));
    if (blocks_ == nullptr) {
      std::fprintf(stderr, "make_corpus: out of memory (%zu MB for the run guard)\n", bytes >> 20);
      std::exit(1);
    }
    // Every test lands on a random page of a filter far larger than the caches; huge pages spare
    // the TLB misses on top of the cache misses (1M articles: 137 s instead of 147 s). Only a
    // hint: without it the guard is slower, not wrong.
    madvise(blocks_, bytes, MADV_HUGEPAGE);
    std::memset(blocks_, 0, bytes);
  }
  ~RunGuard() { std::free(blocks_); }
  RunGuard(const RunGuard&) = delete;
  RunGuard& operator=(const RunGuard&) = delete;

  bool Seen(uint64_t h) const {
    const uint64_t mask = Mask(h);
    return (blocks_[Block(h)] & mask) == mask;
  }
  void Add(uint64_t h) { blocks_[Block(h)] |= Mask(h); }

 private:
  static constexpr size_t kHugePage = 2 << 20;
  size_t Block(uint64_t h) const {
    return static_cast<size_t>((static_cast<unsigned __int128>(h) * size_) >> 64);
  }
  static uint64_t Mask(uint64_t h) {
    return (uint64_t{1} << (h & 63)) | (uint64_t{1} << ((h >> 6) & 63)) |
           (uint64_t{1} << ((h >> 12) & 63));
  }
  uint64_t size_;
  uint64_t* blocks_;
};

// How base article words were chosen, for the summary line.
struct ChainStats {
  uint64_t words[3] = {};      // Words drawn from the order-2, order-1 and order-0 chain.
  uint64_t guarded = 0;        // Draws refused for repeating a run (or a Bloom false positive).
  uint64_t title_repeats = 0;  // Titles left equal to an earlier one after every retry.
};

// Writes base articles: titles from the title chain, bodies from the order-2 chain with back-off.
class BaseWriter {
 public:
  struct Runs {
    int count = 0;
    uint64_t hash[kMaxPieces];
  };

  BaseWriter(const Model& model, Rng* rng, uint64_t expected_articles)
      : m_(model),
        rng_(*rng),
        guard_(static_cast<uint64_t>(expected_articles * model.words_per_article * 1.2) + 1) {}

  const ChainStats& stats() const { return stats_; }

  void Write(Article* a) {
    WriteTitle(&a->title);
    a->text.clear();
    a->sentence_begin.clear();
    a->sentence_end.clear();
    a->paragraph_end.clear();
    window_words_ = 0;
    const uint32_t target = PickFrom(m_.article_sentences, rng_);
    uint32_t sentences = 0;
    int paragraphs = 0;
    while (paragraphs < kMaxParagraphs && (sentences < target || paragraphs < kMinParagraphs)) {
      const uint32_t k = PickFrom(m_.paragraph_sentences, rng_);
      if (paragraphs > 0) a->text.append("\n\n");
      for (uint32_t j = 0; j < k; ++j) {
        if (j > 0) a->text.push_back(' ');
        a->sentence_begin.push_back(static_cast<uint32_t>(a->text.size()));
        WriteSentence(&a->text);
        a->sentence_end.push_back(static_cast<uint32_t>(a->text.size()));
      }
      a->paragraph_end.push_back(static_cast<uint32_t>(a->sentence_end.size()));
      sentences += k;
      ++paragraphs;
    }
  }

 private:
  // The runs of kGuardWords words that appending token `w` would complete, by hash; false when one
  // of them was written before (or the Bloom filter says so).
  bool Fresh(uint32_t w, Runs* runs) const {
    const WordInfo& info = m_.info[w];
    runs->count = 0;
    uint32_t window[kGuardWords - 1];
    std::copy(window_, window_ + kGuardWords - 1, window);
    int filled = window_words_;
    for (uint32_t i = 0; i < info.piece_count; ++i) {
      const uint32_t piece = m_.pieces[info.piece_begin + i];
      if (filled >= kGuardWords - 1) {
        uint64_t h = 0x9e3779b97f4a7c15ULL;
        for (uint32_t id : window) h = (h ^ id) * 0xff51afd7ed558ccdULL;
        h = Mix64(h ^ piece);
        if (guard_.Seen(h)) return false;
        runs->hash[runs->count++] = h;
      }
      std::copy(window + 1, window + kGuardWords - 1, window);
      window[kGuardWords - 2] = piece;
      ++filled;
    }
    return true;
  }

  void Commit(uint32_t w, const Runs& runs) {
    for (int i = 0; i < runs.count; ++i) guard_.Add(runs.hash[i]);
    const WordInfo& info = m_.info[w];
    for (uint32_t i = 0; i < info.piece_count; ++i) {
      std::copy(window_ + 1, window_ + kGuardWords - 1, window_);
      window_[kGuardWords - 2] = m_.pieces[info.piece_begin + i];
      ++window_words_;
    }
  }

  // The next token after (p2, p1), `n` words into the sentence: from the order-2 chain if the
  // context is known, else order 1, else order 0. A draw that would repeat a guarded run, or end
  // the sentence too early, is drawn again, falling back an order after a few tries.
  uint32_t NextToken(uint32_t p2, uint32_t p1, int n, Runs* runs) {
    const SuccessorTable* tables[3] = {&m_.order2, &m_.order1, &m_.order0};
    const SuccessorTable::Run* contexts[3] = {m_.order2.Find(PairKey(p2, p1)), m_.order1.Find(p1),
                                              m_.order0.Find(0)};
    constexpr int kTries[3] = {4, 4, 32};
    uint32_t w = kEos;
    for (int level = 0; level < 3; ++level) {
      if (contexts[level] == nullptr) continue;
      for (int t = 0; t < kTries[level]; ++t) {
        w = tables[level]->Sample(*contexts[level], rng_);
        if (w == kEos) {
          // "Chelsea won 2-1." may end early; a sentence cut before its full stop may not.
          if (n >= kMinSentenceWords || (n > 0 && m_.info[p1].ends_sentence)) return w;
          continue;
        }
        if (Fresh(w, runs)) {
          ++stats_.words[level];
          return w;
        }
        ++stats_.guarded;
      }
    }
    // 32 order-0 draws all repeating a run is beyond any realistic corpus; take the last one.
    ++stats_.words[2];
    return w;
  }

  void WriteSentence(std::string* text) {
    uint32_t p2 = kBos;
    uint32_t p1 = kBos;
    int n = 0;
    bool quote_open = false;
    while (n < kMaxSentenceWords) {
      Runs runs;
      const uint32_t w = NextToken(p2, p1, n, &runs);
      if (w == kEos) break;
      if (n > 0) text->push_back(' ');
      const size_t at = text->size();
      text->append(m_.vocab.Word(w));
      if (n == 0) CapitalizeAt(text, at);
      Commit(w, runs);
      if (m_.info[w].quotes) BalanceQuotes(text, at, &quote_open);
      p2 = p1;
      p1 = w;
      ++n;
    }
    // A sentence cut at the length limit, or ended after a back-off, still gets its full stop
    // and its closing quote.
    if (!m_.info[p1].ends_sentence) {
      while (!text->empty() && (text->back() == ',' || text->back() == ';' || text->back() == ':' ||
                                text->back() == '-')) {
        text->pop_back();
      }
      text->push_back('.');
    }
    if (quote_open) text->push_back('"');
  }

  // Keeps a sentence's double quotes paired: the chain joins pieces of different sentences, so a
  // token may close a quote that was never opened here (that mark is dropped) or open one that
  // the sentence never closes (WriteSentence closes it at the end).
  static void BalanceQuotes(std::string* text, size_t token_begin, bool* open) {
    for (size_t i = token_begin; i < text->size(); ++i) {
      if ((*text)[i] != '"') continue;
      const bool opening = i == token_begin || (*text)[i - 1] == '(';
      if (opening != *open) {
        *open = opening;
      } else {
        text->erase(i--, 1);
      }
    }
  }

  // Titles keep no quote marks, brackets or trailing punctuation: the chain may open a quote or a
  // bracket it never closes.
  static std::string_view TitleForm(std::string_view token) {
    constexpr std::string_view kOpeners = "\"'(";
    constexpr std::string_view kClosers = "\"'),;:";
    while (!token.empty() && kOpeners.find(token.front()) != std::string_view::npos) {
      token.remove_prefix(1);
    }
    while (!token.empty() && kClosers.find(token.back()) != std::string_view::npos) {
      token.remove_suffix(1);
    }
    if (!token.empty() && token.back() == '.' && std::count(token.begin(), token.end(), '.') == 1) {
      token.remove_suffix(1);
    }
    return token;
  }

  // After a few repeated titles, some words come from body text: the title chain alone, trained
  // on ~1.2k headlines, runs short of new titles in a corpus of a million.
  uint32_t NextTitleToken(uint32_t prev, int n, int attempt) {
    const bool may_end = n >= kMinTitleWords && !m_.info[prev].function;
    const SuccessorTable::Run* title_run =
        attempt >= 3 && n > 0 && Chance(rng_, 0.3) ? nullptr : m_.title.Find(prev);
    if (const SuccessorTable::Run* run = title_run) {
      for (int t = 0; t < 6; ++t) {
        const uint32_t w = m_.title.Sample(*run, rng_);
        if (w != kEos || may_end) return w;
      }
    } else if (may_end) {
      // Body text carries on where a headline would stop.
      return kEos;
    }
    if (const SuccessorTable::Run* run = m_.order1.Find(prev)) {
      for (int t = 0; t < 6; ++t) {
        const uint32_t w = m_.order1.Sample(*run, rng_);
        if (w != kEos) return w;
      }
    }
    return m_.order0.Sample(*m_.order0.Find(0), rng_);
  }

  // Titles are unique across the corpus: a repeat is drawn again.
  void WriteTitle(std::string* title) {
    for (int attempt = 0;; ++attempt) {
      title->clear();
      const int length = static_cast<int>(PickFrom(m_.title_words, rng_));
      uint32_t prev = kBos;
      int n = 0;
      uint64_t h = 0x2545f4914f6cdd1dULL;
      while (n < kMaxTitleWords && !(n >= length && !m_.info[prev].function)) {
        const uint32_t w = NextTitleToken(prev, n, attempt);
        if (w == kEos) break;
        const std::string_view form = TitleForm(m_.vocab.Word(w));
        prev = w;
        if (form.empty()) continue;
        if (n > 0) title->push_back(' ');
        const size_t at = title->size();
        title->append(form);
        // A sentence-initial "The" or "But" from body text is lower case inside a headline.
        if (n > 0 && m_.info[w].function && form.size() > 1 && IsAsciiUpper(form[0])) {
          (*title)[at] = static_cast<char>(form[0] + 32);
        }
        h = Mix64(h ^ w);
        ++n;
      }
      CapitalizeAt(title, 0);
      if (titles_.insert(h).second) return;
      if (attempt == kTitleAttempts) {
        ++stats_.title_repeats;
        return;
      }
    }
  }

  const Model& m_;
  Rng& rng_;
  RunGuard guard_;
  std::unordered_set<uint64_t> titles_;
  ChainStats stats_;
  // The article's last kGuardWords - 1 words (pieces), oldest first.
  uint32_t window_[kGuardWords - 1] = {};
  int window_words_ = 0;
};

// Earlier base articles that copies are made from: the most recent ones (copies usually follow
// their source within days) and a uniform sample of all of them (reservoir sampling, Vitter 1985),
// so that some copies sit far from their source in the stream.
class SourcePool {
 public:
  void Add(const Article& a, Rng& rng) {
    if (recent_.size() < kRecent) {
      recent_.push_back(a);
    } else {
      recent_[added_ % kRecent] = a;
    }
    ++added_;
    if (reservoir_.size() < kReservoir) {
      reservoir_.push_back(a);
    } else if (const uint64_t j = Below(rng, added_); j < kReservoir) {
      reservoir_[j] = a;
    }
  }
  const Article& Pick(Rng& rng) const {
    if (Chance(rng, 0.5)) return recent_[Below(rng, recent_.size())];
    return reservoir_[Below(rng, reservoir_.size())];
  }
  uint64_t added() const { return added_; }

 private:
  static constexpr size_t kRecent = 1024;
  static constexpr size_t kReservoir = 4096;
  std::vector<Article> recent_;
  std::vector<Article> reservoir_;
  uint64_t added_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Derived articles

// An article taken apart into paragraphs of sentences, to be edited and put back together.
struct Draft {
  std::string title;
  std::vector<std::vector<std::string>> paragraphs;
};

Draft ToDraft(const Article& a) {
  Draft d;
  d.title = a.title;
  uint32_t s = 0;
  for (uint32_t end : a.paragraph_end) {
    auto& para = d.paragraphs.emplace_back();
    for (; s < end; ++s) {
      para.emplace_back(a.text, a.sentence_begin[s], a.sentence_end[s] - a.sentence_begin[s]);
    }
  }
  return d;
}

// Joins sentences with spaces and paragraphs with blank lines, as base articles are written.
// Fills `ranges` (when given) with each paragraph's byte range.
void Render(const Draft& d, std::string* text,
            std::vector<std::pair<size_t, size_t>>* ranges = nullptr) {
  text->clear();
  if (ranges) ranges->clear();
  for (const auto& para : d.paragraphs) {
    if (!text->empty()) text->append("\n\n");
    const size_t begin = text->size();
    for (size_t i = 0; i < para.size(); ++i) {
      if (i > 0) text->push_back(' ');
      text->append(para[i]);
    }
    if (ranges) ranges->emplace_back(begin, text->size());
  }
}

// The byte range of paragraphs [first, last] of a base article.
std::pair<size_t, size_t> ParagraphBytes(const Article& a, size_t first, size_t last) {
  const uint32_t s0 = first == 0 ? 0 : a.paragraph_end[first - 1];
  const uint32_t s1 = a.paragraph_end[last] - 1;
  return {a.sentence_begin[s0], a.sentence_end[s1]};
}

// Cyrillic letters drawn like Latin a c e o p x y i s.
std::string_view Homoglyph(char c) {
  switch (c) {
    case 'a':
      return "\u0430";
    case 'c':
      return "\u0441";
    case 'e':
      return "\u0435";
    case 'o':
      return "\u043e";
    case 'p':
      return "\u0440";
    case 'x':
      return "\u0445";
    case 'y':
      return "\u0443";
    case 'i':
      return "\u0456";
    case 's':
      return "\u0455";
  }
  return {};
}

// What one derived article came from, for the truth file.
struct Derivation {
  Kind kind;
  const Article* source;
  const Article* host = nullptr;                               // kPartial only.
  double rate = 0;                                             // kSpun only.
  int paragraphs = 0;                                          // kPartial only.
  std::pair<size_t, size_t> passage_a{0, 0}, passage_b{0, 0};  // kPartial, in code points.
};

class Deriver {
 public:
  Deriver(const Model& model, Rng* rng) : m_(model), rng_(*rng) {}

  // Makes `out` (title and text) a copy of one pool article, of the given kind.
  Derivation Derive(Kind kind, const SourcePool& pool, Article* out) {
    Derivation d{kind, &pool.Pick(rng_)};
    const Article& src = *d.source;
    switch (kind) {
      case Kind::kExact:
        out->title = src.title;
        out->text = src.text;
        break;
      case Kind::kBoilerplate:
        Boilerplate(src, pool, out);
        break;
      case Kind::kHomoglyph:
        out->title = Homoglyphs(src.title, /*at_least_one=*/true);
        out->text = Homoglyphs(src.text, /*at_least_one=*/true);
        break;
      case Kind::kNear:
        Near(src, out);
        break;
      case Kind::kSpun: {
        static constexpr double kRates[] = {0.15, 0.30, 0.45};
        d.rate = kRates[Below(rng_, 3)];
        Spin(src, d.rate, out);
        break;
      }
      case Kind::kPartial:
        Partial(pool, &d, out);
        break;
    }
    return d;
  }

 private:
  void Boilerplate(const Article& src, const SourcePool& pool, Article* out) {
    static constexpr std::string_view kSections[] = {
        "World",  "Politics", "Business", "Sport",   "Technology", "Entertainment",
        "Health", "UK",       "Europe",   "Science", "Opinion"};
    static constexpr std::string_view kInline[] = {"Advertisement", "ADVERTISEMENT",
                                                   "Also Read: ", "READ MORE: ", "Related: "};
    static constexpr std::string_view kFooters[] = {
        "Share on Facebook  Share on Twitter", "Facebook Twitter WhatsApp Email",
        "Share this article", "Subscribe to our newsletter for the latest updates.",
        "Advertisement"};
    Draft d = ToDraft(src);
    out->title = src.title;
    auto line = [](std::string s) { return std::vector<std::string>{std::move(s)}; };
    auto inline_line = [&]() {
      std::string s(kInline[Below(rng_, std::size(kInline))]);
      if (s.back() == ' ') s += pool.Pick(rng_).title;
      return s;
    };
    const int between = 1 + static_cast<int>(Below(rng_, 3));
    for (int i = 0; i < between && d.paragraphs.size() > 1; ++i) {
      const size_t at = 1 + Below(rng_, d.paragraphs.size() - 1);
      d.paragraphs.insert(d.paragraphs.begin() + at, line(inline_line()));
    }
    if (Chance(rng_, 0.6)) {
      const size_t a = Below(rng_, std::size(kSections));
      const size_t b = (a + 1 + Below(rng_, std::size(kSections) - 1)) % std::size(kSections);
      d.paragraphs.insert(d.paragraphs.begin(), line("Home | " + std::string(kSections[a]) + " | " +
                                                     std::string(kSections[b])));
    }
    if (Chance(rng_, 0.7))
      d.paragraphs.push_back(line(std::string(kFooters[Below(rng_, std::size(kFooters))])));
    Render(d, &out->text);
  }

  std::string Homoglyphs(std::string_view s, bool at_least_one) {
    std::string out;
    out.reserve(s.size() + s.size() / 16);
    std::vector<size_t> candidates;
    bool any = false;
    for (char c : s) {
      const std::string_view g = Homoglyph(c);
      if (!g.empty() && Chance(rng_, 0.02)) {
        out.append(g);
        any = true;
      } else {
        if (!g.empty()) candidates.push_back(out.size());
        out.push_back(c);
      }
    }
    if (at_least_one && !any && !candidates.empty()) {
      const size_t at = candidates[Below(rng_, candidates.size())];
      out.replace(at, 1, Homoglyph(out[at]));
    }
    return out;
  }

  // Straight quotes become curly ones, spaced hyphens em dashes: what a word processor does.
  static std::string Retype(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 64);
    for (size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      const bool after_space = i == 0 || IsSpace(s[i - 1]) || s[i - 1] == '(';
      if (c == '"') {
        out.append(after_space ? "\u201c" : "\u201d");
      } else if (c == '\'') {
        out.append(after_space ? "\u2018" : "\u2019");
      } else if (c == '-' && i > 0 && s[i - 1] == ' ' && i + 1 < s.size() && s[i + 1] == ' ') {
        out.append("\u2014");
      } else {
        out.push_back(c);
      }
    }
    return out;
  }

  // Swaps two adjacent, different letters inside 2-3 words of four letters or more.
  void Typos(std::string* text) {
    std::vector<std::pair<size_t, size_t>> words;
    for (size_t i = 0; i < text->size();) {
      if (!IsAsciiLetter((*text)[i])) {
        ++i;
        continue;
      }
      const size_t b = i;
      while (i < text->size() && IsAsciiLetter((*text)[i])) ++i;
      if (i - b >= 4) words.emplace_back(b, i);
    }
    const int typos = 2 + static_cast<int>(Below(rng_, 2));
    for (int t = 0; t < typos && !words.empty(); ++t) {
      const size_t k = Below(rng_, words.size());
      const auto [b, e] = words[k];
      words.erase(words.begin() + k);
      for (int tries = 0; tries < 4; ++tries) {
        const size_t j = b + 1 + Below(rng_, e - b - 2);
        if ((*text)[j] != (*text)[j + 1]) {
          std::swap((*text)[j], (*text)[j + 1]);
          break;
        }
      }
    }
  }

  void Near(const Article& src, Article* out) {
    Draft d = ToDraft(src);
    if (src.sentence_begin.size() > 1) {
      const size_t p = Below(rng_, d.paragraphs.size());
      auto& para = d.paragraphs[p];
      para.erase(para.begin() + Below(rng_, para.size()));
      if (para.empty()) d.paragraphs.erase(d.paragraphs.begin() + p);
    }
    std::string text;
    Render(d, &text);
    Typos(&text);
    out->title = Retype(src.title);
    out->text = Retype(text);
  }

  // Replaces each content word with probability `rate` by a word of the training vocabulary,
  // drawn by frequency from words written the same way (capitalized for capitalized).
  std::string SpinWords(std::string_view s, double rate, bool lower_start) {
    std::string out;
    out.reserve(s.size() + 32);
    bool first_word = true;
    for (size_t i = 0; i < s.size();) {
      if (IsSpace(s[i])) {
        out.push_back(s[i++]);
        continue;
      }
      const size_t b = i;
      while (i < s.size() && !IsSpace(s[i])) ++i;
      const std::string_view token = s.substr(b, i - b);
      const std::string_view core = Core(token);
      const bool sentence_start = first_word;
      first_word = false;
      if (!IsPlainWord(core) || IsFunctionWord(Lower(core)) || !Chance(rng_, rate)) {
        out.append(token);
        continue;
      }
      const bool capital = IsAsciiUpper(core[0]);
      const WeightedWords& pool =
          capital && !sentence_start && !m_.spin_capital.empty() ? m_.spin_capital : m_.spin_lower;
      if (pool.empty()) {
        out.append(token);
        continue;
      }
      std::string_view repl = pool.Sample(rng_);
      if (repl == core) repl = pool.Sample(rng_);
      const size_t prefix = static_cast<size_t>(core.data() - token.data());
      out.append(token.substr(0, prefix));
      const size_t at = out.size();
      out.append(repl);
      if (capital) CapitalizeAt(&out, at);
      out.append(token.substr(prefix + core.size()));
    }
    if (lower_start) {
      for (char& c : out) {
        if (IsAsciiLetter(c)) {
          if (IsAsciiUpper(c)) c = static_cast<char>(c + 32);
          break;
        }
      }
    }
    return out;
  }

  void Spin(const Article& src, double rate, Article* out) {
    Draft d = ToDraft(src);
    for (auto& para : d.paragraphs) {
      for (auto& sentence : para) sentence = SpinWords(sentence, rate, Chance(rng_, 0.25));
    }
    out->title = SpinWords(src.title, rate, false);
    Render(d, &out->text);
  }

  void Partial(const SourcePool& pool, Derivation* d, Article* out) {
    const Article& src = *d->source;
    const Article* host = &pool.Pick(rng_);
    for (int t = 0; t < 16 && host->id == src.id; ++t) host = &pool.Pick(rng_);
    d->host = host;
    const size_t src_paras = src.paragraph_end.size();
    // A passage of one short sentence ("Mr Howard said.") is no evidence of reuse to anyone, so
    // the paragraphs are drawn again (a few times) until they hold kMinPartialBytes.
    size_t k = 0;
    size_t first = 0;
    for (int t = 0; t < 8; ++t) {
      k = std::min<size_t>(1 + Below(rng_, 3), src_paras);
      first = Below(rng_, src_paras - k + 1);
      const auto [b, e] = ParagraphBytes(src, first, first + k - 1);
      if (e - b >= kMinPartialBytes) break;
    }
    Draft dh = ToDraft(*host);
    const Draft ds = ToDraft(src);
    // After the host's lead paragraph, as a copied passage usually sits in the body.
    const size_t at = dh.paragraphs.size() > 1 ? 1 + Below(rng_, dh.paragraphs.size() - 1) : 1;
    dh.paragraphs.insert(dh.paragraphs.begin() + std::min(at, dh.paragraphs.size()),
                         ds.paragraphs.begin() + first, ds.paragraphs.begin() + first + k);
    std::vector<std::pair<size_t, size_t>> ranges;
    out->title = host->title;
    Render(dh, &out->text, &ranges);
    const size_t ins = std::min(at, ranges.size() - k);
    const std::string_view text(out->text);
    const size_t a0 = ranges[ins].first;
    const size_t a1 = ranges[ins + k - 1].second;
    d->passage_a = {CodePoints(text.substr(0, a0)), CodePoints(text.substr(0, a1))};
    const auto [b0, b1] = ParagraphBytes(src, first, first + k - 1);
    const std::string_view stext(src.text);
    d->passage_b = {CodePoints(stext.substr(0, b0)), CodePoints(stext.substr(0, b1))};
    d->paragraphs = static_cast<int>(k);
  }

  const Model& m_;
  Rng& rng_;
};

// ---------------------------------------------------------------------------------------------
// Output

// A file (or stdout for "-") written in ~1 MiB chunks from one reused buffer.
class OutFile {
 public:
  ~OutFile() {
    if (file_ && file_ != stdout) std::fclose(file_);
  }
  unspun::Status Open(const std::string& path) {
    path_ = path;
    file_ = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
    if (!file_) return unspun::Status::IOError(path + ": " + std::strerror(errno));
    buf_.reserve(kFlushBytes + (64 << 10));
    return unspun::Status::OK();
  }
  std::string* buffer() { return &buf_; }
  void MaybeFlush() {
    if (buf_.size() >= kFlushBytes) Flush();
  }
  unspun::Status Close() {
    Flush();
    FILE* f = file_;
    file_ = nullptr;
    const bool failed = f == stdout ? std::fflush(f) != 0 : std::fclose(f) != 0;
    if (failed && !error_) error_ = errno ? errno : EIO;
    if (error_) return unspun::Status::IOError(path_ + ": " + std::strerror(error_));
    return unspun::Status::OK();
  }
  uint64_t bytes() const { return bytes_ + buf_.size(); }

 private:
  void Flush() {
    errno = 0;
    if (!buf_.empty() && !error_ &&
        std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) {
      error_ = errno ? errno : EIO;
    }
    bytes_ += buf_.size();
    buf_.clear();
  }
  std::string path_;
  FILE* file_ = nullptr;
  std::string buf_;
  uint64_t bytes_ = 0;
  int error_ = 0;
};

void AppendArticle(const Article& a, std::string* out) {
  unspun::JsonObject o(out);
  o.Str("id", a.id).Str("title", a.title).Str("text", a.text).Str("source", a.source);
  o.Str("published", a.published);
  o.Close();
  out->push_back('\n');
}

std::string Range(std::pair<size_t, size_t> r) {
  return "[" + std::to_string(r.first) + ", " + std::to_string(r.second) + "]";
}

void AppendTruth(const Article& derived, const Derivation& d, std::string* out) {
  std::string params;
  unspun::JsonObject p(&params);
  if (d.kind == Kind::kSpun) p.Num("rate", d.rate);
  if (d.kind == Kind::kPartial) p.Int("paragraphs", d.paragraphs).Bool("spun", false);
  p.Close();
  unspun::JsonObject o(out);
  o.Str("kind", "pair").Str("a", derived.id).Str("b", d.source->id).Str("type", KindName(d.kind));
  o.Raw("params", params);
  if (d.kind == Kind::kPartial) {
    o.Raw("passages", "[{\"a\": " + Range(d.passage_a) + ", \"b\": " + Range(d.passage_b) + "}]");
  }
  o.Close();
  out->push_back('\n');
  if (d.kind == Kind::kPartial) {
    unspun::JsonObject h(out);
    h.Str("kind", "pair").Str("a", derived.id).Str("b", d.host->id).Str("type", "host");
    h.Raw("params", "{}");
    h.Close();
    out->push_back('\n');
  }
}

struct Flags {
  std::string from;
  uint64_t n = 0;
  uint64_t seed = 1;
  std::string out;
  std::string truth;
  double copy_share = 0.2;
};

int Run(const Flags& flags) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<unspun::Document> docs;
  unspun::ReadStats stats;
  unspun::ReadOptions read_options;
  read_options.warn = [](std::string_view w) {
    std::fprintf(stderr, "make_corpus: %.*s\n", static_cast<int>(w.size()), w.data());
  };
  const unspun::Status read = unspun::ReadAllDocuments({flags.from}, read_options, &docs, &stats);
  if (!read.ok() || stats.unreadable > 0) {
    std::fprintf(stderr, "make_corpus: cannot read --from %s: %s\n", flags.from.c_str(),
                 read.ok() ? "unreadable" : read.ToString().c_str());
    return 1;
  }
  Model model;
  const size_t trained = Train(docs, &model);
  docs.clear();
  docs.shrink_to_fit();
  if (trained == 0) {
    std::fprintf(stderr,
                 "make_corpus: %s holds no base articles to learn from (ids not starting with "
                 "\"dev-d-\", with text)\n",
                 flags.from.c_str());
    return 1;
  }

  OutFile out;
  OutFile truth;
  if (unspun::Status s = out.Open(flags.out); !s.ok()) {
    std::fprintf(stderr, "make_corpus: cannot write --out: %s\n", s.ToString().c_str());
    return 1;
  }
  if (!flags.truth.empty()) {
    if (unspun::Status s = truth.Open(flags.truth); !s.ok()) {
      std::fprintf(stderr, "make_corpus: cannot write --truth: %s\n", s.ToString().c_str());
      return 1;
    }
  }

  Rng rng(flags.seed);
  const uint64_t expected_base =
      static_cast<uint64_t>(static_cast<double>(flags.n) * (1 - flags.copy_share)) + 1;
  BaseWriter writer(model, &rng, expected_base);
  Deriver deriver(model, &rng);
  SourcePool pool;
  Article base;
  Article derived;
  uint64_t copies = 0;
  for (uint64_t i = 0; i < flags.n; ++i) {
    const int today = static_cast<int>(i * kDaysSpan / flags.n);
    if (pool.added() >= 2 && Chance(rng, flags.copy_share)) {
      const Kind kind = kKinds[copies++ % std::size(kKinds)];
      const Derivation d = deriver.Derive(kind, pool, &derived);
      derived.id = IdOf(i);
      // A copier's outlet (never the source's), a little after the source.
      derived.source = kOutlets[kOriginalOutlets + Below(rng, kOutletCount - kOriginalOutlets)];
      derived.day = std::max(today, d.source->day) + static_cast<int>(Below(rng, 3));
      derived.published = DateOf(derived.day);
      AppendArticle(derived, out.buffer());
      if (!flags.truth.empty()) {
        AppendTruth(derived, d, truth.buffer());
        truth.MaybeFlush();
      }
    } else {
      writer.Write(&base);
      base.id = IdOf(i);
      base.source = kOutlets[Below(rng, kOriginalOutlets)];
      base.day = today;
      base.published = DateOf(today);
      AppendArticle(base, out.buffer());
      pool.Add(base, rng);
    }
    out.MaybeFlush();
  }
  const uint64_t bytes = out.bytes();
  if (unspun::Status s = out.Close(); !s.ok()) {
    std::fprintf(stderr, "make_corpus: cannot write --out: %s\n", s.ToString().c_str());
    return 1;
  }
  if (!flags.truth.empty()) {
    if (unspun::Status s = truth.Close(); !s.ok()) {
      std::fprintf(stderr, "make_corpus: cannot write --truth: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const ChainStats& cs = writer.stats();
  const double words = static_cast<double>(cs.words[0] + cs.words[1] + cs.words[2]);
  std::fprintf(stderr,
               "make_corpus: wrote %llu articles (%llu derived) to %s, %.1f MB, in %.1f s\n"
               "make_corpus: learned from %zu base articles (%u distinct tokens); base words from "
               "order 2/1/0: %.1f%%/%.1f%%/%.1f%%, %.1f%% of draws refused by the run guard, "
               "%llu repeated titles\n",
               static_cast<unsigned long long>(flags.n), static_cast<unsigned long long>(copies),
               flags.out.c_str(), bytes / 1e6, seconds, trained, model.vocab.size(),
               100 * cs.words[0] / words, 100 * cs.words[1] / words, 100 * cs.words[2] / words,
               100 * cs.guarded / (words + cs.guarded),
               static_cast<unsigned long long>(cs.title_repeats));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(
      "Writes a synthetic news corpus (JSON Lines, the dev corpus format) for benchmarks: base\n"
      "articles from a word Markov chain trained on --from, and --copy-share derived copies\n"
      "(exact, boilerplate, homoglyph, near, spun, partial) listed in --truth.\n\n"
      "Exit status: 0 success, 1 unreadable input or write error, 2 bad command line.",
      "make_corpus");
  Flags flags;
  app.add_option("--from", flags.from, "Corpus to learn from (JSON Lines; dev-d-* ids skipped)")
      ->required();
  app.add_option("--n", flags.n, "Articles to write")
      ->required()
      ->check(CLI::Range(uint64_t{1}, uint64_t{999999999}));
  app.add_option("--seed", flags.seed, "Random seed (same seed, same corpus)");
  app.add_option("--out", flags.out, "Output corpus, - for stdout")->required();
  app.add_option("--truth", flags.truth, "Also write the derived pairs here (dev truth format)");
  app.add_option("--copy-share", flags.copy_share, "Share of derived articles (default 0.2)")
      ->check(CLI::Range(0.0, 0.9));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  return Run(flags);
}
