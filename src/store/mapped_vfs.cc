#include "store/mapped_vfs.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <mutex>

namespace unspun::store {
namespace {

// An open file: the wrapped VFS's file follows it in the same allocation (szOsFile).
struct MappedFile {
  sqlite3_file base;
  sqlite3_file* real;
  int fd;           // A read-only descriptor of a main database or log file; -1 for other files.
  bool main_db;     // A main database file: its pages are mapped.
  const char* map;  // The map, `map_bytes` long; null when none.
  sqlite3_int64 map_bytes;
  sqlite3_int64 usable;  // Bytes of the map that may be handed out (the file may have shrunk).
  int out;               // Pages handed out by Fetch and not yet given back.
  // The span written since write-back was last started (StartWriteback).
  sqlite3_int64 written_lo, written_hi, written_bytes;
};

// Bytes written to a file before its write-back to disk is started.
constexpr sqlite3_int64 kWritebackBytes = 8 << 20;

sqlite3_vfs* wrapped = nullptr;
sqlite3_vfs vfs;
sqlite3_io_methods methods;

MappedFile* Of(sqlite3_file* f) { return reinterpret_cast<MappedFile*>(f); }
sqlite3_file* Real(sqlite3_file* f) { return Of(f)->real; }

void Unmap(MappedFile* m) {
  if (m->map != nullptr) munmap(const_cast<char*>(m->map), static_cast<size_t>(m->map_bytes));
  m->map = nullptr;
  m->map_bytes = m->usable = 0;
}

// Starts writing to disk what was written to the file so far, without waiting for it, every
// kWritebackBytes: a bulk add writes the log and the database at several times the disk's speed
// between two syncs (at each checkpoint), and a sync would otherwise wait for all of it.
void StartWriteback(MappedFile* m, sqlite3_int64 at, int n) {
  if (m->fd < 0) return;
  if (m->written_bytes == 0) {
    m->written_lo = at;
    m->written_hi = at + n;
  } else {
    m->written_lo = std::min(m->written_lo, at);
    m->written_hi = std::max(m->written_hi, at + n);
  }
  m->written_bytes += n;
  if (m->written_bytes < kWritebackBytes) return;
  // Only starts the write-back of the dirty pages in the span (a hint: errors are the sync's).
  (void)sync_file_range(m->fd, m->written_lo, m->written_hi - m->written_lo, SYNC_FILE_RANGE_WRITE);
  m->written_bytes = 0;
}

int Close(sqlite3_file* f) {
  MappedFile* m = Of(f);
  Unmap(m);
  if (m->fd >= 0) close(m->fd);
  m->fd = -1;
  return m->real->pMethods->xClose(m->real);
}

int Read(sqlite3_file* f, void* buf, int n, sqlite3_int64 at) {
  return Real(f)->pMethods->xRead(Real(f), buf, n, at);
}
int Write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 at) {
  const int rc = Real(f)->pMethods->xWrite(Real(f), buf, n, at);
  if (rc == SQLITE_OK) StartWriteback(Of(f), at, n);
  return rc;
}
int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  MappedFile* m = Of(f);
  // Never hand out a page past the new end (touching it would raise SIGBUS).
  if (m->usable > size) {
    if (m->out == 0) {
      Unmap(m);
    } else {
      m->usable = size;
    }
  }
  return Real(f)->pMethods->xTruncate(Real(f), size);
}
int Sync(sqlite3_file* f, int flags) {
  Of(f)->written_bytes = 0;
  return Real(f)->pMethods->xSync(Real(f), flags);
}
int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  return Real(f)->pMethods->xFileSize(Real(f), size);
}
int Lock(sqlite3_file* f, int level) { return Real(f)->pMethods->xLock(Real(f), level); }
int Unlock(sqlite3_file* f, int level) { return Real(f)->pMethods->xUnlock(Real(f), level); }
int CheckReservedLock(sqlite3_file* f, int* out) {
  return Real(f)->pMethods->xCheckReservedLock(Real(f), out);
}
int FileControl(sqlite3_file* f, int op, void* arg) {
  return Real(f)->pMethods->xFileControl(Real(f), op, arg);
}
int SectorSize(sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); }
int DeviceCharacteristics(sqlite3_file* f) {
  return Real(f)->pMethods->xDeviceCharacteristics(Real(f));
}
int ShmMap(sqlite3_file* f, int region, int bytes, int extend, void volatile** out) {
  return Real(f)->pMethods->xShmMap(Real(f), region, bytes, extend, out);
}
int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
}
void ShmBarrier(sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); }
int ShmUnmap(sqlite3_file* f, int remove) { return Real(f)->pMethods->xShmUnmap(Real(f), remove); }

// Hands out the page at `at` from the map, mapping the file again when it has grown past the
// map and no page is out. *out null: SQLite reads the page with Read instead.
int Fetch(sqlite3_file* f, sqlite3_int64 at, int n, void** out) {
  MappedFile* m = Of(f);
  *out = nullptr;
  if (!m->main_db || m->fd < 0) return SQLITE_OK;
  if (at + n > m->usable && m->out == 0) {
    struct stat st;
    if (fstat(m->fd, &st) == 0 && st.st_size >= at + n) {
      const size_t bytes = static_cast<size_t>(st.st_size);
      // Grown in place where it can (the connection that grew the file; others had their map
      // dropped by SQLite): the pages already mapped stay mapped, not faulted in again.
      void* p = m->map == nullptr
                    ? MAP_FAILED
                    : mremap(const_cast<char*>(m->map), static_cast<size_t>(m->map_bytes), bytes,
                             MREMAP_MAYMOVE);
      if (p == MAP_FAILED) {
        Unmap(m);
        p = mmap(nullptr, bytes, PROT_READ, MAP_SHARED, m->fd, 0);
      }
      if (p != MAP_FAILED) {
        m->map = static_cast<const char*>(p);
        m->map_bytes = m->usable = st.st_size;
      }
    }
  }
  if (at + n > m->usable) return SQLITE_OK;
  *out = const_cast<char*>(m->map + at);
  ++m->out;
  return SQLITE_OK;
}

// Takes back a page handed out by Fetch; with `page` null, drops the map (no page is out then).
int Unfetch(sqlite3_file* f, sqlite3_int64, void* page) {
  MappedFile* m = Of(f);
  if (page != nullptr) {
    --m->out;
  } else {
    Unmap(m);
  }
  return SQLITE_OK;
}

int Open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  MappedFile* m = Of(f);
  m->real = reinterpret_cast<sqlite3_file*>(m + 1);
  m->fd = -1;
  m->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
  m->map = nullptr;
  m->map_bytes = m->usable = 0;
  m->out = 0;
  m->written_lo = m->written_hi = m->written_bytes = 0;
  const int rc = wrapped->xOpen(wrapped, name, m->real, flags, out_flags);
  if (rc != SQLITE_OK || m->real->pMethods == nullptr) {
    f->pMethods = nullptr;  // SQLite calls no method of a file that failed to open.
    return rc;
  }
  if ((flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL)) != 0 && name != nullptr) {
    // Without it, pages are read as usual and nothing is written back early.
    m->fd = open(name, O_RDONLY | O_CLOEXEC);
  }
  f->pMethods = &methods;
  return SQLITE_OK;
}

}  // namespace

const char* MappedVfs() {
  static std::once_flag once;
  std::call_once(once, []() {
    wrapped = sqlite3_vfs_find(nullptr);
    vfs = *wrapped;
    vfs.zName = "unspun-mapped";
    vfs.szOsFile = static_cast<int>(sizeof(MappedFile)) + wrapped->szOsFile;
    vfs.xOpen = &Open;
    methods = sqlite3_io_methods{3,
                                 &Close,
                                 &Read,
                                 &Write,
                                 &Truncate,
                                 &Sync,
                                 &FileSize,
                                 &Lock,
                                 &Unlock,
                                 &CheckReservedLock,
                                 &FileControl,
                                 &SectorSize,
                                 &DeviceCharacteristics,
                                 &ShmMap,
                                 &ShmLock,
                                 &ShmBarrier,
                                 &ShmUnmap,
                                 &Fetch,
                                 &Unfetch};
    sqlite3_vfs_register(&vfs, /*makeDflt=*/0);
  });
  return vfs.zName;
}

}  // namespace unspun::store
