// The results of `unspun scan` as plain structs, and the three ways they leave the program: a
// short terminal summary, a self-contained HTML report and an SQLite results file (schema in
// docs/scan.md). The writers know nothing of how the results were found: the CLI (or any other
// front) fills ScanResults from the reuse engine, the inspector and the story clusterer.
//
// Offsets everywhere are Unicode code points into an article's title or text, end exclusive, as
// in the rest of unspun; the writers slice by code points, never by bytes.
//
// Thread safety: the writers only read their ScanResults; call them from any thread.
#ifndef UNSPUN_REPORT_SCAN_REPORT_H_
#define UNSPUN_REPORT_SCAN_REPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "unspun/pairs.h"
#include "unspun/status.h"

namespace unspun {

// Version of the SQLite results file's schema, stored in its meta table. Bump it on any change a
// query could notice (a table, a column, a meaning).
inline constexpr int kScanDbFormatVersion = 1;

// A span of an article that is evidence for a flag (a disguised letter, a spun phrase).
struct FlagMark {
  bool in_title = false;        // Offsets are into the title, else into the text.
  uint32_t begin = 0, end = 0;  // Code points, end exclusive.
  std::string note;             // What it is, for a reader: "Cyrillic а (U+0430) for a".
};

// One flag raised on an article, with its evidence.
struct ArticleFlag {
  std::string name;    // "homoglyphs", "invisible", "spun", "boilerplate", "copy_of"...
  std::string detail;  // One line for a reader: "14 look-alike letters in 9 words".
  std::vector<FlagMark> marks;
};

struct ScanArticle {
  std::string id, title, source, published, url;
  std::string origin;  // File or file:line it was read from.
  std::string text;    // As read: the pairs' passages and the flags' marks index it.
  std::vector<ArticleFlag> flags;
};

// Quoted speech carried by several articles of a story.
struct ScanQuote {
  std::string text;
  std::string speaker;             // Empty when unknown.
  std::vector<uint32_t> articles;  // Indices into ScanResults::articles.
};

struct ScanStory {
  uint32_t id = 0;                   // Stable within one results set.
  std::vector<uint32_t> articles;    // Indices into ScanResults::articles, ascending.
  std::string label;                 // A representative title.
  std::vector<std::string> outlets;  // Distinct sources, most frequent first.
  std::string first, last;           // Earliest and latest publication date; empty when unknown.
  std::vector<ScanQuote> quotes;
};

struct ScanResults {
  std::vector<ScanArticle> articles;
  std::vector<ReusePair> pairs;  // a, b and source index `articles`.
  std::vector<ScanStory> stories;
  std::vector<std::string> inputs;  // The paths scanned, for the report's header.
  std::string input_summary;        // The reader's one-line summary (what was read and skipped).
};

// Fills a story's label, outlets and first/last dates from its articles: the label is the
// title of its earliest dated article (the first one when none is dated).
void DescribeStory(const std::vector<ScanArticle>& articles, ScanStory* story);

// How much the human-facing outputs list before they say "showing N of M". The SQLite file
// always holds everything.
struct ReportLimits {
  size_t summary_pairs = 10;   // "copy <- source" lines in the terminal summary.
  size_t summary_flagged = 5;  // Flagged article lines in the terminal summary.
  size_t stories = 200;        // Story cards in the HTML report.
  size_t timeline_stories = 40;
  size_t pairs = 1000;          // Rows of the reuse pairs table.
  size_t evidence = 200;        // Side-by-side evidence sections.
  size_t flagged = 300;         // Flagged article cards.
  size_t marks_per_flag = 12;   // Evidence snippets per flag.
  size_t passage_chars = 4000;  // Code points shown of each side of a passage.
};

// The terminal summary: a few lines of counts, then the copies and rewrites as
// "copy <- source" lines and the flagged articles, each capped.
std::string ScanSummary(const ScanResults& results, const ReportLimits& limits);

// Writes the HTML report to `path` (through a temporary file renamed into place, so a failed
// write never leaves half a report). Self-contained: inline CSS and SVG, no script, no network.
// Element ids a test may rely on: #summary, #stories (.story), #timeline (svg#story-timeline),
// #histogram (svg#score-histogram), #pairs (tr.pair), #evidence (.evidence), #flagged (.flagged).
Status WriteHtmlReport(const ScanResults& results, const std::string& path,
                       const ReportLimits& limits);

// Writes everything to a new SQLite file at `path`, replacing any file there (built in a
// temporary file and renamed into place). Schema: docs/scan.md.
Status WriteSqlite(const ScanResults& results, const std::string& path);

// Helpers exposed for tests.
// The byte offset of each code point of UTF-8 `s`, plus s.size() at the end (size = n + 1).
std::vector<uint32_t> CodePointOffsets(std::string_view s);
// Escapes & < > " ' for HTML text and attribute values.
void AppendHtmlEscaped(std::string_view s, std::string* out);

}  // namespace unspun

#endif  // UNSPUN_REPORT_SCAN_REPORT_H_
