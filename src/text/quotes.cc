// Quoted speech and its speaker; see text_analysis.h for the patterns.

#include <algorithm>
#include <iterator>
#include <string_view>
#include <vector>

#include "unspun/text_analysis.h"
#include "unspun/tokenizer.h"

namespace unspun {
namespace {

constexpr std::string_view kSpeechVerbs[] = {
    "said",     "says",  "told",    "tells",    "added",   "adds",   "stated",
    "asked",    "asks",  "replied", "replies",  "noted",   "notes",  "explained",
    "explains", "wrote", "writes",  "insisted", "insists", "argued", "argues",
};

// Pronouns that stand for a speaker on their own ("he said", "said she").
constexpr std::string_view kPronouns[] = {"he", "she", "they", "we", "i", "it", "you"};

// Quotes shorter than this are scare quotes ("coincidence"), not speech.
constexpr size_t kMinQuoteWords = 3;
// Speakers are names and titles: "putin", "president joe biden", "russian president vladimir
// putin".
constexpr size_t kMaxSpeakerWords = 4;

bool IsPronoun(std::string_view w) {
  return std::find(std::begin(kPronouns), std::end(kPronouns), w) != std::end(kPronouns);
}

bool IsArticle(std::string_view w) { return w == "the" || w == "a" || w == "an"; }

class QuoteFinder {
 public:
  QuoteFinder(const NormalizedText& norm, const std::vector<Token>& tokens, std::vector<Quote>* out)
      : s_(norm.text), out_(out), tokens_(tokens) {}

  void Run() {
    const size_t n = s_.size();
    size_t open = kNone;
    for (size_t i = 0; i <= n; ++i) {
      if (i == n || s_[i] == '\n') {
        if (open != kNone) Add(open, i, /*closed=*/false);
        open = kNone;
      } else if (s_[i] == '"') {
        if (open == kNone) {
          open = i;
        } else {
          Add(open, i, /*closed=*/true);
          open = kNone;
        }
      }
    }
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  std::string_view Word(size_t t) const {
    return std::string_view(s_).substr(tokens_[t].begin, tokens_[t].end - tokens_[t].begin);
  }

  // Whether tokens t and t + 1 are neighbours in one name or phrase: only spaces, or a hyphen
  // ("al-assad"), between them.
  bool Joined(size_t t) const {
    for (size_t b = tokens_[t].end; b < tokens_[t + 1].begin; ++b) {
      if (s_[b] != ' ' && s_[b] != '-') return false;
    }
    return true;
  }

  bool OnlyIn(size_t b, size_t e, std::string_view allowed) const {
    for (; b < e; ++b) {
      if (allowed.find(s_[b]) == std::string_view::npos) return false;
    }
    return true;
  }

  Span TokenSpan(size_t first, size_t last) const {
    return {tokens_[first].begin, tokens_[last].end};
  }

  // First token with begin >= pos. Quotes come in text order, so the cursor only moves forward.
  size_t TokenAtOrAfter(size_t pos) {
    while (cursor_ < tokens_.size() && tokens_[cursor_].begin < pos) ++cursor_;
    return cursor_;
  }

  // The speaker ending at token `last` (the word before a speech verb), no earlier than token
  // `floor`: the pronoun `last` alone, or the run of non-stopwords ending there. Its first token
  // goes to *first. False if `last` is a stopword and not a pronoun.
  bool SpeakerBefore(size_t last, size_t floor, size_t* first) const {
    if (IsPronoun(Word(last))) {
      *first = last;
      return true;
    }
    if (tokens_[last].stopword()) return false;
    size_t f = last;
    while (f > floor && last - f + 1 < kMaxSpeakerWords && Joined(f - 1) &&
           !tokens_[f - 1].stopword()) {
      --f;
    }
    *first = f;
    return true;
  }

  // The speaker starting at token `first` (the word after "said" or "according to").
  bool SpeakerAfter(size_t first, Span* speaker) const {
    if (first >= tokens_.size()) return false;
    if (IsPronoun(Word(first))) {
      *speaker = TokenSpan(first, first);
      return true;
    }
    if (IsArticle(Word(first))) {
      if (first + 1 >= tokens_.size() || !Joined(first)) return false;
      ++first;
    }
    if (tokens_[first].stopword()) return false;
    size_t last = first;
    while (last + 1 < tokens_.size() && last + 1 - first < kMaxSpeakerWords && Joined(last) &&
           !tokens_[last + 1].stopword()) {
      ++last;
    }
    *speaker = TokenSpan(first, last);
    return true;
  }

  // `"...," X said`, `"...," said X`, `"...," according to X`; `close` is the closing mark.
  bool SpeakerAfterClose(size_t close, Span* speaker) {
    const size_t t = TokenAtOrAfter(close + 1);
    if (t >= tokens_.size() || !OnlyIn(close + 1, tokens_[t].begin, " ")) return false;
    if (IsSpeechVerb(Word(t)))
      return t + 1 < tokens_.size() && Joined(t) && SpeakerAfter(t + 1, speaker);
    if (Word(t) == "according") {
      return t + 2 < tokens_.size() && Word(t + 1) == "to" && Joined(t) && Joined(t + 1) &&
             SpeakerAfter(t + 2, speaker);
    }
    // X must start right after the mark (an article aside): in `"..." Then Putin said` the words
    // after the quote begin a new sentence about someone else's words.
    size_t start = t;
    if (IsArticle(Word(t))) {
      if (t + 1 >= tokens_.size() || !Joined(t)) return false;
      start = t + 1;
    }
    for (size_t m = start + 1; m < tokens_.size() && m <= start + kMaxSpeakerWords; ++m) {
      if (!Joined(m - 1)) return false;
      if (!IsSpeechVerb(Word(m))) continue;
      size_t first;
      if (!SpeakerBefore(m - 1, start, &first) || first != start) return false;
      *speaker = TokenSpan(first, m - 1);
      return true;
    }
    return false;
  }

  // `X said: "..."`, `X said, "..."`, `X said "..."`, `"...," X said. "..."`, `according to X,
  // "..."`; `open` is the opening mark.
  bool SpeakerBeforeOpen(size_t open, Span* speaker) const {
    auto it = std::lower_bound(tokens_.begin(), tokens_.end(), open,
                               [](const Token& tok, size_t pos) { return tok.end <= pos; });
    if (it == tokens_.begin()) return false;
    const size_t v = static_cast<size_t>(it - tokens_.begin()) - 1;
    const bool colon_or_comma = OnlyIn(tokens_[v].end, open, " :,");
    if (IsSpeechVerb(Word(v)) && v > 0 && Joined(v - 1) &&
        (colon_or_comma || OnlyIn(tokens_[v].end, open, " ."))) {
      size_t first;
      if (!SpeakerBefore(v - 1, 0, &first)) return false;
      *speaker = TokenSpan(first, v - 1);
      return true;
    }
    if (!colon_or_comma) return false;
    for (size_t q = v; q + kMaxSpeakerWords > v && q >= 2; --q) {
      if (Word(q - 1) == "to" && Word(q - 2) == "according") {
        for (size_t k = q - 2; k < v; ++k) {
          if (!Joined(k)) return false;
        }
        *speaker = TokenSpan(IsArticle(Word(q)) && q < v ? q + 1 : q, v);
        return true;
      }
      if (tokens_[q].stopword() || !Joined(q - 1)) return false;
    }
    return false;
  }

  void Add(size_t open, size_t close, bool closed) {
    size_t b = open + 1, e = close;
    while (b < e && s_[b] == ' ') ++b;
    while (e > b && s_[e - 1] == ' ') --e;
    if (b >= e) return;
    size_t words = 0;
    for (size_t t = TokenAtOrAfter(b); t < tokens_.size() && tokens_[t].end <= e; ++t) {
      if (++words >= kMinQuoteWords) break;
    }
    if (words < kMinQuoteWords) return;
    Quote q;
    q.span = {static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
    if (!(closed && SpeakerAfterClose(close, &q.speaker))) {
      if (!SpeakerBeforeOpen(open, &q.speaker)) q.speaker = {0, 0};
    }
    out_->push_back(q);
  }

  const std::string& s_;
  std::vector<Quote>* out_;
  const std::vector<Token>& tokens_;
  size_t cursor_ = 0;
};

}  // namespace

bool IsSpeechVerb(std::string_view word) {
  return std::find(std::begin(kSpeechVerbs), std::end(kSpeechVerbs), word) !=
         std::end(kSpeechVerbs);
}

void FindQuotes(const NormalizedText& norm, const std::vector<Token>& tokens,
                std::vector<Quote>* out) {
  out->clear();
  if (norm.text.empty()) return;
  QuoteFinder(norm, tokens, out).Run();
}

void FindQuotes(const NormalizedText& norm, std::vector<Quote>* out) {
  std::vector<Token> tokens;
  Tokenize(norm.text, &tokens);
  FindQuotes(norm, tokens, out);
}

}  // namespace unspun
