#include "store/sqlite_util.h"

namespace unspun::store {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string msg(what);
  msg += ": ";
  msg += db != nullptr && sqlite3_errcode(db) == rc ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const int primary = rc & 0xFF;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
    return Status::Corruption(msg + " (the archive is damaged; `unspun index verify` tells more)");
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Status::IOError(msg + " (another process holds the archive too long)");
  }
  return Status::IOError(msg);
}

Status Stmt::Prepare(sqlite3* db, const char* sql, std::string_view what) {
  what_ = what;
  sqlite3_finalize(stmt_);
  stmt_ = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, what);
  return Status::OK();
}

Status Stmt::Run() {
  int rc;
  while ((rc = Step()) == SQLITE_ROW) {
  }
  Status s = rc == SQLITE_DONE ? Status::OK() : Error(rc);
  sqlite3_reset(stmt_);
  return s;
}

Status Exec(sqlite3* db, const char* sql, std::string_view what) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return SqliteError(db, rc, what);
  return Status::OK();
}

}  // namespace unspun::store
