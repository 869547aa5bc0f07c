// Document: one news article as unspun reads it. The text is kept exactly as given (after UTF-8
// repair); every later result refers into it by code-point offsets.
#ifndef UNSPUN_DOCUMENT_H_
#define UNSPUN_DOCUMENT_H_

#include <cstdint>
#include <string>

namespace unspun {

struct Document {
  std::string id;         // Unique within a corpus; derived from the file name when not given.
  std::string title;      // May be empty.
  std::string text;       // The body, UTF-8; never empty for a document a reader delivers.
  std::string source;     // The outlet, e.g. "axios.com"; empty when unknown.
  std::string published;  // Publication date as YYYY-MM-DD; empty when unknown.
  std::string url;        // Empty when unknown.

  // Where the document came from, for messages: a file ("-" for stdin) and, for JSON Lines, the
  // 1-based line number (0 for whole-file formats).
  std::string origin_file;
  uint64_t origin_line = 0;

  // "file" or "file:line", for messages about this document.
  std::string Origin() const;
};

}  // namespace unspun

#endif  // UNSPUN_DOCUMENT_H_
