// The CLI's subcommands. Each registers its flags on a CLI11 app and returns the function that
// runs it; the function returns the process exit code (see ExitCode).
#ifndef UNSPUN_CLI_COMMANDS_H_
#define UNSPUN_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "unspun/reader.h"

namespace unspun::cli {

// Exit codes, documented in the README and `unspun --help`.
enum ExitCode : int {
  kExitOk = 0,     // Success; skipped input, if any, was reported on stderr.
  kExitError = 1,  // The run failed: unreadable input, a --strict violation, a write error.
  kExitUsage = 2,  // Bad command line.
};

using Runner = std::function<int()>;

Runner AddNormalize(CLI::App* app);
Runner AddInspect(CLI::App* app);
Runner AddPairs(CLI::App* app);
Runner AddCompare(CLI::App* app);
Runner AddScan(CLI::App* app);
Runner AddStories(CLI::App* app);
Runner AddIndex(CLI::App* app);  // index add|check|stats|verify|remove (cmd_index.cc)

// Shared input handling: PATH... arguments plus --strict, read with warnings and a summary on
// stderr. Returns kExitOk or kExitError (after printing the reason).
struct InputOptions {
  std::vector<std::string> paths;
  bool strict = false;
  bool quiet = false;
};
void AddInputOptions(CLI::App* cmd, InputOptions* options);
// `stats`, when given, receives what was read and skipped.
int ReadInputs(const InputOptions& options, const DocumentSink& sink, ReadStats* stats = nullptr);

// Loads the word data behind the `spun` flag and says on stderr what is missing from it, or what
// happened to its cache (docs/lexicon.md), if anything.
void PrintLexiconNotes();

// Opens --out FILE or stdout; all commands write their records through this.
class Output {
 public:
  // Returns false (after printing why) when the file cannot be created.
  bool Open(const std::string& path);
  void Write(std::string_view bytes);
  // Flushes; returns false (after printing why) on a write error such as a full disk.
  bool Close();
  ~Output();

 private:
  std::FILE* file_ = nullptr;
  std::string path_;
  bool owned_ = false;
};

}  // namespace unspun::cli

#endif  // UNSPUN_CLI_COMMANDS_H_
