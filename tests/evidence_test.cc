// Passage alignment and evidence: the short-passage filter, passage edges, word changes,
// disguised characters, boilerplate and quotes, and the compare views built on them.
#include "align/evidence.h"

#include <gtest/gtest.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <fstream>
#include <string>
#include <vector>

#include "align/analysis.h"
#include "align/verify.h"
#include "report/compare_view.h"
#include "report/evidence_json.h"
#include "unspun/compare.h"
#include "unspun/normalizer.h"

namespace unspun {
namespace {

Document Doc(std::string id, std::string text, std::string title = "") {
  Document d;
  d.id = std::move(id);
  d.text = std::move(text);
  d.title = std::move(title);
  return d;
}

std::optional<ReusePair> VerifyTexts(const std::string& x, const std::string& y) {
  Analysis a, b;
  Analyze(Doc("a", x), &a);
  Analyze(Doc("b", y), &b);
  return Verify(a, b, VerifyOptions());
}

// Code points of a UTF-8 string.
std::vector<char32_t> Decode(std::string_view s) {
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

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

const char* kHost =
    "The city council approved a new budget on Tuesday after a long debate about road repairs.\n\n"
    "Council members argued for hours over the cost of fixing bridges on the north side of "
    "town.\n\n"
    "Residents who attended the meeting complained that their streets had been ignored for "
    "years.\n\n"
    "The mayor promised that work on the worst roads would begin before the end of the summer.\n\n";
const char* kSource =
    "Greg Rusedski was forced to withdraw from the Open 13 in Marseille on Thursday with a rib "
    "injury.\n\n"
    "The British number two had been due to face a qualifier in the second round of the event.\n\n"
    "He is now expected to rest for at least a week before deciding on his next tournament.\n\n";
const char* kCopied =
    "Greg Rusedski was forced to withdraw from the Open 13 in Marseille on Thursday with a rib "
    "injury.";

TEST(ShortPassageTest, OneExactSentenceOfTenContentWordsIsPartialReuse) {
  const std::string copy = std::string(kHost) + kCopied + "\n\nThe council meets again next month.";
  auto v = VerifyTexts(copy, kSource);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->relation, Relation::kPartial);
  ASSERT_EQ(v->passages.size(), 1u);
  // The passage is the sentence, its final full stop included (end exclusive).
  const size_t at = std::string(kHost).size();
  EXPECT_EQ(v->passages[0].a_begin, at);
  EXPECT_EQ(v->passages[0].a_end, at + std::string(kCopied).size());
  EXPECT_EQ(v->passages[0].b_begin, 0u);
  EXPECT_EQ(v->passages[0].b_end, std::string(kCopied).size());
}

TEST(ShortPassageTest, OneWordChangedIsNotExact) {
  std::string changed = kCopied;
  changed.replace(changed.find("Thursday"), 8, "Wednesday");
  auto v = VerifyTexts(std::string(kHost) + changed + "\n\nThe council meets again.", kSource);
  EXPECT_FALSE(v.has_value());
}

TEST(ShortPassageTest, StockPhraseIsTooShort) {
  const std::string stock = "The company said in a statement on Monday that it had no comment.";
  auto v = VerifyTexts(std::string(kHost) + stock + "\n\nThe council meets again next month.",
                       std::string(kSource) + stock + "\n\nHe will return next week.");
  EXPECT_FALSE(v.has_value());
}

TEST(ShortPassageTest, SignOffClosingBothArticlesIsNotReuse) {
  const std::string sign_off =
      "Clark Boyd is technology correspondent for The World, a BBC World Service and "
      "WGBH-Boston co-production.";
  auto v = VerifyTexts(std::string(kHost) + sign_off, std::string(kSource) + sign_off);
  EXPECT_FALSE(v.has_value());
}

TEST(QuotedSpeechTest, SharedQuotesAloneAreNotReuseButAreShown) {
  const std::string quote =
      "\"We will not accept any deal that leaves our farmers worse off than they are today, and "
      "we will say so at every meeting until the end of the talks,\" the minister said.\n\n";
  const Document a = Doc("a", std::string(kHost) + quote);
  const Document b = Doc("b", quote + kSource);
  const Comparison c = CompareDocuments(a, b);
  EXPECT_FALSE(c.verdict.has_value());
  ASSERT_EQ(c.passages.size(), 1u);
  EXPECT_FALSE(c.passages[0].counted);
  EXPECT_TRUE(c.passages[0].quotes_only);
  ASSERT_EQ(c.passages[0].evidence.quotes_a.size(), 1u);
  // The quote span starts at "We" (after the opening mark) in a.
  EXPECT_EQ(c.passages[0].evidence.quotes_a[0].begin, std::string(kHost).size() + 1);
}

const char* kOriginal =
    "The minister said the new policy would help families across the country next year.\n\n"
    "Officials expect the scheme to cost about two billion pounds over five years.\n\n"
    "Opposition parties said the plan did not go far enough and called for a vote.\n\n"
    "A final decision is expected when parliament returns after the summer recess.\n\n";
const char* kSpun =
    "The minister said the new policy would aid families across the us of a next year.\n\n"
    "Officials expect the scheme to cost about two billion pounds over five yaers.\n\n"
    "Opposition parties said the plan did not go far enough and called for a ballot.\n\n"
    "A final decision is expected when parliament returns after the summer recess.\n\n";

TEST(EvidenceTest, SubstitutionsTyposAndTheirWords) {
  const Document a = Doc("a", kOriginal), b = Doc("b", kSpun);
  const Comparison c = CompareDocuments(a, b);
  ASSERT_TRUE(c.verdict.has_value());
  EXPECT_EQ(c.verdict->relation, Relation::kRewrite);
  ASSERT_EQ(c.verdict->evidence.size(), 1u);
  const CodePointIndex ta(a.text), tb(b.text);
  std::vector<std::string> seen;
  for (const WordChange& w : c.verdict->evidence[0].changes) {
    seen.push_back(std::string(WordChangeKindName(w.kind)) + ":" +
                   std::string(ta.Slice(w.a.begin, w.a.end)) + ">" +
                   std::string(tb.Slice(w.b.begin, w.b.end)));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"substituted:help>aid", "substituted:country>us of a",
                                            "typo:years>yaers", "substituted:vote>ballot"}));
}

TEST(EvidenceTest, BoilerplateAddedAroundAPassage) {
  const std::string furniture = "Also Read: Ten things to know about the budget\n\n";
  const Document a = Doc("a", kOriginal);
  const Document b = Doc("b", std::string(kOriginal) + furniture);
  const Comparison c = CompareDocuments(a, b);
  ASSERT_TRUE(c.verdict.has_value());
  ASSERT_EQ(c.verdict->evidence.size(), 1u);
  const PassageEvidence& ev = c.verdict->evidence[0];
  EXPECT_TRUE(ev.boilerplate_a.empty());
  ASSERT_EQ(ev.boilerplate_b.size(), 1u);
  const CodePointIndex tb(b.text);
  EXPECT_EQ(tb.Slice(ev.boilerplate_b[0].begin, ev.boilerplate_b[0].end),
            "Also Read: Ten things to know about the budget");
}

TEST(EvidenceTest, InvisibleCharacterInsideAPassage) {
  std::string disguised = kOriginal;
  disguised.insert(disguised.find("policy") + 3, "\u200B");  // Zero-width space in "policy".
  const Comparison c = CompareDocuments(Doc("a", kOriginal), Doc("b", disguised));
  ASSERT_TRUE(c.verdict.has_value());
  EXPECT_EQ(c.verdict->relation, Relation::kDuplicate);
  const auto& dis = c.verdict->evidence.at(0).disguised_b;
  ASSERT_EQ(dis.size(), 1u);
  EXPECT_EQ(dis[0].code_point, U'\u200B');
  EXPECT_TRUE(dis[0].looks_like.empty());
  EXPECT_EQ(dis[0].offset, std::string(kOriginal).find("policy") + 3);
  EXPECT_TRUE(c.verdict->evidence[0].changes.empty());
}

// Seed 000's title, and the same title with every look-alike letter replaced by the ASCII letter
// it imitates (its case kept).
std::pair<std::string, std::string> SeedTitleAndTwin() {
  std::ifstream in(std::string(UNSPUN_SOURCE_DIR) + "/examples/seeds/000_spun_copy_of_nbc.txt");
  std::string title;
  std::getline(in, title);
  std::string twin;
  for (char32_t c : Decode(title)) {
    if (c < 0x80) {
      twin.push_back(static_cast<char>(c));
      continue;
    }
    std::string ascii = FoldCodePoint(c);
    if (u_isupper(c)) ascii[0] = static_cast<char>(ascii[0] - 'a' + 'A');
    twin += ascii;
  }
  return {title, twin};
}

TEST(CompareTest, SeedTitleAgainstItsAsciiTwinMarksEachCyrillicLetter) {
  const auto [title, twin] = SeedTitleAndTwin();
  ASSERT_FALSE(title.empty()) << "examples/seeds/000_spun_copy_of_nbc.txt missing";
  std::vector<uint32_t> cyrillic;
  const std::vector<char32_t> cps = Decode(title);
  for (uint32_t k = 0; k < cps.size(); ++k) {
    if (cps[k] >= 0x400 && cps[k] <= 0x4FF) cyrillic.push_back(k);
  }
  ASSERT_GE(cyrillic.size(), 10u);
  for (char ch : twin) ASSERT_LT(static_cast<unsigned char>(ch), 0x80) << twin;

  // As article texts: the one aligned passage carries every Cyrillic letter, and nothing else.
  const Document a = Doc("seed-000-title", title), b = Doc("ascii-twin", twin);
  const Comparison c = CompareDocuments(a, b);
  ASSERT_EQ(c.passages.size(), 1u);
  std::vector<uint32_t> marked;
  for (const DisguisedChar& d : c.passages[0].evidence.disguised_a) {
    marked.push_back(d.offset);
    EXPECT_EQ(d.looks_like, FoldCodePoint(cps[d.offset]));
  }
  EXPECT_EQ(marked, cyrillic);
  EXPECT_TRUE(c.passages[0].evidence.disguised_b.empty());
  EXPECT_TRUE(c.passages[0].evidence.changes.empty());  // Same words once normalized.
  const std::string plain = RenderCompareTerminal(a, b, c, /*color=*/false);
  EXPECT_EQ(Count(plain, "\u00AB"), cyrillic.size() + 1);  // One more in the legend line.
  EXPECT_EQ(plain.find("\x1b["), std::string::npos);
  EXPECT_NE(RenderCompareTerminal(a, b, c, /*color=*/true).find("\x1b[1;7;35m"), std::string::npos);
  const std::string html = RenderCompareHtml(a, b, c);
  EXPECT_EQ(Count(html, "<span class=\"dis\""), cyrillic.size());
  EXPECT_NE(html.find("U+0420 CYRILLIC CAPITAL LETTER ER, looks like"), std::string::npos);

  // As titles over a shared body: the title's letters are marked in every view.
  const Document ta = Doc("a", kOriginal, title), tb = Doc("b", kOriginal, twin);
  const Comparison ct = CompareDocuments(ta, tb);
  EXPECT_EQ(Count(RenderCompareHtml(ta, tb, ct), "<span class=\"dis\""), cyrillic.size());
  EXPECT_EQ(Count(RenderCompareJson(ta, tb, ct), "\"field\":\"title\""), cyrillic.size());
}

TEST(CompareTest, UnrelatedArticlesShareNothing) {
  const Comparison c = CompareDocuments(Doc("a", kHost), Doc("b", kSource));
  EXPECT_FALSE(c.verdict.has_value());
  EXPECT_TRUE(c.passages.empty());
  const std::string json = RenderCompareJson(Doc("a", kHost), Doc("b", kSource), c);
  EXPECT_NE(json.find("\"relation\":null"), std::string::npos);
}

TEST(EvidenceJsonTest, PassagesWithAndWithoutEvidence) {
  ReusePair p{};
  p.passages.push_back({1, 5, 2, 6});
  std::string out;
  AppendPassagesJson(p, CodePointIndex(""), CodePointIndex(""), &out);
  EXPECT_EQ(out, "[{\"a\":[1,5],\"b\":[2,6]}]");
  PassageEvidence ev;
  ev.changes.push_back({WordChange::Kind::kSubstituted, {1, 4}, {2, 5}});
  p.evidence.push_back(ev);
  out.clear();
  AppendPassagesJson(p, CodePointIndex("xhelpx"), CodePointIndex("xxaidsx"), &out);
  EXPECT_NE(out.find("\"kind\":\"substituted\",\"a\":[1,4],\"b\":[2,5],\"from\":\"hel\","
                     "\"to\":\"aid\""),
            std::string::npos)
      << out;
}

TEST(EvidenceJsonTest, CodePointIndexClampsAndDecodes) {
  const CodePointIndex t("a\u0430b");
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.Slice(1, 2), "\u0430");
  EXPECT_EQ(t.Slice(2, 99), "b");
  EXPECT_EQ(t.Slice(5, 9), "");
  EXPECT_EQ(t.At(1), U'\u0430');
  EXPECT_EQ(t.At(7), U'\uFFFD');
}

}  // namespace
}  // namespace unspun

namespace unspun {
namespace {

TEST(EvidenceTest, HugeUnpunctuatedSentenceGivesOneChangeNotATable) {
  // 6,000 words with no sentence end on either side, differing in the middle: a 36M-cell table
  // would be needed; the evidence reports the differing middle as one change instead.
  std::string x, y;
  for (int k = 0; k < 6000; ++k) {
    std::string w = "w";
    w += std::to_string(k % 997);
    w += " ";
    x += w;
    y += (k >= 2000 && k < 2003) ? "other " : w;
  }
  const Comparison c = CompareDocuments(Doc("a", x), Doc("b", y));
  ASSERT_TRUE(c.verdict.has_value());
  ASSERT_EQ(c.verdict->evidence.size(), 1u);
  const auto& changes = c.verdict->evidence[0].changes;
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, WordChange::Kind::kSubstituted);
  const CodePointIndex tb(y);
  EXPECT_EQ(tb.Slice(changes[0].b.begin, changes[0].b.end), "other other other");
}

TEST(CompareTest, EmptyAndTitleOnlyArticles) {
  const Comparison c = CompareDocuments(Doc("a", ""), Doc("b", "   \n\n "));
  EXPECT_FALSE(c.verdict.has_value());
  EXPECT_TRUE(c.passages.empty());
  const std::string view = RenderCompareTerminal(Doc("a", ""), Doc("b", ""), c, false);
  EXPECT_NE(view.find("no reuse"), std::string::npos);
  const Document ta = Doc("a", "", "Same title here"), tb = Doc("b", "", "Same title today");
  const Comparison ct = CompareDocuments(ta, tb);
  EXPECT_TRUE(ct.titles_aligned);
  ASSERT_EQ(ct.title_changes.size(), 1u);
  EXPECT_EQ(ct.title_changes[0].kind, WordChange::Kind::kSubstituted);
  EXPECT_NE(RenderCompareHtml(ta, tb, ct).find("chg add"), std::string::npos);
}

}  // namespace
}  // namespace unspun
