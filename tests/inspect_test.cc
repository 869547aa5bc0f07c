// Tests for unspun inspect: the lexicon (from tiny stand-in files, and missing or corrupt ones),
// each spin signal, the version comparison, and whole inspections of the bundled seeds.

#include "unspun/inspect.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "text/spin.h"
#include "unspun/reader.h"

namespace unspun {
namespace {

namespace fs = std::filesystem;

std::u32string U32(std::string_view ascii) { return std::u32string(ascii.begin(), ascii.end()); }

void Write(const fs::path& p, std::string_view body) {
  std::ofstream out(p, std::ios::binary);
  out << body;
}

// A lexicon in the Debian formats, small enough to reason about.
class TinyLexicon : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("unspun_lexicon_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "scowl");
    fs::create_directories(dir_ / "wordnet");
    Write(dir_ / "scowl/english-words.10", "horse\nman\nhome\nthe\nran\n");
    Write(dir_ / "scowl/english-words.35", "news\n");
    Write(dir_ / "scowl/english-words.80", "equine\ninformation\n");
    Write(dir_ / "scowl/english-upper.50", "London\nTuesday\nParis\nMay\n");
    Write(dir_ / "scowl/english-words.20", "may\n");
    Write(dir_ / "wordnet/data.noun",
          "  1 This software and database is being provided to you, the LICENSEE, by\n"
          "02374451 05 n 03 horse 0 Equus_caballus 0 equine 0 000 | solid-hoofed herbivorous\n"
          "10287213 18 n 02 man 0 adult_male 0 000 | an adult person who is male\n"
          "garbage line without fields\n"
          "99999999 05 n ff\n");
    Write(dir_ / "mythes.dat",
          "UTF-8\nnews|1\n(noun)|information (generic term)|intelligence|antonym-ish (antonym)\n");
    paths_.scowl_dir = (dir_ / "scowl").string();
    paths_.wordnet_dir = (dir_ / "wordnet").string();
    paths_.mythes_file = (dir_ / "mythes.dat").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  LexiconPaths paths_;
};

TEST_F(TinyLexicon, LoadsLevelsNamesAndSynonyms) {
  std::string warning = "stale";
  auto lex = Lexicon::Load(paths_, &warning);
  EXPECT_EQ(warning, "");
  ASSERT_TRUE(lex->has_levels());
  ASSERT_TRUE(lex->has_synonyms());
  EXPECT_EQ(lex->Level("horse"), 10);
  EXPECT_EQ(lex->Level("equine"), 80);
  EXPECT_EQ(lex->Level("zebra"), Lexicon::kUnknownLevel);
  EXPECT_TRUE(lex->IsCapitalizedOnly("london"));
  EXPECT_FALSE(lex->IsCapitalizedOnly("may"));  // Also an ordinary word.
  EXPECT_FALSE(lex->IsCapitalizedOnly("horse"));
  EXPECT_TRUE(lex->AreSynonyms("horse", "equus caballus"));
  EXPECT_TRUE(lex->AreSynonyms("equus caballus", "horse"));
  EXPECT_TRUE(lex->AreSynonyms("man", "adult male"));
  EXPECT_TRUE(lex->AreSynonyms("news", "information"));   // From the OpenOffice file.
  EXPECT_FALSE(lex->AreSynonyms("news", "antonym-ish"));  // Antonyms are not synonyms.
  EXPECT_FALSE(lex->AreSynonyms("horse", "man"));
  EXPECT_EQ(lex->CommonSynonymOfRare("equine"), "horse");
  EXPECT_EQ(lex->CommonSynonymOfRare("horse"), "");  // Common itself.
  EXPECT_EQ(lex->CommonSynonymOfRare("information"), "news");
}

TEST_F(TinyLexicon, MissingFilesDegradeWithAMessage) {
  LexiconPaths nowhere;
  nowhere.scowl_dir = (dir_ / "no-scowl").string();
  nowhere.wordnet_dir = (dir_ / "no-wordnet").string();
  nowhere.mythes_file = (dir_ / "no-mythes.dat").string();
  std::string warning;
  auto lex = Lexicon::Load(nowhere, &warning);
  ASSERT_NE(lex, nullptr);
  EXPECT_FALSE(lex->has_levels());
  EXPECT_FALSE(lex->has_synonyms());
  EXPECT_NE(warning.find("package scowl"), std::string::npos) << warning;
  EXPECT_NE(warning.find("package wordnet-base"), std::string::npos) << warning;
  EXPECT_NE(warning.find("mythes-en-us"), std::string::npos) << warning;
  // Signals that need the lexicon are silent; the mixed-case initialism needs none.
  const std::u32string text = U32("The equine ran home from the u.S. And the u.K. on tuesday.");
  EXPECT_EQ(FindRareSynonyms(text, *lex, nullptr).rare, 0u);
  const CaseDamage c = FindCaseDamage(text, {0}, *lex);
  EXPECT_EQ(c.mixed_initialisms, 2u);
  EXPECT_EQ(c.lowercase_names, 0u);
}

TEST_F(TinyLexicon, OnlyTheThesaurusMissing) {
  paths_.wordnet_dir = (dir_ / "none").string();
  paths_.mythes_file = (dir_ / "none.dat").string();
  std::string warning;
  auto lex = Lexicon::Load(paths_, &warning);
  EXPECT_TRUE(lex->has_levels());
  EXPECT_FALSE(lex->has_synonyms());
  EXPECT_EQ(warning.find("package scowl"), std::string::npos) << warning;
  EXPECT_NE(warning.find("package wordnet-base"), std::string::npos) << warning;
  EXPECT_EQ(lex->CommonSynonymOfRare("equine"), "");
}

TEST_F(TinyLexicon, CaseDamageMarksAndOffsets) {
  auto lex = Lexicon::Load(paths_, nullptr);
  //                              0         1         2         3         4         5
  //                              0123456789012345678901234567890123456789012345678901234567
  const std::u32string text = U32("The man from london met the u.S. And Paris on tuesday. he ran");
  const CaseDamage c = FindCaseDamage(text, {0, 55}, *lex);
  EXPECT_EQ(c.mixed_initialisms, 1u);
  EXPECT_EQ(c.lowercase_names, 2u);  // london, tuesday
  EXPECT_EQ(c.distinct_lowercase_names, 2u);
  EXPECT_EQ(c.capitalized_names, 1u);  // Paris
  EXPECT_EQ(c.sentences, 2u);
  EXPECT_EQ(c.lowercase_starts, 1u);  // "he ran"
  bool saw_initialism = false, saw_london = false;
  for (const SpinMark& m : c.marks) {
    if (m.what == "u.S.") {
      saw_initialism = true;
      EXPECT_EQ(m.begin, 28u);
      EXPECT_EQ(m.end, 32u);
    }
    if (m.what == "london") {
      saw_london = true;
      EXPECT_EQ(m.begin, 13u);
      EXPECT_EQ(m.end, 19u);
    }
  }
  EXPECT_TRUE(saw_initialism);
  EXPECT_TRUE(saw_london);
  // "iPhone" opens a sentence in lowercase by design; a URL is not a lowercase name.
  const CaseDamage d =
      FindCaseDamage(U32("iPhone sales rose. See bbc.co.uk/london now."), {0, 19}, *lex);
  EXPECT_EQ(d.lowercase_starts, 0u);
  EXPECT_EQ(d.lowercase_names, 0u);
}

TEST_F(TinyLexicon, CaseDamageOnEmptyAndOddInput) {
  auto lex = Lexicon::Load(paths_, nullptr);
  const CaseDamage empty = FindCaseDamage(U32(""), {0, 7}, *lex);  // Starts past the end.
  EXPECT_EQ(empty.sentences, 0u);
  EXPECT_EQ(empty.inner_words, 0u);
  const CaseDamage edge = FindCaseDamage(U32("u.S."), {}, *lex);  // At the very end.
  EXPECT_EQ(edge.mixed_initialisms, 1u);
  const CaseDamage nonascii = FindCaseDamage(U"Caf\u00e9 \u041cосква london\u0301", {0}, *lex);
  EXPECT_EQ(nonascii.lowercase_names, 0u);  // Glued to a combining mark: not an ASCII word.
}

TEST_F(TinyLexicon, RareSynonymsCountLowercaseContentWords) {
  auto lex = Lexicon::Load(paths_, nullptr);
  const RareSynonyms r =
      FindRareSynonyms(U32("The Equine and the equine ran home, information."), *lex, nullptr);
  EXPECT_EQ(r.content_words, 4u);  // equine, ran, home, information ("Equine" is capitalized).
  EXPECT_EQ(r.rare, 2u);
  ASSERT_EQ(r.marks.size(), 2u);
  EXPECT_EQ(r.marks[0].what, "equine");
  EXPECT_EQ(r.marks[0].begin, 19u);
  EXPECT_NE(r.marks[0].note.find("horse"), std::string::npos);
  EXPECT_EQ(r.weight, 6);  // Both on the size-80 list: 3 each.
  EXPECT_EQ(FindRareSynonyms(U32(""), *lex, nullptr).content_words, 0u);
}

TEST_F(TinyLexicon, RareSynonymsCountEachWordOnceAndSkipCorpusVocabulary) {
  auto lex = Lexicon::Load(paths_, nullptr);
  const std::u32string text = U32("the equine ran, the equine ran home, the equine information");
  const RareSynonyms once = FindRareSynonyms(text, *lex, nullptr);
  EXPECT_EQ(once.rare, 2u);  // "equine" three times counts once.
  EXPECT_EQ(once.marks.size(), 2u);
  // In a corpus where most articles say "equine", it is ordinary vocabulary there.
  DocumentFrequencies corpus;
  for (int i = 0; i < 10; ++i) corpus.Add(U32(i < 7 ? "An Equine story." : "Nothing here."));
  EXPECT_TRUE(corpus.Common("equine"));
  EXPECT_FALSE(corpus.Common("information"));
  EXPECT_FALSE(corpus.Common("unseen"));
  EXPECT_EQ(corpus.documents(), 10u);
  const RareSynonyms in_corpus = FindRareSynonyms(text, *lex, &corpus);
  EXPECT_EQ(in_corpus.rare, 1u);
  EXPECT_EQ(in_corpus.marks[0].what, "information");
}

std::vector<Word> Words(std::string_view text) {
  std::vector<Word> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const size_t b = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > b) {
      out.push_back(
          {std::string(text.substr(b, i - b)), static_cast<uint32_t>(b), static_cast<uint32_t>(i)});
    }
  }
  return out;
}

TEST_F(TinyLexicon, CompareVersionsFindsTheSpunSide) {
  auto lex = Lexicon::Load(paths_, nullptr);
  const auto a = Words("the man rode the horse home and read the news on the way");
  const auto b = Words("the adult male rode the equine home and read the information on the way");
  const SpinDirection d = CompareVersions(a, b, *lex);
  EXPECT_EQ(d.swaps, 3u);
  EXPECT_EQ(d.synonyms, 3u);
  EXPECT_EQ(d.toward_a, 0u);
  EXPECT_EQ(d.toward_b, 3u);
  ASSERT_EQ(d.marks_b.size(), 3u);
  EXPECT_EQ(d.marks_b[0].what, "adult male");
  EXPECT_EQ(d.marks_b[0].begin, 4u);
  EXPECT_EQ(d.marks_b[0].end, 14u);
  // Swapped the other way round, the other side is the spun one.
  const SpinDirection r = CompareVersions(b, a, *lex);
  EXPECT_EQ(r.toward_a, 3u);
  EXPECT_EQ(r.toward_b, 0u);
}

TEST_F(TinyLexicon, CompareVersionsIgnoresTyposAndEmptyInput) {
  auto lex = Lexicon::Load(paths_, nullptr);
  const SpinDirection d = CompareVersions(Words("the goverment said the horse ran"),
                                          Words("the government said the horse ran"), *lex);
  EXPECT_EQ(d.swaps, 0u);
  EXPECT_EQ(CompareVersions({}, Words("a b c"), *lex).swaps, 0u);
  EXPECT_EQ(CompareVersions({}, {}, *lex).swaps, 0u);
}

// Whole inspections with the Debian lexicon; skipped where its packages are not installed.
class WithDebianLexicon : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string warning = LexiconWarning();
    if (warning.find("scowl") != std::string::npos ||
        warning.find("wordnet") != std::string::npos) {
      GTEST_SKIP() << warning;
    }
  }
};

std::vector<Document> Seeds() {
  std::vector<Document> docs;
  ReadStats stats;
  Status s = ReadAllDocuments({std::string(UNSPUN_SOURCE_DIR) + "/examples/seeds"}, ReadOptions(),
                              &docs, &stats);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return docs;
}

TEST_F(WithDebianLexicon, SeedsOnlyTheSpunCopyIsFlagged) {
  const std::vector<Document> docs = Seeds();
  ASSERT_EQ(docs.size(), 4u);
  const std::vector<Inspection> ins = InspectCorpus(docs, InspectOptions());
  ASSERT_EQ(ins.size(), 4u);
  for (size_t i = 0; i < docs.size(); ++i) {
    const auto flags = ins[i].Flags();
    const bool spun = std::find(flags.begin(), flags.end(), "spun") != flags.end();
    EXPECT_EQ(spun, docs[i].id == "000_spun_copy_of_nbc") << docs[i].id << " " << ins[i].spun_score;
    EXPECT_TRUE(ins[i].copy_of.empty()) << docs[i].id;
  }
}

TEST_F(WithDebianLexicon, LowercasedTextIsCaseDamaged) {
  Document plain;
  plain.id = "plain";
  plain.text =
      "Prime Minister Tony Blair met President George Bush in London on Tuesday. The two leaders "
      "discussed Iraq, Iran and trade with China. Mr Blair said Britain and America would work "
      "together. Officials in Washington and Paris welcomed the talks on Wednesday.";
  Document lowered = plain;
  lowered.id = "lowered";
  lowered.text =
      "Prime minister tony blair met president george bush in london on tuesday. The two leaders "
      "discussed iraq, iran and trade with china. Mr blair said britain and america would work "
      "together. Officials in washington and paris welcomed the talks on wednesday.";
  const Inspection a = InspectDocument(plain);
  const Inspection b = InspectDocument(lowered);
  EXPECT_LT(a.spun_score, 0.1);
  EXPECT_GE(b.spun_score, Inspection::kSpunThreshold);
  ASSERT_FALSE(b.spun_signals.empty());
  EXPECT_EQ(b.spun_signals[0].name, "case");
  EXPECT_FALSE(b.spun_signals[0].marks.empty());
}

TEST_F(WithDebianLexicon, EveryWordCapitalizedIsCaseDamaged) {
  std::string body;
  for (int i = 0; i < 12; ++i) {
    body += "The Council Met On Monday To Discuss The New Budget For Schools And Roads. ";
  }
  Document doc;
  doc.id = "title-case";
  doc.text = body;
  EXPECT_GE(InspectDocument(doc).spun_score, Inspection::kSpunThreshold);
  // One capitalized heading-like sentence among ordinary ones is not damage.
  doc.text =
      "The Council Met On Monday. The council discussed the new budget for schools and "
      "roads, and agreed to meet again next week after the holidays.";
  EXPECT_LT(InspectDocument(doc).spun_score, 0.2);
}

TEST_F(WithDebianLexicon, BoilerplateIsSiteFurnitureOnly) {
  Document doc;
  doc.id = "d";
  doc.text =
      "Highlights\n\nThe council approved the budget on Monday after a long debate.\n\nAlso "
      "Read: Council elections next year\n\nShare on Facebook  Share on Twitter";
  const Inspection ins = InspectDocument(doc);
  ASSERT_EQ(ins.boilerplate.size(), 2u);  // Not the subheading.
  EXPECT_EQ(ins.boilerplate[0].what, "Also Read: Council elections next year");
  EXPECT_EQ(ins.boilerplate[0].note, "link list");
  EXPECT_EQ(ins.boilerplate[1].note, "share bar");
  EXPECT_EQ(doc.text.substr(0, 0), "");
}

TEST_F(WithDebianLexicon, EmptyCorpusAndOneDocument) {
  EXPECT_TRUE(InspectCorpus({}, InspectOptions()).empty());
  Document doc;
  doc.id = "one";
  doc.text = "x";
  const auto ins = InspectCorpus({doc}, InspectOptions());
  ASSERT_EQ(ins.size(), 1u);
  EXPECT_TRUE(ins[0].Flags().empty());
}

}  // namespace
}  // namespace unspun

namespace unspun {
namespace {

Inspection DisguisesIn(const std::string& text) {
  Document doc;
  doc.id = "x";
  doc.text = text;
  return FindDisguises(doc);
}

TEST(DisguisesTest, PresentationFormsOfLatinLettersAreDisguises) {
  // Fullwidth e and mathematical bold e inside English words: each looks like "e".
  for (const char* letter : {"\xEF\xBD\x85", "\xF0\x9D\x90\x9E"}) {
    const Inspection ins = DisguisesIn(std::string("The ") + letter + "conomy grew.");
    ASSERT_EQ(ins.homoglyphs.size(), 1u) << letter;
    EXPECT_EQ(ins.homoglyphs[0].offset, 4u);
    EXPECT_EQ(ins.homoglyphs[0].looks_like, "e");
    EXPECT_EQ(ins.Flags(), std::vector<std::string>{"homoglyphs"});
  }
}

TEST(DisguisesTest, AccentsLigaturesAndOtherScriptsAreNot) {
  // Accented Latin letters, an fi ligature, and a whole Greek word are ordinary text.
  EXPECT_TRUE(DisguisesIn("The caf\xC3\xA9 owner's r\xC3\xA9sum\xC3\xA9 was na\xC3\xAFve.")
                  .homoglyphs.empty());
  EXPECT_TRUE(DisguisesIn("A \xEF\xAC\x81nal offer.").homoglyphs.empty());
  EXPECT_TRUE(DisguisesIn("\xCE\xBA\xCE\xB1\xCE\xBB\xCE\xB7\xCE\xBC\xCE\xAD\xCF\x81\xCE\xB1 "
                          "\xCF\x83\xCE\xB1\xCF\x82")
                  .homoglyphs.empty());
}

}  // namespace
}  // namespace unspun
