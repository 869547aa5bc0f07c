#include <cerrno>
#include <cstring>
#include <iostream>

#include "cli/commands.h"
#include "unspun/inspect.h"

namespace unspun::cli {

void AddInputOptions(CLI::App* cmd, InputOptions* options) {
  cmd->add_option("PATH", options->paths,
                  "Files or directories to read (- for stdin; default: stdin)");
  cmd->add_flag("--strict", options->strict,
                "Fail on the first bad input (invalid UTF-8, malformed JSON line, binary or empty "
                "file) instead of repairing or skipping it");
  cmd->add_flag("-q,--quiet", options->quiet, "Do not print warnings and the input summary");
}

int ReadInputs(const InputOptions& options, const DocumentSink& sink, ReadStats* out_stats) {
  ReadOptions read;
  read.strict = options.strict;
  if (!options.quiet) {
    read.warn = [](std::string_view line) { std::cerr << "unspun: warning: " << line << '\n'; };
  }
  std::vector<std::string> paths = options.paths;
  if (paths.empty()) paths.push_back("-");
  ReadStats stats;
  Status status = ReadDocuments(paths, read, sink, &stats);
  if (!options.quiet || !status.ok()) std::cerr << "unspun: " << stats.Summary() << '\n';
  if (!status.ok()) {
    std::cerr << "unspun: error: " << status.ToString() << '\n';
    return kExitError;
  }
  if (out_stats != nullptr) *out_stats = stats;
  return kExitOk;
}

bool Output::Open(const std::string& path) {
  path_ = path;
  if (path.empty() || path == "-") {
    file_ = stdout;
    return true;
  }
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) {
    std::cerr << "unspun: error: cannot write " << path << ": " << std::strerror(errno) << '\n';
    return false;
  }
  owned_ = true;
  return true;
}

void Output::Write(std::string_view bytes) {
  if (file_ != nullptr) std::fwrite(bytes.data(), 1, bytes.size(), file_);
}

bool Output::Close() {
  if (file_ == nullptr) return true;
  bool ok = std::fflush(file_) == 0 && !std::ferror(file_);
  if (owned_) ok = (std::fclose(file_) == 0) && ok;
  file_ = nullptr;
  if (!ok) {
    std::cerr << "unspun: error: writing " << (owned_ ? path_ : "stdout")
              << " failed: " << std::strerror(errno) << '\n';
  }
  return ok;
}

Output::~Output() {
  if (file_ != nullptr) (void)Close();
}

void PrintLexiconNotes() {
  const std::string warning = LexiconWarning();
  if (!warning.empty()) {
    std::cerr << "unspun: warning: " << warning << "; the spun flag reads case damage only\n";
  }
  if (const std::string note = LexiconCacheNote(); !note.empty()) {
    std::cerr << "unspun: note: " << note << "\n";
  }
}

}  // namespace unspun::cli
