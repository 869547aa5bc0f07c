// Sentence splitting over the matching form; see text_analysis.h for the rules.
//
// The matching form is lowercase, so case, the strongest cue after an abbreviation, is read from
// the original through norm.begin (byte -> original code point) and OriginalText.

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <iterator>
#include <string_view>
#include <vector>

#include "text/original_text.h"
#include "text/quote_marks.h"
#include "unspun/stopwords.h"
#include "unspun/text_analysis.h"
#include "unspun/tokenizer.h"

namespace unspun {
namespace {

// Always followed by a name; never end a sentence.
constexpr std::string_view kTitles[] = {"mr",  "mrs", "ms",  "dr", "prof", "sen",
                                        "rep", "gov", "gen", "st", "vs"};
// Can end a sentence, but usually do not.
constexpr std::string_view kAmbiguous[] = {"jr",  "sr",   "inc", "corp", "ltd", "co",  "etc",
                                           "jan", "feb",  "mar", "apr",  "jun", "jul", "aug",
                                           "sep", "sept", "oct", "nov",  "dec"};

bool InList(std::string_view word, const std::string_view* list, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (list[i] == word) return true;
  }
  return false;
}

inline bool IsTerminator(char c) { return c == '.' || c == '!' || c == '?'; }
inline bool IsCloser(char c) { return c == '"' || c == '\'' || c == ')' || c == ']'; }
inline bool IsOpener(char c) { return c == '"' || c == '\'' || c == '(' || c == '['; }
inline bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsWordByte(char c) {
  const unsigned char b = static_cast<unsigned char>(c);
  return b >= 0x80 || IsAsciiLetter(c) || (c >= '0' && c <= '9');
}

// What the word right before a single '.' makes of it.
enum class Before {
  kWord,             // An ordinary word, a number, or no word: the '.' ends the sentence.
  kNever,            // A title, a single-letter initial, e.g., i.e.: never an end.
  kNumberSign,       // "no": an end unless a number follows ("No. 1").
  kAmbiguous,        // Initialism, suffix, month: an end only before an uppercase non-stopword.
  kMixedInitialism,  // "u.S.": a spinner's recapitalization; never an end.
};

class Splitter {
 public:
  Splitter(std::string_view original, const NormalizedText& norm, const std::vector<Token>& tokens,
           const std::vector<QuoteMarks>& marks, std::vector<Span>* out)
      : s_(norm.text), norm_(norm), case_(original), out_(out), tokens_(tokens), marks_(marks) {}

  void Run() {
    const size_t n = s_.size();
    size_t start = 0;
    size_t q = 0;  // The first quote span that ends after the position read.
    size_t i = 0;
    while (i < n) {
      const char c = s_[i];
      if (c == '\n') {
        Emit(start, i);
        start = i + 1;
        ++i;
        continue;
      }
      if (!IsTerminator(c)) {
        ++i;
        continue;
      }
      const size_t t0 = i;
      size_t j = i;
      while (j < n && IsTerminator(s_[j])) ++j;
      const size_t t1 = j;
      while (q < marks_.size() && marks_[q].end <= t0) ++q;
      const bool quoted = q < marks_.size() && marks_[q].begin <= t0;
      while (j < n && IsCloser(s_[j])) ++j;
      // Whether a quote's closing mark sits among the closers right after the terminators.
      bool quote_closed = false;
      for (size_t k = q; k < marks_.size() && marks_[k].begin < j; ++k) {
        quote_closed |= marks_[k].close >= t1 && marks_[k].close < j;
      }
      i = j;
      // "3.5", "u.s.-russia", a missing space ("years.nbc"), or the end of the text.
      if (j >= n || s_[j] != ' ') continue;
      if (EndsSentence(t0, t1, j, quoted, quote_closed)) {
        Emit(start, j);
        start = j;
      }
    }
    Emit(start, n);
  }

 private:
  struct Next {
    bool exists = false;  // A word starts right after the whitespace (past one opener).
    bool upper = false;   // Its first letter is uppercase in the original.
    bool lower = false;   // Its first letter is lowercase in the original.
    bool number = false;
    bool stopword = false;
    size_t token = 0;  // Index into tokens_.
  };

  void Emit(size_t b, size_t e) {
    while (b < e && (s_[b] == ' ' || s_[b] == '\n')) ++b;
    while (e > b && (s_[e - 1] == ' ' || s_[e - 1] == '\n')) --e;
    if (b < e) out_->push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
  }

  std::string_view TokenText(size_t t) const {
    return std::string_view(s_).substr(tokens_[t].begin, tokens_[t].end - tokens_[t].begin);
  }

  // First token with begin >= pos. Queries come in increasing order, so a cursor keeps the whole
  // pass linear.
  size_t TokenAtOrAfter(size_t pos) {
    while (cursor_ < tokens_.size() && tokens_[cursor_].begin < pos) ++cursor_;
    return cursor_;
  }

  Next NextWord(size_t j) {
    Next next;
    size_t k = j;
    while (k < s_.size() && s_[k] == ' ') ++k;
    if (k < s_.size() && IsOpener(s_[k])) ++k;
    const size_t t = TokenAtOrAfter(j);
    if (t >= tokens_.size() || tokens_[t].begin != k) return next;
    next.exists = true;
    next.token = t;
    next.number = s_[k] >= '0' && s_[k] <= '9';
    next.stopword = tokens_[t].stopword();
    const uint32_t cp = norm_.begin[k];
    next.upper = case_.IsUpper(cp);
    next.lower = case_.IsLower(cp);
    return next;
  }

  // Whether 0-3 words and then a speech verb follow token `t`, with only spaces between them:
  // `"It is over." President Biden said`, `"Is it?" asked Putin`.
  bool AttributionFollows(size_t t) const {
    for (size_t m = t; m < tokens_.size() && m < t + 4; ++m) {
      if (m > t) {
        for (size_t b = tokens_[m - 1].end; b < tokens_[m].begin; ++b) {
          if (s_[b] != ' ') return false;
        }
      }
      if (IsSpeechVerb(TokenText(m))) return true;
    }
    return false;
  }

  Before ClassifyBefore(size_t dot) const {
    // Single letters separated by dots, ending at this one: "u.s." has 2, "f." has 1.
    size_t p = dot;
    int letters = 0, upper = 0;
    while (p >= 1 && IsAsciiLetter(s_[p - 1]) && (p == 1 || !IsWordByte(s_[p - 2]))) {
      ++letters;
      if (case_.IsUpper(norm_.begin[p - 1])) ++upper;
      if (p >= 2 && s_[p - 2] == '.') {
        p -= 2;
      } else {
        break;
      }
    }
    if (letters == 1) return Before::kNever;
    if (letters >= 2) {
      std::string_view abbr = std::string_view(s_).substr(dot + 1 - 2 * letters, 2 * letters);
      if (abbr == "e.g." || abbr == "i.e.") return Before::kNever;
      if (upper != 0 && upper != letters) return Before::kMixedInitialism;
      return Before::kAmbiguous;
    }
    size_t b = dot;
    while (b > 0 && IsWordByte(s_[b - 1])) --b;
    if (b == dot) return Before::kWord;
    std::string_view word = std::string_view(s_).substr(b, dot - b);
    if (InList(word, kTitles, std::size(kTitles))) return Before::kNever;
    if (word == "no") return Before::kNumberSign;
    if (InList(word, kAmbiguous, std::size(kAmbiguous))) return Before::kAmbiguous;
    return Before::kWord;
  }

  // Terminators s_[t0, t1), closers s_[t1, j), then a space at s_[j].
  bool EndsSentence(size_t t0, size_t t1, size_t j, bool quoted, bool quote_closed) {
    const Next next = NextWord(j);
    if (quote_closed) {
      if (next.lower) return false;
      if (next.exists && AttributionFollows(next.token)) return false;
      return true;
    }
    bool bang = false;
    for (size_t k = t0; k < t1; ++k) bang |= s_[k] != '.';
    if (bang) return true;
    if (t1 - t0 >= 2) return !quoted && next.upper;  // Ellipsis.
    if (t1 != j) return true;                        // "(... the end.)"
    switch (ClassifyBefore(t0)) {
      case Before::kWord:
        return true;
      case Before::kNever:
      case Before::kMixedInitialism:
        return false;
      case Before::kNumberSign:
        return !next.number;
      case Before::kAmbiguous:
        return next.upper && !next.stopword;
    }
    return true;
  }

  const std::string& s_;
  const NormalizedText& norm_;
  OriginalText case_;
  std::vector<Span>* out_;
  const std::vector<Token>& tokens_;
  size_t cursor_ = 0;
  const std::vector<QuoteMarks>& marks_;
};

}  // namespace

void SplitSentences(std::string_view original, const NormalizedText& norm,
                    const std::vector<Token>& tokens, const std::vector<QuoteMarks>& marks,
                    std::vector<Span>* out) {
  out->clear();
  if (norm.text.empty()) return;
  Splitter(original, norm, tokens, marks, out).Run();
}

void SplitSentences(std::string_view original, const NormalizedText& norm,
                    const std::vector<Token>& tokens, std::vector<Span>* out) {
  std::vector<QuoteMarks> marks;
  PairQuoteMarks(norm, tokens, &marks);
  SplitSentences(original, norm, tokens, marks, out);
}

void SplitSentences(std::string_view original, const NormalizedText& norm, std::vector<Span>* out) {
  std::vector<Token> tokens;
  Tokenize(norm.text, &tokens);
  SplitSentences(original, norm, tokens, out);
}

}  // namespace unspun
