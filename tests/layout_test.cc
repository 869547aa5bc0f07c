// Layout (text/layout.h): a copy is a copy however its lines are broken. Each relation's copy,
// re-wrapped at every width from 30 to 120, broken raggedly, with CRLF line ends or with
// single-newline paragraphs, gets the verdict and the passages of the unwrapped copy.
#include "text/layout.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "test_documents.h"
#include "unspun/document.h"
#include "unspun/normalizer.h"
#include "unspun/pairs.h"

namespace unspun {
namespace {

// Paragraphs of an article, each one line.
const std::vector<std::string> kOriginal = {
    "The city council approved a new budget on Tuesday after months of debate over school "
    "funding, road repairs and the future of the central library.",
    "Council members voted seven to two in favour of the plan, which raises spending on "
    "libraries by four percent and sets aside money for the harbour bridge. Mayor Helen "
    "Carter said the vote ended a long and bitter argument.",
    "\"This budget protects essential services while keeping property taxes flat for the third "
    "year in a row,\" Carter told reporters outside City Hall.",
    "Opponents argued that the plan relied on optimistic revenue forecasts and delayed needed "
    "maintenance of the water system, which engineers say is near the end of its life.",
    "The budget takes effect on the first of July and will be reviewed again in the autumn, when "
    "the council expects new figures from the state treasury.",
};

// The same article spun: content words swapped for synonyms, function words left in place.
const std::vector<std::string> kSpun = {
    "The municipal council endorsed a fresh budget on Tuesday after months of argument over "
    "school financing, street repairs and the destiny of the main library.",
    "Council members voted seven to two in support of the scheme, which lifts outlays on "
    "libraries by four percent and reserves cash for the port bridge. Mayor Helen Carter "
    "stated the ballot finished a lengthy and harsh quarrel.",
    "\"This budget protects essential services while keeping property taxes flat for the third "
    "year in a row,\" Carter told reporters outside City Hall.",
    "Critics contended that the scheme depended on hopeful income projections and postponed "
    "required upkeep of the water network, which engineers say is close to the end of its life.",
    "The budget takes hold on the first of July and will be examined once more in the fall, when "
    "the council awaits fresh numbers from the state treasury.",
};

// An unrelated article that hosts one paragraph of the original.
const std::vector<std::string> kHost = {
    "A severe storm knocked out power to thousands of homes across the northern suburbs late on "
    "Sunday night, and fallen trees closed several main roads until the morning.",
    "Utility crews worked through the night to restore electricity, and most customers had "
    "service again by noon on Monday, a spokesman for the power company said.",
    kOriginal[3],
    "Forecasters expect calmer weather for the rest of the week, with sunshine and mild "
    "temperatures in most areas and only a small chance of showers on Friday.",
};

std::string Join(const std::vector<std::string>& paragraphs, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    if (i > 0) out += sep;
    out += paragraphs[i];
  }
  return out;
}

std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> words;
  size_t b = 0;
  while (b < s.size()) {
    size_t e = s.find(' ', b);
    if (e == std::string::npos) e = s.size();
    if (e > b) words.push_back(s.substr(b, e - b));
    b = e + 1;
  }
  return words;
}

// Greedy wrapping as text tools do it: as many words on a line as fit in `width` columns.
std::string Wrap(const std::string& paragraph, size_t width) {
  std::string out, line;
  for (const std::string& w : Words(paragraph)) {
    if (!line.empty() && line.size() + 1 + w.size() > width) {
      out += line + "\n";
      line.clear();
    }
    if (!line.empty()) line += " ";
    line += w;
  }
  return out + line;
}

// Lines of 5 to 11 words, wherever that falls: ragged breaks, as web extraction leaves them.
std::string Ragged(const std::string& paragraph, std::mt19937* rng) {
  std::string out;
  size_t until = 5 + (*rng)() % 7, k = 0;
  for (const std::string& w : Words(paragraph)) {
    if (k > 0) out += k == until ? "\n" : " ";
    if (k == until) until += 5 + (*rng)() % 7;
    out += w;
    ++k;
  }
  return out;
}

std::string Crlf(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

std::string CollapseWhitespace(const std::string& s) {
  std::string out;
  for (char c : s) {
    const bool space = c == ' ' || c == '\n' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// The code points [b, e) of UTF-8 `s` (ASCII here), whitespace collapsed.
std::string Slice(const std::string& s, uint32_t b, uint32_t e) {
  return CollapseWhitespace(s.substr(b, e - b));
}

struct Verdict {
  bool found = false;
  Relation relation = Relation::kPartial;
  std::vector<std::string> passages_original, passages_copy;
};

Verdict Judge(const std::string& original, const std::string& copy) {
  const std::vector<Document> docs = {TestDocument("original", original, "2021-06-01"),
                                      TestDocument("copy", copy, "2021-06-02")};
  const std::vector<ReusePair> pairs = FindReusePairs(docs, {});
  Verdict v;
  if (pairs.size() != 1) return v;
  v.found = true;
  v.relation = pairs[0].relation;
  for (const Passage& p : pairs[0].passages) {
    v.passages_original.push_back(Slice(original, p.a_begin, p.a_end));
    v.passages_copy.push_back(Slice(copy, p.b_begin, p.b_end));
  }
  return v;
}

struct Relative {
  const char* name;
  std::vector<std::string> copy;
  Relation relation;
};

std::vector<Relative> Relatives() {
  std::vector<std::string> near = kOriginal;
  near.erase(near.begin() + 4);  // The last paragraph dropped.
  near[1].replace(near[1].find("percent"), 7, "precent");
  return {{"duplicate", kOriginal, Relation::kDuplicate},
          {"near_duplicate", near, Relation::kNearDuplicate},
          {"rewrite", kSpun, Relation::kRewrite},
          {"partial", kHost, Relation::kPartial}};
}

TEST(LayoutTest, EachRelationSurvivesAnyFormatting) {
  const std::string original = Join(kOriginal, "\n\n");
  std::mt19937 rng(14);
  for (const Relative& r : Relatives()) {
    const Verdict base = Judge(original, Join(r.copy, "\n\n"));
    ASSERT_TRUE(base.found) << r.name;
    ASSERT_EQ(base.relation, r.relation) << r.name;
    std::vector<std::pair<std::string, std::string>> variants;
    for (size_t width = 30; width <= 120; width += 5) {
      std::vector<std::string> wrapped;
      for (const std::string& p : r.copy) wrapped.push_back(Wrap(p, width));
      variants.push_back({"width " + std::to_string(width), Join(wrapped, "\n\n")});
      variants.push_back(
          {"width " + std::to_string(width) + ", single newlines", Join(wrapped, "\n")});
      variants.push_back(
          {"width " + std::to_string(width) + ", CRLF", Crlf(Join(wrapped, "\n\n"))});
    }
    for (int trial = 0; trial < 10; ++trial) {
      std::vector<std::string> ragged;
      for (const std::string& p : r.copy) ragged.push_back(Ragged(p, &rng));
      variants.push_back({"ragged " + std::to_string(trial), Join(ragged, "\n\n")});
    }
    variants.push_back({"single newlines", Join(r.copy, "\n")});
    variants.push_back({"CRLF", Crlf(Join(r.copy, "\n\n"))});
    variants.push_back({"CR", Join(r.copy, "\r\r")});
    for (const auto& [what, copy] : variants) {
      const Verdict v = Judge(original, copy);
      ASSERT_TRUE(v.found) << r.name << ", " << what;
      EXPECT_EQ(v.relation, base.relation) << r.name << ", " << what;
      EXPECT_EQ(v.passages_original, base.passages_original) << r.name << ", " << what;
      EXPECT_EQ(v.passages_copy, base.passages_copy) << r.name << ", " << what;
    }
  }
}

std::string Unbroken(std::string s) {
  for (char& c : s) c = c == '\n' ? ' ' : c;
  return s;
}

// The matching form of a wrapped text is that of the unwrapped text, at every width. With
// single-newline paragraphs a paragraph's last line may fill the width by chance and so run on
// into the next paragraph, a merge at a sentence end; no line break is left inside a sentence.
TEST(LayoutTest, WrappedTextHasTheMatchingFormOfUnwrappedText) {
  const std::string plain = NormalizeToString(Join(kOriginal, "\n\n"));
  for (size_t width = 30; width <= 120; ++width) {
    std::vector<std::string> wrapped;
    for (const std::string& p : kOriginal) wrapped.push_back(Wrap(p, width));
    EXPECT_EQ(NormalizeToString(Join(wrapped, "\n\n")), plain) << width;
    const std::string single = NormalizeToString(Join(wrapped, "\n"));
    EXPECT_EQ(Unbroken(single), Unbroken(plain)) << width << ", single newlines";
    for (size_t k = single.find('\n'); k != std::string::npos; k = single.find('\n', k + 1)) {
      EXPECT_EQ(single[k - 1], '.') << width << ", single newlines: " << single.substr(0, k);
    }
  }
}

std::vector<uint32_t> Soft(const std::string& s) {
  std::vector<uint32_t> soft;
  FindSoftBreaks(s, &soft);
  return soft;
}

TEST(LayoutTest, Rules) {
  // Blank lines, form feeds and U+2029 end paragraphs; text without breaks has none.
  EXPECT_TRUE(Soft("One line only").empty());
  EXPECT_TRUE(Soft("It ended.\n\nThen more.").empty());
  EXPECT_TRUE(Soft("It ended\fthen more").empty());
  // A line cut inside a sentence runs on: lowercase next, a comma, a function word.
  EXPECT_EQ(Soft("The minister said\nthat it was over."), std::vector<uint32_t>{17});
  EXPECT_EQ(Soft("In Paris,\nLondon and Rome."), std::vector<uint32_t>{9});
  EXPECT_EQ(Soft("He met the\nPresident."), std::vector<uint32_t>{10});
  // A name broken across lines.
  EXPECT_EQ(Soft("It was won by Prime Minister Tony\nBlair in 1997."), std::vector<uint32_t>{33});
  // A blank line inside a sentence (web extraction) runs on too.
  EXPECT_EQ(Soft("range from China's\n\neconomic power"), (std::vector<uint32_t>{18, 19}));
  // Sentence ends, list items, furniture, bylines and short heading lines stand alone.
  EXPECT_TRUE(Soft("It ended.\nThen more.").empty());
  EXPECT_TRUE(Soft("Other plans include:\n- Parenting plans\n- Legal aid changes").empty());
  EXPECT_TRUE(Soft("Share on Facebook  Share on Twitter\nWholesale prices rose.").empty());
  EXPECT_TRUE(Soft("By Staff Writer | Updated 3 hours ago\nThe vote was held.").empty());
  EXPECT_TRUE(Soft("LONDON\nThe vote was held on Monday.").empty());
  // "\r\n" is reported at its '\n'; a lone '\r' is a line break.
  EXPECT_EQ(Soft("The minister said\r\nthat it was over."), std::vector<uint32_t>{18});
  EXPECT_EQ(Soft("The minister said\rthat it was over."), std::vector<uint32_t>{17});
  // Hyphenation at a line end keeps the hyphen; the break is a space, which the tokenizer
  // treats as the hyphen it follows ("anti- doping" has the words of "anti-doping").
  EXPECT_EQ(NormalizeToString("the anti-\ndoping rules"), "the anti- doping rules");
  // Non-breaking spaces are spaces, also around line breaks.
  EXPECT_EQ(NormalizeToString("the vote\u00A0\nwas held"), "the vote was held");
}

}  // namespace
}  // namespace unspun
