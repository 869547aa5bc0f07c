// The archive (unspun/archive.h): SQLite tables for articles, stories and a segmented candidate
// index; the schema and its format version are specified in docs/archive.md.
//
// Why segments: a (fingerprint, article) table with one row per posting needs ~300 B-tree inserts
// at random places per article, so each batch would rewrite most of the index once it outgrows
// memory. Instead each batch writes its postings as one sorted run (appended at the end of the
// postings table, since its key starts with a fresh segment number), and runs of similar size
// merge, as in a log-structured merge tree: writes stay sequential and a lookup probes a handful
// of runs.
#include "unspun/archive.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "align/analysis.h"
#include "align/provenance.h"
#include "align/verify.h"
#include "index/candidates.h"
#include "report/pairs_json.h"
#include "sketch/fingerprints.h"
#include "store/checkpointer.h"
#include "store/mapped_vfs.h"
#include "store/postings.h"
#include "store/sqlite_util.h"
#include "store/stories.h"
#include "story/features.h"
#include "util/parallel.h"

namespace unspun {
namespace {

using store::BlockWriter;
using store::DecodedBlock;
using store::Stmt;

// "unsp" in the SQLite header's application id field: tells our files from other databases.
constexpr int32_t kApplicationId = 0x756E7370;
// A new run merges with the runs before it while each holds at most this many times the entries
// of the newer ones together, in one pass: runs grow geometrically, a lookup probes O(log n) of
// them, and each posting is rewritten O(log n) times.
constexpr uint64_t kMergeRatio = 2;

constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE articles(
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  source TEXT NOT NULL,
  published TEXT NOT NULL,
  url TEXT NOT NULL,
  story INTEGER NOT NULL,
  fingerprints INTEGER NOT NULL);
CREATE INDEX articles_story ON articles(story);
CREATE TABLE segments(
  id INTEGER PRIMARY KEY,
  postings INTEGER NOT NULL,
  common INTEGER NOT NULL,
  blocks INTEGER NOT NULL);
CREATE TABLE postings(
  key INTEGER PRIMARY KEY,
  last_fp INTEGER NOT NULL,
  data BLOB NOT NULL);
CREATE TABLE removed(seq INTEGER PRIMARY KEY);
CREATE TABLE pairs(
  a INTEGER NOT NULL,
  b INTEGER NOT NULL,
  relation TEXT NOT NULL,
  score REAL NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY(a, b)) WITHOUT ROWID;
CREATE INDEX pairs_b ON pairs(b);
)sql";

// What format 2 added to format 1: part of a new archive's schema, and how an archive of format 1
// is upgraded when opened for writing.
constexpr const char* kStoryFeaturesSchema = R"sql(
CREATE TABLE IF NOT EXISTS story_features(
  seq INTEGER PRIMARY KEY,
  day INTEGER NOT NULL,
  data BLOB NOT NULL);
)sql";

// Articles whose story features are kept, newest first: the story window (src/store/stories.h).
// An arriving article is compared with these; older ones are reached only through reuse.
constexpr uint32_t kStoryWindow = 20000;

uint32_t ReadBe(const unsigned char* p, int n) {
  uint32_t v = 0;
  for (int i = 0; i < n; ++i) v = v << 8 | p[i];
  return v;
}

// Checks the file's first bytes before SQLite sees it, to give a plain message for a file that is
// not a database at all or was cut short.
Status CheckHeader(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Status::IOError(path + ": " + std::strerror(errno));
  unsigned char h[100];
  const size_t got = std::fread(h, 1, sizeof h, f);
  struct stat st;
  const bool have_size = fstat(fileno(f), &st) == 0;
  std::fclose(f);
  if (got == 0) return Status::Corruption(path + ": empty file, not an unspun archive");
  if (got < sizeof h || std::memcmp(h, "SQLite format 3", 16) != 0) {
    return Status::Corruption(path + ": not an unspun archive (not a SQLite database)");
  }
  uint32_t page_size = ReadBe(h + 16, 2);
  if (page_size == 1) page_size = 65536;
  const uint32_t pages = ReadBe(h + 28, 4);
  // The page count in the header is valid when the change counter matches "version valid for".
  if (have_size && pages > 0 && ReadBe(h + 24, 4) == ReadBe(h + 92, 4) &&
      uint64_t{pages} * page_size > static_cast<uint64_t>(st.st_size)) {
    return Status::Corruption(path + ": truncated archive: its header counts " +
                              std::to_string(uint64_t{pages} * page_size) +
                              " bytes, the file has " + std::to_string(st.st_size));
  }
  return Status::OK();
}

struct SegmentInfo {
  int64_t id;
  uint64_t postings, common, blocks;
  uint64_t entries() const { return postings + common; }
};

// Reads the groups of one run in fingerprint order.
class GroupCursor {
 public:
  Status Open(sqlite3* db, int64_t segment, const std::string& what) {
    UNSPUN_RETURN_IF_ERROR(stmt_.Prepare(
        db, "SELECT key, data FROM postings WHERE key >= ?1 AND key < ?2 ORDER BY key", what));
    stmt_.Reset().Bind(1, segment << 32).Bind(2, (segment + 1) << 32);
    what_ = what;
    return Advance();
  }
  bool done() const { return done_; }
  const store::GroupReader& group() const { return reader_; }
  uint32_t fp() const { return reader_.fp(); }
  Status Advance() {
    if (reader_.Next()) return Status::OK();
    if (!reader_.error()) {
      const int rc = stmt_.Step();
      if (rc == SQLITE_DONE) {
        done_ = true;
        return Status::OK();
      }
      if (rc != SQLITE_ROW) return stmt_.Error(rc);
      // A copy: the merge writes to the table while it reads the block.
      block_.assign(stmt_.Blob(1));
      reader_.Reset(block_, static_cast<uint32_t>(stmt_.Int(0) & 0xFFFFFFFF));
      if (reader_.Next()) return Status::OK();
    }
    return Status::Corruption(what_ + ": undecodable index block");
  }

 private:
  Stmt stmt_;
  std::string block_;
  store::GroupReader reader_;
  bool done_ = false;
  std::string what_;
};

// `v` (a = the archived article, b = the checked one) seen from the checked article: a and b
// exchanged, source 0 or 1 for the checked or the archived one.
ReusePair Swapped(const ReusePair& v, int source) {
  ReusePair p = v;
  p.a = 0;
  p.b = 1;
  p.source = source < 0 ? -1 : 1 - source;
  std::swap(p.coverage_a, p.coverage_b);
  for (Passage& g : p.passages) {
    std::swap(g.a_begin, g.b_begin);
    std::swap(g.a_end, g.b_end);
  }
  return p;
}

}  // namespace

const char* AddActionName(AddAction action) {
  switch (action) {
    case AddAction::kAdded:
      return "added";
    case AddAction::kReplaced:
      return "replaced";
    case AddAction::kSkipped:
      return "skipped";
  }
  return "unknown";
}

class Archive::Impl {
 public:
  std::string path;
  ArchiveOptions options;
  sqlite3* db = nullptr;
  FingerprintOptions fp_options;
  CandidateOptions cand_options;
  VerifyOptions verify_options;

  Stmt find_id, insert_article, delete_article, insert_removed, insert_block, find_block,
      get_article, move_story, insert_segment, delete_segment, delete_blocks, data_version,
      list_segments, list_removed, get_next_seq, set_meta, insert_pair, delete_pairs_a,
      delete_pairs_b, insert_features, delete_features, saved_features, prune_window, prune_below,
      load_window, get_story, set_story;

  // Caches of small tables, reloaded when another connection has committed (data_version).
  int64_t cached_version = -1;
  std::vector<SegmentInfo> segments;
  std::unordered_set<uint32_t> removed;
  int64_t next_seq = 1;
  int64_t batch_start = 1;      // next_seq when the batch being stored began.
  bool window_unsaved = false;  // Stored articles may lack their features (SaveWindow).
  bool defer_features = false;  // The batch being stored: AddOptions::defer_story_features.
  // The story window, loaded when first needed. When another process wrote, it catches up with
  // the articles filed since and the stories merged (window_stale); after a removal or a
  // rolled-back write it is loaded again.
  // Everything about it is guarded by window_mu: Archive::FileStories runs beside Add. Only the
  // writing side (Add, Check, Remove, Refresh) replaces the window or changes window_stale and
  // window_generation, always under window_mu; it may read those three without the lock, and
  // does so to follow a plan while the next batch is being filed.
  std::mutex window_mu;
  std::unique_ptr<store::StoryWindow> window;
  uint64_t window_generation = 0;  // Bumped when the window is replaced or changed from outside.
  int64_t window_next_seq = 0;     // The seq the next article filed ahead gets (0: unknown).
  // Batches seen by Archive::FileStories, and the last of them whose stories the window holds.
  // FileStories waits (window_cv) until the window holds the batch before its own: planning on a
  // window that Add is filing again would only give plans that do not hold, batch after batch.
  // It also waits after planning a batch that makes a young archive decide again (RefileDue):
  // Add decides all again after that batch, and the next plan is made on the result, as when
  // Add decides every batch itself (a plan made before would not hold, and the batch decided
  // again on a reloaded window would get other stories than on the window kept in memory).
  uint64_t batches_seen = 0, filed_through = 0;
  bool filing_waits = true;    // False after a failed write: nothing waits for the writer then.
  uint64_t plans_dropped = 0;  // Plans that did not hold: their batch was decided in Add.
  std::condition_variable window_cv;
  bool window_stale = false;
  size_t window_removed = 0;       // Size of `removed` when the window was loaded.
  bool has_story_features = true;  // False for a format 1 archive opened read-only.
  std::unique_ptr<store::Checkpointer> checkpointer;  // Copies the log; from the first write.

  ~Impl() {
    // Statements must be finalized before the connection closes; members are destroyed after
    // this body, so close with sqlite3_close_v2, which waits for them.
    checkpointer.reset();  // Before the connection it checkpoints for.
    if (db != nullptr) sqlite3_close_v2(db);
  }

  Status Err(int rc) { return store::SqliteError(db, rc, path); }
  Status Exec(const char* sql) { return store::Exec(db, sql, path); }

  Status Prepare() {
    struct StmtSql {
      Stmt* stmt;
      const char* sql;
    };
    const StmtSql list[] = {
        {&find_id, "SELECT seq, story FROM articles WHERE id = ?1"},
        {&insert_article,
         "INSERT INTO articles(seq, id, title, text, source, published, url, story, fingerprints) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
        {&delete_article, "DELETE FROM articles WHERE seq = ?1"},
        {&insert_removed, "INSERT OR IGNORE INTO removed(seq) VALUES (?1)"},
        {&insert_block, "INSERT INTO postings(key, last_fp, data) VALUES (?1, ?2, ?3)"},
        {&find_block,
         "SELECT key, last_fp, data FROM postings WHERE key >= ?1 AND key <= ?2 "
         "ORDER BY key DESC LIMIT 1"},
        {&get_article,
         "SELECT id, title, text, source, published, url, story FROM articles WHERE seq = ?1"},
        {&move_story, "UPDATE articles SET story = ?1 WHERE story = ?2"},
        {&insert_segment,
         "INSERT INTO segments(id, postings, common, blocks) VALUES (?1, ?2, ?3, ?4)"},
        {&delete_segment, "DELETE FROM segments WHERE id = ?1"},
        {&delete_blocks, "DELETE FROM postings WHERE key >= ?1 AND key < ?2"},
        {&data_version, "PRAGMA data_version"},
        {&list_segments, "SELECT id, postings, common, blocks FROM segments ORDER BY id"},
        {&list_removed, "SELECT seq FROM removed"},
        {&get_next_seq, "SELECT value FROM meta WHERE key = 'next_seq'"},
        {&set_meta, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)"},
        {&insert_pair,
         "INSERT OR REPLACE INTO pairs(a, b, relation, score, record) SELECT ?1, ?2, ?3, ?4, ?5 "
         "WHERE EXISTS (SELECT 1 FROM articles WHERE seq = ?2)"},
        {&delete_pairs_a, "DELETE FROM pairs WHERE a = ?1"},
        {&delete_pairs_b, "DELETE FROM pairs WHERE b = ?1"},
        {&get_story, "SELECT story FROM articles WHERE seq = ?1"},
        {&set_story, "UPDATE articles SET story = ?1 WHERE seq = ?2"},
    };
    for (const auto& s : list) UNSPUN_RETURN_IF_ERROR(s.stmt->Prepare(db, s.sql, path));
    if (!has_story_features) return Status::OK();
    const StmtSql stories[] = {
        {&insert_features,
         "INSERT INTO story_features(seq, day, data) SELECT ?1, ?2, ?3 "
         "WHERE EXISTS (SELECT 1 FROM articles WHERE seq = ?1)"},
        {&delete_features, "DELETE FROM story_features WHERE seq = ?1"},
        {&saved_features, "SELECT seq FROM story_features WHERE seq >= ?1"},
        {&prune_below, "DELETE FROM story_features WHERE seq < ?1"},
        {&prune_window,
         "DELETE FROM story_features WHERE seq < (SELECT seq FROM articles ORDER BY seq DESC "
         "LIMIT 1 OFFSET ?1)"},
        {&load_window,
         "SELECT * FROM (SELECT a.seq, f.day, f.data, a.story, f.seq IS NOT NULL "
         "FROM articles a LEFT JOIN story_features f ON f.seq = a.seq WHERE a.seq < ?2 "
         "ORDER BY a.seq DESC LIMIT ?1) ORDER BY seq"},
    };
    for (const auto& s : stories) UNSPUN_RETURN_IF_ERROR(s.stmt->Prepare(db, s.sql, path));
    return Status::OK();
  }

  // With window_mu held: forgets the window (and any plan made on it).
  void DropWindow() {
    window.reset();
    ++window_generation;
  }

  // Inside a transaction, with window_mu held: loads the story window, or brings it up to date,
  // from the articles stored before seq `below` (those after are being filed).
  Status EnsureWindow(int64_t below) {
    if (window && window_stale) {
      window_stale = false;
      if (removed.size() != window_removed) {
        DropWindow();  // Another process removed articles.
      } else {
        ++window_generation;
        Status s = CatchUpWindow(below);
        if (!s.ok()) DropWindow();
        return s;
      }
    }
    if (window) return Status::OK();
    ++window_generation;
    window = std::make_unique<store::StoryWindow>();
    window_removed = removed.size();
    if (!has_story_features) return Status::OK();
    load_window.Reset().Bind(1, int64_t{kStoryWindow}).Bind(2, below);
    Status s = AddToWindow(&load_window);
    if (!s.ok()) DropWindow();
    return s;
  }

  // What another process wrote since the window was loaded: stories it merged (the story numbers
  // of the window's articles), then the articles it filed.
  Status CatchUpWindow(int64_t below) {
    Stmt q;
    UNSPUN_RETURN_IF_ERROR(
        q.Prepare(db, "SELECT seq, story FROM articles WHERE seq >= ?1 ORDER BY seq", path));
    q.Bind(1, window->first_seq());
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) window->Renumber(q.Int(0), q.Int(1));
    if (rc != SQLITE_DONE) return q.Error(rc);
    UNSPUN_RETURN_IF_ERROR(
        q.Prepare(db,
                  "SELECT a.seq, f.day, f.data, a.story, f.seq IS NOT NULL FROM articles a "
                  "LEFT JOIN story_features f ON f.seq = a.seq WHERE a.seq > ?1 AND a.seq < ?2 "
                  "ORDER BY a.seq",
                  path));
    q.Bind(1, window->last_seq()).Bind(2, below);
    return AddToWindow(&q);
  }

  // Adds to the window the articles of `q`, rows (seq, day, features, story, whether features
  // are stored), oldest first: all of them counted, then each loaded with its story. The
  // features an article lacks (it was added by a process that ended before SaveWindow) are
  // extracted again from its text, on ArchiveOptions::jobs threads.
  Status AddToWindow(Stmt* q) {
    std::vector<std::pair<int64_t, int64_t>> seq_story;
    std::vector<StoryFeatures> features;
    std::vector<size_t> lacking;
    int rc;
    while ((rc = q->Step()) == SQLITE_ROW) {
      features.emplace_back();
      seq_story.emplace_back(q->Int(0), q->Int(3));
      if (q->Int(4) == 0) {
        lacking.push_back(features.size() - 1);
      } else if (!store::DecodeStoryFeatures(q->Blob(2), static_cast<int32_t>(q->Int(1)),
                                             &features.back())) {
        q->Reset();
        return Status::Corruption(path + ": bad story features of article #" +
                                  std::to_string(seq_story.back().first));
      }
    }
    q->Reset();
    if (rc != SQLITE_DONE) return Err(rc);
    if (!lacking.empty()) {
      std::vector<Document> docs(lacking.size());
      for (size_t k = 0; k < lacking.size(); ++k) {
        UNSPUN_RETURN_IF_ERROR(ReadArticle(seq_story[lacking[k]].first, &docs[k], nullptr));
      }
      ParallelFor(lacking.size(), options.jobs,
                  [&](size_t k, int) { features[lacking[k]] = ExtractStoryFeatures(docs[k]); });
      window_unsaved = true;
    }
    for (const StoryFeatures& f : features) window->Count(f);
    for (size_t k = 0; k < features.size(); ++k) {
      window->Load(seq_story[k].first, std::move(features[k]), seq_story[k].second);
    }
    window->Trim(kStoryWindow);
    return Status::OK();
  }

  // Inside a transaction: brings the caches up to date.
  Status Refresh() {
    data_version.Reset();
    int rc = data_version.Step();
    if (rc != SQLITE_ROW) return data_version.Error(rc);
    const int64_t v = data_version.Int(0);
    data_version.Reset();
    if (v == cached_version) return Status::OK();
    {
      std::lock_guard<std::mutex> lock(window_mu);
      window_stale = window != nullptr;
    }
    segments.clear();
    list_segments.Reset();
    while ((rc = list_segments.Step()) == SQLITE_ROW) {
      segments.push_back({list_segments.Int(0), uint64_t(list_segments.Int(1)),
                          uint64_t(list_segments.Int(2)), uint64_t(list_segments.Int(3))});
    }
    if (rc != SQLITE_DONE) return list_segments.Error(rc);
    removed.clear();
    list_removed.Reset();
    while ((rc = list_removed.Step()) == SQLITE_ROW) {
      removed.insert(static_cast<uint32_t>(list_removed.Int(0)));
    }
    if (rc != SQLITE_DONE) return list_removed.Error(rc);
    get_next_seq.Reset();
    rc = get_next_seq.Step();
    if (rc != SQLITE_ROW)
      return rc == SQLITE_DONE ? Status::Corruption(path + ": no next_seq")
                               : get_next_seq.Error(rc);
    next_seq = std::atoll(std::string(get_next_seq.Text(0)).c_str());
    get_next_seq.Reset();
    cached_version = v;
    return Status::OK();
  }

  // Forgets the caches (after a rolled-back write).
  void Invalidate() {
    cached_version = -1;
    std::lock_guard<std::mutex> lock(window_mu);
    DropWindow();
    filing_waits = false;
    window_cv.notify_all();
  }

  Status SetMeta(std::string_view key, std::string_view value) {
    return set_meta.Reset().Bind(1, key).Bind(2, value).Run();
  }

  Status ReadMeta(std::unordered_map<std::string, std::string>* meta) {
    Stmt s;
    UNSPUN_RETURN_IF_ERROR(s.Prepare(db, "SELECT key, value FROM meta", path));
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) (*meta)[std::string(s.Text(0))] = std::string(s.Text(1));
    if (rc != SQLITE_DONE) return s.Error(rc);
    return Status::OK();
  }

  Status Init() {
    UNSPUN_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
    Status s = [&]() -> Status {
      UNSPUN_RETURN_IF_ERROR(Exec(kSchema));
      UNSPUN_RETURN_IF_ERROR(Exec(kStoryFeaturesSchema));
      UNSPUN_RETURN_IF_ERROR(
          Exec(("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str()));
      UNSPUN_RETURN_IF_ERROR(
          Exec(("PRAGMA user_version = " + std::to_string(kArchiveFormatVersion)).c_str()));
      Stmt m;
      UNSPUN_RETURN_IF_ERROR(m.Prepare(db, "INSERT INTO meta(key, value) VALUES (?1, ?2)", path));
      const std::pair<std::string, std::string> rows[] = {
          {"format_version", std::to_string(kArchiveFormatVersion)},
          {"created_by", std::string("unspun ") + UNSPUN_VERSION},
          {"next_seq", "1"},
          {"fp_word_ngram", std::to_string(fp_options.word_ngram)},
          {"fp_winnow_window", std::to_string(fp_options.winnow_window)},
          {"fp_skeleton_ngram", std::to_string(fp_options.skeleton_ngram)},
          {"min_shared", std::to_string(cand_options.min_shared)},
          {"max_postings", std::to_string(cand_options.max_postings)},
      };
      for (const auto& [k, v] : rows) UNSPUN_RETURN_IF_ERROR(m.Reset().Bind(1, k).Bind(2, v).Run());
      return Exec("COMMIT");
    }();
    if (!s.ok()) (void)Exec("ROLLBACK");
    return s;
  }

  // Reads the format metadata of an existing archive and refuses what this build cannot read.
  Status Validate() {
    Stmt q;
    UNSPUN_RETURN_IF_ERROR(q.Prepare(db, "PRAGMA application_id", path));
    int rc = q.Step();
    if (rc != SQLITE_ROW) return q.Error(rc);
    const int64_t app = q.Int(0);
    UNSPUN_RETURN_IF_ERROR(q.Prepare(db, "PRAGMA user_version", path));
    rc = q.Step();
    if (rc != SQLITE_ROW) return q.Error(rc);
    const int64_t version = q.Int(0);
    if (app != kApplicationId) {
      return Status::Corruption(path + ": a SQLite database, but not an unspun archive");
    }
    if (version > kArchiveFormatVersion) {
      return Status::Corruption(path + ": archive format version " + std::to_string(version) +
                                " is newer than this unspun reads (" +
                                std::to_string(kArchiveFormatVersion) + "); use a newer unspun");
    }
    if (version < 1) return Status::Corruption(path + ": archive format version missing");
    std::unordered_map<std::string, std::string> meta;
    UNSPUN_RETURN_IF_ERROR(ReadMeta(&meta));
    auto get = [&](const char* key, uint32_t* out) -> Status {
      auto it = meta.find(key);
      if (it == meta.end()) return Status::Corruption(path + ": meta key " + key + " missing");
      const long v = std::atol(it->second.c_str());
      if (v <= 0 || v > 1000000) {
        return Status::Corruption(path + ": meta key " + key + " has a bad value");
      }
      *out = static_cast<uint32_t>(v);
      return Status::OK();
    };
    UNSPUN_RETURN_IF_ERROR(get("fp_word_ngram", &fp_options.word_ngram));
    UNSPUN_RETURN_IF_ERROR(get("fp_winnow_window", &fp_options.winnow_window));
    UNSPUN_RETURN_IF_ERROR(get("fp_skeleton_ngram", &fp_options.skeleton_ngram));
    UNSPUN_RETURN_IF_ERROR(get("min_shared", &cand_options.min_shared));
    UNSPUN_RETURN_IF_ERROR(get("max_postings", &cand_options.max_postings));
    if (meta.find("format_version") == meta.end() ||
        std::atol(meta["format_version"].c_str()) != version) {
      return Status::Corruption(path + ": format version in meta disagrees with the header");
    }
    if (version == 1) {
      // Format 1 kept no story features. Read-only, its articles keep the stories they have and
      // a checked article is compared with none; opened for writing, it is upgraded.
      if (options.read_only) {
        has_story_features = false;
        return Status::OK();
      }
      UNSPUN_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
      Status s = Exec(kStoryFeaturesSchema);
      if (s.ok()) {
        s = Exec(
            "PRAGMA user_version = 2; "
            "UPDATE meta SET value = '2' WHERE key = 'format_version'");
      }
      if (s.ok()) s = Exec("COMMIT");
      if (!s.ok()) (void)Exec("ROLLBACK");
      return s;
    }
    return Status::OK();
  }

  // Runs `body` in a write transaction, committed when it returns OK, rolled back otherwise.
  template <typename Fn>
  Status WriteTransaction(Fn body) {
    if (!checkpointer && !options.read_only) {
      // Started by the first write: a process that only reads needs no second connection.
      Result<std::unique_ptr<store::Checkpointer>> c =
          store::Checkpointer::Start(path, db, options.sync == SyncMode::kFull ? "FULL" : "NORMAL");
      if (!c.ok()) return c.status();
      checkpointer = std::move(c.value());
    }
    UNSPUN_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
    Status s = Refresh();
    if (s.ok()) s = body();
    if (s.ok()) s = Exec("COMMIT");
    // After a commit the caches hold what was written (our own commits leave data_version
    // alone); after a rollback they may hold what was not.
    if (!s.ok()) {
      (void)Exec("ROLLBACK");
      Invalidate();
    }
    return s;
  }
  template <typename Fn>
  Status ReadTransaction(Fn body) {
    UNSPUN_RETURN_IF_ERROR(Exec("BEGIN"));
    Status s = Refresh();
    if (s.ok()) s = body();
    Status end = Exec(s.ok() ? "COMMIT" : "ROLLBACK");
    return s.ok() ? end : s;
  }

  // Stores the blocks `w` has finished as part of run `id`, counting them in *blocks.
  Status Drain(BlockWriter* w, int64_t id, uint64_t* blocks) {
    for (const auto& b : w->blocks()) {
      UNSPUN_RETURN_IF_ERROR(insert_block.Reset()
                                 .Bind(1, id << 32 | b.first_fp)
                                 .Bind(2, b.last_fp)
                                 .BindBlob(3, b.bytes)
                                 .Run());
      ++*blocks;
    }
    w->blocks().clear();
    return Status::OK();
  }

  // Writes the groups of sorted (fp << 32 | seq) postings as a new run.
  Status WriteSegment(const std::vector<uint64_t>& postings, int64_t id) {
    BlockWriter w;
    std::vector<uint32_t> seqs;
    uint64_t blocks = 0;
    for (size_t i = 0; i < postings.size();) {
      const uint32_t fp = static_cast<uint32_t>(postings[i] >> 32);
      seqs.clear();
      for (; i < postings.size() && static_cast<uint32_t>(postings[i] >> 32) == fp; ++i) {
        seqs.push_back(static_cast<uint32_t>(postings[i]));
      }
      const bool common = seqs.size() > cand_options.max_postings;
      w.Add(fp, common, seqs.data(), common ? 0 : seqs.size());
      if (w.blocks().size() >= 64) UNSPUN_RETURN_IF_ERROR(Drain(&w, id, &blocks));
    }
    w.Finish();
    UNSPUN_RETURN_IF_ERROR(Drain(&w, id, &blocks));
    if (blocks == 0) return Status::OK();
    UNSPUN_RETURN_IF_ERROR(insert_segment.Reset()
                               .Bind(1, id)
                               .Bind(2, int64_t(w.postings()))
                               .Bind(3, int64_t(w.commons()))
                               .Bind(4, int64_t(blocks))
                               .Run());
    segments.push_back({id, w.postings(), w.commons(), blocks});
    return Status::OK();
  }

  // Merges `runs` (consecutive in age, the oldest first) into a new run numbered `id`; purges
  // removed articles.
  Status MergeSegments(const std::vector<SegmentInfo>& runs, int64_t id, SegmentInfo* merged) {
    std::vector<GroupCursor> cursors(runs.size());
    for (size_t r = 0; r < runs.size(); ++r) {
      UNSPUN_RETURN_IF_ERROR(cursors[r].Open(db, runs[r].id, path));
    }
    BlockWriter w;
    uint64_t blocks = 0;
    std::vector<uint32_t> seqs;
    std::vector<GroupCursor*> at;  // The cursors at the smallest fingerprint, oldest run first.
    // Appends the live seqs of the cursor's group to `seqs`.
    auto take = [&](const GroupCursor& c) {
      const size_t from = seqs.size();
      if (!c.group().AppendSeqs(&seqs)) return false;
      if (!removed.empty()) {
        seqs.erase(std::remove_if(seqs.begin() + from, seqs.end(),
                                  [&](uint32_t s) { return removed.count(s) != 0; }),
                   seqs.end());
      }
      return true;
    };
    for (;;) {
      at.clear();
      for (GroupCursor& c : cursors) {
        if (c.done()) continue;
        if (!at.empty() && c.fp() > at[0]->fp()) continue;
        if (!at.empty() && c.fp() < at[0]->fp()) at.clear();
        at.push_back(&c);
      }
      if (at.empty()) break;
      const uint32_t fp = at[0]->fp();
      bool common = false;
      for (const GroupCursor* c : at) common = common || c->group().common();
      if (common) {
        w.Add(fp, true, nullptr, 0);
      } else if (at.size() == 1 && removed.empty() &&
                 at[0]->group().n() <= cand_options.max_postings) {
        // Most groups of a merge are in one run only: their list is copied as it is.
        w.AddList(fp, at[0]->group().n(), at[0]->group().list());
      } else {
        // Runs hold consecutive ranges of seqs, the older run's first: the lists concatenate.
        seqs.clear();
        for (const GroupCursor* c : at) {
          if (!take(*c)) return Status::Corruption(path + ": undecodable index block");
        }
        if (!std::is_sorted(seqs.begin(), seqs.end())) std::sort(seqs.begin(), seqs.end());
        // A group of too many articles becomes a common mark; an empty one is dropped.
        if (seqs.size() > cand_options.max_postings) {
          w.Add(fp, true, nullptr, 0);
        } else if (!seqs.empty()) {
          w.Add(fp, false, seqs.data(), seqs.size());
        }
      }
      for (GroupCursor* c : at) UNSPUN_RETURN_IF_ERROR(c->Advance());
      if (w.blocks().size() >= 64) UNSPUN_RETURN_IF_ERROR(Drain(&w, id, &blocks));
    }
    w.Finish();
    UNSPUN_RETURN_IF_ERROR(Drain(&w, id, &blocks));
    for (const SegmentInfo& old : runs) {
      UNSPUN_RETURN_IF_ERROR(
          delete_blocks.Reset().Bind(1, old.id << 32).Bind(2, (old.id + 1) << 32).Run());
      UNSPUN_RETURN_IF_ERROR(delete_segment.Reset().Bind(1, old.id).Run());
    }
    *merged = {id, w.postings(), w.commons(), blocks};
    if (blocks > 0) {
      UNSPUN_RETURN_IF_ERROR(insert_segment.Reset()
                                 .Bind(1, id)
                                 .Bind(2, int64_t(w.postings()))
                                 .Bind(3, int64_t(w.commons()))
                                 .Bind(4, int64_t(blocks))
                                 .Run());
    }
    return Status::OK();
  }

  // Replaces the newest k runs by their merge.
  Status MergeNewest(size_t k) {
    const std::vector<SegmentInfo> runs(segments.end() - k, segments.end());
    SegmentInfo merged;
    UNSPUN_RETURN_IF_ERROR(MergeSegments(runs, runs.back().id + 1, &merged));
    segments.resize(segments.size() - k);
    if (merged.blocks > 0) segments.push_back(merged);
    return Status::OK();
  }

  // Merges every run into one.
  Status CompactAll() { return segments.size() >= 2 ? MergeNewest(segments.size()) : Status::OK(); }

  // After a batch wrote its run: merges it with the runs before it while each holds at most
  // kMergeRatio times the entries of the newer ones together, all in one pass.
  Status Compact() {
    size_t k = 1;
    uint64_t newer = segments.empty() ? 0 : segments.back().entries();
    while (k < segments.size() &&
           segments[segments.size() - 1 - k].entries() <= kMergeRatio * newer) {
      newer += segments[segments.size() - 1 - k].entries();
      ++k;
    }
    return k >= 2 ? MergeNewest(k) : Status::OK();
  }

  // Removes the article numbered seq (its postings stay until their run merges).
  Status RemoveSeq(int64_t seq) {
    UNSPUN_RETURN_IF_ERROR(delete_article.Reset().Bind(1, seq).Run());
    UNSPUN_RETURN_IF_ERROR(insert_removed.Reset().Bind(1, seq).Run());
    UNSPUN_RETURN_IF_ERROR(delete_pairs_a.Reset().Bind(1, seq).Run());
    UNSPUN_RETURN_IF_ERROR(delete_pairs_b.Reset().Bind(1, seq).Run());
    if (has_story_features) {
      UNSPUN_RETURN_IF_ERROR(delete_features.Reset().Bind(1, seq).Run());
      std::lock_guard<std::mutex> lock(window_mu);
      // The index cannot take an article out: it is loaded again without it, from features
      // saved now rather than extracted again.
      UNSPUN_RETURN_IF_ERROR(SaveWindowFeatures());
      DropWindow();
    }
    removed.insert(static_cast<uint32_t>(seq));
    return Status::OK();
  }

  // Inside a write transaction: stores docs with their fingerprints and story features (unless
  // `defer`: AddOptions::defer_story_features), and files each in a story. copied[i] (may be empty)
  // lists the seqs of archived articles docs[i] copies: it joins their stories (Check). stories
  // (may be null) receives each stored document's story, 0 for a skipped one.
  Status Store(const std::vector<Document>& docs, const std::vector<std::vector<uint32_t>>& fps,
               const std::vector<uint64_t>& local_postings,
               const std::vector<StoryFeatures>& features,
               const std::vector<std::vector<int64_t>>& copied,
               const Archive::Prepared::StoryPlan* plan, bool replace, bool defer,
               std::vector<AddAction>* actions, std::vector<int64_t>* stories) {
    std::vector<int64_t> seq_of(docs.size(), 0);
    batch_start = next_seq;
    defer_features = defer;
    if (defer) window_unsaved = true;
    // Each row is inserted with the story planned for it, if any, and FileStories writes only
    // what differs: most plans hold, and an update of a row costs as much as its insertion.
    std::vector<int64_t> inserted_story(docs.size(), 0);
    const bool usable = PlanUsable(plan, docs.size());
    std::unordered_set<int64_t> batch_seqs, dropped;  // Dropped: replaced later in the batch.
    for (size_t i = 0; i < docs.size(); ++i) {
      const Document& d = docs[i];
      AddAction action = AddAction::kAdded;
      find_id.Reset().Bind(1, d.id);
      int rc = find_id.Step();
      if (rc == SQLITE_ROW) {
        const int64_t old = find_id.Int(0);
        find_id.Reset();
        if (!replace) {
          if (actions) actions->push_back(AddAction::kSkipped);
          continue;
        }
        UNSPUN_RETURN_IF_ERROR(RemoveSeq(old));
        if (batch_seqs.count(old)) dropped.insert(old);
        action = AddAction::kReplaced;
      } else if (rc != SQLITE_DONE) {
        return find_id.Error(rc);
      }
      find_id.Reset();
      const int64_t seq = next_seq++;
      if (seq > UINT32_MAX) return Status::InvalidArgument(path + ": article numbers exhausted");
      seq_of[i] = seq;
      inserted_story[i] = usable && plan->seq[i] == seq ? plan->story[i] : seq;
      batch_seqs.insert(seq);
      UNSPUN_RETURN_IF_ERROR(insert_article.Reset()
                                 .Bind(1, seq)
                                 .Bind(2, d.id)
                                 .Bind(3, d.title)
                                 .Bind(4, d.text)
                                 .Bind(5, d.source)
                                 .Bind(6, d.published)
                                 .Bind(7, d.url)
                                 .Bind(8, inserted_story[i])
                                 .Bind(9, int64_t(fps[i].size()))
                                 .Run());
      if (actions) actions->push_back(action);
    }
    for (int64_t seq : dropped) batch_seqs.erase(seq);
    UNSPUN_RETURN_IF_ERROR(
        FileStories(docs, features, copied, plan, seq_of, inserted_story, batch_seqs, stories));
    // Numbers grow with the index in docs, so the order by (fingerprint, index) is the order by
    // (fingerprint, seq).
    std::vector<uint64_t> postings;
    postings.reserve(local_postings.size());
    for (uint64_t p : local_postings) {
      const int64_t seq = seq_of[static_cast<uint32_t>(p)];
      if (seq == 0 || (!dropped.empty() && dropped.count(seq))) continue;
      postings.push_back((p & 0xFFFFFFFF00000000ull) | uint64_t(seq));
    }
    const int64_t segment_id = segments.empty() ? 1 : segments.back().id + 1;
    UNSPUN_RETURN_IF_ERROR(WriteSegment(postings, segment_id));
    UNSPUN_RETURN_IF_ERROR(Compact());
    return SetMeta("next_seq", std::to_string(next_seq));
  }

  // Analyses docs on ArchiveOptions::jobs threads: their fingerprints, the postings of the
  // batch, and their story features.
  void Fingerprint(const std::vector<Document>& docs, std::vector<std::vector<uint32_t>>* fps,
                   std::vector<uint64_t>* postings, std::vector<StoryFeatures>* features) const {
    fps->assign(docs.size(), {});
    features->assign(docs.size(), {});
    ParallelFor(docs.size(), options.jobs, [&](size_t i, int) {
      thread_local Analysis analysis;
      Analyze(docs[i], &analysis);
      ComputeFingerprints(analysis, fp_options, &(*fps)[i]);
      (*features)[i] = ExtractStoryFeatures(docs[i], analysis);
    });
    size_t total = 0;
    for (const auto& f : *fps) total += f.size();
    postings->clear();
    postings->reserve(total);
    for (size_t i = 0; i < fps->size(); ++i) {
      for (uint32_t h : (*fps)[i]) postings->push_back(uint64_t{h} << 32 | i);
    }
    store::SortByHigh32(postings);
  }

  // On the writing side: whether `plan` (of a batch of n documents) was made on the window as it
  // is. Reads the window's state without window_mu (see there).
  bool PlanUsable(const Archive::Prepared::StoryPlan* plan, size_t n) const {
    return plan != nullptr && n > 0 && plan->seq.size() == n && window != nullptr &&
           !window_stale && plan->generation == window_generation;
  }

  // Inside a write transaction, after Store inserted the batch: the story of each stored
  // document (seq_of[i] in `stored`, inserted with story inserted_story[i]), decided in order
  // after counting all of their features, as `unspun stories --incremental` does for a corpus
  // (docs/archive.md, "Stories"). A plan made ahead by Archive::FileStories, when given and still
  // right, is only written: without waiting for the window, which may be filing the next batch.
  Status FileStories(const std::vector<Document>& docs, const std::vector<StoryFeatures>& features,
                     const std::vector<std::vector<int64_t>>& copied,
                     const Archive::Prepared::StoryPlan* plan, const std::vector<int64_t>& seq_of,
                     const std::vector<int64_t>& inserted_story,
                     const std::unordered_set<int64_t>& stored, std::vector<int64_t>* stories) {
    if (stories) stories->assign(docs.size(), 0);
    if (!has_story_features || features.size() != docs.size()) return Status::OK();
    auto kept = [&](size_t i) { return seq_of[i] != 0 && stored.count(seq_of[i]) != 0; };
    bool follow = PlanUsable(plan, docs.size());
    for (size_t i = 0; follow && i < docs.size(); ++i)
      follow = kept(i) && seq_of[i] == plan->seq[i];
    const uint64_t batch = plan != nullptr ? plan->batch : 0;
    if (follow) {
      for (size_t i = 0; i < docs.size(); ++i) {
        UNSPUN_RETURN_IF_ERROR(
            WriteStory(seq_of[i], plan->story[i], inserted_story[i], plan->merge[i], stories, i));
        UNSPUN_RETURN_IF_ERROR(WriteFeatures(seq_of[i], features[i]));
      }
      if (next_seq - 1 <= kStoryWindow) {  // A young archive may decide all again.
        std::lock_guard<std::mutex> lock(window_mu);
        UNSPUN_RETURN_IF_ERROR(
            MaybeRefile(seq_of.back(), static_cast<uint32_t>(docs.size()), batch));
        if (plan->refile) Filed(batch);  // FileStories waits for it (RefileDue).
      }
      return PruneFeatures(plan->keep_features_from);
    }
    std::lock_guard<std::mutex> lock(window_mu);
    // Decided here: the window is in the state the store was left in by the last batch.
    if (plan != nullptr && !plan->seq.empty()) {
      UNSPUN_RETURN_IF_ERROR(SaveWindowFeatures());
      DropWindow();  // It holds the plan's decisions.
      ++plans_dropped;
    }
    UNSPUN_RETURN_IF_ERROR(EnsureWindow(batch_start));
    for (size_t i = 0; i < docs.size(); ++i) {
      if (kept(i)) window->Count(features[i]);
    }
    std::vector<int64_t> copied_stories;
    int64_t newest = 0;
    uint32_t filed = 0;
    for (size_t i = 0; i < docs.size(); ++i) {
      if (!kept(i)) continue;
      const int64_t seq = seq_of[i];
      newest = seq;
      ++filed;
      copied_stories.clear();
      if (i < copied.size()) {
        for (int64_t other : copied[i]) {
          get_story.Reset().Bind(1, other);
          const int rc = get_story.Step();
          if (rc == SQLITE_ROW) copied_stories.push_back(get_story.Int(0));
          get_story.Reset();
          if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Err(rc);
        }
      }
      const store::StoryWindow::Decision d =
          window->Assign(seq, features[i], copied_stories, /*keep=*/true);
      // Written unless decided into the story its row was inserted with. A planned story that
      // this decision does not repeat was never started here, or was merged away (moving the
      // row along): no later decision names it either, so the row is always written.
      UNSPUN_RETURN_IF_ERROR(
          WriteStory(seq, d.story != 0 ? d.story : seq, inserted_story[i], d.merge, stories, i));
      UNSPUN_RETURN_IF_ERROR(WriteFeatures(seq, features[i]));
    }
    window_next_seq = next_seq;
    Filed(batch);
    if (newest == 0) return Status::OK();
    const int64_t keep_from = window->OldestKept(kStoryWindow, newest);
    window->Trim(kStoryWindow);
    UNSPUN_RETURN_IF_ERROR(MaybeRefile(newest, filed, batch));
    return PruneFeatures(keep_from);
  }

  // With window_mu held: the window holds the stories of batch `batch` (of FileStories' count)
  // and of none after it.
  void Filed(uint64_t batch) {
    if (batch == 0) return;
    filed_through = batch;
    filing_waits = true;
    window_cv.notify_all();
  }

  // With window_mu held, after a batch was filed (its newest article `newest`, `filed` of them):
  // whether the archive is to decide all of its stories again. A young archive, whose first
  // articles were decided on the frequencies of a handful of others, does so each time it
  // doubles, from 64 articles until the first article leaves the window (docs/archive.md,
  // "Stories").
  bool RefileDue(int64_t newest, uint32_t filed) const {
    if (newest > kStoryWindow) return false;
    const uint32_t after = window->CountUpTo(newest);
    const uint32_t before = after >= filed ? after - filed : 0;
    return after >= 64 && std::bit_width(before) != std::bit_width(after);
  }

  // With window_mu held, after a batch was filed: decides all stories again when RefileDue.
  Status MaybeRefile(int64_t newest, uint32_t filed, uint64_t batch) {
    if (!RefileDue(newest, filed)) return Status::OK();
    std::unordered_map<int64_t, std::vector<int64_t>> copies;  // Found by check --add.
    Stmt q;
    UNSPUN_RETURN_IF_ERROR(
        q.Prepare(db, "SELECT a, b FROM pairs WHERE relation <> 'partial'", path));
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) copies[q.Int(0)].push_back(q.Int(1));
    if (rc != SQLITE_DONE) return q.Error(rc);
    const std::vector<std::pair<int64_t, int64_t>> changed = window->Refile(copies, newest);
    ++window_generation;  // Stories filed ahead were decided on the old window.
    window_next_seq = next_seq;
    Filed(batch);
    for (const auto& [seq, story] : changed) {
      UNSPUN_RETURN_IF_ERROR(set_story.Reset().Bind(1, story).Bind(2, seq).Run());
    }
    return Status::OK();
  }

  // Writes the story of the stored article `seq` (its row holds `inserted`).
  Status WriteStory(int64_t seq, int64_t story, int64_t inserted, const std::vector<int64_t>& merge,
                    std::vector<int64_t>* stories, size_t i) {
    if (story != inserted) {
      UNSPUN_RETURN_IF_ERROR(set_story.Reset().Bind(1, story).Bind(2, seq).Run());
    }
    for (int64_t other : merge) {
      UNSPUN_RETURN_IF_ERROR(move_story.Reset().Bind(1, story).Bind(2, other).Run());
    }
    if (stories) (*stories)[i] = story;
    return Status::OK();
  }

  // Stores the features of the stored article `seq`, unless the batch defers them.
  Status WriteFeatures(int64_t seq, const StoryFeatures& features) {
    if (defer_features) return Status::OK();
    const std::string blob = store::EncodeStoryFeatures(features);
    return insert_features.Reset()
        .Bind(1, seq)
        .Bind(2, int64_t{features.day})
        .BindBlob(3, blob)
        .Run();
  }

  // Deletes the stored features of articles older than `oldest` (0: none), which have left the
  // window; a batch that defers its features leaves this to SaveWindow.
  Status PruneFeatures(int64_t oldest) {
    if (defer_features || oldest == 0) return Status::OK();
    return prune_below.Reset().Bind(1, oldest).Run();
  }

  // Inside a write transaction, with window_mu held: stores the features of the window's
  // articles that lack them, so that a window loaded again reads them rather than extracting
  // them from the text. Only articles of earlier batches (below batch_start) are saved: the
  // window may hold articles filed ahead, numbered as the batch being stored may not be.
  Status SaveWindowFeatures() {
    // Without window_unsaved every window article's row is stored: nothing to look up.
    if (!window_unsaved || !window || window_stale || !has_story_features) return Status::OK();
    const int64_t first = window->OldestKept(kStoryWindow, batch_start - 1);
    std::unordered_set<int64_t> saved;
    saved_features.Reset().Bind(1, first);
    int rc;
    while ((rc = saved_features.Step()) == SQLITE_ROW) saved.insert(saved_features.Int(0));
    saved_features.Reset();
    if (rc != SQLITE_DONE) return Err(rc);
    for (const auto& [seq, f] : window->Articles(first, batch_start)) {
      if (saved.count(seq)) continue;
      const std::string blob = store::EncodeStoryFeatures(*f);
      UNSPUN_RETURN_IF_ERROR(
          insert_features.Reset().Bind(1, seq).Bind(2, int64_t{f->day}).BindBlob(3, blob).Run());
    }
    return Status::OK();
  }

  // Inside a write transaction: saves the window's features (SaveWindowFeatures) and deletes
  // those of articles that have left it.
  Status SaveWindow() {
    if (!has_story_features) return Status::OK();
    batch_start = next_seq;
    {
      std::lock_guard<std::mutex> lock(window_mu);
      UNSPUN_RETURN_IF_ERROR(SaveWindowFeatures());
    }
    return prune_window.Reset().Bind(1, int64_t{kStoryWindow} - 1).Run();
  }

  Status ReadArticle(int64_t seq, Document* doc, int64_t* story) {
    get_article.Reset().Bind(1, seq);
    const int rc = get_article.Step();
    if (rc == SQLITE_DONE) {
      get_article.Reset();
      return Status::NotFound("article #" + std::to_string(seq));
    }
    if (rc != SQLITE_ROW) return get_article.Error(rc);
    doc->id = get_article.Text(0);
    doc->title = get_article.Text(1);
    doc->text = get_article.Text(2);
    doc->source = get_article.Text(3);
    doc->published = get_article.Text(4);
    doc->url = get_article.Text(5);
    doc->origin_file = path;
    doc->origin_line = 0;
    if (story) *story = get_article.Int(6);
    get_article.Reset();
    return Status::OK();
  }

  // Inside a read transaction: the archived articles sharing enough fingerprints with `fps`
  // (sorted, unique), as (shared, seq), most shared first.
  Status Candidates(const std::vector<uint32_t>& fps, int64_t exclude,
                    std::vector<std::pair<uint32_t, uint32_t>>* out) {
    out->clear();
    const size_t n = fps.size();
    std::vector<uint32_t> live(n, 0);
    std::vector<uint8_t> common(n, 0);
    std::vector<uint64_t> hits;  // fp index << 32 | seq
    std::vector<uint32_t> seqs;
    for (const SegmentInfo& seg : segments) {
      for (size_t i = 0; i < n;) {
        // The block that would hold fps[i]: the last one starting at or before it.
        find_block.Reset().Bind(1, seg.id << 32).Bind(2, seg.id << 32 | fps[i]);
        const int rc = find_block.Step();
        if (rc == SQLITE_DONE) {
          ++i;
          continue;
        }
        if (rc != SQLITE_ROW) return find_block.Error(rc);
        const uint32_t lo = static_cast<uint32_t>(find_block.Int(0) & 0xFFFFFFFF);
        const uint32_t hi = static_cast<uint32_t>(find_block.Int(1));
        const std::string_view block = find_block.Blob(2);  // Valid until the next Reset.
        // It answers every following fingerprint up to its last one.
        do {
          if (fps[i] <= hi) {
            seqs.clear();
            const int found = store::FindInBlock(block, lo, fps[i], &seqs);
            if (found < 0) {
              find_block.Reset();
              return Status::Corruption(path + ": undecodable index block in run " +
                                        std::to_string(seg.id));
            }
            if (found == 2) common[i] = 1;
            for (uint32_t s : seqs) {
              if (s == exclude || removed.count(s)) continue;
              ++live[i];
              hits.push_back(uint64_t(i) << 32 | s);
            }
          }
          ++i;
        } while (i < n && fps[i] <= hi);
      }
      find_block.Reset();
    }
    // The batch rule: a fingerprint counts when at most max_postings articles hold it, the
    // checked one included.
    std::unordered_map<uint32_t, uint32_t> shared;
    for (uint64_t h : hits) {
      const size_t i = h >> 32;
      if (common[i] || live[i] + 1 > cand_options.max_postings) continue;
      ++shared[static_cast<uint32_t>(h)];
    }
    for (const auto& [seq, count] : shared) {
      if (count >= cand_options.min_shared) out->push_back({count, seq});
    }
    std::sort(out->begin(), out->end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    return Status::OK();
  }
};

Archive::Archive(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Archive::~Archive() {
  if (!impl_->options.read_only && impl_->window_unsaved) (void)SaveWindow();
}

Status Archive::SaveWindow() {
  if (impl_->options.read_only) return Status::OK();
  Status s = impl_->WriteTransaction([&]() { return impl_->SaveWindow(); });
  if (s.ok()) impl_->window_unsaved = false;
  return s;
}
const std::string& Archive::path() const { return impl_->path; }

void Archive::StopFiling() {
  std::lock_guard<std::mutex> lock(impl_->window_mu);
  impl_->filing_waits = false;
  impl_->window_cv.notify_all();
}

uint64_t Archive::plans_dropped() const {
  std::lock_guard<std::mutex> lock(impl_->window_mu);
  return impl_->plans_dropped;
}

Result<std::unique_ptr<Archive>> Archive::Open(const std::string& path,
                                               const ArchiveOptions& options) {
  struct stat st;
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && !options.create) {
    return Status::NotFound(path + ": no such archive (`unspun index add` creates one)");
  }
  if (exists && S_ISDIR(st.st_mode)) return Status::InvalidArgument(path + ": is a directory");
  // An empty file is what a process killed while creating the archive leaves (with or without a
  // log holding the schema): SQLite reads it as an empty database and the schema check below
  // decides. Anything else must look like a database file first.
  struct stat wal;
  const bool empty_ok =
      exists && st.st_size == 0 && (options.create || ::stat((path + "-wal").c_str(), &wal) == 0);
  if (exists && !empty_ok) UNSPUN_RETURN_IF_ERROR(CheckHeader(path));
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->options = options;
  int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (!exists) flags |= SQLITE_OPEN_CREATE;
  int rc =
      sqlite3_open_v2(path.c_str(), &impl->db, flags | SQLITE_OPEN_NOMUTEX, store::MappedVfs());
  if (rc != SQLITE_OK) return impl->Err(rc);
  sqlite3_extended_result_codes(impl->db, 1);
  sqlite3_busy_timeout(impl->db, options.busy_timeout_ms);
  bool fresh = !exists;
  if (!fresh) {
    // No tables and no application id: a creation that never committed.
    Stmt q;
    UNSPUN_RETURN_IF_ERROR(
        q.Prepare(impl->db,
                  "SELECT (SELECT COUNT(*) FROM sqlite_master), (SELECT application_id FROM "
                  "pragma_application_id)",
                  path));
    rc = q.Step();
    if (rc != SQLITE_ROW) return q.Error(rc);
    if (q.Int(0) == 0 && q.Int(1) == 0) {
      if (!options.create || options.read_only) {
        return Status::Corruption(path + ": an empty database, not an unspun archive");
      }
      fresh = true;
    }
  }
  if (fresh) {
    // A new archive: a page size that keeps index blocks on one page, then the schema.
    UNSPUN_RETURN_IF_ERROR(impl->Exec("PRAGMA page_size = 4096"));
    UNSPUN_RETURN_IF_ERROR(impl->Exec("PRAGMA journal_mode = WAL"));
    UNSPUN_RETURN_IF_ERROR(impl->Init());
  } else if (!options.read_only) {
    UNSPUN_RETURN_IF_ERROR(impl->Exec("PRAGMA journal_mode = WAL"));
  }
  UNSPUN_RETURN_IF_ERROR(impl->Validate());
  UNSPUN_RETURN_IF_ERROR(impl->Exec(options.sync == SyncMode::kFull
                                        ? "PRAGMA synchronous = FULL"
                                        : "PRAGMA synchronous = NORMAL"));
  // Index lookups and merges revisit pages: a 256 MiB page cache. A writer's log is copied by
  // its store::Checkpointer (WriteTransaction), not at its commits.
  UNSPUN_RETURN_IF_ERROR(impl->Exec("PRAGMA cache_size = -262144"));
  if (!options.read_only) {
    // A checkpoint writes the database's first page, which counts its pages, before the pages
    // that extend the file: a process opening the archive meanwhile would take it for a
    // truncated one (CheckHeader). With a chunk size SQLite extends the file first.
    int chunk = 1 << 20;
    (void)sqlite3_file_control(impl->db, "main", SQLITE_FCNTL_CHUNK_SIZE, &chunk);
    // Debian's SQLite zeroes every page it frees (SQLITE_SECURE_DELETE): merges of index runs
    // free pages all the time, and zeroing them was a sixth of the bytes written by a bulk add.
    // Removal zeroes what it deletes (Archive::Remove).
    UNSPUN_RETURN_IF_ERROR(impl->Exec("PRAGMA secure_delete = FAST"));
  }
  // A merge can write a log of the index's size; give the space back after checkpoints.
  UNSPUN_RETURN_IF_ERROR(impl->Exec("PRAGMA journal_size_limit = 67108864"));
  UNSPUN_RETURN_IF_ERROR(impl->Exec("PRAGMA temp_store = MEMORY"));
  // Reads through a memory map save a copy per page (a quarter of a check's time). The map is
  // store::MappedVfs's, of the whole file: SQLite's own stops at a size fixed when it was built
  // (2 GB for Debian's), a third of a 1M-article archive.
  UNSPUN_RETURN_IF_ERROR(impl->Exec("PRAGMA mmap_size = 17179869184"));
  UNSPUN_RETURN_IF_ERROR(impl->Prepare());
  return std::unique_ptr<Archive>(new Archive(std::move(impl)));
}

Archive::Prepared Archive::Prepare(std::vector<Document> docs) const {
  Prepared p;
  p.docs = std::move(docs);
  impl_->Fingerprint(p.docs, &p.fingerprints, &p.postings, &p.story_features);
  return p;
}

Status Archive::Add(const Prepared& batch, const AddOptions& options,
                    std::vector<AddAction>* actions) {
  if (actions) actions->clear();
  Status bad;
  for (const Document& d : batch.docs) {
    if (d.id.empty() && bad.ok()) {
      bad = Status::InvalidArgument(d.Origin() + ": article without an id");
    }
  }
  if (batch.fingerprints.size() != batch.docs.size()) {
    bad = Status::InvalidArgument("Archive::Add: batch not prepared by Archive::Prepare");
  }
  if (!bad.ok()) {
    impl_->Invalidate();  // The window may hold stories filed ahead for this batch.
    return bad;
  }
  std::vector<AddAction> local;
  Status s = impl_->WriteTransaction([&]() {
    local.clear();
    return impl_->Store(batch.docs, batch.fingerprints, batch.postings, batch.story_features, {},
                        &batch.plan, options.replace, options.defer_story_features, &local,
                        nullptr);
  });
  if (s.ok() && actions) *actions = std::move(local);
  return s;
}

void Archive::FileStories(Prepared* batch) {
  Impl& m = *impl_;
  Prepared::StoryPlan& plan = batch->plan;
  plan = Prepared::StoryPlan();
  const size_t n = batch->docs.size();
  if (batch->story_features.size() != n || n == 0) return;
  std::unique_lock<std::mutex> lock(m.window_mu);
  plan.batch = ++m.batches_seen;
  m.window_cv.wait(lock, [&]() { return m.filed_through + 1 >= plan.batch || !m.filing_waits; });
  // Without a window (the first batch, or after a change) Add decides, in its transaction.
  if (!m.window || m.window_stale || m.window_next_seq == 0) return;
  if (m.filed_through + 1 != plan.batch) return;
  plan.generation = m.window_generation;
  for (const StoryFeatures& f : batch->story_features) m.window->Count(f);
  for (size_t i = 0; i < n; ++i) {
    const int64_t seq = m.window_next_seq + static_cast<int64_t>(i);
    store::StoryWindow::Decision d =
        m.window->Assign(seq, batch->story_features[i], {}, /*keep=*/true);
    plan.seq.push_back(seq);
    plan.story.push_back(d.story != 0 ? d.story : seq);
    plan.merge.push_back(std::move(d.merge));
  }
  m.window_next_seq += static_cast<int64_t>(n);
  // When the batch makes the archive decide all again, the next plan waits for Add to do so.
  plan.refile = m.RefileDue(plan.seq.back(), static_cast<uint32_t>(n));
  if (!plan.refile) m.filed_through = plan.batch;
  plan.keep_features_from = m.window->OldestKept(kStoryWindow, plan.seq.back());
  m.window->Trim(kStoryWindow);
}

Status Archive::Add(const std::vector<Document>& docs, const AddOptions& options,
                    std::vector<AddAction>* actions) {
  Prepared p;
  p.docs = docs;
  impl_->Fingerprint(p.docs, &p.fingerprints, &p.postings, &p.story_features);
  return Add(p, options, actions);
}

Status Archive::Check(const Document& doc, const CheckOptions& options, CheckResult* out) {
  *out = CheckResult();
  if (options.add && doc.id.empty()) {
    return Status::InvalidArgument(doc.Origin() + ": article without an id");
  }
  Analysis query;
  Analyze(doc, &query);
  std::vector<uint32_t> fps;
  ComputeFingerprints(query, impl_->fp_options, &fps);
  StoryFeatures features = ExtractStoryFeatures(doc, query);
  std::vector<int64_t> match_seqs, copied, copied_stories;
  UNSPUN_RETURN_IF_ERROR(impl_->ReadTransaction([&]() -> Status {
    int64_t exclude = -1;
    impl_->find_id.Reset().Bind(1, doc.id);
    int rc = impl_->find_id.Step();
    if (rc == SQLITE_ROW) exclude = impl_->find_id.Int(0);
    impl_->find_id.Reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return impl_->Err(rc);
    std::vector<std::pair<uint32_t, uint32_t>> cands;
    UNSPUN_RETURN_IF_ERROR(impl_->Candidates(fps, exclude, &cands));
    out->candidates = static_cast<uint32_t>(cands.size());
    if (cands.size() > options.max_verify) cands.resize(options.max_verify);
    // Read the candidates here; verify them (pure computation) on ArchiveOptions::jobs threads.
    std::vector<Document> docs(cands.size());
    std::vector<int64_t> story_of(cands.size(), 0);
    for (size_t k = 0; k < cands.size(); ++k) {
      UNSPUN_RETURN_IF_ERROR(impl_->ReadArticle(cands[k].second, &docs[k], &story_of[k]));
    }
    std::vector<std::optional<ReusePair>> verdicts(cands.size());
    ParallelFor(cands.size(), impl_->options.jobs, [&](size_t k, int) {
      thread_local Analysis other;
      Analyze(docs[k], &other);
      // The archived article first, as the batch engine orders a pair (corpus order, which for a
      // stream is arrival order): verification is not exactly symmetric at passage edges.
      std::optional<ReusePair> v = unspun::Verify(other, query, impl_->verify_options);
      if (!v) return;
      const int source = LikelySource(docs[k], other, doc, query, *v);
      verdicts[k] = Swapped(*v, source);
    });
    for (size_t k = 0; k < cands.size(); ++k) {
      if (!verdicts[k]) continue;
      // A copy (not a reused passage) is one report with its source: it joins its story.
      if (verdicts[k]->relation != Relation::kPartial) {
        copied.push_back(cands[k].second);
        copied_stories.push_back(story_of[k]);
      }
      out->matches.push_back({docs[k].id, std::move(*verdicts[k])});
      match_seqs.push_back(cands[k].second);
    }
    if (options.add) return Status::OK();  // Filed when stored, below.
    // The story it would join: decided as for an article added now, then taken back.
    std::lock_guard<std::mutex> lock(impl_->window_mu);
    UNSPUN_RETURN_IF_ERROR(impl_->EnsureWindow(impl_->next_seq));
    impl_->window->Count(features);
    const store::StoryWindow::Decision d =
        impl_->window->Assign(impl_->next_seq, features, copied_stories, /*keep=*/false);
    impl_->window->Uncount(features);
    out->story = d.story;
    out->new_story = d.story == 0;
    return Status::OK();
  }));
  // Best score first; each match keeps its seq beside it.
  std::vector<size_t> order(out->matches.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    return out->matches[x].pair.score > out->matches[y].pair.score;
  });
  std::vector<ArchiveMatch> sorted;
  std::vector<int64_t> sorted_seqs;
  for (size_t k : order) {
    sorted.push_back(std::move(out->matches[k]));
    sorted_seqs.push_back(match_seqs[k]);
  }
  out->matches = std::move(sorted);
  match_seqs = std::move(sorted_seqs);
  if (!options.add) return Status::OK();
  std::vector<AddAction> actions;
  std::vector<int64_t> stories;
  const std::vector<Document> docs = {doc};
  const std::vector<std::vector<uint32_t>> all_fps = {fps};
  std::vector<uint64_t> postings;  // Already sorted: one document's sorted fingerprints.
  for (uint32_t h : fps) postings.push_back(uint64_t{h} << 32);
  const std::vector<StoryFeatures> all_features = {std::move(features)};
  UNSPUN_RETURN_IF_ERROR(impl_->WriteTransaction([&]() {
    actions.clear();
    UNSPUN_RETURN_IF_ERROR(impl_->Store(docs, all_fps, postings, all_features, {copied}, nullptr,
                                        options.replace, /*defer=*/false, &actions, &stories));
    if (actions.empty() || actions[0] == AddAction::kSkipped) return Status::OK();
    // The relations found are results too: kept beside the articles (docs/archive.md).
    const int64_t seq = impl_->next_seq - 1;
    out->story = stories[0];
    out->new_story = stories[0] == seq;
    std::string record;
    for (size_t k = 0; k < out->matches.size(); ++k) {
      const ArchiveMatch& m = out->matches[k];
      record.clear();
      AppendPairJson(doc.id, m.archived_id, m.pair,
                     m.pair.source == 0   ? std::string_view(doc.id)
                     : m.pair.source == 1 ? std::string_view(m.archived_id)
                                          : std::string_view(),
                     &record);
      UNSPUN_RETURN_IF_ERROR(impl_->insert_pair.Reset()
                                 .Bind(1, seq)
                                 .Bind(2, match_seqs[k])
                                 .Bind(3, RelationName(m.pair.relation))
                                 .BindDouble(4, m.pair.score)
                                 .Bind(5, record)
                                 .Run());
    }
    return Status::OK();
  }));
  out->action = actions.empty() ? AddAction::kSkipped : actions[0];
  if (out->action == AddAction::kSkipped) {
    // Not stored: the story is that of the stored article with its id.
    Result<int64_t> story = StoryOf(doc.id);
    out->story = story.ok() ? story.value() : 0;
    out->new_story = false;
  }
  return Status::OK();
}

Status Archive::Compact() {
  return impl_->WriteTransaction([&]() { return impl_->CompactAll(); });
}

Status Archive::Remove(const std::vector<std::string>& ids, std::vector<bool>* found) {
  std::vector<bool> local;
  // A removed article's text leaves no trace in the file's free pages (it may stay in the log
  // until that is overwritten).
  UNSPUN_RETURN_IF_ERROR(impl_->Exec("PRAGMA secure_delete = ON"));
  Status s = impl_->WriteTransaction([&]() -> Status {
    local.clear();
    impl_->batch_start = impl_->next_seq;
    for (const std::string& id : ids) {
      impl_->find_id.Reset().Bind(1, id);
      const int rc = impl_->find_id.Step();
      if (rc != SQLITE_ROW && rc != SQLITE_DONE) return impl_->Err(rc);
      const int64_t seq = rc == SQLITE_ROW ? impl_->find_id.Int(0) : 0;
      impl_->find_id.Reset();
      local.push_back(seq != 0);
      if (seq != 0) UNSPUN_RETURN_IF_ERROR(impl_->RemoveSeq(seq));
    }
    return Status::OK();
  });
  const Status restored = impl_->Exec("PRAGMA secure_delete = FAST");
  if (s.ok()) s = restored;
  if (s.ok() && found) *found = std::move(local);
  return s;
}

Result<Document> Archive::Get(std::string_view id) {
  Document doc;
  Status s = impl_->ReadTransaction([&]() -> Status {
    impl_->find_id.Reset().Bind(1, id);
    const int rc = impl_->find_id.Step();
    const int64_t seq = rc == SQLITE_ROW ? impl_->find_id.Int(0) : 0;
    impl_->find_id.Reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return impl_->Err(rc);
    if (seq == 0) return Status::NotFound(impl_->path + ": no article " + std::string(id));
    return impl_->ReadArticle(seq, &doc, nullptr);
  });
  if (!s.ok()) return s;
  return doc;
}

Result<int64_t> Archive::StoryOf(std::string_view id) {
  int64_t story = 0;
  Status s = impl_->ReadTransaction([&]() -> Status {
    impl_->find_id.Reset().Bind(1, id);
    const int rc = impl_->find_id.Step();
    if (rc == SQLITE_ROW) story = impl_->find_id.Int(1);
    impl_->find_id.Reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return impl_->Err(rc);
    if (rc == SQLITE_DONE) return Status::NotFound(impl_->path + ": no article " + std::string(id));
    return Status::OK();
  });
  if (!s.ok()) return s;
  return story;
}

Status Archive::List(const std::function<void(std::string_view id, int64_t story)>& fn) {
  return impl_->ReadTransaction([&]() -> Status {
    Stmt q;
    UNSPUN_RETURN_IF_ERROR(
        q.Prepare(impl_->db, "SELECT id, story FROM articles ORDER BY seq", impl_->path));
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) fn(q.Text(0), q.Int(1));
    return rc == SQLITE_DONE ? Status::OK() : q.Error(rc);
  });
}

Status Archive::ListPairs(const std::function<void(std::string_view record)>& fn) {
  return impl_->ReadTransaction([&]() -> Status {
    Stmt q;
    UNSPUN_RETURN_IF_ERROR(
        q.Prepare(impl_->db, "SELECT record FROM pairs ORDER BY a, b", impl_->path));
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) fn(q.Text(0));
    return rc == SQLITE_DONE ? Status::OK() : q.Error(rc);
  });
}

Status Archive::Stats(ArchiveStats* out) {
  *out = ArchiveStats();
  out->format_version = kArchiveFormatVersion;
  UNSPUN_RETURN_IF_ERROR(impl_->ReadTransaction([&]() -> Status {
    Stmt q;
    UNSPUN_RETURN_IF_ERROR(q.Prepare(
        impl_->db,
        "SELECT COUNT(*), COUNT(DISTINCT story), (SELECT COUNT(*) FROM pairs) FROM articles",
        impl_->path));
    const int rc = q.Step();
    if (rc != SQLITE_ROW) return q.Error(rc);
    out->articles = q.Int(0);
    out->stories = q.Int(1);
    out->pairs = q.Int(2);
    for (const SegmentInfo& s : impl_->segments) {
      ++out->segments;
      out->postings += s.postings;
      out->common += s.common;
    }
    out->removed = impl_->removed.size();
    return Status::OK();
  }));
  struct stat st;
  if (::stat(impl_->path.c_str(), &st) == 0) out->file_bytes += st.st_size;
  if (::stat((impl_->path + "-wal").c_str(), &st) == 0) out->file_bytes += st.st_size;
  return Status::OK();
}

Status Archive::Verify(bool quick, std::vector<std::string>* problems) {
  Impl& m = *impl_;
  return m.ReadTransaction([&]() -> Status {
    Stmt q;
    UNSPUN_RETURN_IF_ERROR(
        q.Prepare(m.db, quick ? "PRAGMA quick_check" : "PRAGMA integrity_check", m.path));
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) {
      if (q.Text(0) != "ok") problems->push_back("sqlite: " + std::string(q.Text(0)));
    }
    if (rc != SQLITE_DONE) {
      problems->push_back("sqlite: " + q.Error(rc).message());
      return Status::OK();
    }
    if (!problems->empty()) return Status::OK();
    // Article numbers: stored ones and removed ones, all below next_seq.
    std::vector<uint8_t> state(static_cast<size_t>(std::max<int64_t>(m.next_seq, 1)), 0);
    UNSPUN_RETURN_IF_ERROR(q.Prepare(m.db, "SELECT seq, story FROM articles", m.path));
    while ((rc = q.Step()) == SQLITE_ROW) {
      const int64_t seq = q.Int(0);
      if (seq <= 0 || seq >= m.next_seq) {
        problems->push_back("article #" + std::to_string(seq) + " beyond next_seq");
        continue;
      }
      state[seq] = 1;
      if (q.Int(1) <= 0 || q.Int(1) >= m.next_seq) {
        problems->push_back("article #" + std::to_string(seq) + " has a bad story number");
      }
    }
    if (rc != SQLITE_DONE) return q.Error(rc);
    for (uint32_t s : m.removed) {
      if (s < state.size()) {
        if (state[s] == 1)
          problems->push_back("article #" + std::to_string(s) + " stored and removed");
        state[s] = 2;
      }
    }
    if (m.has_story_features) {
      UNSPUN_RETURN_IF_ERROR(q.Prepare(m.db, "SELECT seq, day, data FROM story_features", m.path));
      StoryFeatures features;
      while ((rc = q.Step()) == SQLITE_ROW) {
        const int64_t seq = q.Int(0);
        if (seq <= 0 || seq >= m.next_seq || state[seq] != 1) {
          problems->push_back("story features of article #" + std::to_string(seq) +
                              ", which is not stored");
        } else if (!store::DecodeStoryFeatures(q.Blob(2), static_cast<int32_t>(q.Int(1)),
                                               &features)) {
          problems->push_back("bad story features of article #" + std::to_string(seq));
        }
      }
      if (rc != SQLITE_DONE) return q.Error(rc);
    }
    UNSPUN_RETURN_IF_ERROR(q.Prepare(m.db, "SELECT a, b FROM pairs", m.path));
    while ((rc = q.Step()) == SQLITE_ROW) {
      for (int side = 0; side < 2; ++side) {
        const int64_t seq = q.Int(side);
        if (seq <= 0 || seq >= m.next_seq || state[seq] != 1) {
          problems->push_back("a stored pair names article #" + std::to_string(seq) +
                              ", which is not stored");
        }
      }
    }
    if (rc != SQLITE_DONE) return q.Error(rc);
    for (const SegmentInfo& seg : m.segments) {
      const std::string run = "index run " + std::to_string(seg.id);
      UNSPUN_RETURN_IF_ERROR(q.Prepare(
          m.db, "SELECT key, last_fp, data FROM postings WHERE key >= ?1 AND key < ?2 ORDER BY key",
          m.path));
      q.Reset().Bind(1, seg.id << 32).Bind(2, (seg.id + 1) << 32);
      DecodedBlock block;
      uint64_t postings = 0, common = 0, blocks = 0;
      int64_t prev_fp = -1;
      while ((rc = q.Step()) == SQLITE_ROW) {
        ++blocks;
        const int64_t first = q.Int(0) & 0xFFFFFFFF, last = q.Int(1);
        if (!store::DecodeBlock(q.Blob(2), static_cast<uint32_t>(first), &block) ||
            block.fps.back() != last || first <= prev_fp) {
          problems->push_back(run + ": bad block at fingerprint " + std::to_string(first));
          continue;
        }
        prev_fp = last;
        for (size_t g = 0; g < block.fps.size(); ++g) {
          if (block.common[g]) ++common;
          for (uint32_t k = block.begin[g]; k < block.begin[g + 1]; ++k) {
            const uint32_t s = block.seqs[k];
            ++postings;
            if (s >= state.size() || state[s] == 0) {
              problems->push_back(run + ": posting names unknown article #" + std::to_string(s));
            }
          }
        }
      }
      if (rc != SQLITE_DONE) return q.Error(rc);
      if (postings != seg.postings || common != seg.common || blocks != seg.blocks) {
        problems->push_back(run + ": counts disagree with its header");
      }
      if (problems->size() > 100) return Status::OK();
    }
    return Status::OK();
  });
}

}  // namespace unspun
