// Checkpoints an archive's log on a thread of its own (docs/archive.md, "Performance").
//
// In WAL mode every page a transaction writes goes to the log, and a checkpoint copies it into
// the database file later. SQLite runs that checkpoint in the writing connection, at a commit,
// and the writer waits for it: after a merge of index runs, whose log holds hundreds of
// megabytes, a bulk add stood still for seconds while one core copied pages. The Checkpointer
// takes over: its own connection copies the log (PASSIVE checkpoints, which never block the
// writer) as soon as a commit adds to it, while the writer goes on with the next batch.
//
// The log restarts from its beginning only when a transaction begins with all of it copied.
// So once the log holds kSoftLimitFrames, a commit that added fewer than that waits for the copy
// of its frames when the checkpointer has caught up with the earlier ones (a short wait); after
// a large commit (a merge) the writer goes on while they are copied. At kHardLimitFrames a
// commit waits whatever the backlog, which bounds the log.
#ifndef UNSPUN_STORE_CHECKPOINTER_H_
#define UNSPUN_STORE_CHECKPOINTER_H_

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "unspun/status.h"

namespace unspun::store {

class Checkpointer {
 public:
  static constexpr int kSoftLimitFrames = 16384;   // 64 MiB of 4 KiB pages.
  static constexpr int kHardLimitFrames = 524288;  // 2 GiB.

  // Opens a second connection to the archive at `path` (same VFS, `synchronous` as the
  // writer's: "NORMAL" or "FULL") and takes over the checkpoints of `writer`'s commits. The
  // limits are in frames (pages) of the log.
  static Result<std::unique_ptr<Checkpointer>> Start(const std::string& path, sqlite3* writer,
                                                     const char* synchronous,
                                                     int soft_limit = kSoftLimitFrames,
                                                     int hard_limit = kHardLimitFrames);
  // Stops the thread after its current pass and closes its connection. The writer's connection
  // must still be open; closing it then checkpoints the rest.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Checkpoint passes completed so far, and commits that waited for their copy (for tests).
  uint64_t passes() const;
  uint64_t waits() const;

 private:
  Checkpointer(sqlite3* db, sqlite3* writer, int soft_limit, int hard_limit)
      : db_(db), writer_(writer), soft_limit_(soft_limit), hard_limit_(hard_limit) {}
  // The writer's wal_hook: called after each commit, with the frames the log holds.
  static int Hook(void* self, sqlite3*, const char*, int frames);
  void Committed(int frames);
  void Run();

  sqlite3* db_;
  sqlite3* writer_;
  const int soft_limit_, hard_limit_;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  uint64_t requested_ = 0;  // Commits seen.
  uint64_t started_ = 0;    // Commits whose frames the current (or last) pass covers.
  uint64_t done_ = 0;       // Commits whose frames a completed pass covered.
  uint64_t passes_ = 0;
  uint64_t waits_ = 0;
  int last_frames_ = 0;  // Frames in the log at the last commit.
  bool stop_ = false;
};

}  // namespace unspun::store

#endif  // UNSPUN_STORE_CHECKPOINTER_H_
