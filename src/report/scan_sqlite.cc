// WriteSqlite: the results of a scan as an SQLite file, schema in docs/scan.md.
//
// The file is built in `path.tmp` with journaling and syncs off (it is a new file nobody else
// reads; a crash leaves only the temporary behind) inside one transaction, then renamed over
// `path`, so readers see either the old file or the complete new one.
#include <sqlite3.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "report/scan_report.h"

namespace unspun {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
  article   INTEGER PRIMARY KEY,  -- 0-based, in input order
  id        TEXT NOT NULL UNIQUE,
  title     TEXT NOT NULL,
  source    TEXT,                 -- outlet; NULL when unknown
  published TEXT,                 -- YYYY-MM-DD as given; NULL when unknown
  url       TEXT,
  origin    TEXT NOT NULL,        -- file or file:line
  text      TEXT NOT NULL
);
CREATE TABLE pairs (
  pair       INTEGER PRIMARY KEY,
  a          INTEGER NOT NULL REFERENCES articles(article),
  b          INTEGER NOT NULL REFERENCES articles(article),
  relation   TEXT NOT NULL,       -- duplicate, near_duplicate, rewrite, partial
  score      REAL NOT NULL,
  source     INTEGER REFERENCES articles(article),  -- a, b, or NULL when undecided
  coverage_a REAL NOT NULL,
  coverage_b REAL NOT NULL,
  identity   REAL NOT NULL,
  edit_rate  REAL NOT NULL
);
CREATE TABLE passages (
  pair    INTEGER NOT NULL REFERENCES pairs(pair),
  a_begin INTEGER NOT NULL, a_end INTEGER NOT NULL,  -- code points of a's text, end exclusive
  b_begin INTEGER NOT NULL, b_end INTEGER NOT NULL
);
CREATE TABLE stories (
  story   INTEGER PRIMARY KEY,
  label   TEXT NOT NULL,
  size    INTEGER NOT NULL,
  first   TEXT,
  last    TEXT,
  outlets TEXT NOT NULL            -- distinct sources, most frequent first, joined by "; "
);
CREATE TABLE story_articles (
  story   INTEGER NOT NULL REFERENCES stories(story),
  article INTEGER NOT NULL REFERENCES articles(article),
  PRIMARY KEY (story, article)
);
CREATE TABLE quotes (
  story    INTEGER NOT NULL REFERENCES stories(story),
  text     TEXT NOT NULL,
  speaker  TEXT,
  articles INTEGER NOT NULL
);
CREATE TABLE flags (
  article INTEGER NOT NULL REFERENCES articles(article),
  flag    TEXT NOT NULL,
  detail  TEXT NOT NULL,
  marks   INTEGER NOT NULL,
  PRIMARY KEY (article, flag)
);
CREATE TABLE flag_marks (
  article INTEGER NOT NULL REFERENCES articles(article),
  flag    TEXT NOT NULL,
  field   TEXT NOT NULL,                            -- title or text
  span_begin INTEGER NOT NULL, span_end INTEGER NOT NULL,  -- code points, end exclusive
  note    TEXT NOT NULL
);
CREATE VIEW reuse AS
  SELECT p.pair, x.id AS a_id, y.id AS b_id, p.relation, p.score,
         CASE WHEN p.source IS NULL THEN NULL WHEN p.source = p.a THEN x.id ELSE y.id END
           AS source_id,
         CASE WHEN p.source IS NULL THEN NULL WHEN p.source = p.a THEN y.id ELSE x.id END
           AS copy_id
  FROM pairs p JOIN articles x ON x.article = p.a JOIN articles y ON y.article = p.b;
)sql";

// Indices are built after the rows are in: cheaper than maintaining them row by row.
constexpr const char* kIndices = R"sql(
CREATE INDEX pairs_a ON pairs(a);
CREATE INDEX pairs_b ON pairs(b);
CREATE INDEX passages_pair ON passages(pair);
CREATE INDEX story_articles_article ON story_articles(article);
CREATE INDEX flags_flag ON flags(flag);
CREATE INDEX flag_marks_article ON flag_marks(article);
)sql";

// One prepared statement, reset after each row.
class Insert {
 public:
  Insert(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
  }
  ~Insert() { sqlite3_finalize(stmt_); }
  Insert(const Insert&) = delete;
  Insert& operator=(const Insert&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  Insert& Int(int64_t v) {
    sqlite3_bind_int64(stmt_, ++col_, v);
    return *this;
  }
  Insert& Real(double v) {
    sqlite3_bind_double(stmt_, ++col_, v);
    return *this;
  }
  Insert& Text(std::string_view v) {
    sqlite3_bind_text(stmt_, ++col_, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  // NULL for an empty string.
  Insert& TextOrNull(std::string_view v) {
    if (v.empty()) return Null();
    return Text(v);
  }
  Insert& Null() {
    sqlite3_bind_null(stmt_, ++col_);
    return *this;
  }
  bool Run() {
    const int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    col_ = 0;
    return rc == SQLITE_DONE;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int col_ = 0;
};

std::string Now() {
  char buf[32];
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Status Fill(sqlite3* db, const ScanResults& r) {
  auto exec = [db](const char* sql) -> bool {
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  };
  auto failed = [db](const char* what) {
    return Status::IOError(std::string(what) + ": " + sqlite3_errmsg(db));
  };
  if (!exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN")) {
    return failed("cannot start writing");
  }
  if (!exec(kSchema)) return failed("cannot create the schema");

  Insert meta(db, "INSERT INTO meta VALUES (?, ?)");
  if (!meta.ok()) return failed("meta");
  std::string inputs;
  for (const std::string& p : r.inputs) inputs += (inputs.empty() ? "" : "\n") + p;
  const std::pair<const char*, std::string> meta_rows[] = {
      {"format", "unspun-scan"},
      {"format_version", std::to_string(kScanDbFormatVersion)},
      {"unspun_version", UNSPUN_VERSION},
      {"created", Now()},
      {"inputs", inputs},
      {"input_summary", r.input_summary},
  };
  for (const auto& [k, v] : meta_rows) {
    if (!meta.Text(k).Text(v).Run()) return failed("meta");
  }

  Insert article(db, "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  Insert flag(db, "INSERT INTO flags VALUES (?, ?, ?, ?)");
  Insert mark(db, "INSERT INTO flag_marks VALUES (?, ?, ?, ?, ?, ?)");
  if (!article.ok() || !flag.ok() || !mark.ok()) return failed("articles");
  for (size_t i = 0; i < r.articles.size(); ++i) {
    const ScanArticle& a = r.articles[i];
    if (!article.Int(i)
             .Text(a.id)
             .Text(a.title)
             .TextOrNull(a.source)
             .TextOrNull(a.published)
             .TextOrNull(a.url)
             .Text(a.origin)
             .Text(a.text)
             .Run()) {
      return failed("articles");
    }
    for (const ArticleFlag& f : a.flags) {
      if (!flag.Int(i).Text(f.name).Text(f.detail).Int(f.marks.size()).Run()) {
        return failed("flags");
      }
      for (const FlagMark& m : f.marks) {
        if (!mark.Int(i)
                 .Text(f.name)
                 .Text(m.in_title ? "title" : "text")
                 .Int(m.begin)
                 .Int(m.end)
                 .Text(m.note)
                 .Run()) {
          return failed("flag_marks");
        }
      }
    }
  }

  Insert pair(db, "INSERT INTO pairs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Insert passage(db, "INSERT INTO passages VALUES (?, ?, ?, ?, ?)");
  if (!pair.ok() || !passage.ok()) return failed("pairs");
  for (size_t i = 0; i < r.pairs.size(); ++i) {
    const ReusePair& p = r.pairs[i];
    pair.Int(i).Int(p.a).Int(p.b).Text(RelationName(p.relation)).Real(p.score);
    if (p.source >= 0) {
      pair.Int(p.source);
    } else {
      pair.Null();
    }
    if (!pair.Real(p.coverage_a).Real(p.coverage_b).Real(p.identity).Real(p.edit_rate).Run()) {
      return failed("pairs");
    }
    for (const Passage& g : p.passages) {
      if (!passage.Int(i).Int(g.a_begin).Int(g.a_end).Int(g.b_begin).Int(g.b_end).Run()) {
        return failed("passages");
      }
    }
  }

  Insert story(db, "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?)");
  Insert member(db, "INSERT INTO story_articles VALUES (?, ?)");
  Insert quote(db, "INSERT INTO quotes VALUES (?, ?, ?, ?)");
  if (!story.ok() || !member.ok() || !quote.ok()) return failed("stories");
  for (const ScanStory& s : r.stories) {
    std::string outlets;
    for (const std::string& o : s.outlets) outlets += (outlets.empty() ? "" : "; ") + o;
    if (!story.Int(s.id)
             .Text(s.label)
             .Int(s.articles.size())
             .TextOrNull(s.first)
             .TextOrNull(s.last)
             .Text(outlets)
             .Run()) {
      return failed("stories");
    }
    for (uint32_t a : s.articles) {
      if (!member.Int(s.id).Int(a).Run()) return failed("story_articles");
    }
    for (const ScanQuote& q : s.quotes) {
      if (!quote.Int(s.id).Text(q.text).TextOrNull(q.speaker).Int(q.articles.size()).Run()) {
        return failed("quotes");
      }
    }
  }
  if (!exec(kIndices)) return failed("cannot index");
  if (!exec("COMMIT")) return failed("cannot commit");
  return Status::OK();
}

}  // namespace

Status WriteSqlite(const ScanResults& results, const std::string& path) {
  const std::string tmp = path + ".tmp";
  std::remove(tmp.c_str());  // A leftover of an interrupted run would hold tables already.
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(tmp.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    Status s = Status::IOError("cannot write " + path + ": " +
                               (db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close(db);
    return s;
  }
  Status s = Fill(db, results);
  if (sqlite3_close(db) != SQLITE_OK && s.ok()) s = Status::IOError("cannot close " + tmp);
  if (!s.ok()) {
    std::remove(tmp.c_str());
    return Status::IOError("writing " + path + " failed: " + s.message());
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    return Status::IOError("cannot write " + path + ": " + why);
  }
  return Status::OK();
}

}  // namespace unspun
