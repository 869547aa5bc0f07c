// Thin RAII helpers over the SQLite C API, turning its result codes into Status.
#ifndef UNSPUN_STORE_SQLITE_UTIL_H_
#define UNSPUN_STORE_SQLITE_UTIL_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "unspun/status.h"

namespace unspun::store {

// The Status for SQLite result `rc` on `db`, prefixed with `what` (e.g. the file name). Corrupt
// and not-a-database results become Corruption; the rest IOError.
Status SqliteError(sqlite3* db, int rc, std::string_view what);

// One prepared statement, reset before each use.
class Stmt {
 public:
  Stmt() = default;
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Status Prepare(sqlite3* db, const char* sql, std::string_view what);
  // Resets and clears bindings, ready for new ones.
  Stmt& Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& Bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  Stmt& BindDouble(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  Stmt& BindBlob(int i, std::string_view v) {
    sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  // SQLITE_ROW or SQLITE_DONE, or an error code (also recorded for status()).
  int Step() { return sqlite3_step(stmt_); }
  // Runs to completion (for statements returning no rows).
  Status Run();
  int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  std::string_view Text(int col) {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    return p ? std::string_view(reinterpret_cast<const char*>(p),
                                static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }
  std::string_view Blob(int col) {
    const void* p = sqlite3_column_blob(stmt_, col);
    return p ? std::string_view(static_cast<const char*>(p),
                                static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }
  Status Error(int rc) { return SqliteError(sqlite3_db_handle(stmt_), rc, what_); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  std::string what_;
};

// Runs `sql` (one or more statements, no rows wanted).
Status Exec(sqlite3* db, const char* sql, std::string_view what);

}  // namespace unspun::store

#endif  // UNSPUN_STORE_SQLITE_UTIL_H_
