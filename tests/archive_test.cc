// Tests for the archive (include/unspun/archive.h): add, replace, skip, remove, check, stories,
// reopen, index runs merging, and every kind of bad file: missing, empty, not SQLite, another
// application's database, truncated, of a newer format version, with a damaged index block.
#include "unspun/archive.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "unspun/reader.h"

namespace unspun {
namespace {

namespace fs = std::filesystem;

std::vector<Document> Seeds() {
  std::vector<Document> docs;
  ReadStats stats;
  Status s = ReadAllDocuments({std::string(UNSPUN_SOURCE_DIR) + "/examples/seeds"}, ReadOptions(),
                              &docs, &stats);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_GE(docs.size(), 4u);
  return docs;
}

// Prose that shares nothing with the seeds or with other seeds' filler: made-up two-syllable
// words (2,500 of them) with a stopword every third word, in sentences and paragraphs.
std::string Filler(uint32_t seed, int sentences) {
  static const char kConsonants[] = "bdfgklmnpr";
  static const char kVowels[] = "aeiou";
  static const char* kStops[] = {"the", "of", "and", "to", "in", "was", "for", "with"};
  std::mt19937 rng(seed);
  std::string out;
  for (int s = 0; s < sentences; ++s) {
    out += "Report";
    for (int w = 1; w < 15; ++w) {
      out += ' ';
      if (w % 3 == 0) {
        out += kStops[rng() % 8];
        continue;
      }
      for (int syllable = 0; syllable < 2; ++syllable) {
        out += kConsonants[rng() % 10];
        out += kVowels[rng() % 5];
      }
    }
    out += ". ";
    if (s % 3 == 2) out += "\n\n";
  }
  return out;
}

// The sentences of `a` and `b` taken in turn: an article that tells both from its lead on.
std::string Interleaved(const std::string& a, const std::string& b) {
  std::string out;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    for (auto [text, at] : {std::pair{&a, &i}, std::pair{&b, &j}}) {
      if (*at >= text->size()) continue;
      const size_t end = std::min(text->find(". ", *at), text->size());
      out.append(*text, *at, end - *at);
      out += ". ";
      *at = end + 2;
    }
  }
  return out;
}

// `text` with the words of each sentence shuffled: the same story features, no reused wording.
std::string Shuffled(const std::string& text, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = std::min(text.find(". ", at), text.size());
    std::vector<std::string> words;
    std::string word;
    for (size_t i = at; i <= end; ++i) {
      if (i == end || text[i] == ' ' || text[i] == '\n') {
        if (!word.empty()) words.push_back(word);
        word.clear();
      } else {
        word += text[i];
      }
    }
    std::shuffle(words.begin(), words.end(), rng);
    for (size_t k = 0; k < words.size(); ++k) out += (k ? " " : "") + words[k];
    out += ". ";
    at = end + 2;
  }
  return out;
}

// "d" followed by i (built by appending: GCC 12 warns falsely on "d" + std::to_string(i)).
std::string Id(uint32_t i) {
  std::string s = "d";
  s += std::to_string(i);
  return s;
}

Document Doc(std::string id, std::string text) {
  Document d;
  d.id = std::move(id);
  d.text = std::move(text);
  return d;
}

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("unspun_archive_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "a.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `sql` on the archive's file through a plain SQLite connection (to age or damage it).
  void Sql(const std::string& sql) {
    sqlite3* db;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  // Removes the archive and its log, to build it again.
  void RemoveArchive() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
  }

  std::unique_ptr<Archive> Open(bool create = true) {
    ArchiveOptions options;
    options.create = create;
    options.jobs = 2;
    Result<std::unique_ptr<Archive>> a = Archive::Open(path_, options);
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return a.ok() ? std::move(a).value() : nullptr;
  }

  Status OpenStatus() {
    ArchiveOptions options;
    return Archive::Open(path_, options).status();
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(ArchiveTest, CheckFindsACopyAndItsStoryWithoutStoringIt) {
  auto archive = Open();
  ASSERT_TRUE(archive);
  std::vector<Document> seeds = Seeds();
  std::vector<AddAction> actions;
  ASSERT_TRUE(archive->Add(seeds, AddOptions(), &actions).ok());
  ASSERT_EQ(actions.size(), seeds.size());
  for (AddAction a : actions) EXPECT_EQ(a, AddAction::kAdded);

  const Document& original = seeds[2];
  Document copy = Doc("copy", original.text);
  CheckResult r;
  ASSERT_TRUE(archive->Check(copy, CheckOptions(), &r).ok());
  ASSERT_EQ(r.matches.size(), 1u);
  EXPECT_EQ(r.matches[0].archived_id, original.id);
  EXPECT_EQ(r.matches[0].pair.relation, Relation::kDuplicate);
  ASSERT_FALSE(r.matches[0].pair.passages.empty());
  EXPECT_FALSE(r.new_story);
  EXPECT_EQ(r.story, archive->StoryOf(original.id).value());
  EXPECT_EQ(archive->Get("copy").status().code(), Status::Code::kNotFound);

  // Unrelated prose finds nothing and would start its own story.
  ASSERT_TRUE(archive->Check(Doc("other", Filler(1, 30)), CheckOptions(), &r).ok());
  EXPECT_TRUE(r.matches.empty());
  EXPECT_TRUE(r.new_story);
}

TEST_F(ArchiveTest, CheckAddJoinsAndMergesStories) {
  auto archive = Open();
  ASSERT_TRUE(archive);
  // Short texts: the lead of each weighs about the same in the article that interleaves them.
  const std::string a = Filler(1, 6), b = Filler(2, 6);
  ASSERT_TRUE(archive->Add({Doc("a", a), Doc("b", b)}, AddOptions(), nullptr).ok());
  const int64_t story_a = archive->StoryOf("a").value();
  const int64_t story_b = archive->StoryOf("b").value();
  EXPECT_NE(story_a, story_b);

  // An article telling both is close to each (cosine 0.68-0.73, over merge_similarity): it
  // shows they were one event, and the two stories merge into the older one. Checked without
  // --add, it says so and changes nothing.
  CheckResult r;
  const std::string ab = Interleaved(a, b);
  ASSERT_TRUE(archive->Check(Doc("ab", ab), CheckOptions(), &r).ok());
  EXPECT_EQ(r.matches.size(), 2u);
  EXPECT_FALSE(r.new_story);
  EXPECT_EQ(r.story, std::min(story_a, story_b));
  EXPECT_EQ(archive->StoryOf("b").value(), story_b);
  CheckOptions add;
  add.add = true;
  ASSERT_TRUE(archive->Check(Doc("ab", ab), add, &r).ok());
  EXPECT_EQ(r.action, AddAction::kAdded);
  EXPECT_EQ(r.story, std::min(story_a, story_b));

  // A copy joins its source's story.
  ASSERT_TRUE(archive->Check(Doc("a-copy", a), add, &r).ok());
  EXPECT_EQ(r.action, AddAction::kAdded);
  EXPECT_EQ(r.matches[0].pair.relation, Relation::kDuplicate);
  for (const char* id : {"a", "b", "a-copy", "ab"}) {
    EXPECT_EQ(archive->StoryOf(id).value(), std::min(story_a, story_b)) << id;
  }
  ArchiveStats stats;
  ASSERT_TRUE(archive->Stats(&stats).ok());
  EXPECT_EQ(stats.articles, 4u);
  EXPECT_EQ(stats.stories, 1u);

  // The relations found were stored with the articles, and go with them.
  std::vector<std::string> records;
  auto list = [&]() {
    records.clear();
    EXPECT_TRUE(archive->ListPairs([&](std::string_view r) { records.emplace_back(r); }).ok());
  };
  list();
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[2].rfind("{\"a\":\"a-copy\",\"b\":\"a\",\"relation\":\"duplicate\"", 0), 0u)
      << records[2];
  EXPECT_EQ(stats.pairs, 4u);
  ASSERT_TRUE(archive->Remove({"a"}, nullptr).ok());
  list();
  EXPECT_EQ(records.size(), 2u);
  std::vector<std::string> problems;
  ASSERT_TRUE(archive->Verify(false, &problems).ok());
  EXPECT_TRUE(problems.empty()) << problems[0];
}

// A reader's story window follows what another writer files and merges, without reloading.
TEST_F(ArchiveTest, ReaderWindowFollowsAnotherWriter) {
  auto writer = Open();
  ASSERT_TRUE(writer);
  const std::string a = Filler(1, 6), b = Filler(2, 6), c = Filler(4, 6);
  ASSERT_TRUE(writer->Add({Doc("a", a), Doc("b", b)}, AddOptions(), nullptr).ok());
  auto reader = Open(false);
  ASSERT_TRUE(reader);
  // Of b's event, in other words: joins b's story (checked, so the reader loads its window).
  const Document b2 = Doc("b2", Shuffled(b, 1));
  CheckResult r;
  ASSERT_TRUE(reader->Check(b2, CheckOptions(), &r).ok());
  EXPECT_TRUE(r.matches.empty());  // Not a copy: the story comes from the window.
  EXPECT_EQ(r.story, writer->StoryOf("b").value());
  // The writer merges a's and b's stories and files c.
  CheckOptions add;
  add.add = true;
  ASSERT_TRUE(writer->Check(Doc("ab", Interleaved(a, b)), add, &r).ok());
  ASSERT_TRUE(writer->Add({Doc("c", c)}, AddOptions(), nullptr).ok());
  const int64_t merged = writer->StoryOf("a").value();
  ASSERT_EQ(writer->StoryOf("b").value(), merged);
  // The reader sees both.
  ASSERT_TRUE(reader->Check(b2, CheckOptions(), &r).ok());
  EXPECT_EQ(r.story, merged);
  ASSERT_TRUE(reader->Check(Doc("c2", Shuffled(c, 2)), CheckOptions(), &r).ok());
  EXPECT_TRUE(r.matches.empty());
  EXPECT_FALSE(r.new_story);
  EXPECT_EQ(r.story, writer->StoryOf("c").value());
}

// The longest map of `path` in this process, in bytes (0: none).
uint64_t LongestMapOf(const std::string& path) {
  const std::string name = fs::canonical(path).string();
  std::ifstream maps("/proc/self/maps");
  uint64_t longest = 0;
  for (std::string line; std::getline(maps, line);) {
    if (line.size() < name.size() || line.compare(line.size() - name.size(), name.size(), name)) {
      continue;
    }
    const uint64_t begin = std::stoull(line, nullptr, 16);
    const uint64_t end = std::stoull(line.substr(line.find('-') + 1), nullptr, 16);
    longest = std::max(longest, end - begin);
  }
  return longest;
}

// Pages are read through a map of the whole file (store/mapped_vfs.h): a reader that mapped it
// maps it again once another writer has grown it, and reads what was added.
TEST_F(ArchiveTest, ReaderReadsPagesPastItsFirstMap) {
  // Checkpoints the log into the file (which grows), as a writer does now and then.
  const auto checkpoint = [&]() {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* q;
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &q, nullptr),
              SQLITE_OK);
    // Busy while the writer's checkpointer copies the log (store/checkpointer.h): try again.
    bool busy = true;
    for (int attempt = 0; busy && attempt < 1000; ++attempt) {
      if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
      busy = sqlite3_column_int(q, 0) != 0;
      sqlite3_reset(q);
    }
    EXPECT_FALSE(busy);
    sqlite3_finalize(q);
    sqlite3_close(db);
  };
  const auto size = [&]() { return fs::file_size(path_); };
  const auto add = [&](Archive* writer, uint32_t from, uint32_t to) {
    std::vector<Document> docs;
    for (uint32_t i = from; i < to; ++i) docs.push_back(Doc(Id(i), Filler(100 + i, 20)));
    ASSERT_TRUE(writer->Add(docs, AddOptions(), nullptr).ok());
  };
  auto writer = Open();
  ASSERT_TRUE(writer);
  add(writer.get(), 0, 200);
  checkpoint();
  auto reader = Open(false);
  ASSERT_TRUE(reader);
  CheckResult r;
  ASSERT_TRUE(reader->Check(Doc("q", Filler(100 + 10, 20)), CheckOptions(), &r).ok());
  ASSERT_EQ(r.matches.size(), 1u);
  const uint64_t first_map = LongestMapOf(path_);
  EXPECT_GE(first_map, size());  // The reader mapped the whole file.
  add(writer.get(), 200, 2200);
  writer.reset();  // Its own map would count below.
  checkpoint();
  ASSERT_GT(size(), first_map + (1u << 20));
  ASSERT_TRUE(reader->Check(Doc("q2", Filler(100 + 2199, 20)), CheckOptions(), &r).ok());
  ASSERT_EQ(r.matches.size(), 1u);
  EXPECT_EQ(r.matches[0].archived_id, Id(2199));
  EXPECT_GE(LongestMapOf(path_), size());  // Mapped again, grown.
  EXPECT_EQ(reader->Get(Id(1234)).value().text, Filler(100 + 1234, 20));
}

// Stories decided ahead (FileStories beside Add, as `index add` does) are those Add decides
// itself; a plan that no longer holds (a replaced id) is decided again.
TEST_F(ArchiveTest, StoriesFiledAheadAreThoseFiledInAdd) {
  // Six events, each told by four articles in other words, arriving in three batches; then a
  // batch that replaces an article.
  std::vector<std::vector<Document>> batches(4);
  for (uint32_t e = 0; e < 6; ++e) {
    const std::string event = Filler(10 + e, 6);
    for (uint32_t k = 0; k < 4; ++k) {
      batches[(e + k) % 3].push_back(Doc(Id(e * 4 + k), Shuffled(event, e * 4 + k)));
    }
  }
  // An event told once, then told again under the same id: planned ahead, the new version joins
  // the old one's story; decided in Add (the plan fails on the replaced id), it is alone.
  batches[0].push_back(Doc("solo", Shuffled(Filler(40, 6), 1)));
  batches[3].push_back(Doc(Id(0), Shuffled(Filler(10, 6), 99)));
  batches[3].push_back(Doc("new", Shuffled(Filler(11, 6), 98)));
  batches[3].push_back(Doc("solo", Shuffled(Filler(40, 6), 2)));
  // The stories after each batch, without and with FileStories.
  std::vector<std::vector<int64_t>> stories(2);
  for (int ahead = 0; ahead < 2; ++ahead) {
    RemoveArchive();
    auto archive = Open();
    ASSERT_TRUE(archive);
    for (const auto& docs : batches) {
      Archive::Prepared p = archive->Prepare(docs);
      if (ahead) archive->FileStories(&p);
      if (ahead && &docs != &batches[0]) {
        EXPECT_EQ(p.plan.seq.size(), docs.size());  // Decided ahead: the window is loaded.
      }
      ASSERT_TRUE(archive->Add(p, AddOptions(), nullptr).ok());
      ASSERT_TRUE(
          archive->List([&](std::string_view, int64_t story) { stories[ahead].push_back(story); })
              .ok());
    }
    std::vector<std::string> problems;
    ASSERT_TRUE(archive->Verify(false, &problems).ok());
    EXPECT_TRUE(problems.empty()) << problems[0];
  }
  EXPECT_EQ(stories[0], stories[1]);
  std::vector<int64_t> distinct = stories[0];
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  EXPECT_LT(distinct.size(), 12u);  // Articles joined stories (a young archive merges events).
}

// The rows of story_features: seq -> the stored features (day, then data).
std::map<int64_t, std::string> StoredFeatures(const std::string& path) {
  std::map<int64_t, std::string> out;
  sqlite3* db;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* q;
  EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT seq, day, data FROM story_features", -1, &q, nullptr),
            SQLITE_OK);
  while (sqlite3_step(q) == SQLITE_ROW) {
    std::string& row = out[sqlite3_column_int64(q, 0)];
    row = std::to_string(sqlite3_column_int(q, 1)) + ":";
    row.append(static_cast<const char*>(sqlite3_column_blob(q, 2)), sqlite3_column_bytes(q, 2));
  }
  sqlite3_finalize(q);
  sqlite3_close(db);
  return out;
}

// Adds that defer their story features write none; SaveWindow (or closing the archive) writes
// those of the window. A process that ended without (killed) leaves them missing, and the next
// one extracts them again from the stored text: the same features, so the same stories. An add
// that does not defer writes them at once.
TEST_F(ArchiveTest, StoryFeaturesAreSavedAtTheEndOrExtractedAgain) {
  std::vector<std::vector<Document>> batches(3);
  for (uint32_t e = 0; e < 6; ++e) {
    const std::string event = Filler(10 + e, 6);
    for (uint32_t k = 0; k < 4; ++k) {
      Document d = Doc(Id(e * 4 + k), Shuffled(event, e * 4 + k));
      d.published = "2021-06-1" + std::to_string(k);
      batches[(e + k) % 3].push_back(std::move(d));
    }
  }
  AddOptions defer;
  defer.defer_story_features = true;
  std::vector<std::map<int64_t, std::string>> saved(2);
  std::vector<std::vector<int64_t>> stories(2);
  for (int killed = 0; killed < 2; ++killed) {
    RemoveArchive();
    {
      auto archive = Open();
      ASSERT_TRUE(archive);
      for (int b = 0; b < 2; ++b) ASSERT_TRUE(archive->Add(batches[b], defer, nullptr).ok());
      EXPECT_TRUE(StoredFeatures(path_).empty());
      if (!killed) {
        ASSERT_TRUE(archive->SaveWindow().ok());
        EXPECT_EQ(StoredFeatures(path_).size(), batches[0].size() + batches[1].size());
      }
    }
    if (killed) Sql("DELETE FROM story_features");  // Rows a killed process had not written.
    {
      auto archive = Open(false);
      ASSERT_TRUE(archive);
      ASSERT_TRUE(archive->Add(batches[2], defer, nullptr).ok());
      ASSERT_TRUE(
          archive->List([&](std::string_view, int64_t story) { stories[killed].push_back(story); })
              .ok());
    }  // Closing saves the window.
    saved[killed] = StoredFeatures(path_);
    EXPECT_EQ(saved[killed].size(), 24u);
  }
  EXPECT_EQ(saved[0], saved[1]);
  EXPECT_EQ(stories[0], stories[1]);
  std::vector<int64_t> distinct = stories[0];
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  EXPECT_LT(distinct.size(), 12u);  // Articles joined stories.
  // A removal saves the window before dropping it, so that it loads again from stored rows.
  auto archive = Open(false);
  ASSERT_TRUE(archive);
  ASSERT_TRUE(
      archive->Add({Doc("x", Filler(50, 6)), Doc("y", Filler(51, 6))}, defer, nullptr).ok());
  EXPECT_EQ(StoredFeatures(path_).size(), 24u);
  ASSERT_TRUE(archive->Remove({Id(0)}, nullptr).ok());
  std::map<int64_t, std::string> rows = StoredFeatures(path_);
  EXPECT_EQ(rows.size(), 25u);
  EXPECT_EQ(rows.count(1), 0u);  // Id(0), removed.
  // Not deferred: written with the article.
  ASSERT_TRUE(archive->Add({Doc("z", Filler(52, 6))}, AddOptions(), nullptr).ok());
  rows = StoredFeatures(path_);
  EXPECT_EQ(rows.size(), 26u);
  EXPECT_EQ(rows.count(27), 1u);  // z: after 24 articles, x and y.
}

// Prepares every batch, then files and adds the first one.
std::vector<Archive::Prepared> PrepareAndAddFirst(
    Archive* archive, const std::vector<std::vector<Document>>& batches) {
  std::vector<Archive::Prepared> p;
  for (const auto& docs : batches) p.push_back(archive->Prepare(docs));
  archive->FileStories(&p[0]);
  EXPECT_TRUE(archive->Add(p[0], AddOptions(), nullptr).ok());
  return p;
}

// Batch b takes a young archive from 40 to 80 articles, so Add decides all stories again after
// it. The plan of batch c, made ahead on another thread while b waits for Add, must wait for that:
// made before, it would not hold, and c would be decided again on a reloaded window.
TEST_F(ArchiveTest, FilingAheadWaitsWhileAYoungArchiveDecidesAgain) {
  std::vector<std::vector<Document>> batches(3);
  for (uint32_t i = 0; i < 100; ++i) {
    const uint32_t event = i / 4;
    batches[i < 40 ? 0 : i < 80 ? 1 : 2].push_back(Doc(Id(i), Shuffled(Filler(500 + event, 6), i)));
  }
  std::vector<std::vector<int64_t>> stories(2);
  for (int threaded = 0; threaded < 2; ++threaded) {
    RemoveArchive();
    auto archive = Open();
    ASSERT_TRUE(archive);
    std::vector<Archive::Prepared> p = PrepareAndAddFirst(archive.get(), batches);
    if (threaded) {
      std::thread filer([&]() {
        archive->FileStories(&p[1]);
        archive->FileStories(&p[2]);
      });
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      ASSERT_TRUE(archive->Add(p[1], AddOptions(), nullptr).ok());
      filer.join();
    } else {
      archive->FileStories(&p[1]);
      ASSERT_TRUE(archive->Add(p[1], AddOptions(), nullptr).ok());
      archive->FileStories(&p[2]);
    }
    EXPECT_TRUE(p[1].plan.refile);
    EXPECT_EQ(p[2].plan.seq.size(), batches[2].size());
    ASSERT_TRUE(archive->Add(p[2], AddOptions(), nullptr).ok());
    EXPECT_EQ(archive->plans_dropped(), 0u) << threaded;
    ASSERT_TRUE(
        archive->List([&](std::string_view, int64_t story) { stories[threaded].push_back(story); })
            .ok());
  }
  EXPECT_EQ(stories[0], stories[1]);
}

// A filer waiting for the Add of a batch that will not come (the writer failed) is released.
TEST_F(ArchiveTest, StopFilingReleasesAWaitingFiler) {
  std::vector<std::vector<Document>> batches(3);
  for (uint32_t i = 0; i < 100; ++i) {
    batches[i < 40 ? 0 : i < 80 ? 1 : 2].push_back(Doc(Id(i), Filler(700 + i, 6)));
  }
  auto archive = Open();
  ASSERT_TRUE(archive);
  std::vector<Archive::Prepared> p = PrepareAndAddFirst(archive.get(), batches);
  std::thread filer([&]() {
    archive->FileStories(&p[1]);  // Makes the archive decide again: the next one waits.
    archive->FileStories(&p[2]);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  archive->StopFiling();
  filer.join();
  EXPECT_TRUE(p[1].plan.refile);
  EXPECT_TRUE(p[2].plan.seq.empty());
  // Adding goes on: each batch is decided in Add.
  ASSERT_TRUE(archive->Add(p[1], AddOptions(), nullptr).ok());
  ASSERT_TRUE(archive->Add(p[2], AddOptions(), nullptr).ok());
  ArchiveStats stats;
  ASSERT_TRUE(archive->Stats(&stats).ok());
  EXPECT_EQ(stats.articles, 100u);
}

TEST_F(ArchiveTest, RepeatedIdIsReplacedOrSkipped) {
  auto archive = Open();
  ASSERT_TRUE(archive);
  const std::string first = Filler(1, 30), second = Filler(2, 30);
  std::vector<AddAction> actions;
  ASSERT_TRUE(archive->Add({Doc("x", first)}, AddOptions(), &actions).ok());
  ASSERT_TRUE(archive->Add({Doc("x", second)}, AddOptions(), &actions).ok());
  EXPECT_EQ(actions, std::vector<AddAction>{AddAction::kReplaced});
  EXPECT_EQ(archive->Get("x").value().text, second);
  // The replaced version is no longer found; the new one is.
  CheckResult r;
  ASSERT_TRUE(archive->Check(Doc("y", first), CheckOptions(), &r).ok());
  EXPECT_TRUE(r.matches.empty());
  ASSERT_TRUE(archive->Check(Doc("y", second), CheckOptions(), &r).ok());
  EXPECT_EQ(r.matches.size(), 1u);

  AddOptions keep;
  keep.replace = false;
  ASSERT_TRUE(archive->Add({Doc("x", first)}, keep, &actions).ok());
  EXPECT_EQ(actions, std::vector<AddAction>{AddAction::kSkipped});
  EXPECT_EQ(archive->Get("x").value().text, second);

  // Inside one batch, the last of a repeated id wins.
  ASSERT_TRUE(archive->Add({Doc("z", first), Doc("z", second)}, AddOptions(), &actions).ok());
  EXPECT_EQ(actions, (std::vector<AddAction>{AddAction::kAdded, AddAction::kReplaced}));
  ASSERT_TRUE(archive->Check(Doc("w", first), CheckOptions(), &r).ok());
  EXPECT_TRUE(r.matches.empty());

  ArchiveStats stats;
  ASSERT_TRUE(archive->Stats(&stats).ok());
  EXPECT_EQ(stats.articles, 2u);
  std::vector<std::string> problems;
  ASSERT_TRUE(archive->Verify(false, &problems).ok());
  EXPECT_TRUE(problems.empty()) << problems[0];
}

TEST_F(ArchiveTest, RemoveForgetsTheArticle) {
  auto archive = Open();
  ASSERT_TRUE(archive);
  const std::string text = Filler(3, 30);
  ASSERT_TRUE(archive->Add({Doc("x", text), Doc("y", Filler(4, 30))}, AddOptions(), nullptr).ok());
  std::vector<bool> found;
  ASSERT_TRUE(archive->Remove({"x", "nope"}, &found).ok());
  EXPECT_EQ(found, (std::vector<bool>{true, false}));
  EXPECT_EQ(archive->Get("x").status().code(), Status::Code::kNotFound);
  CheckResult r;
  ASSERT_TRUE(archive->Check(Doc("q", text), CheckOptions(), &r).ok());
  EXPECT_TRUE(r.matches.empty());
  ArchiveStats stats;
  ASSERT_TRUE(archive->Stats(&stats).ok());
  EXPECT_EQ(stats.articles, 1u);
  EXPECT_EQ(stats.removed, 1u);
}

// The bytes of the archive and its log, as a string to search.
std::string FileBytes(const std::string& path) {
  std::string out;
  for (const std::string& p : {path, path + "-wal"}) {
    std::ifstream in(p, std::ios::binary);
    out.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}

TEST_F(ArchiveTest, RemovedTextLeavesNoTraceInTheFile) {
  // Long enough for overflow pages, which are freed whole when the article goes.
  const std::string text = Filler(3, 150);
  const std::string passage = text.substr(text.size() / 2, 60);
  {
    auto archive = Open();
    ASSERT_TRUE(archive);
    ASSERT_TRUE(
        archive->Add({Doc("x", text), Doc("y", Filler(4, 30))}, AddOptions(), nullptr).ok());
  }
  ASSERT_NE(FileBytes(path_).find(passage), std::string::npos);
  {
    auto archive = Open();
    ASSERT_TRUE(archive);
    ASSERT_TRUE(archive->Remove({"x"}, nullptr).ok());
  }
  EXPECT_EQ(FileBytes(path_).find(passage), std::string::npos);
  auto archive = Open();
  ASSERT_TRUE(archive);
  EXPECT_TRUE(archive->Get("y").ok());
}

TEST_F(ArchiveTest, ManyBatchesMergeRunsAndSurviveReopening) {
  {
    auto archive = Open();
    ASSERT_TRUE(archive);
    for (uint32_t batch = 0; batch < 40; ++batch) {
      std::vector<Document> docs;
      for (uint32_t k = 0; k < 5; ++k) {
        docs.push_back(Doc(Id(batch * 5 + k), Filler(100 + batch * 5 + k, 20)));
      }
      ASSERT_TRUE(archive->Add(docs, AddOptions(), nullptr).ok());
      if (batch == 20) {
        ASSERT_TRUE(archive->Remove({"d7", "d8"}, nullptr).ok());
      }
    }
    ArchiveStats stats;
    ASSERT_TRUE(archive->Stats(&stats).ok());
    EXPECT_EQ(stats.articles, 198u);
    EXPECT_LE(stats.segments, 8u);  // 40 batches merged into a few runs.
  }
  auto archive = Open(false);
  ASSERT_TRUE(archive);
  std::vector<std::string> problems;
  ASSERT_TRUE(archive->Verify(false, &problems).ok());
  EXPECT_TRUE(problems.empty()) << problems[0];
  // Compacting leaves one run and the same answers.
  for (int pass = 0; pass < 2; ++pass) {
    if (pass == 1) {
      ASSERT_TRUE(archive->Compact().ok());
      ArchiveStats stats;
      ASSERT_TRUE(archive->Stats(&stats).ok());
      EXPECT_EQ(stats.segments, 1u);
      problems.clear();
      ASSERT_TRUE(archive->Verify(true, &problems).ok());
      EXPECT_TRUE(problems.empty()) << problems[0];
    }
    for (uint32_t i : {0u, 7u, 99u, 199u}) {
      CheckResult r;
      ASSERT_TRUE(archive->Check(Doc("q", Filler(100 + i, 20)), CheckOptions(), &r).ok());
      if (i == 7) {
        EXPECT_TRUE(r.matches.empty());
      } else {
        ASSERT_EQ(r.matches.size(), 1u) << i;
        EXPECT_EQ(r.matches[0].archived_id, Id(i));
      }
    }
  }
}

// Runs merged batch after batch hold the same groups as one run written at once: lists joined
// across runs, and a fingerprint held by more than max_postings (64) articles marked common.
TEST_F(ArchiveTest, MergedRunsHoldWhatOneRunHolds) {
  const std::string everywhere = Filler(900, 6);  // In all 80 articles: common.
  const std::string some = Filler(901, 6);        // In every 8th article: 10 of them.
  std::vector<Document> docs;
  for (uint32_t i = 0; i < 80; ++i) {
    std::string text = Filler(200 + i, 12) + "\n\n" + everywhere;
    if (i % 8 == 0) text += "\n\n" + some;
    docs.push_back(Doc(Id(i), text));
  }
  ArchiveStats at_once, merged;
  {
    auto archive = Open();
    ASSERT_TRUE(archive);
    ASSERT_TRUE(archive->Add(docs, AddOptions(), nullptr).ok());
    ASSERT_TRUE(archive->Stats(&at_once).ok());
    ASSERT_EQ(at_once.segments, 1u);
  }
  RemoveArchive();
  auto archive = Open();
  ASSERT_TRUE(archive);
  for (size_t at = 0; at < docs.size(); at += 4) {
    ASSERT_TRUE(
        archive->Add({docs.begin() + at, docs.begin() + at + 4}, AddOptions(), nullptr).ok());
  }
  ASSERT_TRUE(archive->Stats(&merged).ok());
  EXPECT_GT(merged.segments, 1u);
  EXPECT_LT(merged.segments, 20u);  // 20 batches, merged.
  std::vector<std::string> problems;
  ASSERT_TRUE(archive->Verify(false, &problems).ok());
  EXPECT_TRUE(problems.empty()) << problems[0];
  EXPECT_GT(at_once.common, 0u);
  // Before the last merge, a fingerprint may be held by at most 64 articles in each run and more
  // in all: the candidate rule counts across runs, so the answers are the same.
  for (int pass = 0; pass < 2; ++pass) {
    CheckResult r;
    ASSERT_TRUE(archive->Check(Doc("q", Filler(7, 12) + "\n\n" + some), CheckOptions(), &r).ok());
    std::vector<std::string> ids;
    for (const ArchiveMatch& m : r.matches) ids.push_back(m.archived_id);
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<std::string>{"d0", "d16", "d24", "d32", "d40", "d48", "d56", "d64",
                                             "d72", "d8"}))
        << pass;
    ASSERT_TRUE(archive->Compact().ok());
    ASSERT_TRUE(archive->Stats(&merged).ok());
    EXPECT_EQ(merged.segments, 1u);
    EXPECT_EQ(merged.common, at_once.common);
    EXPECT_EQ(merged.postings, at_once.postings);
  }
}

TEST_F(ArchiveTest, BadArticlesAreRefusedOrHarmless) {
  auto archive = Open();
  ASSERT_TRUE(archive);
  EXPECT_EQ(archive->Add({Doc("", "text")}, AddOptions(), nullptr).code(),
            Status::Code::kInvalidArgument);
  // A tiny or empty text has no fingerprints: stored, never a candidate, no crash.
  ASSERT_TRUE(archive->Add({Doc("tiny", "Hi."), Doc("empty", "")}, AddOptions(), nullptr).ok());
  CheckResult r;
  ASSERT_TRUE(archive->Check(Doc("q", "Hi."), CheckOptions(), &r).ok());
  EXPECT_TRUE(r.matches.empty());
}

TEST_F(ArchiveTest, MissingFileIsNotFoundUnlessCreating) {
  EXPECT_EQ(OpenStatus().code(), Status::Code::kNotFound);
  EXPECT_FALSE(fs::exists(path_));
}

TEST_F(ArchiveTest, NonSqliteFileIsRefused) {
  std::ofstream(path_) << "id,text\n1,hello\n";
  Status s = OpenStatus();
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("not a SQLite database"), std::string::npos) << s.message();
  std::ofstream(path_, std::ios::trunc);
  s = OpenStatus();
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("empty file"), std::string::npos) << s.message();
}

TEST_F(ArchiveTest, ForeignSqliteDatabaseIsRefused) {
  Sql("CREATE TABLE t(x); INSERT INTO t VALUES (1);");
  Status s = OpenStatus();
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("not an unspun archive"), std::string::npos) << s.message();
}

// An archive of format 1 (no story features) is read as it is and upgraded when opened for
// writing; its articles keep their stories.
TEST_F(ArchiveTest, FormatOneIsReadAndUpgraded) {
  const std::string a = Filler(1, 6), b = Filler(2, 6);
  {
    auto archive = Open();
    ASSERT_TRUE(archive);
    ASSERT_TRUE(archive->Add({Doc("a", a), Doc("b", b)}, AddOptions(), nullptr).ok());
  }
  Sql("DROP TABLE story_features; PRAGMA user_version = 1; "
      "UPDATE meta SET value = '1' WHERE key = 'format_version'");
  {
    ArchiveOptions options;
    options.read_only = true;
    Result<std::unique_ptr<Archive>> ro = Archive::Open(path_, options);
    ASSERT_TRUE(ro.ok()) << ro.status().ToString();
    CheckResult r;
    ASSERT_TRUE(ro.value()->Check(Doc("a2", a), CheckOptions(), &r).ok());
    EXPECT_EQ(r.matches.size(), 1u);
    EXPECT_EQ(r.story, ro.value()->StoryOf("a").value());  // Through the copy.
  }
  auto archive = Open(false);
  ASSERT_TRUE(archive);
  ArchiveStats stats;
  ASSERT_TRUE(archive->Stats(&stats).ok());
  EXPECT_EQ(stats.articles, 2u);
  ASSERT_TRUE(archive->Add({Doc("ab", Interleaved(a, b))}, AddOptions(), nullptr).ok());
  std::vector<std::string> problems;
  ASSERT_TRUE(archive->Verify(false, &problems).ok());
  EXPECT_TRUE(problems.empty()) << problems[0];
  archive.reset();
  sqlite3* db;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* q;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(q, 0), kArchiveFormatVersion);
  sqlite3_finalize(q);
  // Verify finds damaged story features: those of all three articles, the two of format 1
  // extracted from their text when the upgraded archive loaded its window.
  ASSERT_EQ(sqlite3_exec(db, "UPDATE story_features SET data = x'00'", 0, 0, 0), SQLITE_OK);
  sqlite3_close(db);
  archive = Open(false);
  ASSERT_TRUE(archive);
  problems.clear();
  ASSERT_TRUE(archive->Verify(false, &problems).ok());
  ASSERT_EQ(problems.size(), 3u);
  for (const std::string& p : problems) {
    EXPECT_NE(p.find("bad story features"), std::string::npos) << p;
  }
  CheckResult r;
  const Status s = archive->Check(Doc("c", b), CheckOptions(), &r);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("bad story features"), std::string::npos) << s.message();
}

TEST_F(ArchiveTest, NewerFormatVersionIsRefused) {
  { ASSERT_TRUE(Open()); }
  Sql("PRAGMA user_version = " + std::to_string(kArchiveFormatVersion + 1));
  Status s = OpenStatus();
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("newer"), std::string::npos) << s.message();
}

TEST_F(ArchiveTest, TruncatedFileIsRefused) {
  {
    auto archive = Open();
    ASSERT_TRUE(archive);
    std::vector<Document> docs;
    for (int i = 0; i < 100; ++i) docs.push_back(Doc(Id(i), Filler(i, 20)));
    ASSERT_TRUE(archive->Add(docs, AddOptions(), nullptr).ok());
  }
  // Closing the last connection checkpoints the log into the file; then cut it in half.
  ASSERT_FALSE(fs::exists(path_ + "-wal"));
  const auto size = fs::file_size(path_);
  ASSERT_GT(size, 16384u);
  fs::resize_file(path_, size / 2);
  Status s = OpenStatus();
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("truncated"), std::string::npos) << s.message();
  // Cut inside the header: not even a database any more.
  fs::resize_file(path_, 50);
  EXPECT_EQ(OpenStatus().code(), Status::Code::kCorruption);
}

TEST_F(ArchiveTest, DamagedIndexBlockIsReportedNotACrash) {
  const std::string text = Filler(7, 30);
  {
    auto archive = Open();
    ASSERT_TRUE(archive);
    ASSERT_TRUE(archive->Add({Doc("x", text)}, AddOptions(), nullptr).ok());
  }
  Sql("UPDATE postings SET data = x'ffffffff'");
  auto archive = Open(false);
  ASSERT_TRUE(archive);
  std::vector<std::string> problems;
  ASSERT_TRUE(archive->Verify(false, &problems).ok());
  EXPECT_FALSE(problems.empty());
  CheckResult r;
  EXPECT_EQ(archive->Check(Doc("q", text), CheckOptions(), &r).code(), Status::Code::kCorruption);
}

// Random damage anywhere past the header: every call returns a Status (most often Corruption) or
// works on what is left; none crashes. Run under the sanitizers by scripts/test.sh --sanitize.
TEST_F(ArchiveTest, RandomDamageNeverCrashes) {
  const std::string text = Filler(11, 30);
  {
    auto archive = Open();
    ASSERT_TRUE(archive);
    std::vector<Document> docs;
    for (uint32_t i = 0; i < 60; ++i) docs.push_back(Doc(Id(i), Filler(i, 20)));
    docs.push_back(Doc("x", text));
    ASSERT_TRUE(archive->Add(docs, AddOptions(), nullptr).ok());
    ASSERT_TRUE(archive->Add({Doc("y", Filler(99, 20))}, AddOptions(), nullptr).ok());
  }
  const std::string pristine = path_ + ".pristine";
  fs::copy_file(path_, pristine);
  const auto size = fs::file_size(pristine);
  std::mt19937 rng(5);
  int refused = 0, problems_found = 0;
  for (int round = 0; round < 40; ++round) {
    fs::copy_file(pristine, path_, fs::copy_options::overwrite_existing);
    {
      std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
      for (int k = 0; k < 1 + round % 8; ++k) {
        f.seekp(static_cast<std::streamoff>(100 + rng() % (size - 100)));
        for (int b = 0; b < 16; ++b) f.put(static_cast<char>(rng()));
      }
    }
    ArchiveOptions options;
    Result<std::unique_ptr<Archive>> opened = Archive::Open(path_, options);
    if (!opened.ok()) {
      ++refused;
      continue;
    }
    Archive& archive = *opened.value();
    std::vector<std::string> problems;
    if (!archive.Verify(false, &problems).ok() || !problems.empty()) ++problems_found;
    CheckResult r;
    (void)archive.Check(Doc("q", text), CheckOptions(), &r);
    ArchiveStats stats;
    (void)archive.Stats(&stats);
    (void)archive.List([](std::string_view, int64_t) {});
    (void)archive.Add({Doc("z", Filler(5, 10))}, AddOptions(), nullptr);
  }
  // Damage to B-tree pages or index blocks is seen, at open or by verify; damage inside a stored
  // text is not (SQLite keeps no checksums), so only part of the rounds can be caught.
  EXPECT_GE(refused + problems_found, 15) << refused << " refused, " << problems_found;
}

}  // namespace
}  // namespace unspun
