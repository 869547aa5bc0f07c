// Readers: turn files, directories and stdin into Documents.
//
// Formats, chosen by file name and, failing that, by content:
//   *.jsonl, *.ndjson  JSON Lines, one article a line: {"id", "title", "text", "source",
//                      "published", "url"}; only "text" is required.
//   *.html, *.htm      an HTML page: the article's title and body paragraphs; navigation, scripts,
//                      share bars, "Related"/"Also Read" blocks and footers dropped.
//   anything else      plain text: the first non-empty line is the title, the rest the body.
//                      Metadata lines directly under the title ("Source: ...", "Published: ...",
//                      "Published Date: ...", "URL: ...") fill those fields.
// Directories are walked recursively in name order (hidden entries skipped); "-" reads stdin,
// sniffing JSON Lines (first non-blank byte '{'), then HTML, then plain text.
//
// Bad input is data, not failure: invalid UTF-8 is repaired to U+FFFD and counted, binary files
// are skipped with a warning, a malformed JSON line is reported as file:line and skipped, empty
// articles are skipped and counted. With ReadOptions::strict any of these stops the read with a
// Corruption status instead. Documents delivered before an error are never taken back.
#ifndef UNSPUN_READER_H_
#define UNSPUN_READER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "unspun/document.h"
#include "unspun/status.h"

namespace unspun {

struct ReadOptions {
  // Make every repair or skip fatal (a Corruption status naming file and line).
  bool strict = false;
  // Called with one line per problem ("file:line: what"), e.g. to print on stderr. May be empty.
  std::function<void(std::string_view)> warn;
};

// What a read delivered and what it had to repair or skip.
struct ReadStats {
  uint64_t files = 0;           // Files opened (stdin counts as one).
  uint64_t documents = 0;       // Documents delivered.
  uint64_t bytes = 0;           // Bytes of input read.
  uint64_t repaired_utf8 = 0;   // Documents delivered with invalid UTF-8 replaced by U+FFFD.
  uint64_t binary_skipped = 0;  // Files skipped as binary.
  uint64_t malformed_json = 0;  // JSON lines skipped as malformed or missing "text".
  uint64_t empty_skipped = 0;   // Articles skipped for having no text.
  uint64_t duplicate_ids = 0;   // Documents whose id repeated an earlier one (renamed "id#2").
  uint64_t unreadable = 0;      // Paths that could not be opened (a warning unless strict).

  bool AnySkipped() const {
    return repaired_utf8 || binary_skipped || malformed_json || empty_skipped || duplicate_ids ||
           unreadable;
  }
  // One line for stderr, e.g. "read 1,704 documents from 1 file; skipped 2 malformed JSON lines".
  std::string Summary() const;
};

using DocumentSink = std::function<void(Document&&)>;

// Reads every path in order and hands each document to `sink`. Returns a non-OK status only when
// the read cannot go on: a path that does not exist, or any problem under options.strict.
Status ReadDocuments(const std::vector<std::string>& paths, const ReadOptions& options,
                     const DocumentSink& sink, ReadStats* stats);

// Convenience: reads everything into a vector.
Status ReadAllDocuments(const std::vector<std::string>& paths, const ReadOptions& options,
                        std::vector<Document>* docs, ReadStats* stats);

// Parsers for one buffer; exposed for tests and for callers that hold bytes already.
// `name` is used for ids and messages. Each returns false when the buffer yields no document.
bool ParsePlainText(std::string_view bytes, std::string_view name, Document* doc);
bool ParseHtml(std::string_view bytes, std::string_view name, Document* doc);

// Replaces each maximal invalid UTF-8 subsequence with U+FFFD (as the WHATWG decoder does).
// Returns the number of replacements; 0 means `s` was valid and is unchanged.
size_t RepairUtf8(std::string* s);

// True when bytes look binary: a NUL byte, or many control bytes, in the first 8 KiB.
bool LooksBinary(std::string_view bytes);

}  // namespace unspun

#endif  // UNSPUN_READER_H_
