// Tests for the lexicon's compiled table (docs/lexicon.md): a table answers as the parse it was
// built from, the cache is used, rebuilt when outdated and survives damage, and the same holds
// on the real Debian files where they are installed.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <xxhash.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "text/spin.h"

namespace unspun {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& p, std::string_view body) {
  std::ofstream out(p, std::ios::binary);
  out << body;
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The inode of `p`, or 0: a table rewritten (temp file renamed over it) gets a new one.
ino_t Inode(const fs::path& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 ? st.st_ino : 0;
}

// Every answer of `b` matches `a` for the words a.word(i), i in `ids`, and pairs among them and
// their synonyms.
void ExpectSameAnswers(const Lexicon& a, const Lexicon& b, const std::vector<uint32_t>& ids) {
  EXPECT_EQ(a.size(), b.size());
  EXPECT_EQ(a.has_levels(), b.has_levels());
  EXPECT_EQ(a.has_synonyms(), b.has_synonyms());
  EXPECT_EQ(a.warning(), b.warning());
  std::vector<std::string> words;
  for (uint32_t i : ids) {
    words.emplace_back(a.word(i));
    for (std::string_view s : a.Synonyms(a.word(i))) words.emplace_back(s);
  }
  words.push_back("no such word");
  words.push_back("");
  for (const std::string& w : words) {
    SCOPED_TRACE(w);
    EXPECT_EQ(a.Level(w), b.Level(w));
    EXPECT_EQ(a.IsCapitalizedOnly(w), b.IsCapitalizedOnly(w));
    EXPECT_EQ(a.CommonSynonymOfRare(w), b.CommonSynonymOfRare(w));
    EXPECT_EQ(a.Synonyms(w), b.Synonyms(w));
  }
  for (size_t x = 0; x < ids.size(); ++x) {
    const std::string_view w = a.word(ids[x]);
    EXPECT_EQ(b.word(ids[x]), w);
    for (std::string_view s : a.Synonyms(w)) EXPECT_TRUE(b.AreSynonyms(w, s)) << w << " / " << s;
    // A sample of non-synonym pairs too.
    const std::string_view other = a.word(ids[(x * 7 + 1) % ids.size()]);
    EXPECT_EQ(a.AreSynonyms(w, other), b.AreSynonyms(w, other)) << w << " / " << other;
  }
}

class LexiconTable : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("unspun_lexicon_table_" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
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
          "10287213 18 n 02 man 0 adult_male 0 000 | an adult person who is male\n");
    Write(dir_ / "mythes.dat",
          "UTF-8\nnews|1\n(noun)|information (generic term)|intelligence|antonym-ish (antonym)\n");
    paths_.scowl_dir = (dir_ / "scowl").string();
    paths_.wordnet_dir = (dir_ / "wordnet").string();
    paths_.mythes_file = (dir_ / "mythes.dat").string();
    paths_.cache_file = (dir_ / "cache/lexicon.bin").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The answers the tiny files give, whichever way the lexicon was loaded.
  static void ExpectTinyAnswers(const Lexicon& lex) {
    EXPECT_TRUE(lex.has_levels());
    EXPECT_TRUE(lex.has_synonyms());
    EXPECT_EQ(lex.Level("horse"), 10);
    EXPECT_EQ(lex.Level("equine"), 80);
    EXPECT_EQ(lex.Level("zebra"), Lexicon::kUnknownLevel);
    EXPECT_TRUE(lex.IsCapitalizedOnly("london"));
    EXPECT_FALSE(lex.IsCapitalizedOnly("may"));
    EXPECT_TRUE(lex.AreSynonyms("horse", "equus caballus"));
    EXPECT_TRUE(lex.AreSynonyms("news", "information"));
    EXPECT_FALSE(lex.AreSynonyms("news", "antonym-ish"));
    EXPECT_FALSE(lex.AreSynonyms("horse", "man"));
    EXPECT_EQ(lex.CommonSynonymOfRare("equine"), "horse");
    EXPECT_EQ(lex.CommonSynonymOfRare("information"), "news");
    EXPECT_EQ(lex.CommonSynonymOfRare("horse"), "");
  }

  // A sound table of the tiny files at the cache path, and its bytes.
  std::string SavedTable() {
    auto lex = Lexicon::Parse(paths_, nullptr);
    std::string error;
    EXPECT_TRUE(lex->Save(paths_.cache_file, &error)) << error;
    return ReadAll(paths_.cache_file);
  }

  // Writes `table` as the cache and checks that Open refuses it with an error holding `why`, and
  // that Load falls back to the word files, says so once, and leaves a sound table behind.
  void ExpectRefusedAndRebuilt(const std::string& table, const std::string& why) {
    Write(paths_.cache_file, table);
    std::string error;
    EXPECT_EQ(Lexicon::Open(paths_.cache_file, &error), nullptr);
    EXPECT_NE(error.find(why), std::string::npos) << error;
    EXPECT_NE(error.find(paths_.cache_file), std::string::npos) << error;  // Names the file.
    std::string warning = "stale", note;
    auto lex = Lexicon::Load(paths_, &warning, &note);
    ASSERT_NE(lex, nullptr);
    EXPECT_EQ(warning, "");
    EXPECT_NE(note.find(why), std::string::npos) << note;
    EXPECT_NE(note.find("rebuilt"), std::string::npos) << note;
    ExpectTinyAnswers(*lex);
    auto again = Lexicon::Open(paths_.cache_file, &error);
    ASSERT_NE(again, nullptr) << error;
    ExpectTinyAnswers(*again);
  }

  fs::path dir_;
  LexiconPaths paths_;
};

TEST_F(LexiconTable, OpenedTableAnswersLikeTheParse) {
  std::string warning = "stale";
  auto parsed = Lexicon::Parse(paths_, &warning);
  EXPECT_EQ(warning, "");
  ExpectTinyAnswers(*parsed);
  std::string error;
  ASSERT_TRUE(parsed->Save(paths_.cache_file, &error)) << error;
  auto opened = Lexicon::Open(paths_.cache_file, &error);
  ASSERT_NE(opened, nullptr) << error;
  ExpectTinyAnswers(*opened);
  EXPECT_EQ(opened->source_stamp(), Lexicon::SourceStamp(paths_));
  std::vector<uint32_t> all;
  for (uint32_t i = 0; i < parsed->size(); ++i) all.push_back(i);
  ASSERT_GE(all.size(), 12u);
  ExpectSameAnswers(*parsed, *opened, all);
  // Every pair, synonyms or not.
  for (uint32_t i : all) {
    for (uint32_t j : all) {
      EXPECT_EQ(parsed->AreSynonyms(parsed->word(i), parsed->word(j)),
                opened->AreSynonyms(parsed->word(i), parsed->word(j)));
    }
  }
  EXPECT_EQ(opened->word(opened->size()), "");  // Out of range.
}

TEST_F(LexiconTable, LoadWritesTheCacheThenReadsIt) {
  std::string note = "stale";
  auto first = Lexicon::Load(paths_, nullptr, &note);
  EXPECT_EQ(note, "");  // A missing cache is built silently.
  ExpectTinyAnswers(*first);
  const ino_t written = Inode(paths_.cache_file);
  ASSERT_NE(written, 0u);
  auto second = Lexicon::Load(paths_, nullptr, &note);
  EXPECT_EQ(note, "");
  ExpectTinyAnswers(*second);
  EXPECT_EQ(Inode(paths_.cache_file), written);  // Read, not rewritten.
}

TEST_F(LexiconTable, ChangedWordFilesOutdateTheCache) {
  Lexicon::Load(paths_, nullptr, nullptr);
  const ino_t written = Inode(paths_.cache_file);
  Write(dir_ / "scowl/english-words.10", "horse\nman\nhome\nthe\nran\nzebra\n");
  std::string note = "stale";
  auto lex = Lexicon::Load(paths_, nullptr, &note);
  EXPECT_EQ(note, "");  // Outdated is not damaged: rebuilt without a word.
  EXPECT_EQ(lex->Level("zebra"), 10);
  EXPECT_NE(Inode(paths_.cache_file), written);
  auto opened = Lexicon::Open(paths_.cache_file, nullptr);
  ASSERT_NE(opened, nullptr);
  EXPECT_EQ(opened->Level("zebra"), 10);
  // A file that disappears outdates it too.
  fs::remove(dir_ / "mythes.dat");
  std::string warning;
  lex = Lexicon::Load(paths_, &warning, &note);
  EXPECT_NE(warning.find("mythes-en-us"), std::string::npos) << warning;
  EXPECT_FALSE(lex->AreSynonyms("news", "information"));
  // ... and the warning is kept in the table.
  lex = Lexicon::Load(paths_, &warning, &note);
  EXPECT_NE(warning.find("mythes-en-us"), std::string::npos) << warning;
}

TEST_F(LexiconTable, TruncatedTablesAreRefused) {
  const std::string table = SavedTable();
  ASSERT_GT(table.size(), 200u);
  ExpectRefusedAndRebuilt("", "truncated");
  for (size_t keep : {size_t{10}, size_t{63}}) {
    SCOPED_TRACE(keep);
    ExpectRefusedAndRebuilt(table.substr(0, keep), "truncated");
  }
  for (size_t keep : {size_t{64}, table.size() / 2, table.size() - 1}) {
    SCOPED_TRACE(keep);
    ExpectRefusedAndRebuilt(table.substr(0, keep), "truncated or overlong");
  }
  ExpectRefusedAndRebuilt(table + "x", "truncated or overlong");
}

TEST_F(LexiconTable, CorruptTablesAreRefused) {
  const std::string table = SavedTable();
  std::string flipped = table;
  flipped[table.size() - 3] ^= 0x20;  // A letter of the string pool.
  ExpectRefusedAndRebuilt(flipped, "checksum");
  std::string magic = table;
  magic[0] = 'X';
  ExpectRefusedAndRebuilt(magic, "not an unspun lexicon table");
  ExpectRefusedAndRebuilt(std::string(table.size(), 'x'), "not an unspun lexicon table");
  // A damaged record under a valid checksum: the structure is checked too.
  std::string bad_word = table;
  const uint32_t far = 0x7fffffff;
  std::memcpy(bad_word.data() + 64 + 8, &far, 4);  // Word 0's common synonym.
  const uint64_t sum = XXH64(bad_word.data() + 32, bad_word.size() - 32, 0);
  std::memcpy(bad_word.data() + 24, &sum, 8);
  ExpectRefusedAndRebuilt(bad_word, "corrupt (word 0)");
}

// Damage that keeps the checksum right (recomputed) is met by the structure checks: whatever
// bytes are changed, Open refuses the table or queries on it stay in bounds (the sanitizer build
// of scripts/test.sh checks the reads).
TEST_F(LexiconTable, DamageUnderAValidChecksumNeverCrashes) {
  const std::string table = SavedTable();
  auto parsed = Lexicon::Parse(paths_, nullptr);
  std::mt19937 rng(7);
  int refused = 0;
  for (int round = 0; round < 300; ++round) {
    std::string damaged = table;
    for (int k = 0; k < 1 + round % 4; ++k) {
      // Past the checksum field, mostly in the records and slots where offsets live.
      const size_t at = 32 + rng() % (damaged.size() - 32);
      damaged[at] = static_cast<char>(rng());
    }
    const uint64_t sum = XXH64(damaged.data() + 32, damaged.size() - 32, 0);
    std::memcpy(damaged.data() + 24, &sum, 8);
    Write(paths_.cache_file, damaged);
    std::string error;
    auto lex = Lexicon::Open(paths_.cache_file, &error);
    if (lex == nullptr) {
      EXPECT_NE(error.find("corrupt"), std::string::npos) << error;
      ++refused;
      continue;
    }
    for (uint32_t i = 0; i <= parsed->size(); ++i) {
      const std::string_view w = parsed->word(i);
      lex->Level(w);
      lex->IsCapitalizedOnly(w);
      lex->CommonSynonymOfRare(w);
      lex->Synonyms(w);
      lex->AreSynonyms(w, "horse");
      lex->word(i);
    }
  }
  EXPECT_GT(refused, 50);  // The checks do catch damage to the structure.
}

TEST_F(LexiconTable, OtherVersionsAreRefused) {
  std::string table = SavedTable();
  const uint32_t version = 2;
  std::memcpy(table.data() + 8, &version, 4);
  ExpectRefusedAndRebuilt(table, "format version 2");
}

TEST_F(LexiconTable, UnwritableCacheStillLoads) {
  Write(dir_ / "a-file", "not a directory");
  paths_.cache_file = (dir_ / "a-file/lexicon.bin").string();
  std::string note;
  auto lex = Lexicon::Load(paths_, nullptr, &note);
  ExpectTinyAnswers(*lex);
  EXPECT_NE(note.find("cannot write the lexicon cache"), std::string::npos) << note;
  EXPECT_NE(note.find("a-file"), std::string::npos) << note;
  std::string error;
  EXPECT_EQ(Lexicon::Open(paths_.cache_file, &error), nullptr);
  EXPECT_FALSE(error.empty());
  EXPECT_EQ(Lexicon::Open((dir_ / "scowl").string(), &error), nullptr);  // A directory.
  EXPECT_NE(error.find("not a regular file"), std::string::npos) << error;
}

TEST_F(LexiconTable, NoWordFilesNoCache) {
  paths_.scowl_dir = (dir_ / "none").string();
  paths_.wordnet_dir = (dir_ / "none").string();
  paths_.mythes_file = (dir_ / "none.dat").string();
  std::string warning, note = "stale";
  auto lex = Lexicon::Load(paths_, &warning, &note);
  ASSERT_NE(lex, nullptr);
  EXPECT_FALSE(lex->has_levels());
  EXPECT_FALSE(lex->has_synonyms());
  EXPECT_NE(warning.find("package scowl"), std::string::npos) << warning;
  EXPECT_NE(warning.find("package wordnet-base"), std::string::npos) << warning;
  EXPECT_EQ(note, "");
  EXPECT_FALSE(fs::exists(paths_.cache_file));
  EXPECT_EQ(lex->size(), 0u);
  EXPECT_EQ(lex->Level("horse"), Lexicon::kUnknownLevel);
  EXPECT_FALSE(lex->AreSynonyms("horse", "equine"));
  EXPECT_EQ(lex->CommonSynonymOfRare("equine"), "");
}

// The real Debian files, where installed: the table (through the default cache, as the CLI loads
// it) answers as a fresh parse on a sample of words and their synonyms.
TEST(LexiconDebian, DefaultTableAnswersLikeTheParse) {
  std::string warning;
  auto parsed = Lexicon::Parse(LexiconPaths(), &warning);
  if (!parsed->has_levels() || !parsed->has_synonyms()) GTEST_SKIP() << warning;
  const Lexicon& table = Lexicon::Default(nullptr);
  ASSERT_GT(parsed->size(), 100000u);
  std::vector<uint32_t> sample;
  for (uint32_t i = 0; i < parsed->size(); i += 997) sample.push_back(i);
  ExpectSameAnswers(*parsed, table, sample);
  // And a table written and mapped here, whatever state the default cache is in.
  const fs::path file = fs::temp_directory_path() / "unspun_lexicon_debian_test.bin";
  std::string error;
  ASSERT_TRUE(parsed->Save(file.string(), &error)) << error;
  auto opened = Lexicon::Open(file.string(), &error);
  fs::remove(file);
  ASSERT_NE(opened, nullptr) << error;
  ExpectSameAnswers(*parsed, *opened, sample);
  EXPECT_EQ(table.Level("horse"), 10);
  EXPECT_TRUE(table.AreSynonyms("horse", "equus caballus"));
  EXPECT_TRUE(table.IsCapitalizedOnly("london"));
  // The sample holds rare words with a common synonym, so that branch is compared too.
  size_t with_common = 0;
  for (uint32_t i : sample) with_common += !parsed->CommonSynonymOfRare(parsed->word(i)).empty();
  EXPECT_GT(with_common, 10u);
}

}  // namespace
}  // namespace unspun
