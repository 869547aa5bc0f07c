// unspun pairs PATH...: every pair of articles where one reuses the other, as JSON Lines.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "report/pairs_json.h"
#include "unspun/pairs.h"

namespace unspun::cli {
namespace {

// A one-line progress bar on stderr, redrawn at most every 1% of the work.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  void Update(uint64_t done, uint64_t total) {
    if (!enabled_ || total == 0) return;
    const int percent = static_cast<int>(100 * done / total);
    if (percent == last_) return;
    last_ = percent;
    std::fprintf(stderr, "\rverifying candidates [%-40.*s] %3d%%", percent * 40 / 100,
                 "########################################", percent);
    if (done == total) std::fputc('\n', stderr);
  }

 private:
  bool enabled_;
  int last_ = -1;
};

}  // namespace

Runner AddPairs(CLI::App* app) {
  struct Flags {
    InputOptions input;
    std::string out = "-";
    int jobs = 0;
    double min_score = 0;
  };
  auto flags = std::make_shared<Flags>();
  AddInputOptions(app, &flags->input);
  app->add_option("-o,--out", flags->out, "Write JSON Lines here (default: stdout)");
  app->add_option("-j,--jobs", flags->jobs, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--min-score", flags->min_score, "Drop pairs scoring below X (0..1)")
      ->check(CLI::Range(0.0, 1.0));
  app->footer(
      "One JSON object per pair: {\"a\", \"b\", \"relation\", \"score\", \"source\", "
      "\"coverage\",\n"
      "\"identity\", \"passages\": [{\"a\": [start, end], \"b\": [start, end]}]}. Relations:\n"
      "duplicate, near_duplicate, rewrite, partial (docs/relations.md). Offsets are code points\n"
      "into each article's text, end exclusive. source is the likely original, or null.");
  return [flags]() {
    std::vector<Document> docs;
    int code = ReadInputs(flags->input, [&](Document&& d) { docs.push_back(std::move(d)); });
    if (code != kExitOk) return code;
    Output out;
    if (!out.Open(flags->out)) return int{kExitError};
    PairsOptions options;
    options.jobs = flags->jobs;
    options.min_score = flags->min_score;
    auto bar = std::make_shared<ProgressBar>(!flags->input.quiet && isatty(STDERR_FILENO));
    options.progress = [bar](uint64_t done, uint64_t total) { bar->Update(done, total); };
    std::vector<ReusePair> pairs = FindReusePairs(docs, options);
    std::string line;
    for (const ReusePair& p : pairs) {
      line.clear();
      AppendPairJson(docs[p.a].id, docs[p.b].id, p, p.source >= 0 ? docs[p.source].id : "", &line);
      line.push_back('\n');
      out.Write(line);
    }
    if (!out.Close()) return int{kExitError};
    if (!flags->input.quiet) std::cerr << "unspun: " << pairs.size() << " reuse pairs\n";
    return int{kExitOk};
  };
}

}  // namespace unspun::cli
