// Story features of one article (see include/unspun/stories.h and docs/stories.md).
//
// This runs once per article an archive files, so it keeps to flat per-thread buffers: no hash
// map, set or vector is allocated per article (only the result), each token is stemmed at most
// once, and the original text is read by a forward cursor instead of an index of code points.
#include "story/features.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "unspun/normalizer.h"
#include "unspun/text_analysis.h"
#include "unspun/tokenizer.h"

namespace unspun {
namespace story_internal {

bool IsAsciiDigits(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

float Damp(float raw) { return raw >= 1.0f ? 1.0f + std::log(raw) : raw; }

bool AfterOpener(const std::string& s, uint32_t b) {
  while (b > 0 && s[b - 1] == ' ') --b;
  if (b == 0) return true;
  const char c = s[b - 1];
  return c == '"' || c == ':' || c == '(' || c == '`' || c == '\'' || c == '\n' || c == '-';
}

// They name no participant of an event, so they weigh as plain words.
bool CapitalisedByConvention(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "monday",   "tuesday",  "wednesday", "thursday", "friday", "saturday", "sunday",    "january",
      "february", "march",    "april",     "june",     "july",   "august",   "september", "october",
      "november", "december", "jan",       "feb",      "mar",    "apr",      "jun",       "jul",
      "aug",      "sep",      "sept",      "oct",      "nov",    "dec",      "mr",        "mrs",
      "ms",       "dr",       "jr",        "sr",       "mt",     "st"};
  if (w.size() > 9) return false;  // "wednesday" and "september" are the longest.
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

uint64_t QuotePairHash(uint64_t first, uint64_t second) {
  return (first ^ 0x51ED270B27A1F1A5ull) * 0x9E3779B97F4A7C15ull + second;
}

namespace {

// Letter case of the original text by code-point index, for indices visited (mostly) in
// ascending order: decodes forward from the last one, as OriginalText decodes (invalid bytes are
// one code point each), without building an index of the whole text.
class CaseCursor {
 public:
  explicit CaseCursor(std::string_view text)
      : p_(reinterpret_cast<const uint8_t*>(text.data())), n_(static_cast<int32_t>(text.size())) {}

  // Whether code point `cp` is an uppercase or titlecase letter; false when out of range.
  bool IsUpper(uint32_t cp) {
    if (cp < cp_) cp_ = 0, byte_ = 0;  // Backwards: start over (never seen on real text).
    while (cp_ < cp && byte_ < n_) {
      if (p_[byte_] < 0x80) {
        ++byte_;
      } else {
        UChar32 c;
        U8_NEXT_OR_FFFD(p_, byte_, n_, c);
        (void)c;
      }
      ++cp_;
    }
    if (byte_ >= n_) return false;
    int32_t i = byte_;
    UChar32 c;
    U8_NEXT_OR_FFFD(p_, i, n_, c);
    return u_isupper(c) || u_istitle(c);
  }

 private:
  const uint8_t* p_;
  int32_t n_;
  uint32_t cp_ = 0;  // The code point at byte_.
  int32_t byte_ = 0;
};

// A per-thread map from feature hashes to summed weights for one article: open addressing over
// slots stamped with the article's generation, so that starting the next article clears nothing.
// Weights are summed in the order they are added, exactly as the unordered_map this replaces did.
class WeightTable {
 public:
  // Starts an article that adds at most `max_keys` distinct keys.
  void Reset(size_t max_keys) {
    size_t capacity = 64;
    while (capacity < 2 * max_keys) capacity *= 2;
    if (slots_.size() < capacity) slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    entries_.clear();
    if (++generation_ == 0) {  // Wrapped: old stamps could look current.
      std::fill(slots_.begin(), slots_.end(), Slot{});
      generation_ = 1;
    }
  }
  float& operator[](uint64_t key) {
    size_t i = Mix(key) & mask_;
    for (;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.generation != generation_) {
        s = {key, generation_, static_cast<uint32_t>(entries_.size())};
        entries_.emplace_back(key, 0.0f);
        return entries_.back().second;
      }
      if (s.key == key) return entries_[s.index].second;
    }
  }
  bool Contains(uint64_t key) const {
    for (size_t i = Mix(key) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.generation != generation_) return false;
      if (s.key == key) return true;
    }
  }
  // (key, summed weight) in order of first addition.
  std::vector<std::pair<uint64_t, float>>& entries() { return entries_; }

 private:
  struct Slot {
    uint64_t key = 0;
    uint32_t generation = 0;
    uint32_t index = 0;
  };
  // Stems and word hashes are uniform already, but quote pairs are products: mixed once more so
  // that no structure of theirs lines up with the mask.
  static uint64_t Mix(uint64_t x) { return (x ^ (x >> 29)) * 0xBF58476D1CE4E5B9ull >> 20; }
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  uint32_t generation_ = 0;
  std::vector<std::pair<uint64_t, float>> entries_;
};

}  // namespace

StoryFeatures Extract(const Document& doc, const Analysis& a) {
  StoryFeatures out;
  out.day = DayNumber(doc.published);
  const std::string& s = a.norm.text;
  thread_local WeightTable entities, raw;
  thread_local NormalizedText title;
  thread_local std::vector<Token> title_tokens;
  // Per token, the hash of its stem once computed (0: not yet; a stem hashing to 0 is merely
  // recomputed).
  thread_local std::vector<uint64_t> stems;
  stems.assign(a.tokens.size(), 0);
  auto stem_of = [&](uint32_t t, std::string_view word) {
    uint64_t& h = stems[t];
    if (h == 0) h = StemHash(word);
    return h;
  };
  auto word_of = [&](const Token& tok) {
    return std::string_view(s).substr(tok.begin, tok.end - tok.begin);
  };

  // Pass 1: which stems are names in this article (capitalised where no capital is required).
  entities.Reset(a.tokens.size());
  CaseCursor original(doc.text);
  for (const Sentence& sentence : a.sentences) {
    if (sentence.boilerplate) continue;
    for (uint32_t t = sentence.token_begin + 1; t < sentence.token_end; ++t) {
      const Token& tok = a.tokens[t];
      if (tok.stopword() || tok.number() || AfterOpener(s, tok.begin)) continue;
      const std::string_view word = word_of(tok);
      if (original.IsUpper(a.norm.begin[tok.begin]) && !CapitalisedByConvention(word)) {
        entities[stem_of(t, word)];
      }
    }
  }

  if (!doc.title.empty()) {
    Normalize(doc.title, &title);
    Tokenize(title.text, &title_tokens);
  } else {
    title_tokens.clear();
  }
  // Distinct keys: at most one word and one quote pair per body token, one word per title token.
  raw.Reset(2 * a.tokens.size() + title_tokens.size());
  // Adds a word of weight `position` unless it is a stopword, too short or bare digits; the
  // weight is computed only then (an exp per token is a good part of the cost otherwise).
  // `stem` gives the token's stem hash.
  auto add = [&](std::string_view word, const Token& tok, auto position, auto stem) {
    if (tok.stopword() || word.size() < 2) return;
    if (tok.number()) {
      raw[tok.hash] += kNumberWeight * position();  // tok.hash is HashWord(word).
      return;
    }
    if (IsAsciiDigits(word)) return;
    const uint64_t h = stem();
    raw[h] += (entities.Contains(h) ? kEntityWeight : kWordWeight) * position();
  };
  for (const Sentence& sentence : a.sentences) {
    if (sentence.boilerplate) continue;
    uint64_t previous_quoted = 0;  // Stem of the previous content word inside a quote.
    for (uint32_t t = sentence.token_begin; t < sentence.token_end; ++t) {
      const Token& tok = a.tokens[t];
      const std::string_view word = word_of(tok);
      add(
          word, tok,
          [&] { return 1.0f + kLeadBoost * std::exp(-static_cast<float>(tok.begin) / kLeadBytes); },
          [&] { return stem_of(t, word); });
      if (!a.token_quoted[t]) {
        previous_quoted = 0;
      } else if (!tok.stopword()) {
        const uint64_t h = stem_of(t, word);
        if (previous_quoted != 0) raw[QuotePairHash(previous_quoted, h)] += kQuoteWeight;
        previous_quoted = h;
      }
    }
  }
  for (const Token& tok : title_tokens) {
    const std::string_view word =
        std::string_view(title.text).substr(tok.begin, tok.end - tok.begin);
    add(
        word, tok, [] { return 1.0f + kLeadBoost; }, [&] { return StemHash(word); });
  }
  std::vector<std::pair<uint64_t, float>>& entries = raw.entries();
  std::sort(entries.begin(), entries.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  out.weights.reserve(entries.size());
  for (const auto& [h, w] : entries) out.weights.emplace_back(h, Damp(w));
  return out;
}

}  // namespace story_internal

StoryFeatures ExtractStoryFeatures(const Document& doc) {
  thread_local Analysis analysis;  // Its buffers are reused from article to article.
  Analyze(doc, &analysis);
  return story_internal::Extract(doc, analysis);
}

StoryFeatures ExtractStoryFeatures(const Document& doc, const Analysis& analysis) {
  return story_internal::Extract(doc, analysis);
}

}  // namespace unspun
