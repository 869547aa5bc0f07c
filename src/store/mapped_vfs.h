// A SQLite VFS that reads database pages through a memory map of the whole file, and starts
// writing to disk early.
//
// SQLite can read pages straight from a memory map instead of copying each one into its cache
// (PRAGMA mmap_size), which saves a good part of an archive check. But the map is capped when
// SQLite is compiled (Debian's library: 2 GB), and a 1M-article archive is 5 GB: past the cap,
// every page is copied by a read() call again. This VFS wraps the system's default one and only
// adds the map: xFetch hands out pages of a read-only shared map of the main database file.
// SQLite drops the map (xUnfetch of no page) when another connection has changed the database;
// the next xFetch maps the file as it is then, and a connection that grew the file itself grows
// its map when it reads past it (when no page is out). Writes, locks, the log and its index all
// go to the wrapped VFS; a page written by write() shows in a shared map at once. The one thing
// added to writes: every 8 MB written to the database or its log, their write-back to disk is
// started (sync_file_range), so that the sync of a checkpoint does not wait for all of it.
#ifndef UNSPUN_STORE_MAPPED_VFS_H_
#define UNSPUN_STORE_MAPPED_VFS_H_

namespace unspun::store {

// Registers the VFS on first use (not as the default) and returns its name, for
// sqlite3_open_v2. Thread safe.
const char* MappedVfs();

}  // namespace unspun::store

#endif  // UNSPUN_STORE_MAPPED_VFS_H_
