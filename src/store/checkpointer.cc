#include "store/checkpointer.h"

#include <string>

#include "store/mapped_vfs.h"
#include "store/sqlite_util.h"

namespace unspun::store {

Result<std::unique_ptr<Checkpointer>> Checkpointer::Start(const std::string& path, sqlite3* writer,
                                                          const char* synchronous, int soft_limit,
                                                          int hard_limit) {
  sqlite3* db = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, MappedVfs());
  if (rc != SQLITE_OK) {
    Status s = SqliteError(db, rc, path);
    sqlite3_close_v2(db);
    return s;
  }
  sqlite3_busy_timeout(db, 30000);
  // The checkpoint's syncs follow this connection's setting; the file grows by chunks, as the
  // writer's does (see Archive::Open).
  const std::string sync = std::string("PRAGMA synchronous = ") + synchronous;
  Status s = Exec(db, sync.c_str(), path);
  if (!s.ok()) {
    sqlite3_close_v2(db);
    return s;
  }
  int chunk = 1 << 20;
  (void)sqlite3_file_control(db, "main", SQLITE_FCNTL_CHUNK_SIZE, &chunk);
  std::unique_ptr<Checkpointer> c(new Checkpointer(db, writer, soft_limit, hard_limit));
  c->thread_ = std::thread([p = c.get()]() { p->Run(); });
  sqlite3_wal_hook(writer, &Checkpointer::Hook, c.get());  // Instead of wal_autocheckpoint.
  return c;
}

Checkpointer::~Checkpointer() {
  sqlite3_wal_hook(writer_, nullptr, nullptr);  // Closing the writer checkpoints all.
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  sqlite3_close_v2(db_);
}

uint64_t Checkpointer::passes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return passes_;
}

uint64_t Checkpointer::waits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waits_;
}

int Checkpointer::Hook(void* self, sqlite3*, const char*, int frames) {
  static_cast<Checkpointer*>(self)->Committed(frames);
  return SQLITE_OK;
}

void Checkpointer::Committed(int frames) {
  std::unique_lock<std::mutex> lock(mu_);
  const uint64_t commit = ++requested_;
  // Every earlier commit is copied, and this one is small: waiting for its copy is short.
  const int added = frames >= last_frames_ ? frames - last_frames_ : frames;  // Restarted?
  last_frames_ = frames;
  const bool short_wait = done_ + 1 == commit && added < soft_limit_;
  cv_.notify_all();
  if (frames >= hard_limit_ || (frames >= soft_limit_ && short_wait)) {
    ++waits_;
    cv_.wait(lock, [&]() { return done_ >= commit || stop_; });
  }
}

void Checkpointer::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [&]() { return stop_ || requested_ > started_; });
    if (stop_) return;
    started_ = requested_;
    lock.unlock();
    // Errors (SQLITE_BUSY: another process checkpoints) leave the frames for the next pass.
    (void)sqlite3_wal_checkpoint_v2(db_, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
    done_ = started_;
    ++passes_;
    cv_.notify_all();
  }
}

}  // namespace unspun::store
