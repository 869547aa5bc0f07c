// Tests for store::Checkpointer: the log of a writer is copied on another thread, stays bounded,
// and nothing committed is lost.
#include "store/checkpointer.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>

namespace unspun::store {
namespace {

namespace fs = std::filesystem;

class CheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("unspun_checkpointer_test_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "c.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Exec(sqlite3* db, const char* sql) {
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  }

  // A writer in WAL mode, its own checkpoints off, and a Checkpointer for it with these limits.
  sqlite3* OpenWriter(const std::string& synchronous, int soft, int hard,
                      std::unique_ptr<Checkpointer>* checkpointer) {
    sqlite3* writer = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &writer), SQLITE_OK);
    Exec(writer,
         ("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; PRAGMA synchronous = " + synchronous)
             .c_str());
    Exec(writer, "PRAGMA wal_autocheckpoint = 0; CREATE TABLE t(x BLOB)");
    Result<std::unique_ptr<Checkpointer>> c =
        Checkpointer::Start(path_, writer, synchronous.c_str(), soft, hard);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    if (c.ok()) *checkpointer = std::move(c.value());
    return writer;
  }

  fs::path dir_;
  std::string path_;
};

// 1,000 commits of two pages each: with no checkpoint at all the log would hold 2,000 frames and
// more. The writer's own checkpoints are off: only the checkpointer copies the log, and the log
// restarts often enough to stay under the hard limit.
TEST_F(CheckpointerTest, CopiesTheLogAndKeepsItBounded) {
  constexpr int kSoft = 64, kHard = 256;
  std::unique_ptr<Checkpointer> c;
  sqlite3* writer = OpenWriter("NORMAL", kSoft, kHard, &c);
  ASSERT_TRUE(c);
  uintmax_t largest_log = 0;
  for (int i = 0; i < 1000; ++i) {
    Exec(writer, "INSERT INTO t VALUES (randomblob(6000))");
    largest_log = std::max(largest_log, fs::file_size(path_ + "-wal"));
  }
  EXPECT_GT(c->passes(), 0u);
  // The file of the log keeps its largest size: frames of 4,096 bytes and a 24-byte header each.
  const uintmax_t frame = 4096 + 24;
  EXPECT_LE(largest_log, 32 + frame * (kHard + 8));
  EXPECT_GT(fs::file_size(path_), 1000u * 4096);  // Copied into the database file.
  c.reset();
  ASSERT_EQ(sqlite3_close(writer), SQLITE_OK);
  EXPECT_FALSE(fs::exists(path_ + "-wal"));  // The last connection checkpointed the rest.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* q;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*), sum(length(x)) FROM t", -1, &q, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(q, 0), 1000);
  EXPECT_EQ(sqlite3_column_int64(q, 1), 6000000);
  sqlite3_finalize(q);
  sqlite3_close(db);
}

// Small commits back to back, so that the log never restarts by itself (the next transaction
// begins before the last commit is copied): once it holds the soft limit, a commit that finds the
// checkpointer idle waits for the copy of its own frames (a short wait), and the log restarts.
// Without that it would grow to all the frames written (the hard limit is out of reach here).
TEST_F(CheckpointerTest, SmallCommitsRestartTheLogNearTheSoftLimit) {
  constexpr int kSoft = 64, kHard = 100000;
  std::unique_ptr<Checkpointer> c;
  sqlite3* writer = OpenWriter("OFF", kSoft, kHard, &c);  // No syncs: a pass takes microseconds.
  ASSERT_TRUE(c);
  for (int i = 0; i < 1000; ++i) Exec(writer, "INSERT INTO t VALUES (randomblob(6000))");
  // Waits depend on timing (the checkpointer must be idle at a commit past the soft limit), but
  // among some 900 commits past it, even a busy machine gives it a moment.
  EXPECT_GT(c->waits(), 0u);
  c.reset();
  ASSERT_EQ(sqlite3_close(writer), SQLITE_OK);
}

TEST_F(CheckpointerTest, MissingFileIsAnError) {
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &writer), SQLITE_OK);
  Result<std::unique_ptr<Checkpointer>> c =
      Checkpointer::Start((dir_ / "missing" / "x.db").string(), writer, "NORMAL");
  EXPECT_FALSE(c.ok());
  sqlite3_close(writer);
}

}  // namespace
}  // namespace unspun::store
