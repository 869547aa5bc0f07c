// Quoted speech and its speaker; see text_analysis.h for the patterns.

#include <algorithm>
#include <iterator>
#include <string_view>
#include <vector>

#include "text/quote_marks.h"
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
  QuoteFinder(const NormalizedText& norm, const std::vector<Token>& tokens)
      : s_(norm.text), tokens_(tokens) {}

  // Pairs the quote marks of every paragraph (quote_marks.h).
  void Pair(std::vector<QuoteMarks>* out) {
    const size_t n = s_.size();
    Pending pending;
    for (size_t pb = 0; pb < n;) {
      size_t pe = s_.find('\n', pb);
      if (pe == std::string::npos) pe = n;
      PairParagraph(pb, pe, &pending, out);
      pb = pe + 1;
    }
    if (pending.open != kNone) Unclosed(pending.open, pending.pe, out);
  }

  // The quoted speech of the paired marks: spans of 3 words or more, with their speakers.
  void Find(const std::vector<QuoteMarks>& marks, std::vector<Quote>* out) const {
    for (const QuoteMarks& m : marks) Add(m, out);
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

  // First token with begin >= pos.
  size_t TokenAtOrAfter(size_t pos) const {
    return static_cast<size_t>(
        std::lower_bound(tokens_.begin(), tokens_.end(), pos,
                         [](const Token& t, size_t p) { return t.begin < p; }) -
        tokens_.begin());
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
  bool SpeakerAfterClose(size_t close, Span* speaker) const {
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

  void Add(const QuoteMarks& m, std::vector<Quote>* out) const {
    size_t b = m.begin, e = m.end;
    size_t words = 0;
    for (size_t t = TokenAtOrAfter(b); t < tokens_.size() && tokens_[t].end <= e; ++t) {
      if (++words >= kMinQuoteWords) break;
    }
    if (words < kMinQuoteWords) return;
    Quote q;
    q.span = {static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
    const bool closed = m.close != QuoteMarks::kNoMark;
    if (!(closed && SpeakerAfterClose(m.close, &q.speaker))) {
      if (m.open == QuoteMarks::kNoMark || !SpeakerBeforeOpen(m.open, &q.speaker))
        q.speaker = {0, 0};
    }
    out->push_back(q);
  }

  // The shape of the quote mark s_[pos] in the paragraph s_[pb, pe).
  enum class Shape { kOpener, kCloser, kEither, kNotAQuote };
  Shape ShapeOf(size_t pos, size_t pb, size_t pe) const {
    const char before = pos > pb ? s_[pos - 1] : ' ';
    const char after = pos + 1 < pe ? s_[pos + 1] : ' ';
    const bool can_open =
        before == ' ' || std::string_view("([{-/").find(before) != std::string_view::npos;
    const bool can_close =
        after == ' ' || std::string_view(".,;:!?)]}-/'").find(after) != std::string_view::npos;
    // 12" or 5'30": an inch or second mark after a number, unless it closes a quote before
    // punctuation ("...won 2-1," he said).
    if (before >= '0' && before <= '9' && !(after != ' ' && can_close)) return Shape::kNotAQuote;
    if (can_open && !can_close) return Shape::kOpener;
    if (can_close && !can_open) return Shape::kCloser;
    return Shape::kEither;
  }

  // Byte offset where the sentence holding `pos` starts, no earlier than `floor`: just past the
  // last ". ", "! " or "? " before it.
  size_t SentenceStart(size_t pos, size_t floor) const {
    for (size_t k = pos; k > floor + 1; --k) {
      const char c = s_[k - 2];
      if (s_[k - 1] == ' ' && (c == '.' || c == '!' || c == '?')) return k;
    }
    return floor;
  }

  // Byte offset where the sentence holding `pos` ends, no later than `ceiling`: at the first
  // ". ", "! " or "? " after it.
  size_t SentenceEnd(size_t pos, size_t ceiling) const {
    for (size_t k = pos; k + 1 < ceiling; ++k) {
      const char c = s_[k];
      if ((c == '.' || c == '!' || c == '?') && s_[k + 1] == ' ') return k + 1;
    }
    return ceiling;
  }

  void Emit(size_t open, size_t close, size_t b, size_t e, std::vector<QuoteMarks>* out) const {
    while (b < e && s_[b] == ' ') ++b;
    while (e > b && s_[e - 1] == ' ') --e;
    if (b >= e) return;
    out->push_back({static_cast<uint32_t>(open), static_cast<uint32_t>(close),
                    static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
  }

  // An opening mark whose speech has not closed by the end of its paragraph, while the
  // paragraphs after it are read: its speech closes at the first mark of a later paragraph when
  // that is a closing one (a quote across paragraphs), the paragraphs between being speech too.
  struct Pending {
    size_t open = kNone;
    size_t pe = 0;                                  // The end of the paragraph it opened in.
    std::vector<std::pair<size_t, size_t>> middle;  // Paragraphs since, holding no mark.
  };
  // Paragraphs a quote may run across before its closing mark: a speaker's words rarely run
  // longer unbroken, and a stray mark must not turn pages into speech.
  static constexpr size_t kMaxMiddleParagraphs = 3;

  // An opening mark with no partner: speech whose closing mark was cut off when a speaker
  // introduces it (up to the end of its sentence), else a stray mark.
  void Unclosed(size_t open, size_t limit, std::vector<QuoteMarks>* out) const {
    Span speaker;
    if (SpeakerBeforeOpen(open, &speaker)) {
      Emit(open, QuoteMarks::kNoMark, open + 1, SentenceEnd(open + 1, limit), out);
    }
  }

  void PairParagraph(size_t pb, size_t pe, Pending* pending, std::vector<QuoteMarks>* out) const {
    size_t open = kNone;
    size_t floor = pb;  // Where an orphan closing mark's speech may start.
    // Only '"', which every typographic double quote folds to. TeX's `` and '' are left as they
    // are: read as speech they change the quote pairs that group stories (stories-dev, written
    // in that style, drops from 0.950 to 0.944 B-cubed F1), to be weighed first.
    for (size_t i = s_.find('"', pb); i < pe; i = s_.find('"', i + 1)) {
      const Shape shape = ShapeOf(i, pb, pe);
      if (shape == Shape::kNotAQuote) continue;
      if (pending->open != kNone) {
        if (shape == Shape::kCloser || shape == Shape::kEither) {
          Emit(pending->open, QuoteMarks::kNoMark, pending->open + 1, pending->pe, out);
          for (const auto& [b, e] : pending->middle) {
            Emit(QuoteMarks::kNoMark, QuoteMarks::kNoMark, b, e, out);
          }
          Emit(QuoteMarks::kNoMark, i, pb, i, out);
          *pending = Pending();
          floor = i + 1;
          continue;
        }
        Unclosed(pending->open, pending->pe, out);
        *pending = Pending();
      }
      if (shape == Shape::kOpener || (shape == Shape::kEither && open == kNone)) {
        if (open != kNone) Unclosed(open, i, out);
        open = i;
      } else if (open != kNone) {
        Emit(open, i, open + 1, i, out);
        open = kNone;
        floor = i + 1;
      } else {
        // A closing mark alone: speech whose opening mark was cut off, when a speaker follows
        // (`It is over," he said`); it starts with its sentence.
        Span speaker;
        if (SpeakerAfterClose(i, &speaker)) {
          Emit(QuoteMarks::kNoMark, i, SentenceStart(i > 1 ? i - 2 : i, floor), i, out);
        }
        floor = i + 1;
      }
    }
    if (pending->open != kNone) {
      // A paragraph with no mark at all: speech if a later one closes the quote.
      if (pending->middle.size() < kMaxMiddleParagraphs) {
        pending->middle.push_back({pb, pe});
      } else {
        Unclosed(pending->open, pending->pe, out);
        *pending = Pending();
      }
    }
    if (open == kNone) return;
    if (pe + 1 < s_.size() && s_[pe + 1] == '"') {
      // News style: a quote running on into the next paragraph reopens there.
      Emit(open, QuoteMarks::kNoMark, open + 1, pe, out);
    } else {
      *pending = {open, pe, {}};
    }
  }

  const std::string& s_;
  const std::vector<Token>& tokens_;
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
  std::vector<QuoteMarks> marks;
  PairQuoteMarks(norm, tokens, &marks);
  QuoteFinder(norm, tokens).Find(marks, out);
}

void PairQuoteMarks(const NormalizedText& norm, const std::vector<Token>& tokens,
                    std::vector<QuoteMarks>* out) {
  out->clear();
  if (norm.text.empty()) return;
  QuoteFinder(norm, tokens).Pair(out);
}

void FindQuotes(const NormalizedText& norm, const std::vector<Token>& tokens,
                const std::vector<QuoteMarks>& marks, std::vector<Quote>* out) {
  out->clear();
  QuoteFinder(norm, tokens).Find(marks, out);
}

void FindQuotes(const NormalizedText& norm, std::vector<Quote>* out) {
  std::vector<Token> tokens;
  Tokenize(norm.text, &tokens);
  FindQuotes(norm, tokens, out);
}

}  // namespace unspun
