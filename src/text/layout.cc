// Paragraph structure of plain text; see layout.h for the rules and docs/layout.md for examples.

#include "text/layout.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <string>

#include "text/furniture.h"

namespace unspun {
namespace {

// How a line ends.
enum class Ending : uint8_t {
  kBreak,      // A line break, which may fall inside a paragraph.
  kParagraph,  // A form feed or U+2029: always a paragraph end.
  kEnd,        // The end of the text.
};

struct Line {
  uint32_t terminator = 0;  // Byte offset of the break ending the line (the '\n' of "\r\n").
  Ending ending = Ending::kEnd;
  bool blank = true;    // Whitespace only.
  uint32_t indent = 0;  // Leading whitespace, in code points.
  // Code points up to the last non-space one, indent included; measured (Measure()) only for
  // lines followed by another non-blank line, the only ones whose length the rules read.
  uint32_t length = 0;
  uint32_t content_begin = 0, content_end = 0;  // Bytes of the line, whitespace trimmed.
  uint32_t first_word = 0;                      // Code points of the first word (up to whitespace).
  uint32_t words = 0;                           // Whitespace-separated words.
  // The first letter or digit, past opening quotes and brackets: its kind.
  bool starts_lower = false;
  bool starts_upper = false;
  bool starts_digit = false;
  bool bullet = false;              // Opens with a list marker: "- ", "* ", "• ", "1. ", "a) ".
  bool ends_sentence = false;       // Last mark, before closing quotes and brackets: . ! ? : …
  bool ends_comma = false;          // Last mark: , or ;
  bool ends_function_word = false;  // Last word cannot end a sentence ("of the", "and").
  bool ends_capitalized = false;    // Last word capitalized, nothing after it ("Margaret").
  bool bar = false;  // Holds " | " or opens with a furniture marker ("Share on", "Related:").
};

bool IsSpace(UChar32 c) {
  return c == ' ' || c == '\t' || c == '\v' || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool IsOpening(UChar32 c) {
  return c == '"' || c == '\'' || c == '(' || c == '[' || c == 0x201C || c == 0x2018 || c == 0xAB ||
         c == 0x201E;
}

bool IsClosing(UChar32 c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x2019 || c == 0xBB ||
         c == '*' || c == '_';
}

// Words that cannot end a sentence or a heading: articles, prepositions, conjunctions,
// auxiliaries. A line that ends with one runs on into the next.
bool IsContinuationWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "a",      "an",      "the",     "of",       "to",      "in",      "on",     "at",    "for",
      "with",   "by",      "from",    "into",     "onto",    "upon",    "over",   "under", "about",
      "after",  "before",  "between", "during",   "through", "without", "within", "and",   "or",
      "but",    "nor",     "as",      "than",     "that",    "which",   "who",    "whom",  "whose",
      "if",     "because", "while",   "although", "though",  "is",      "are",    "was",   "were",
      "be",     "been",    "being",   "has",      "have",    "had",     "will",   "would", "shall",
      "should", "can",     "could",   "may",      "might",   "must",    "do",     "does",  "did",
      "not",    "its",     "their",   "his",      "our",     "your",    "my",     "such",  "very",
      "v",      "vs",      "said",    "says",     "told"};
  for (std::string_view k : kWords) {
    if (k == w) return true;
  }
  return false;
}

bool IsBulletMark(UChar32 c) {
  return c == '-' || c == '*' || c == '>' || c == 0x2022 || c == 0xB7 || c == 0x2013 ||
         c == 0x2014 || c == 0x25AA || c == 0x25E6 || c == 0x2023 || c == 0x25CF;
}

// Fills the features of the line s[b, e) but its length. Only the ends of a line are decoded,
// since every article passes through here.
void Describe(std::string_view s, uint32_t b, uint32_t e, Line* line) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  // The content [cb, ce): leading and trailing whitespace trimmed.
  int32_t cb = static_cast<int32_t>(b);
  const int32_t n = static_cast<int32_t>(e);
  while (cb < n) {
    int32_t k = cb;
    UChar32 c;
    U8_NEXT_OR_FFFD(p, k, n, c);
    if (!IsSpace(c)) break;
    ++line->indent;
    cb = k;
  }
  if (cb >= n) return;  // Blank.
  line->blank = false;
  int32_t ce = n;
  UChar32 last = 0;
  while (ce > cb) {
    int32_t k = ce;
    U8_PREV_OR_FFFD(p, cb, k, last);
    if (!IsSpace(last)) break;
    ce = k;
  }
  line->content_begin = static_cast<uint32_t>(cb);
  line->content_end = static_cast<uint32_t>(ce);

  // The start: list markers, the first word, the first letter or digit.
  UChar32 head[4] = {0, 0, 0, 0};
  int heads = 0;
  bool first_seen = false, in_first_word = true;
  for (int32_t k = cb; k < ce && (heads < 4 || !first_seen || in_first_word);) {
    UChar32 c;
    U8_NEXT_OR_FFFD(p, k, ce, c);
    if (heads < 4) head[heads++] = c;
    if (IsSpace(c)) in_first_word = false;
    if (in_first_word) ++line->first_word;
    if (!first_seen && u_isalnum(c)) {
      first_seen = true;
      line->starts_lower = u_islower(c);
      line->starts_upper = u_isupper(c);
      line->starts_digit = u_isdigit(c);
    } else if (!first_seen && !IsOpening(c)) {
      first_seen = true;  // A line opening with a dash or a symbol: neither lower nor a digit.
    }
  }
  if (heads >= 2 && IsBulletMark(head[0]) && IsSpace(head[1])) line->bullet = true;
  // "1. ", "12) ", "a) ".
  const bool digit_marker =
      u_isdigit(head[0]) &&
      ((heads >= 3 && (head[1] == '.' || head[1] == ')') && IsSpace(head[2])) ||
       (heads >= 4 && u_isdigit(head[1]) && (head[2] == '.' || head[2] == ')') &&
        IsSpace(head[3])));
  const bool letter_marker =
      heads >= 3 && head[0] >= 'a' && head[0] <= 'z' && head[1] == ')' && IsSpace(head[2]);
  if (digit_marker || letter_marker) line->bullet = true;

  // Words, counted up to the 8 the rules ask about.
  bool space_before = true;
  for (int32_t k = cb; k < ce && line->words < 8; ++k) {
    const bool space = p[k] == ' ' || p[k] == '\t';
    if (space_before && !space) ++line->words;
    space_before = space;
  }

  // The end: the last mark before closing quotes and brackets, the last word.
  UChar32 last_mark = last;
  for (int32_t k = ce; k > cb && IsClosing(last_mark);) {
    U8_PREV_OR_FFFD(p, cb, k, last_mark);
  }
  line->ends_sentence = last_mark == '.' || last_mark == '!' || last_mark == '?' ||
                        last_mark == ':' || last_mark == 0x2026;
  line->ends_comma = last_mark == ',' || last_mark == ';';
  int32_t wb = ce;
  while (wb > cb && p[wb - 1] != ' ' && p[wb - 1] != '\t') --wb;
  const std::string_view last_word = s.substr(wb, ce - wb);
  line->ends_capitalized =
      !last_word.empty() && last_word[0] >= 'A' && last_word[0] <= 'Z' && u_isalpha(last);
  if (line->words >= 2) {
    std::string word;
    for (const char c : last_word) {
      if (c >= 'A' && c <= 'Z') {
        word.push_back(static_cast<char>(c + 32));
      } else if ((c >= 'a' && c <= 'z') || c == '\'') {
        word.push_back(c);
      } else {
        word.clear();  // Not a plain word: a number, a name with marks, punctuation.
        break;
      }
    }
    line->ends_function_word = !word.empty() && IsContinuationWord(word);
  }

  const std::string_view text = s.substr(cb, ce - cb);
  char head_lower[24];
  size_t heads_lower = 0;
  for (; heads_lower < text.size() && heads_lower < sizeof(head_lower); ++heads_lower) {
    const char c = text[heads_lower];
    head_lower[heads_lower] = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
  }
  bool bar = false;
  for (size_t k = text.find('|'); k != std::string_view::npos && !bar; k = text.find('|', k + 1)) {
    bar = k > 0 && k + 1 < text.size() && text[k - 1] == ' ' && text[k + 1] == ' ';
  }
  line->bar = bar || StartsWithFurnitureMarker(std::string_view(head_lower, heads_lower));
}

// Bytes that may start a line terminator: '\n', '\r', '\f', and the lead bytes of U+0085
// (C2 85) and U+2028/U+2029 (E2 80 A8/A9).
constexpr std::array<bool, 256> MakeBreakLeads() {
  std::array<bool, 256> t{};
  t['\n'] = t['\r'] = t['\f'] = t[0xC2] = t[0xE2] = true;
  return t;
}
constexpr std::array<bool, 256> kBreakLead = MakeBreakLeads();

// Fills line->length: code points are the bytes that are not UTF-8 continuation bytes.
void Measure(std::string_view s, Line* line) {
  line->length = line->indent;
  for (uint32_t k = line->content_begin; k < line->content_end; ++k) {
    line->length += (static_cast<uint8_t>(s[k]) & 0xC0) != 0x80;
  }
}

// Whether `s` ends a line anywhere with something other than '\n': '\r', a form feed, U+0085,
// U+2028 or U+2029.
bool HasOtherLineEnds(std::string_view s) {
  return s.find('\r') != std::string_view::npos || s.find('\f') != std::string_view::npos ||
         s.find("\xC2\x85") != std::string_view::npos ||
         s.find("\xE2\x80\xA8") != std::string_view::npos ||
         s.find("\xE2\x80\xA9") != std::string_view::npos;
}

// Splits `s` into lines and describes each. `lf_only`: every line ends with '\n' (most texts),
// found with memchr.
void SplitLines(std::string_view s, bool lf_only, std::vector<Line>* lines) {
  lines->clear();
  const auto n = static_cast<uint32_t>(s.size());
  uint32_t b = 0;
  for (uint32_t i = 0; i <= n;) {
    Ending ending;
    uint32_t width = 1;
    if (i == n) {
      ending = Ending::kEnd;
      width = 0;
    } else {
      const char c = s[i];
      if (c == '\n') {
        ending = Ending::kBreak;
      } else if (c == '\r') {
        if (i + 1 < n && s[i + 1] == '\n') {
          ++i;  // "\r\n": reported at its '\n'; the '\r' is whitespace of the line.
          continue;
        }
        ending = Ending::kBreak;
      } else if (c == '\f') {
        ending = Ending::kParagraph;
      } else if (c == '\xC2' && i + 1 < n && s[i + 1] == '\x85') {
        ending = Ending::kBreak;
        width = 2;
      } else if (c == '\xE2' && i + 2 < n && s[i + 1] == '\x80' &&
                 (s[i + 2] == '\xA8' || s[i + 2] == '\xA9')) {
        ending = s[i + 2] == '\xA8' ? Ending::kBreak : Ending::kParagraph;
        width = 3;
      } else {
        ++i;
        if (lf_only) {
          const size_t lf = s.find('\n', i);
          i = lf == std::string_view::npos ? n : static_cast<uint32_t>(lf);
        } else {
          while (i < n && !kBreakLead[static_cast<uint8_t>(s[i])]) ++i;
        }
        continue;
      }
    }
    Line line;
    line.terminator = i;
    line.ending = ending;
    // A "\r" before the '\n' belongs to the terminator, not to the line.
    uint32_t e = i;
    if (ending == Ending::kBreak && s[i] == '\n' && i > b && s[i - 1] == '\r') --e;
    Describe(s, b, e, &line);
    lines->push_back(line);
    if (ending == Ending::kEnd) break;
    i += width;
    b = i;
  }
}

}  // namespace

void FindSoftBreaks(std::string_view s, std::vector<uint32_t>* soft) {
  soft->clear();
  const bool other_line_ends = HasOtherLineEnds(s);
  if (!other_line_ends && s.find('\n') == std::string_view::npos) return;  // One line.
  thread_local std::vector<Line> lines;
  SplitLines(s, !other_line_ends, &lines);
  const size_t count = lines.size();

  // Lines that a break joins to another non-blank line: where wrapping would show.
  auto joined = [&](size_t i) {
    return i + 1 < count && lines[i].ending == Ending::kBreak && !lines[i].blank &&
           !lines[i + 1].blank;
  };
  thread_local std::vector<uint32_t> lengths;
  lengths.clear();
  for (size_t i = 0; i < count; ++i) {
    if (!joined(i)) continue;
    Measure(s, &lines[i]);
    lengths.push_back(lines[i].length);
  }
  // The wrap width. Body lines of a wrapped text run up to the width W; a few long lines (an
  // unwrapped paragraph, a URL) are left out by taking W among lines up to 1.5 times the median.
  // The text counts as wrapped when at least three lines, and half of all, are full: the next
  // line's first word would not have fitted on them. Unwrapped lines, whose lengths are the
  // lengths of paragraphs, are full only by chance. Nobody wraps text wider than 160 columns.
  uint32_t median = 0, width = 0;
  if (!lengths.empty()) {
    std::nth_element(lengths.begin(), lengths.begin() + lengths.size() / 2, lengths.end());
    median = lengths[lengths.size() / 2];
  }
  const uint32_t body_limit = median + median / 2;
  uint32_t body = 0, full = 0;
  for (size_t i = 0; i < count; ++i) {
    if (joined(i) && lines[i].length <= body_limit) width = std::max(width, lines[i].length);
  }
  auto is_full = [&](size_t i) { return lines[i].length + 1 + lines[i + 1].first_word > width; };
  for (size_t i = 0; i < count; ++i) {
    if (!joined(i) || lines[i].length > body_limit) continue;
    ++body;
    full += is_full(i);
  }
  const bool wrapped = width <= 160 && full >= 3 && 2 * full >= body;

  for (size_t i = 0; i < count; ++i) {
    const Line& p = lines[i];
    if (p.blank || p.ending != Ending::kBreak || i + 1 >= count) continue;
    if (lines[i + 1].blank) {
      // Blank lines inside a sentence are an extraction tool's, not a writer's: the line before
      // has no sentence end and the one after starts in lowercase.
      size_t k = i + 1;
      while (k < count && lines[k].blank && lines[k].ending == Ending::kBreak) ++k;
      if (k < count && !lines[k].blank && !p.ends_sentence && !p.bar && lines[k].starts_lower) {
        for (size_t b = i; b < k; ++b) soft->push_back(lines[b].terminator);
      }
      continue;
    }
    const Line& next = lines[i + 1];
    const bool wrapped_line = wrapped && p.length <= body_limit;
    // A name broken across the lines ("Prime Minister Tony\nBlair said"): a line of a few words
    // ending with a capitalized word, and a capitalized word next.
    const bool name_runs_on = p.words >= 3 && p.ends_capitalized && next.starts_upper;
    const bool continues =
        !p.ends_sentence && (next.starts_lower || next.starts_digit || p.ends_comma ||
                             p.ends_function_word || (name_runs_on && !p.bar));
    bool is_soft;
    if (wrapped_line && is_full(i)) {
      is_soft = true;
    } else if (next.bullet || (next.indent > p.indent && !next.starts_lower)) {
      is_soft = false;  // A list item, or a paragraph opening with an indent.
    } else if (wrapped_line) {
      // Not full, yet most of the width: a wrap at a slightly narrower column.
      is_soft = continues || (!p.ends_sentence && !p.bar && 5 * p.length >= 4 * width);
    } else {
      // A line of prose cut before a capitalized word; not a whole paragraph that lacks its
      // final stop (a reader's comment), which is longer than any wrapped line.
      is_soft = continues || (!p.ends_sentence && p.words >= 8 && p.length <= 160 && !p.bar);
    }
    if (is_soft) soft->push_back(p.terminator);
  }
}

}  // namespace unspun
