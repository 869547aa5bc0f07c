// ReadDocuments: paths -> files -> format parsers -> checks shared by every format -> sink.

#include "unspun/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "io/reader_internal.h"
#include "util/format.h"

namespace unspun {
namespace {

namespace fs = std::filesystem;
using io::Format;

// Reads everything from `fd` into *out. Returns 0 or an errno value.
int ReadFd(int fd, std::string* out) {
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    out->reserve(static_cast<size_t>(st.st_size) + 1);
  }
  constexpr size_t kChunk = 1 << 20;
  while (true) {
    // Read into all the reserved room; grow geometrically when it is full, so that a pipe of
    // unknown length costs linear time. A regular file fits the first time, and the one spare
    // byte reserved above lets the read that sees end-of-file happen without growing.
    if (out->size() == out->capacity()) out->reserve(std::max(kChunk, out->capacity() * 2));
    const size_t old = out->size();
    // At most a chunk at a time: resize zero-fills, and a pipe delivers 64 KiB a read, so
    // filling the whole spare capacity each time would cost quadratic time on a large stdin.
    out->resize(std::min(out->capacity(), old + kChunk));
    const ssize_t got = read(fd, out->data() + old, out->size() - old);
    if (got < 0) {
      out->resize(old);
      if (errno == EINTR) continue;
      return errno;
    }
    out->resize(old + static_cast<size_t>(got));
    if (got == 0) return 0;
  }
}

// Appends up to `limit` bytes from `fd` to *out: fewer at end of input (then *eof is set), or
// when a pipe holds no more for now, so that a stream's lines are read as they come. Returns 0 or
// an errno value. Reads through a small buffer: growing *out by resize() before each read would
// zero-fill its spare room every time, and a pipe delivers 64 KiB a read.
int ReadUpTo(int fd, size_t limit, std::string* out, bool* eof) {
  char buf[64 << 10];
  for (size_t total = 0; total < limit;) {
    const size_t want = std::min(sizeof buf, limit - total);
    const ssize_t got = read(fd, buf, want);
    if (got < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (got == 0) {
      *eof = true;
      return 0;
    }
    out->append(buf, static_cast<size_t>(got));
    total += static_cast<size_t>(got);
    if (static_cast<size_t>(got) < want) return 0;  // A file's end (next read: 0) or a pipe.
  }
  return 0;
}

// The 1-based line holding byte `offset`.
uint64_t LineOf(std::string_view bytes, size_t offset) {
  offset = std::min(offset, bytes.size());
  return 1 + std::count(bytes.begin(), bytes.begin() + offset, '\n');
}

std::string Count(uint64_t n, std::string_view one, std::string_view many) {
  return WithThousands(n) + " " + std::string(n == 1 ? one : many);
}

// The charset an HTML page declares in <meta charset> or http-equiv Content-Type, lower-cased;
// "" when it declares none.
std::string DeclaredCharset(std::string_view html) {
  constexpr size_t kPrescan = 1024;  // The HTML standard's prescan looks at the first 1024 bytes.
  std::string head(html.substr(0, kPrescan));
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const size_t at = head.find("charset=");
  if (at == std::string::npos) return "";
  size_t i = at + 8;
  while (i < head.size() && (head[i] == '"' || head[i] == '\'' || head[i] == ' ')) ++i;
  size_t j = i;
  while (j < head.size() && (std::isalnum(static_cast<unsigned char>(head[j])) || head[j] == '-' ||
                             head[j] == '_' || head[j] == ':' || head[j] == '.')) {
    ++j;
  }
  return head.substr(i, j - i);
}

class Reader {
 public:
  Reader(const ReadOptions& options, const DocumentSink& sink, ReadStats* stats)
      : options_(options), sink_(sink), stats_(*stats) {}

  Status ReadPath(const std::string& path);

 private:
  Status ReadDirectory(const fs::path& dir);
  Status ReadFile(const std::string& path);
  Status ReadBytes(std::string bytes, const std::string& name, Format format, bool sniff);
  // Reads `fd` (named `name`): JSON Lines in chunks, so that a file of any size costs a few
  // megabytes; anything else whole. The format is `format`, or sniffed from the first bytes.
  Status ReadStream(int fd, const std::string& name, Format format, bool sniff);
  // Reads the complete lines in `bytes`; *line_no is the number of the line before them.
  Status ReadJsonLines(std::string_view bytes, const std::string& name, uint64_t* line_no);
  // Checks shared by all formats, then hands the document on. `repairs` counts the invalid
  // UTF-8 sequences replaced in its input; `where` names the place of the first one.
  Status Deliver(Document&& doc, size_t repairs, const std::string& where);
  // A problem with the input: a Corruption (or `strict_code`) status under --strict, else
  // a warning and OK.
  Status Problem(const std::string& strict_message, const std::string& warning,
                 Status::Code strict_code = Status::Code::kCorruption);

  const ReadOptions& options_;
  const DocumentSink& sink_;
  ReadStats& stats_;
  std::unordered_set<std::string> ids_;
  std::unordered_map<std::string, uint64_t> next_suffix_;  // Per repeated id: the next "#n".
  std::set<std::pair<dev_t, ino_t>> visited_dirs_;         // Symlink loops end here.
  io::JsonLineParser json_;
};

Status Reader::Problem(const std::string& strict_message, const std::string& warning,
                       Status::Code strict_code) {
  if (options_.strict) {
    return strict_code == Status::Code::kIOError ? Status::IOError(strict_message)
                                                 : Status::Corruption(strict_message);
  }
  if (options_.warn) options_.warn(warning);
  return Status::OK();
}

Status Reader::ReadPath(const std::string& path) {
  if (path == "-") return ReadStream(STDIN_FILENO, "-", Format::kText, true);
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    ++stats_.unreadable;
    const std::string msg = path + ": " + ec.message();
    return Problem(msg, msg + " (skipped)", Status::Code::kIOError);
  }
  if (!fs::exists(st)) return Status::NotFound(path + ": no such file or directory");
  if (fs::is_directory(st)) return ReadDirectory(path);
  return ReadFile(path);
}

Status Reader::ReadDirectory(const fs::path& dir) {
  struct stat st;
  if (stat(dir.c_str(), &st) == 0 && !visited_dirs_.insert({st.st_dev, st.st_ino}).second) {
    return Status::OK();  // Reached again through a symlink: read once.
  }
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') continue;  // Hidden: .git, .DS_Store, editor backups.
    entries.push_back(*it);
  }
  if (ec) {
    ++stats_.unreadable;
    const std::string msg = dir.string() + ": " + ec.message();
    return Problem(msg, msg + " (skipped)", Status::Code::kIOError);
  }
  // Name order, so that ids, duplicates and results do not depend on the file system.
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.path().filename().string() < b.path().filename().string();
  });
  for (const fs::directory_entry& entry : entries) {
    const std::string path = entry.path().string();
    std::error_code type_ec;
    const fs::file_status type = entry.status(type_ec);  // Follows symlinks.
    if (type_ec) {
      ++stats_.unreadable;
      const std::string msg = path + ": " + type_ec.message();
      UNSPUN_RETURN_IF_ERROR(Problem(msg, msg + " (skipped)", Status::Code::kIOError));
      continue;
    }
    if (fs::is_directory(type)) {
      UNSPUN_RETURN_IF_ERROR(ReadDirectory(entry.path()));
    } else if (fs::is_regular_file(type)) {
      UNSPUN_RETURN_IF_ERROR(ReadFile(path));
    }
    // Sockets, devices and FIFOs inside a directory are not articles; named ones are read.
  }
  return Status::OK();
}

Status Reader::ReadFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    ++stats_.unreadable;
    const std::string msg = path + ": " + std::strerror(errno);
    return Problem(msg, msg + " (skipped)", Status::Code::kIOError);
  }
  Status status = ReadStream(fd, path, io::FormatForPath(path), false);
  close(fd);
  return status;
}

Status Reader::ReadStream(int fd, const std::string& name, Format format, bool sniff) {
  // Enough to sniff the format and tell binary from text.
  constexpr size_t kHead = 64 << 10;
  constexpr size_t kChunk = 16 << 20;
  std::string bytes;
  bool eof = false;
  auto fail = [&](int err) {
    ++stats_.unreadable;
    const std::string msg = name + ": " + std::strerror(err);
    return Problem(msg, msg + " (skipped)", Status::Code::kIOError);
  };
  if (const int err = ReadUpTo(fd, kHead, &bytes, &eof); err != 0) return fail(err);
  ++stats_.files;
  if (sniff) format = io::SniffFormat(bytes);
  const std::string_view head(bytes.data(), std::min<size_t>(bytes.size(), 2));
  const bool utf16 = head == "\xFF\xFE" || head == "\xFE\xFF";
  if (format != Format::kJsonLines || utf16 || LooksBinary(bytes)) {
    if (const int err = eof ? 0 : ReadFd(fd, &bytes); err != 0) return fail(err);
    stats_.bytes += bytes.size();
    return ReadBytes(std::move(bytes), name, format, sniff);
  }
  // JSON Lines: the complete lines of each chunk, the last partial one carried over.
  uint64_t line_no = 0;
  while (true) {
    const size_t last_newline = bytes.rfind('\n');
    if (eof || last_newline != std::string::npos) {
      const size_t cut = eof ? bytes.size() : last_newline + 1;
      stats_.bytes += cut;
      UNSPUN_RETURN_IF_ERROR(ReadJsonLines(std::string_view(bytes).substr(0, cut), name, &line_no));
      bytes.erase(0, cut);
    }
    if (eof) return Status::OK();
    if (const int err = ReadUpTo(fd, kChunk, &bytes, &eof); err != 0) return fail(err);
  }
}

Status Reader::ReadBytes(std::string bytes, const std::string& name, Format format, bool sniff) {
  // UTF-16 with a byte order mark (Windows "Unicode" text) is text, though full of NUL bytes.
  const std::string_view head(bytes.data(), std::min<size_t>(bytes.size(), 2));
  if (head == "\xFF\xFE" || head == "\xFE\xFF") {
    std::string utf8;
    if (io::TranscodeToUtf8(bytes, "UTF-16", &utf8)) {
      bytes.swap(utf8);
      if (sniff) format = io::SniffFormat(bytes);
    }
  }
  if (LooksBinary(bytes)) {
    ++stats_.binary_skipped;
    return Problem(name + ": binary file", name + ": binary file skipped");
  }
  if (format == Format::kJsonLines) {
    uint64_t line_no = 0;
    return ReadJsonLines(bytes, name, &line_no);
  }

  // A page that declares a legacy charset is decoded from it, not "repaired": its bytes are
  // correct, only not UTF-8.
  if (format == Format::kHtml && !simdjson::validate_utf8(bytes.data(), bytes.size())) {
    const std::string charset = DeclaredCharset(bytes);
    std::string utf8;
    if (!charset.empty() && charset != "utf-8" && charset != "utf8" &&
        io::TranscodeToUtf8(bytes, charset.c_str(), &utf8)) {
      bytes.swap(utf8);
    }
  }
  size_t repairs = 0;
  std::string where = name;
  if (!simdjson::validate_utf8(bytes.data(), bytes.size())) {
    size_t first_bad = 0;
    const std::string original = bytes;
    repairs = io::RepairUtf8(&bytes, &first_bad);
    where += ":" + std::to_string(LineOf(original, first_bad));
    if (options_.strict) return Status::Corruption(where + ": invalid UTF-8");
  }
  Document doc;
  const bool parsed =
      format == Format::kHtml ? ParseHtml(bytes, name, &doc) : ParsePlainText(bytes, name, &doc);
  doc.origin_file = name;
  doc.origin_line = 0;
  if (!parsed) doc.text.clear();
  return Deliver(std::move(doc), repairs, where);
}

Status Reader::ReadJsonLines(std::string_view bytes, const std::string& name,
                             uint64_t* line_count) {
  const std::string stem = io::FileStem(name);
  std::string line_buf;
  uint64_t& line_no = *line_count;
  size_t pos = 0;
  if (line_no == 0 && bytes.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  while (pos < bytes.size()) {
    ++line_no;
    size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(pos, end - pos);
    pos = end + 1;
    if (io::TrimAscii(line).empty()) continue;
    const std::string where = name + ":" + std::to_string(line_no);

    line_buf.assign(line);
    const size_t repairs = io::RepairUtf8(&line_buf, nullptr);
    if (repairs > 0 && options_.strict) return Status::Corruption(where + ": invalid UTF-8");

    Document doc;
    std::string reason;
    if (!json_.Parse(line_buf, &doc, &reason)) {
      ++stats_.malformed_json;
      UNSPUN_RETURN_IF_ERROR(Problem(where + ": malformed JSON line (" + reason + ")",
                                     where + ": malformed JSON line skipped (" + reason + ")"));
      continue;
    }
    if (doc.id.empty()) doc.id = stem + ":" + std::to_string(line_no);
    doc.origin_file = name;
    doc.origin_line = line_no;
    UNSPUN_RETURN_IF_ERROR(Deliver(std::move(doc), repairs, where));
  }
  return Status::OK();
}

Status Reader::Deliver(Document&& doc, size_t repairs, const std::string& where) {
  if (io::IsBlankText(doc.text)) {
    ++stats_.empty_skipped;
    return Problem(doc.Origin() + ": empty article (no text)",
                   doc.Origin() + ": empty article skipped");
  }
  if (repairs > 0) {
    // Under --strict the read has already stopped at the invalid bytes.
    ++stats_.repaired_utf8;
    if (options_.warn) {
      options_.warn(where + ": invalid UTF-8 replaced with U+FFFD (" +
                    Count(repairs, "sequence", "sequences") + ")");
    }
  }
  if (!ids_.insert(doc.id).second) {
    ++stats_.duplicate_ids;
    uint64_t& next = next_suffix_.try_emplace(doc.id, 2).first->second;
    std::string renamed;
    do {
      renamed = doc.id + "#" + std::to_string(next++);
    } while (!ids_.insert(renamed).second);
    UNSPUN_RETURN_IF_ERROR(
        Problem(doc.Origin() + ": duplicate id \"" + doc.id + "\"",
                doc.Origin() + ": duplicate id \"" + doc.id + "\" renamed \"" + renamed + "\""));
    doc.id = std::move(renamed);
  }
  ++stats_.documents;
  sink_(std::move(doc));
  return Status::OK();
}

}  // namespace

std::string ReadStats::Summary() const {
  std::string s = "read " + Count(documents, "document", "documents") + " from " +
                  Count(files, "file", "files");
  std::vector<std::string> skipped;
  if (malformed_json)
    skipped.push_back(Count(malformed_json, "malformed JSON line", "malformed JSON lines"));
  if (binary_skipped) skipped.push_back(Count(binary_skipped, "binary file", "binary files"));
  if (empty_skipped) skipped.push_back(Count(empty_skipped, "empty article", "empty articles"));
  if (unreadable) skipped.push_back(Count(unreadable, "unreadable path", "unreadable paths"));
  const auto join = [](const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out;
  };
  if (!skipped.empty()) s += "; skipped " + join(skipped);
  if (repaired_utf8) {
    s += "; repaired " + Count(repaired_utf8, "document", "documents") + " with invalid UTF-8";
  }
  if (duplicate_ids) s += "; renamed " + Count(duplicate_ids, "duplicate id", "duplicate ids");
  return s;
}

Status ReadDocuments(const std::vector<std::string>& paths, const ReadOptions& options,
                     const DocumentSink& sink, ReadStats* stats) {
  ReadStats local;
  Reader reader(options, sink, stats != nullptr ? stats : &local);
  for (const std::string& path : paths) UNSPUN_RETURN_IF_ERROR(reader.ReadPath(path));
  return Status::OK();
}

Status ReadAllDocuments(const std::vector<std::string>& paths, const ReadOptions& options,
                        std::vector<Document>* docs, ReadStats* stats) {
  return ReadDocuments(
      paths, options, [docs](Document&& doc) { docs->push_back(std::move(doc)); }, stats);
}

}  // namespace unspun
