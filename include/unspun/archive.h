// Archive: an embedded store of articles that new articles are checked against as they arrive.
//
// One SQLite file (docs/archive.md specifies the schema and format version) holds the articles,
// their fingerprints in a candidate index, and the story of each article. Articles are added in
// batches; each batch is one transaction, so when Add returns OK the whole batch is durable
// (against a crash of the process always, against power loss with SyncMode::kFull) and when it
// fails or the process dies first, none of it is there. Check finds an article's reuse relations to
// the archive with the same rules as the batch engine (unspun/pairs.h): the same fingerprints, the
// same candidate rule (at least CandidateOptions::min_shared shared fingerprints, fingerprints held
// by more than max_postings articles ignored) and the same verification.
//
// Thread safety: an Archive object is not thread-safe; use one per thread. Any number of
// processes or Archive objects may read the same file while one of them writes (SQLite WAL);
// writers wait for each other up to ArchiveOptions::busy_timeout_ms.
//
// Errors are Status values, never exceptions or crashes: a file that is not an unspun archive, a
// truncated or corrupt one, or one of a newer format version is refused at Open with a message
// naming the file.
#ifndef UNSPUN_ARCHIVE_H_
#define UNSPUN_ARCHIVE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "unspun/document.h"
#include "unspun/pairs.h"
#include "unspun/status.h"
#include "unspun/stories.h"

namespace unspun {

// The store format this build writes and the newest it reads (docs/archive.md).
inline constexpr int kArchiveFormatVersion = 2;

enum class SyncMode : uint8_t {
  kNormal,  // A committed batch survives a crash of the process (kill -9), not a power loss.
  kFull,    // A committed batch survives a power loss too (an fsync per commit; slower).
};

struct ArchiveOptions {
  bool create = false;     // Create the file when it does not exist (else NotFound).
  bool read_only = false;  // Open for reading only.
  SyncMode sync = SyncMode::kNormal;
  int busy_timeout_ms = 30000;  // How long to wait for another writer before failing.
  int jobs = 0;                 // Threads for analysis; 0 means all cores.
};

// What happened to one article handed to Add.
enum class AddAction : uint8_t {
  kAdded,     // A new id.
  kReplaced,  // The id was present: the old article was removed and this one stored.
  kSkipped,   // The id was present and AddOptions::replace was false: nothing stored.
};
const char* AddActionName(AddAction action);

struct AddOptions {
  bool replace = true;  // A repeated id replaces the stored article (else it is skipped).
  // Leaves the story features of the added articles unwritten until Archive::SaveWindow (or the
  // archive closes), which writes those of the articles then in the story window. For a bulk
  // load: each article's row (2.9 KB) would otherwise be written, then deleted 20,000 articles
  // later. A process that loads the window meanwhile extracts missing features from the text.
  bool defer_story_features = false;
};

// One reuse relation between a checked article and an archived one.
struct ArchiveMatch {
  std::string archived_id;
  // a = the checked article, b = the archived one (the indices are 0 and 1); passages are
  // code-point spans of each one's text; source is 0, 1 or -1 (cannot tell).
  ReusePair pair;
};

struct CheckOptions {
  // Candidates verified per article, those sharing the most fingerprints first. The batch engine
  // verifies every candidate; this cap only bounds the time of pathological articles.
  uint32_t max_verify = 256;
  // Store the article after checking it (as Add would), with its story and the relations found.
  bool add = false;
  bool replace = true;  // With add: as AddOptions::replace.
};

struct CheckResult {
  std::vector<ArchiveMatch> matches;  // Sorted by score, best first.
  // The story the article joins (docs/archive.md, "Stories"): the one of recent archived articles
  // that report the same event, and that of any archived article it copies; when it bridges
  // several, they merge into the oldest (if the article is added). Story ids are the archive's
  // own numbers: the seq of a story's first article. Without CheckOptions::add, a new story is 0.
  int64_t story = 0;
  bool new_story = true;                   // It joins no existing story: it starts its own.
  AddAction action = AddAction::kSkipped;  // With CheckOptions::add: what was stored.
  uint32_t candidates = 0;                 // Archived articles sharing enough fingerprints.
};

struct ArchiveStats {
  uint64_t articles = 0;
  uint64_t stories = 0;
  uint64_t pairs = 0;       // Reuse relations stored by Check with CheckOptions::add.
  uint64_t segments = 0;    // Sorted runs of the candidate index (docs/archive.md).
  uint64_t postings = 0;    // (fingerprint, article) entries in the index.
  uint64_t common = 0;      // Fingerprints held by too many articles to count (ignored).
  uint64_t removed = 0;     // Articles removed (their postings are purged when runs merge).
  uint64_t file_bytes = 0;  // Size of the database file plus its write-ahead log.
  uint64_t text_bytes = 0;  // Bytes of article text stored.
  int format_version = 0;
};

class Archive {
 public:
  // Opens (or with options.create, creates) the archive at `path`. Fails with NotFound when it
  // does not exist and create is false; Corruption when the file is not a SQLite database, not an
  // unspun archive, truncated, or of a newer format version than kArchiveFormatVersion.
  static Result<std::unique_ptr<Archive>> Open(const std::string& path,
                                               const ArchiveOptions& options);
  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // A batch analysed ahead of Add: the documents and their fingerprints, nothing stored yet.
  struct Prepared {
    std::vector<Document> docs;
    std::vector<std::vector<uint32_t>> fingerprints;  // Per document, sorted.
    std::vector<uint64_t> postings;                   // fingerprint << 32 | index in docs, sorted.
    std::vector<StoryFeatures> story_features;        // Per document.
    // Stories decided ahead by FileStories (empty when not): per document, the seq it is to get,
    // the story it joins and the stories it merges, made on the story window of `generation`.
    struct StoryPlan {
      uint64_t batch = 0;  // Its number in the order FileStories saw batches (0: not seen).
      uint64_t generation = 0;
      std::vector<int64_t> seq, story;
      std::vector<std::vector<int64_t>> merge;
      int64_t keep_features_from = 0;  // Stored story features older than this are dropped.
      bool refile = false;  // Add decides all stories again after this batch (a young archive).
    } plan;
  };
  // Analyses `docs` (on ArchiveOptions::jobs threads) for a later Add. Thread-safe: it reads only
  // the archive's fixed parameters, so it may run while another thread adds an earlier batch.
  Prepared Prepare(std::vector<Document> docs) const;
  Status Add(const Prepared& batch, const AddOptions& options, std::vector<AddAction>* actions);
  // Decides the stories of a prepared batch ahead of Add, from the story window in memory (no
  // store access), so that Add only writes them: a bulk load then files stories on one thread
  // while another adds the previous batch. Call it once per batch, in the order the batches will
  // be added; it may run beside Add (not beside another FileStories or Check). It waits for the
  // Add of an earlier batch when the window must take that batch's stories first (so a caller
  // that plans several batches ahead runs Add on another thread). Add decides again itself when
  // the plan no longer holds: the window was not loaded yet, an id was replaced or skipped,
  // another process wrote, or an earlier batch failed.
  void FileStories(Prepared* batch);
  // Releases a FileStories that waits for the Add of an earlier batch, for a caller that will
  // add no more batches (after an error): it returns without a plan, and so do later calls until
  // the next Add.
  void StopFiling();
  // How many plans of FileStories did not hold, so that Add decided their batch itself.
  uint64_t plans_dropped() const;

  // Stores `docs` in one transaction; `actions` (may be null) receives one entry per document.
  // Ids repeated inside `docs` are treated in order (the last one wins when replacing). On error
  // nothing of the batch is stored.
  Status Add(const std::vector<Document>& docs, const AddOptions& options,
             std::vector<AddAction>* actions);

  // The reuse relations of `doc` to the archived articles (an archived article with the same id is
  // not compared: it is the version `doc` would replace).
  Status Check(const Document& doc, const CheckOptions& options, CheckResult* out);

  // Stores the story features of the window's articles that lack them (added with
  // AddOptions::defer_story_features), and deletes those of articles that have left the window
  // (docs/archive.md, "The story window"). The destructor calls it; a process that ends without
  // either leaves the next one to extract the missing features from the articles' text (1.3 s
  // for a full window).
  Status SaveWindow();

  // Merges the candidate index into one run, in one transaction: each check then probes one block
  // per fingerprint instead of one per run (docs/archive.md). Rewrites the whole index; worth it
  // after a bulk load.
  Status Compact();

  // Removes the articles with these ids; `found` (may be null) receives one flag per id.
  Status Remove(const std::vector<std::string>& ids, std::vector<bool>* found);

  // The stored article with this id (NotFound when absent).
  Result<Document> Get(std::string_view id);
  // The story of the stored article with this id (NotFound when absent).
  Result<int64_t> StoryOf(std::string_view id);

  // Calls fn(id, story) for every stored article, in the order they were stored.
  Status List(const std::function<void(std::string_view id, int64_t story)>& fn);

  // Calls fn(record) for every stored reuse relation (found by Check with CheckOptions::add, and
  // dropped when either article is removed): one line in the format of `unspun pairs`, a = the
  // later article. In the order they were stored.
  Status ListPairs(const std::function<void(std::string_view record)>& fn);

  Status Stats(ArchiveStats* out);

  // Integrity check: SQLite's integrity_check (quick_check when `quick`), then the archive's own
  // invariants (format metadata, every index run decodes and is sorted, every posting names a
  // stored or removed article, counts agree). Each problem found is appended to `problems`; the
  // Status is an error only when the check itself could not run.
  Status Verify(bool quick, std::vector<std::string>* problems);

  const std::string& path() const;

  class Impl;

 private:
  explicit Archive(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace unspun

#endif  // UNSPUN_ARCHIVE_H_
