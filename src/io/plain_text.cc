// Plain-text articles: a title line, optional metadata lines under it, then the body.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "io/reader_internal.h"
#include "unspun/reader.h"

namespace unspun {
namespace {

// The fields a metadata line can fill.
enum class MetaKey {
  kNone,       // Not a metadata line.
  kSource,     // "Source:", "Outlet:".
  kPublished,  // "Published:", "Published Date:", "Date:".
  kUrl,        // "URL:".
};

// Recognizes "Key: value" with one of the keys above, case-insensitively. Only these few keys,
// because a body line such as "Update: the vote was delayed" must stay in the text.
MetaKey ParseMetadataLine(std::string_view line, std::string_view* value) {
  const size_t colon = line.find(':');
  constexpr size_t kLongestKey = 16;  // "published   date", with some slack for spacing.
  if (colon == std::string_view::npos || colon > kLongestKey) return MetaKey::kNone;
  std::string key;
  for (const char c : io::TrimAscii(line.substr(0, colon))) {
    if (io::IsAsciiSpace(c)) {
      if (!key.empty() && key.back() != ' ') key.push_back(' ');
    } else {
      key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  *value = io::TrimText(line.substr(colon + 1));
  if (key == "source" || key == "outlet") return MetaKey::kSource;
  if (key == "published" || key == "published date" || key == "date") return MetaKey::kPublished;
  if (key == "url") return MetaKey::kUrl;
  return MetaKey::kNone;
}

// The line starting at `pos` without its terminator ("\n" or "\r\n"); *next is where the
// following line starts (s.size() after the last line).
std::string_view LineAt(std::string_view s, size_t pos, size_t* next) {
  size_t end = s.find('\n', pos);
  *next = end == std::string_view::npos ? s.size() : end + 1;
  if (end == std::string_view::npos) end = s.size();
  std::string_view line = s.substr(pos, end - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Copies `s` turning each "\r\n" into "\n": text from Windows should compare equal to the same
// text from anywhere else, and paragraph breaks downstream look for "\n\n".
std::string WithUnixNewlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t cr = s.find("\r\n", pos);
    if (cr == std::string_view::npos) {
      out.append(s.substr(pos));
      break;
    }
    out.append(s.substr(pos, cr - pos));
    out.push_back('\n');
    pos = cr + 2;
  }
  return out;
}

}  // namespace

bool ParsePlainText(std::string_view bytes, std::string_view name, Document* doc) {
  *doc = Document();
  doc->id = io::FileStem(name);
  doc->origin_file = std::string(name);
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);

  // The title: the first line with anything on it.
  size_t pos = 0, next = 0;
  std::string_view title;
  while (pos < bytes.size()) {
    const std::string_view line = LineAt(bytes, pos, &next);
    pos = next;
    if (!io::IsBlankText(line)) {
      title = line;
      break;
    }
  }

  // Metadata lines directly under the title, up to the first blank or ordinary line.
  while (pos < bytes.size()) {
    std::string_view value;
    const std::string_view line = LineAt(bytes, pos, &next);
    const MetaKey key = ParseMetadataLine(line, &value);
    if (key == MetaKey::kNone) break;
    switch (key) {
      case MetaKey::kSource:
        doc->source = std::string(value);
        break;
      case MetaKey::kPublished:
        doc->published = io::NormalizeDate(value);
        break;
      case MetaKey::kUrl:
        doc->url = std::string(value);
        break;
      case MetaKey::kNone:
        break;
    }
    pos = next;
  }

  // The body: leading blank lines and trailing whitespace trimmed, the rest kept as it is.
  while (pos < bytes.size()) {
    const std::string_view line = LineAt(bytes, pos, &next);
    if (!io::IsBlankText(line)) break;
    pos = next;
  }
  std::string_view body = bytes.substr(pos);
  while (!body.empty() && io::IsAsciiSpace(body.back())) body.remove_suffix(1);

  if (body.empty()) {
    // A single line is an article without a title, not a title without an article: a file
    // holding one long paragraph still has text to compare.
    if (io::IsBlankText(title)) return false;
    doc->text = std::string(io::TrimText(title));
    return true;
  }
  doc->title = std::string(io::TrimText(title));
  doc->text = WithUnixNewlines(body);
  return true;
}

}  // namespace unspun
