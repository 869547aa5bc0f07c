#include "unspun/text_analysis.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "unspun/normalizer.h"
#include "unspun/tokenizer.h"

namespace unspun {
namespace {

// The sentences of `original`, in matching form, joined by " | ".
std::string Sentences(std::string_view original) {
  NormalizedText norm;
  Normalize(original, &norm);
  std::vector<Span> spans;
  SplitSentences(original, norm, &spans);
  std::string out;
  for (const Span& s : spans) {
    if (!out.empty()) out += " | ";
    out += norm.text.substr(s.begin, s.end - s.begin);
  }
  return out;
}

// The quotes of `original` as "[quote] <- speaker", joined by " | ".
std::string Quotes(std::string_view original) {
  NormalizedText norm;
  Normalize(original, &norm);
  std::vector<Quote> quotes;
  FindQuotes(norm, &quotes);
  std::string out;
  for (const Quote& q : quotes) {
    if (!out.empty()) out += " | ";
    out += '[';
    out.append(norm.text, q.span.begin, q.span.end - q.span.begin);
    out += ']';
    if (!q.speaker.empty()) {
      out += " <- ";
      out.append(norm.text, q.speaker.begin, q.speaker.end - q.speaker.begin);
    }
  }
  return out;
}

struct Case {
  const char* input;
  const char* expected;
};

TEST(SentencesTest, Table) {
  const Case cases[] = {
      {"", ""},
      {"One. Two! Three? Four", "one. | two! | three? | four"},
      {"Really?! Yes.", "really?! | yes."},
      {"  Padded.   Out.  ", "padded. | out."},
      // Paragraph breaks always end a sentence.
      {"No stop here\nNew paragraph", "no stop here | new paragraph"},
      {"First para.\n\nSecond para.", "first para. | second para."},
      // Dotted initialisms: an end only before an uppercase non-stopword.
      {"It hit the U.S. And Russia.", "it hit the u.s. and russia."},
      {"It hit the U.S. and Russia.", "it hit the u.s. and russia."},
      {"It hit the U.K. Officials said so.", "it hit the u.k. | officials said so."},
      {"Send it at 5 p.m. sharp.", "send it at 5 p.m. sharp."},
      // Mixed case "u.S." is a spinner's recapitalization: the next capital means nothing.
      {"the u.S. And the west agree.", "the u.s. and the west agree."},
      {"a u.S. Information corporation.", "a u.s. information corporation."},
      {"Fruit, e.g. Apples, is good.", "fruit, e.g. apples, is good."},
      {"Fruit, i.e. Apples, is good.", "fruit, i.e. apples, is good."},
      // Titles.
      {"Mr. Smith met Mrs. Jones and Ms. Lee.", "mr. smith met mrs. jones and ms. lee."},
      {"Dr. Who and Prof. X came.", "dr. who and prof. x came."},
      {"Sen. A, Rep. B, Gov. C and Gen. D.", "sen. a, rep. b, gov. c and gen. d."},
      {"He went to St. Louis.", "he went to st. louis."},
      {"Smith vs. Jones ended.", "smith vs. jones ended."},
      // Suffixes: ambiguous.
      {"Martin Luther King Jr. was there.", "martin luther king jr. was there."},
      {"John Smith Sr. and his son.", "john smith sr. and his son."},
      {"Apple Inc. said so. Acme Corp. and Foo Ltd. too.",
       "apple inc. said so. | acme corp. and foo ltd. too."},
      {"Shares of Apple Inc. Rose sharply.", "shares of apple inc. | rose sharply."},
      {"Smith & Co. is a firm.", "smith & co. is a firm."},
      // "No." before a number.
      {"He is No. 1 now.", "he is no. 1 now."},
      {"He said no. Then he left.", "he said no. | then he left."},
      // Months, but not May.
      {"On Jan. 6 they came.", "on jan. 6 they came."},
      {"By Feb. 2 or Sept. 30 or Dec. 25 it ends.", "by feb. 2 or sept. 30 or dec. 25 it ends."},
      {"It was in May. Then it rained.", "it was in may. | then it rained."},
      // Single-letter initials.
      {"John F. Kennedy spoke.", "john f. kennedy spoke."},
      {"J. R. R. Tolkien wrote.", "j. r. r. tolkien wrote."},
      // Decimals and glued dots never end a sentence.
      {"It rose 3.5 percent. Then fell.", "it rose 3.5 percent. | then fell."},
      {"u.S.-russia ties. More.", "u.s.-russia ties. | more."},
      // Ellipses.
      {"He said \"We will... we must win\" today.", "he said \"we will... we must win\" today."},
      {"He said \"We will... We must win\" today.", "he said \"we will... we must win\" today."},
      {"It was over... The crowd left.", "it was over... | the crowd left."},
      {"It was over... and then not.", "it was over... and then not."},
      {"It was over\u2026 The crowd left.", "it was over... | the crowd left."},
      // Quotes.
      {"\"Navalny will come out alive,\" Putin said.",
       "\"navalny will come out alive,\" putin said."},
      {"He said: \"It is over.\" Then he left.", "he said: \"it is over.\" | then he left."},
      {"\"Is it over?\" he asked.", "\"is it over?\" he asked."},
      {"\"Is it over?\" asked Putin.", "\"is it over?\" asked putin."},
      {"\"It is over.\" President Joe Biden said.", "\"it is over.\" president joe biden said."},
      {"\u201CIt is over!\u201D The crowd cheered.", "\"it is over!\" | the crowd cheered."},
      {"\"One. Two,\" he said. \"Three.\"", "\"one. | two,\" he said. | \"three.\""},
      {"(It ended.) Then more.", "(it ended.) | then more."},
      {"He said 'go.' Then left.", "he said 'go.' | then left."},
      // The seed sentence.
      {"\"appearance, such selections in this us of a aren't made by way of the president,\" "
       "putin said.",
       "\"appearance, such selections in this us of a aren't made by way of the president,\" "
       "putin said."},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Sentences(c.input), c.expected) << "input: " << c.input;
  }
}

TEST(SentencesTest, SpansPointIntoOriginal) {
  const std::string original = "\u0420utin  spoke. \u201CYes,\u201D he said.";
  NormalizedText norm;
  Normalize(original, &norm);
  std::vector<Span> spans;
  SplitSentences(original, norm, &spans);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(norm.ToOriginal(spans[0].begin, spans[0].end), std::make_pair(0u, 13u));
  EXPECT_EQ(norm.ToOriginal(spans[1].begin, spans[1].end), std::make_pair(14u, 29u));
}

// Case is read from the original by code point, so text before the abbreviation that changes
// length under normalization (a ligature, an invisible character) must not shift the lookup.
TEST(SentencesTest, CaseLookupSurvivesLengthChanges) {
  EXPECT_EQ(Sentences("\uFB01ne\u200B in the U.S. Officials left."),
            "fine in the u.s. | officials left.");
  EXPECT_EQ(Sentences("\uFB01ne\u200B in the U.S. officials left."),
            "fine in the u.s. officials left.");
}

TEST(QuotesTest, Table) {
  const Case cases[] = {
      {"No quotes here.", ""},
      // Scare quotes (fewer than 3 words) are not speech.
      {"It was a \"coincidence\" and \"not really\" so.", ""},
      {"\"We will win this,\" Putin said.", "[we will win this,] <- putin"},
      {"\"We will win this,\" said Putin.", "[we will win this,] <- putin"},
      {"\"We will win this,\" said President Joe Biden, smiling.",
       "[we will win this,] <- president joe biden"},
      {"\"We will win this,\" President Joe Biden said.",
       "[we will win this,] <- president joe biden"},
      {"\"We will win this,\" the president said.", "[we will win this,] <- president"},
      {"\"We will win this,\" he said.", "[we will win this,] <- he"},
      {"\"We will win this,\" said she.", "[we will win this,] <- she"},
      {"\"We will win this,\" according to officials.", "[we will win this,] <- officials"},
      {"Putin said: \"We will win this.\"", "[we will win this.] <- putin"},
      {"Asked about it, Putin replied, \"We will win this.\"", "[we will win this.] <- putin"},
      {"According to the Kremlin, \"we will win this.\"", "[we will win this.] <- kremlin"},
      {"\u201CWe will win this,\u201D he told reporters.", "[we will win this,] <- he"},
      // A continuation quote takes the speaker of the sentence before it.
      {"\"We were accused of all things,\" he said. \"Election interference and so on.\"",
       "[we were accused of all things,] <- he | [election interference and so on.] <- he"},
      {"\"One two three,\" Putin said. \"Four five six,\" Biden added.",
       "[one two three,] <- putin | [four five six,] <- biden"},
      // Words after a closed quote that start a new sentence are not its speaker.
      {"He said: \"It is over.\" Then Putin said, \"It is not.\"",
       "[it is over.] <- he | [it is not.] <- putin"},
      {"\"We will win this.\" And then they left.", "[we will win this.]"},
      // A quote open at a paragraph end closes there; the next paragraph reopens it.
      {"Putin said: \"We will win this\n\"And the next one too,\" he added.",
       "[we will win this] <- putin | [and the next one too,] <- he"},
      // A mark that never closes, with no speaker and no paragraph after it, is not speech.
      {"\"Unclosed quote runs on", ""},
      // Marks paired by their shape: a stray opening mark before a real quote (and one a copier
      // left before a word) hides no prose.
      {"The new \"plant will be built near the old one. \"We are glad,\" he said.",
       "[we are glad,] <- he"},
      {"The new \"plant will be built close to the one in \"Chennai, it said.", ""},
      // A stray mark introduced by a speaker: the speech ends with its sentence.
      {"Putin said: \"We will win this. Then the meeting ended and all went home.",
       "[we will win this.] <- putin"},
      // An opening mark cut off: the speech starts with its sentence.
      {"The plan failed. It is nothing serious at all,\" said coach Peter Stanley. Prose here.",
       "[it is nothing serious at all,] <- coach peter stanley"},
      // Inch and second marks are not quote marks.
      {"A 12\" screen and a 15\" one were shown; \"we love them both,\" she said.",
       "[we love them both,] <- she"},
      // The seed sentence.
      {"\"appearance, such selections in this us of a aren't made by way of the president,\" "
       "putin said.",
       "[appearance, such selections in this us of a aren't made by way of the president,] <- "
       "putin"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Quotes(c.input), c.expected) << "input: " << c.input;
  }
}

TEST(QuotesTest, SpanIsInsideTheMarks) {
  NormalizedText norm;
  Normalize("x \" a b c \" y", &norm);
  std::vector<Quote> quotes;
  FindQuotes(norm, &quotes);
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].span, (Span{4, 9}));
  EXPECT_EQ(quotes[0].speaker, (Span{0, 0}));
}

std::string ReadSeed() {
  const std::filesystem::path dir = std::filesystem::path(UNSPUN_SOURCE_DIR) / "../shared/seeds";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().filename().string().rfind("000_", 0) == 0) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      return ss.str();
    }
  }
  return "";
}

TEST(SeedTest, KnownSentencesComeOutWhole) {
  const std::string original = ReadSeed();
  if (original.empty()) GTEST_SKIP() << "no ../shared/seeds/000_*.txt next to the source tree";
  NormalizedText norm;
  Normalize(original, &norm);
  std::vector<Span> spans;
  SplitSentences(original, norm, &spans);
  std::vector<std::string> sentences;
  for (const Span& s : spans) sentences.push_back(norm.text.substr(s.begin, s.end - s.begin));
  auto has = [&](const std::string& s) {
    return std::find(sentences.begin(), sentences.end(), s) != sentences.end();
  };
  const char* expected[] = {
      "in an distinct interview with nbc information, putin claimed nearly all condemnations of "
      "russia need to observe similarly to the u.s. and the west.",
      "\"appearance, such selections in this us of a aren't made by way of the president,\" putin "
      "said.",
      "that become one in all several hanging moments in putin's first interview in three years "
      "with a u.s. information corporation, days ahead of his assembly with president joe biden "
      "in geneva.",
      "reminded that navalny wasn't simply any prisoner, putin replied: \"he will not be dealt "
      "with any worse than all people else.\"",
      "\"we had been accused of all types of things,\" he said.",
      "\"election interference, cyberattacks and so on and so on.",
      "\"mr. trump is an fantastic man or woman, gifted character.",
      "otherwise he might no longer have become u.s. president,\" putin said.",
  };
  for (const char* e : expected) EXPECT_TRUE(has(e)) << "missing sentence: " << e;

  std::vector<Quote> quotes;
  FindQuotes(norm, &quotes);
  auto speaker_of = [&](std::string_view quote_start) -> std::string {
    for (const Quote& q : quotes) {
      if (std::string_view(norm.text).substr(q.span.begin).starts_with(quote_start)) {
        return norm.text.substr(q.speaker.begin, q.speaker.end - q.speaker.begin);
      }
    }
    return "<no quote>";
  };
  EXPECT_EQ(speaker_of("appearance, such selections"), "putin");
  EXPECT_EQ(speaker_of("he will not be dealt with"), "putin");
  EXPECT_EQ(speaker_of("we had been accused"), "he");
  EXPECT_EQ(speaker_of("election interference"), "he");
  EXPECT_EQ(speaker_of("there are some grounds"), "putin");
  EXPECT_EQ(speaker_of("we've continually dealt"), "putin");
  EXPECT_EQ(speaker_of("farcical"), "<no quote>");
}

// Random text made of the characters the rules look at: spans stay in bounds, ordered,
// trimmed and non-empty, and quote speakers lie outside their quotes.
TEST(TextAnalysisTest, RandomInputsKeepInvariants) {
  const std::vector<std::string> pieces = {
      "a",      "B",      "u",      "S",   ".", ".", "!", "?",  " ",    " ",  "\n",
      "\"",     "'",      "(",      ")",   ":", ",", "3", "mr", "said", "he", "according to",
      "\u201C", "\u2026", "\u0420", "\xff"};
  std::mt19937 rng(42);
  NormalizedText norm;
  std::vector<Span> spans;
  std::vector<Quote> quotes;
  for (int round = 0; round < 3000; ++round) {
    std::string original;
    const int len = static_cast<int>(rng() % 40);
    for (int i = 0; i < len; ++i) original += pieces[rng() % pieces.size()];
    Normalize(original, &norm);
    SplitSentences(original, norm, &spans);
    uint32_t prev_end = 0;
    for (const Span& sp : spans) {
      ASSERT_LT(sp.begin, sp.end) << original;
      ASSERT_LE(sp.end, norm.text.size()) << original;
      ASSERT_LE(prev_end, sp.begin) << original;
      ASSERT_NE(norm.text[sp.begin], ' ') << original;
      ASSERT_NE(norm.text[sp.end - 1], ' ') << original;
      prev_end = sp.end;
    }
    FindQuotes(norm, &quotes);
    for (const Quote& q : quotes) {
      ASSERT_LT(q.span.begin, q.span.end) << original;
      ASSERT_LE(q.span.end, norm.text.size()) << original;
      if (!q.speaker.empty()) {
        ASSERT_LE(q.speaker.end, norm.text.size()) << original;
        ASSERT_TRUE(q.speaker.end <= q.span.begin || q.speaker.begin >= q.span.end) << original;
      }
    }
  }
}

TEST(StemTest, Table) {
  const Case cases[] = {
      {"running", "run"}, {"elections", "elect"}, {"election", "elect"},
      {"denied", "deni"}, {"denies", "deni"},     {"accusations", "accus"},
      {"putin", "putin"}, {"said", "said"},       {"", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Stem(c.input), c.expected) << "word: " << c.input;
    EXPECT_EQ(StemHash(c.input), HashWord(c.expected)) << "word: " << c.input;
  }
  // Served from the cache the second time, same answer.
  EXPECT_EQ(Stem("running"), "run");
}

// Words whose hashes land in one cache slot must not return each other's stems.
TEST(StemTest, CacheSlotReuse) {
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 20000; ++i) {
      const std::string w = "walking" + std::to_string(i) + "s";
      ASSERT_EQ(Stem(w), "walking" + std::to_string(i)) << w;
    }
    EXPECT_EQ(Stem("running"), "run");
  }
}

TEST(StemTest, TwoThreads) {
  const std::vector<std::pair<std::string, std::string>> words = {
      {"running", "run"}, {"elections", "elect"}, {"hopeful", "hope"},
      {"cats", "cat"},    {"quickly", "quick"},   {"generously", "generous"},
  };
  std::vector<int> failures(2, 0);
  auto work = [&](int id) {
    for (int i = 0; i < 20000; ++i) {
      const auto& [w, stem] = words[(i + id) % words.size()];
      if (Stem(w) != stem || StemHash(w) != HashWord(stem)) ++failures[id];
      // Defeat the cache now and then, so the stemmer itself runs on both threads.
      const std::string fresh = "jumping" + std::to_string(i * 2 + id);
      if (Stem(fresh) != "jumping" + std::to_string(i * 2 + id)) ++failures[id];
    }
  };
  std::thread a(work, 0), b(work, 1);
  a.join();
  b.join();
  EXPECT_EQ(failures[0], 0);
  EXPECT_EQ(failures[1], 0);
}

}  // namespace
}  // namespace unspun
