#include "unspun/normalizer.h"

#include <gtest/gtest.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "text/layout.h"
#include "util/format.h"

namespace unspun {
namespace {

std::vector<char32_t> CodePoints(std::string_view s) {
  std::vector<char32_t> out;
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT_OR_FFFD(p, i, n, c);
    out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

std::string Utf8(const std::vector<char32_t>& cps, size_t b, size_t e) {
  std::string out;
  for (size_t i = b; i < e; ++i) out += unspun::Utf8(cps[i]);
  return out;
}

struct Case {
  const char* input;
  const char* expected;
};

TEST(NormalizerTest, MatchingFormTable) {
  const Case cases[] = {
      {"Hello, World!", "hello, world!"},
      {"Item 1 of 10", "item 1 of 10"},  // ASCII is never folded as a confusable.
      {"rn m l1 I0 O", "rn m l1 i0 o"},
      {"  spaced \t out  ", "spaced out"},
      {"Line one.\r\n\r\nLine two", "line one.\nline two"},
      {"\u201CQuoted\u201D \u2018single\u2019 it\u2019s", "\"quoted\" 'single' it's"},
      {"a\u2014b \u2013 c\u2212d", "a-b - c-d"},
      {"\uFF30\uFF55\uFF54\uFF49\uFF4E", "putin"},                   // Fullwidth.
      {"Pu\u200Btin Pu\u200Dtin Pu\u00ADtin", "putin putin putin"},  // ZWSP, ZWJ, soft hyphen.
      {"Pu\u2060tin \u200Eok\u200F \uFEFFx", "putin ok x"},  // Word joiner, bidi marks, BOM.
      {"\uFB01nance \uFB02ag", "finance flag"},              // Ligatures.
      {"Stra\u00DFe", "strasse"},                            // Full case folding.
      {"caf\u00E9 cafe\u0301", "cafe cafe"},                 // Precomposed and combining agree.
      {"\u0420utin", "putin"},                               // Cyrillic capital ER.
      {"gri\u0435v\u0430n\u0441e", "grievance"},             // Cyrillic ie, a, es.
      {"\u03BFbama", "obama"},                               // Greek omicron.
      {"non\u00A0breaking\u2003em", "non breaking em"},
      {"x\u2029y", "x\ny"},          // Paragraph separator.
      {"x\u2028y", "x y"},           // A line break inside a paragraph (layout.h).
      {"One.\rTwo.", "one.\ntwo."},  // Old Mac line ends.
      {"one\ftwo", "one\ntwo"},      // A form feed ends a paragraph.
      {"ctrl\x01\x7f"
       "chars",
       "ctrlchars"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NormalizeToString(c.input), c.expected) << "input: " << c.input;
  }
}

TEST(NormalizerTest, SeedTitleMatchesPlainAscii) {
  const std::string plain =
      "Putin dismisses grievance of hacking and inner crackdowns ahead of biden summit";
  std::string disguised;
  std::ifstream in(std::string(UNSPUN_SOURCE_DIR) + "/examples/seeds/000_spun_copy_of_nbc.txt");
  if (in) {
    std::getline(in, disguised);
  } else {
    // The title of seed 000, as it appears there: Cyrillic letters inside Latin words.
    disguised =
        "\u0420utin dismisses griev\u0430n\u0441e \u043Ef h\u0430\u0441king \u0430nd inner "
        "\u0441r\u0430\u0441kd\u043Ewns \u0430he\u0430d \u043Ef biden summit";
  }
  ASSERT_NE(disguised, plain);
  const std::string want = NormalizeToString(plain);
  EXPECT_EQ(NormalizeToString(disguised), want);

  // Fullwidth, zero-width-joined and soft-hyphenated variants of the same title.
  std::string fullwidth, joined, hyphenated;
  for (char32_t c : CodePoints(plain)) {
    fullwidth +=
        Utf8({c == ' ' ? U'\u3000' : (c >= '!' && c <= '~' ? c - 0x21 + 0xFF01 : c)}, 0, 1);
    joined += Utf8({c}, 0, 1) + (c == ' ' ? "" : "\u200D");
    hyphenated += Utf8({c}, 0, 1) + (c == 'a' ? "\u00AD" : "");
  }
  EXPECT_EQ(NormalizeToString(fullwidth), want);
  EXPECT_EQ(NormalizeToString(joined), want);
  EXPECT_EQ(NormalizeToString(hyphenated), want);
}

TEST(NormalizerTest, OffsetTable) {
  // Each output byte maps to the code points of the original that produced it.
  struct OffsetCase {
    const char* input;
    const char* text;
    std::vector<uint32_t> begin, end;
  };
  const OffsetCase cases[] = {
      {"Ab", "ab", {0, 1}, {1, 2}},
      {"  a  b ", "a b", {2, 3, 5}, {3, 5, 6}},
      {"\u0420u", "pu", {0, 1}, {1, 2}},
      {"a\u200Bb", "ab", {0, 2}, {1, 3}},
      {"\u00DF!", "ss!", {0, 0, 1}, {1, 1, 2}},
      {"e\u0301x", "ex", {0, 2}, {1, 3}},
      {"\U0001D400b", "ab", {0, 1}, {1, 2}},  // Mathematical bold A, an astral code point.
      {"\u05E9 \u05DC", "\u05E9 \u05DC", {0, 0, 1, 2, 2}, {1, 1, 2, 3, 3}},  // Hebrew.
  };
  for (const OffsetCase& c : cases) {
    NormalizedText n;
    Normalize(c.input, &n);
    EXPECT_EQ(n.text, c.text) << c.input;
    EXPECT_EQ(n.begin, c.begin) << c.input;
    EXPECT_EQ(n.end, c.end) << c.input;
  }
}

// The slow, obvious reference: fold each code point with FoldCodePoint (no cache, no fast path),
// read the line breaks inside paragraphs (FindSoftBreaks) and the '\r' of "\r\n" as spaces,
// collapse whitespace, and record per output byte the code points that produced it.
NormalizedText ReferenceNormalize(const std::vector<char32_t>& cps) {
  NormalizedText out;
  std::vector<uint32_t> soft;
  FindSoftBreaks(Utf8(cps, 0, cps.size()), &soft);
  std::vector<std::pair<std::string, uint32_t>> pieces;  // Non-empty folds with their position.
  uint32_t byte = 0;
  for (uint32_t i = 0; i < cps.size(); ++i) {
    std::string f = FoldCodePoint(cps[i]);
    const bool crlf = cps[i] == '\r' && i + 1 < cps.size() && cps[i + 1] == '\n';
    if (f == "\n" && (crlf || std::binary_search(soft.begin(), soft.end(), byte))) f = " ";
    pieces.push_back({f, i});
    byte += static_cast<uint32_t>(unspun::Utf8(cps[i]).size());
  }
  size_t k = 0;
  while (k < pieces.size()) {
    const std::string& f = pieces[k].first;
    if (f == " " || f == "\n") {
      size_t j = k;
      bool newline = false;
      uint32_t last = pieces[k].second;
      while (j < pieces.size() &&
             (pieces[j].first == " " || pieces[j].first == "\n" || pieces[j].first.empty())) {
        if (!pieces[j].first.empty()) {
          newline |= pieces[j].first == "\n";
          last = pieces[j].second;
        }
        ++j;
      }
      if (!out.text.empty() && j < pieces.size()) {
        out.text.push_back(newline ? '\n' : ' ');
        out.begin.push_back(pieces[k].second);
        out.end.push_back(last + 1);
      }
      k = j;
      continue;
    }
    for (char ch : f) {
      out.text.push_back(ch);
      out.begin.push_back(pieces[k].second);
      out.end.push_back(pieces[k].second + 1);
    }
    ++k;
  }
  out.original_length = static_cast<uint32_t>(cps.size());
  return out;
}

// Random text drawn from a palette that exercises every path: ASCII, whitespace, invisible
// characters, combining marks, astral letters, right-to-left scripts, look-alikes, ligatures.
std::vector<char32_t> RandomText(std::mt19937* rng, size_t len) {
  static const char32_t kPalette[] = {
      'a',    'B',    'z',     '0',     '9',     '.',    ',',    '"',    '\'',   ' ',    ' ',
      '\n',   '\t',   '\r',    0x00A0,  0x2003,  0x3000, 0x200B, 0x200D, 0x00AD, 0x2060, 0x200E,
      0x202E, 0xFEFF, 0x0301,  0x0308,  0x00E9,  0x00DF, 0x0130, 0xFB01, 0xFF21, 0x2019, 0x201C,
      0x2014, 0x0430, 0x0420,  0x0436,  0x03BF,  0x03A3, 0x05D0, 0x05B8, 0x0627, 0x064E, 0x0915,
      0x093F, 0x4E2D, 0x1F600, 0x1D400, 0x10348, 0xFFFD, 0x2028, 0x0085, 0x0001};
  std::uniform_int_distribution<size_t> pick(0, std::size(kPalette) - 1);
  std::vector<char32_t> out;
  for (size_t i = 0; i < len; ++i) out.push_back(kPalette[pick(*rng)]);
  return out;
}

TEST(NormalizerTest, FastPathAgreesWithReferenceOnRandomText) {
  std::mt19937 rng(20210614);
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<char32_t> cps = RandomText(&rng, 1 + rng() % 80);
    std::string input = Utf8(cps, 0, cps.size());
    NormalizedText fast;
    Normalize(input, &fast);
    NormalizedText slow = ReferenceNormalize(cps);
    ASSERT_EQ(fast.text, slow.text) << "trial " << trial;
    ASSERT_EQ(fast.begin, slow.begin) << "trial " << trial;
    ASSERT_EQ(fast.end, slow.end) << "trial " << trial;
    ASSERT_EQ(fast.original_length, cps.size());
  }
}

TEST(NormalizerTest, RandomSpansMapBackToTheCharactersThatProducedThem) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<char32_t> cps = RandomText(&rng, 1 + rng() % 120);
    NormalizedText n;
    Normalize(Utf8(cps, 0, cps.size()), &n);
    if (n.text.empty()) continue;
    // Spans on code-point boundaries of the matching form.
    std::vector<size_t> starts;
    for (size_t i = 0; i < n.text.size(); ++i) {
      if ((static_cast<uint8_t>(n.text[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    starts.push_back(n.text.size());
    size_t a = rng() % (starts.size() - 1);
    size_t b = a + 1 + rng() % (starts.size() - 1 - a);
    const size_t lo = starts[a], hi = starts[b];
    auto [ob, oe] = n.ToOriginal(lo, hi);
    ASSERT_LT(ob, oe);
    ASSERT_LE(oe, cps.size());
    // Folding exactly the mapped-back characters yields the span (whitespace runs collapsed), and
    // the characters just outside contribute nothing to it.
    std::string span = n.text.substr(lo, hi - lo);
    std::string refolded;
    for (size_t i = ob; i < oe; ++i) {
      std::string f = FoldCodePoint(cps[i]);
      refolded += (f == "\n") ? " " : f;
    }
    auto squash = [](std::string s) {
      std::string out;
      for (char c : s) {
        if (c == ' ' || c == '\n') {
          if (out.empty() || out.back() != ' ') out.push_back(' ');
        } else {
          out.push_back(c);
        }
      }
      return out;
    };
    // A span may start or end inside the expansion of one character (ß -> ss, ﬁ -> fi): then
    // the extra bytes come from that first or last character only.
    const std::string first = FoldCodePoint(cps[ob]);
    const std::string last = FoldCodePoint(cps[oe - 1]);
    const std::string whole = squash(refolded), part = squash(span);
    const size_t at = whole.find(part);
    ASSERT_NE(at, std::string::npos) << "trial " << trial;
    EXPECT_LT(at, std::max<size_t>(first.size(), 1)) << "trial " << trial;
    EXPECT_LT(whole.size() - at - part.size(), std::max<size_t>(last.size(), 1))
        << "trial " << trial;
    EXPECT_FALSE(first.empty()) << "span starts on an invisible character, trial " << trial;
    EXPECT_FALSE(last.empty()) << "span ends on an invisible character, trial " << trial;
  }
}

TEST(NormalizerTest, InvalidUtf8ReadsAsReplacementCharacter) {
  EXPECT_EQ(NormalizeToString("a\xff"
                              "b"),
            "a\uFFFDb");
  EXPECT_EQ(NormalizeToString("\xe2\x80"), "\uFFFD");
}

TEST(NormalizerTest, LookalikeAndInvisibleClassification) {
  EXPECT_TRUE(IsAsciiLookalike(0x0430));   // Cyrillic a.
  EXPECT_TRUE(IsAsciiLookalike(0x03BF));   // Greek omicron.
  EXPECT_FALSE(IsAsciiLookalike(0x00E9));  // é is a Latin letter that looks like itself.
  EXPECT_FALSE(IsAsciiLookalike(0xFF41));  // Fullwidth a: a compatibility form, not a disguise.
  EXPECT_FALSE(IsAsciiLookalike('a'));
  EXPECT_FALSE(IsAsciiLookalike(0x0436));  // Cyrillic zhe has no Latin twin.
  EXPECT_TRUE(IsInvisible(0x200B));
  EXPECT_TRUE(IsInvisible(0x00AD));
  EXPECT_TRUE(IsInvisible(0x200F));
  EXPECT_FALSE(IsInvisible(0x00A0));
  EXPECT_FALSE(IsInvisible('x'));
}

}  // namespace
}  // namespace unspun
