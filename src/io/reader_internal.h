// Internals shared by the readers in src/io: format detection, field clean-up, UTF-8 repair with a
// position, and the JSON Lines parser. Not part of the public API; tests include it directly.
#ifndef UNSPUN_IO_READER_INTERNAL_H_
#define UNSPUN_IO_READER_INTERNAL_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "unspun/document.h"

namespace unspun::io {

// The three input formats reader.h describes.
enum class Format {
  kText,       // Plain text: title line, optional metadata lines, body.
  kHtml,       // One HTML page.
  kJsonLines,  // One JSON object a line.
};

// The format a file's name implies: by extension, case-insensitively; plain text when unknown.
Format FormatForPath(std::string_view path);

// The format of bytes that came without a name (stdin): JSON Lines when the first non-blank byte
// is '{', HTML when "<!doctype" or "<html" appears near the start, plain text otherwise.
Format SniffFormat(std::string_view bytes);

// The file name without directories and without its last extension ("a/b.c.txt" -> "b.c");
// "stdin" for "-". Used for ids.
std::string FileStem(std::string_view path);

// Parses a publication date in the shapes news sites use (2021-06-16, 2021-06-16T14:05:00Z,
// 6/16/2021, June 16, 2021, 16 June 2021, Wed, Jun 16 2021 ...) and returns it as YYYY-MM-DD;
// returns "" when the value holds no valid date.
std::string NormalizeDate(std::string_view value);

// Space, tab, CR, LF, FF, VT.
inline bool IsAsciiSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// `s` without leading and trailing ASCII whitespace.
std::string_view TrimAscii(std::string_view s);

// `s` without leading and trailing whitespace as IsBlankText counts it: titles copied from web
// pages often end in a no-break space.
std::string_view TrimText(std::string_view s);

// True when `s` holds nothing but whitespace: ASCII whitespace, U+00A0 NO-BREAK SPACE and U+FEFF.
// An article made only of these has no text to compare.
bool IsBlankText(std::string_view s);

// As RepairUtf8 in reader.h; also sets *first_bad to the byte offset of the first invalid
// sequence when there is one (so messages can name its line).
size_t RepairUtf8(std::string* s, size_t* first_bad);

// Transcodes `bytes` from `charset` (an encoding name ICU knows: "windows-1252", "UTF-16LE", ...)
// to UTF-8. Returns false, leaving *out alone, when ICU does not know the charset.
bool TranscodeToUtf8(std::string_view bytes, const char* charset, std::string* out);

// Parses JSON Lines one line at a time, reusing its buffers. Not thread-safe; one per reader.
class JsonLineParser {
 public:
  JsonLineParser();
  ~JsonLineParser();
  JsonLineParser(const JsonLineParser&) = delete;
  JsonLineParser& operator=(const JsonLineParser&) = delete;

  // Parses one line (valid UTF-8, no line terminator) into *doc's id, title, text, source,
  // published and url. The id is left empty when the line has none. On a malformed line returns
  // false and sets *reason to a short explanation ("not a JSON object", "\"text\" is missing").
  bool Parse(std::string_view line, Document* doc, std::string* reason);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace unspun::io

#endif  // UNSPUN_IO_READER_INTERNAL_H_
