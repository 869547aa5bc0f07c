// The optimised story feature extraction (src/story/features.cc: flat per-thread tables, one
// stem per token, a forward cursor over the original text) against the straightforward one it
// replaced, kept here as the reference (with the same weights and word tests, from
// story/features.h): the features must be the same bit for bit (hashes, float weights, order),
// since every story decision downstream depends on them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "align/analysis.h"
#include "story/features.h"
#include "text/original_text.h"
#include "unspun/reader.h"
#include "unspun/stories.h"
#include "unspun/text_analysis.h"
#include "unspun/tokenizer.h"

namespace unspun {
// In story_internal, beside the weights and word tests it shares with the extraction.
namespace story_internal {
namespace {

// The extraction as first written: unordered containers, a stem lookup per use, OriginalText.
StoryFeatures ReferenceFeatures(const Document& doc) {
  StoryFeatures out;
  out.day = DayNumber(doc.published);
  Analysis a;
  Analyze(doc, &a);
  const OriginalText original(doc.text);
  const std::string& s = a.norm.text;

  // Pass 1: which stems are names in this article (capitalised where no capital is required).
  std::unordered_set<uint64_t> entities;
  for (const Sentence& sentence : a.sentences) {
    if (sentence.boilerplate) continue;
    for (uint32_t t = sentence.token_begin + 1; t < sentence.token_end; ++t) {
      const Token& tok = a.tokens[t];
      if (tok.stopword() || tok.number() || AfterOpener(s, tok.begin)) continue;
      const std::string_view word = std::string_view(s).substr(tok.begin, tok.end - tok.begin);
      if (original.IsUpper(a.norm.begin[tok.begin]) && !CapitalisedByConvention(word)) {
        entities.insert(StemHash(word));
      }
    }
  }

  std::unordered_map<uint64_t, float> raw;
  auto add = [&](std::string_view word, const Token& tok, float position) {
    if (tok.stopword() || word.size() < 2) return;
    if (tok.number()) {
      raw[HashWord(word)] += kNumberWeight * position;
      return;
    }
    if (IsAsciiDigits(word)) return;
    const uint64_t h = StemHash(word);
    raw[h] += (entities.count(h) ? kEntityWeight : kWordWeight) * position;
  };
  for (const Sentence& sentence : a.sentences) {
    if (sentence.boilerplate) continue;
    uint64_t previous_quoted = 0;  // Stem of the previous content word inside a quote.
    for (uint32_t t = sentence.token_begin; t < sentence.token_end; ++t) {
      const Token& tok = a.tokens[t];
      const std::string_view word = std::string_view(s).substr(tok.begin, tok.end - tok.begin);
      const float position =
          1.0f + kLeadBoost * std::exp(-static_cast<float>(tok.begin) / kLeadBytes);
      add(word, tok, position);
      if (!a.token_quoted[t]) {
        previous_quoted = 0;
      } else if (!tok.stopword()) {
        const uint64_t h = StemHash(word);
        if (previous_quoted != 0) raw[QuotePairHash(previous_quoted, h)] += kQuoteWeight;
        previous_quoted = h;
      }
    }
  }
  if (!doc.title.empty()) {
    NormalizedText title;
    Normalize(doc.title, &title);
    std::vector<Token> tokens;
    Tokenize(title.text, &tokens);
    for (const Token& tok : tokens) {
      add(std::string_view(title.text).substr(tok.begin, tok.end - tok.begin), tok,
          1.0f + kLeadBoost);
    }
  }
  out.weights.reserve(raw.size());
  for (const auto& [h, w] : raw) out.weights.emplace_back(h, Damp(w));
  std::sort(out.weights.begin(), out.weights.end());
  return out;
}

}  // namespace
}  // namespace story_internal

namespace {

// Same features, bit for bit (a float compared by its bits: -0 and NaN would not hide).
void ExpectIdentical(const StoryFeatures& want, const StoryFeatures& got, const std::string& what) {
  ASSERT_EQ(want.day, got.day) << what;
  ASSERT_EQ(want.weights.size(), got.weights.size()) << what;
  for (size_t k = 0; k < want.weights.size(); ++k) {
    ASSERT_EQ(want.weights[k].first, got.weights[k].first) << what << " feature " << k;
    uint32_t a, b;
    std::memcpy(&a, &want.weights[k].second, 4);
    std::memcpy(&b, &got.weights[k].second, 4);
    ASSERT_EQ(a, b) << what << " feature " << k << ": " << want.weights[k].second << " vs "
                    << got.weights[k].second;
  }
}

// Both overloads against the reference, on every document.
void CheckAll(const std::vector<Document>& docs) {
  Analysis analysis;
  for (const Document& d : docs) {
    const StoryFeatures want = story_internal::ReferenceFeatures(d);
    ExpectIdentical(want, ExtractStoryFeatures(d), d.id);
    Analyze(d, &analysis);
    ExpectIdentical(want, ExtractStoryFeatures(d, analysis), d.id + " (analysed)");
    if (testing::Test::HasFatalFailure()) return;
  }
}

Document Doc(std::string id, std::string title, std::string text, std::string published = "") {
  Document d;
  d.id = std::move(id);
  d.title = std::move(title);
  d.text = std::move(text);
  d.published = std::move(published);
  return d;
}

TEST(StoryFeaturesReferenceTest, SameAsReferenceOnEdgeCases) {
  const std::string long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis";
  CheckAll({
      Doc("empty", "", ""),
      Doc("title only", "Quake hits Qeshm island, 5 injured", "", "2021-03-04"),
      Doc("quotes", "Minister speaks",
          "The minister Hossein Rastegar said: \"We will rebuild every house in Dargahan by "
          "2023.\" He added that \"the Red Crescent\" had sent 40 tents. Monday, Mr Rastegar "
          "left.\n\nAlso Read: other news | more",
          "2021-03-05"),
      Doc("non-ASCII", "Élection à Zürich",
          "Les électeurs de Zürich ont voté dimanche. « Nous sommes fiers », a déclaré Ærøskøbing "
          "Ölçer, maire d'Ústí, devant 12 000 personnes. Die Wahl in München fand am Montag statt; "
          "Σωκράτης und Ἀθῆναι sprachen. Invalid \xff\xfe bytes, then Ñandú and ǅemal.",
          "2020-01-01"),
      Doc("long words", long_word,
          "A case of " + long_word + " in " + long_word + "ville was reported, " + long_word +
              " says the Antidisestablishmentarianism Society of Llanfairpwllgwyngyll."),
      Doc("repeats", "Ten ten ten",
          std::string(50, ' ') + "Ten people met Ten others. Ten. \"Ten ten ten ten.\" 10 10 10 "
                                 "1999 1999 2001 x y z Q."),
  });
}

// Real text: the examples shipped with the source, and the dev corpora next to the source tree
// when present.
TEST(StoryFeaturesReferenceTest, SameAsReferenceOnExamples) {
  std::vector<Document> docs;
  ReadStats stats;
  const std::string dir = std::string(UNSPUN_SOURCE_DIR) + "/examples";
  ASSERT_TRUE(ReadAllDocuments({dir + "/seeds", dir + "/more"}, ReadOptions(), &docs, &stats).ok());
  ASSERT_FALSE(docs.empty());
  CheckAll(docs);
}

TEST(StoryFeaturesReferenceTest, SameAsReferenceOnDevCorpora) {
  const std::string shared = std::string(UNSPUN_SOURCE_DIR) + "/../shared/eval";
  std::vector<std::string> paths;
  for (const char* p : {"/dev/corpus.jsonl", "/stories-dev/corpus.jsonl"}) {
    if (std::filesystem::exists(shared + p)) paths.push_back(shared + p);
  }
  if (paths.empty()) GTEST_SKIP() << "no ../shared/eval dev corpora next to the source tree";
  std::vector<Document> docs;
  ReadStats stats;
  ASSERT_TRUE(ReadAllDocuments(paths, ReadOptions(), &docs, &stats).ok());
  CheckAll(docs);
}

}  // namespace
}  // namespace unspun
